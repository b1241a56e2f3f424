// At-least-once through a broker crash: an app copies records from one topic to another while
// the broker is killed and started again; every record arrives (duplicates are counted and
// reported). And sinks whose broker is down follow `on.error`: WAIT delivers once it is back,
// STREAM hands the events to the fault stream. The broker is this file's own (it is killed).

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import { extensions as jsonMapper } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import { eventually, useKafka } from './kafka-harness.test-support.js';

const kafka = useKafka({ reuse: false });
const running: AppRuntime[] = [];
const logged: string[] = [];
const logger: Logger = {
  log(level, message) {
    if (level === 'warn' || level === 'error') logged.push(message);
  },
};

afterEach(async () => {
  for (const app of running.splice(0)) await app.shutdown();
  logged.length = 0;
});

function startApp(
  text: string,
  streams: readonly string[] = [],
): {
  app: AppRuntime;
  rows: Map<string, unknown[][]>;
} {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-kafka', version: '0.1.0', extensions },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapper },
    ),
    logger,
    backoff: { delays: [500], jitter: 0 },
  });
  const created = engine.createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const app = created.app;
  running.push(app);
  const rows = new Map<string, unknown[][]>();
  for (const stream of streams) {
    const collected: unknown[][] = [];
    rows.set(stream, collected);
    app.onStream(stream, (chunk) => {
      for (const e of chunk) collected.push([...e.data]);
    });
  }
  app.start();
  return { app, rows };
}

/** Records in `topic` now (the sum of its partitions' high watermarks; 0 while unreachable). */
async function recordCount(topic: string): Promise<number> {
  const admin = kafka.client().admin();
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } catch {
    return 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The offset group `groupId` committed for partition 0 of `topic` (-1 when none or unreachable). */
async function committed(groupId: string, topic: string): Promise<number> {
  const admin = kafka.client().admin();
  try {
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(offsets?.partitions[0]?.offset ?? -1);
  } catch {
    return -1;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Polls `count` until it reaches `target`. */
async function countReaches(
  count: () => Promise<number>,
  target: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await count();
    if (n >= target) return n;
    if (Date.now() > deadline) throw new Error(`timed out at ${String(n)} of ${String(target)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('at-least-once through a broker crash', () => {
  it('copies every record although the broker is killed mid-stream', async () => {
    const input = kafka.topic('fault-in');
    const output = kafka.topic('fault-out');
    const total = 3_000;
    await kafka.createTopic(input, 1);
    await kafka.createTopic(output, 1);
    await kafka.produce(
      input,
      Array.from({ length: total }, (_, id) => ({
        value: JSON.stringify({ event: { id, symbol: `S${String(id % 7)}` } }),
      })),
    );
    const { rows } = startApp(
      // Few client retries: the consumer gives up during the outage, and the engine reconnects it.
      `@source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${input}', group.id='g-${input}',
               threading.option='single.thread', optional.configuration='retries:1', @map(type='json'))
       define stream In (id long, symbol string);
       @sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${output}', on.error='WAIT',
             @map(type='json', event.grouping.enabled='false'))
       define stream Out (id long, symbol string);
       from In select * insert into Out;`,
      ['Out'],
    );
    const processed = rows.get('Out') ?? [];
    // The sink is on WAIT (one publish at a time): the crash comes while it is writing.
    const writtenAtCrash = await countReaches(() => recordCount(output), total / 4, 60_000);
    await kafka.broker.kill();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await kafka.broker.start();
    // Every id reaches the output topic; what was not acknowledged when the broker died is read
    // (and written) again.
    // The source commits an offset only once the events of its records were written, so the
    // group's offset reaching the end means every record was handled (some maybe twice).
    await countReaches(() => committed(`g-${input}`, input), total, 180_000);
    const collector = await kafka.collect(output);
    const ids = (): number[] =>
      collector.json().map((v) => (v as { event: { id: number } }).event.id);
    const count = await recordCount(output);
    try {
      await eventually(
        () => ids().length >= count,
        60_000,
        () => 'reading the output back',
      );
    } finally {
      await collector.close();
    }
    const written = ids();
    const distinct = new Set(written);
    const missing = Array.from({ length: total }, (_, id) => id).filter((id) => !distinct.has(id));
    const duplicates = written.length - distinct.size;
    console.info(
      `kafka at-least-once: ${String(total)} records, broker killed after ${String(writtenAtCrash)} were written; ` +
        `${String(written.length)} written, ${String(missing.length)} lost, ${String(duplicates)} duplicates ` +
        `(${String(processed.length - total)} events processed twice)`,
    );
    expect(missing).toEqual([]);
  }, 300_000);
});

describe('a sink whose broker is down follows on.error', () => {
  it('WAIT keeps the events and delivers them once the broker is back', async () => {
    const topic = kafka.topic('wait');
    await kafka.createTopic(topic, 1);
    const { app } = startApp(
      `@sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${topic}', on.error='WAIT',
             optional.configuration='retries:1,request.timeout.ms:2000',
             @map(type='json', event.grouping.enabled='false'))
       define stream Out (id long);`,
    );
    await app.whenConnected();
    await kafka.broker.kill();
    app.input('Out').sendBatch([[1], [2], [3]]);
    await eventually(
      () => logged.some((l) => l.includes('kafka')),
      60_000,
      () => 'no error logged',
    );
    await kafka.broker.start();
    const collector = await kafka.collect(topic);
    try {
      await eventually(
        () => collector.records().length >= 3,
        90_000,
        () => logged.join('\n'),
      );
      expect(collector.json()).toEqual([
        { event: { id: 1 } },
        { event: { id: 2 } },
        { event: { id: 3 } },
      ]);
    } finally {
      await collector.close();
    }
  }, 180_000);

  it('STREAM hands the events to the fault stream', async () => {
    const topic = kafka.topic('stream');
    await kafka.createTopic(topic, 1);
    const { app, rows } = startApp(
      `@OnError(action='STREAM')
       @sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${topic}', on.error='STREAM',
             optional.configuration='retries:1,request.timeout.ms:2000,socket.connection.setup.timeout.ms:1000',
             @map(type='json'))
       define stream Out (id long);
       from !Out select id, convert(_error, 'string') as error insert into Failed;`,
      ['Failed'],
    );
    await app.whenConnected();
    await kafka.broker.kill();
    try {
      app.input('Out').send([7]);
      const failed = rows.get('Failed') ?? [];
      await eventually(
        () => failed.length >= 1,
        60_000,
        () => logged.join('\n'),
      );
      expect(failed[0]?.[0]).toBe(7);
      expect(String(failed[0]?.[1])).toMatch(/ConnectionUnavailableException/);
    } finally {
      await kafka.broker.start();
    }
  }, 180_000);
});
