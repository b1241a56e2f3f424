// The Kafka extensions against a real broker (this file's, or the one at KAFKA_BROKERS): the
// engine's source and sink contract suites; fixed partitions, keys and headers as `trp:`, dynamic
// topic/partition/key/headers, consumer groups sharing partitions, `topic.offsets.map`,
// `seq.enabled` with `sequence.id`, `kafkaMultiDC`, the replay pair; and an app reading JSON from
// Kafka, filtering, and writing JSON back.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  InMemoryPersistenceStore,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as jsonMapper } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import { kafkaExtensions } from './index.js';
import { eventually, useKafka } from './kafka-harness.test-support.js';

const kafka = useKafka();
const TIMEOUT = 30_000;
const running: AppRuntime[] = [];
const warnings: string[] = [];
const logger: Logger = {
  log(level, message) {
    if (level === 'warn' || level === 'error' || level === 'fatal') warnings.push(message);
  },
};

const contractExtensions = [...kafkaExtensions(), ...jsonMapper];
const batch: Rows = [
  ['IBM', 75.5, 100],
  ['WSO2', 57.25, 20],
];
const sourceTopic = kafka.topic('contract-source');
const sinkTopic = kafka.topic('contract-sink');

function jsonRecords(rows: Rows): { value: string }[] {
  return rows.map(([symbol, price, volume]) => ({
    value: JSON.stringify({ event: { symbol, price, volume } }),
  }));
}

describeSourceContract('kafka', {
  extensions: contractExtensions,
  get app() {
    return (
      `@source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${sourceTopic}', ` +
      `group.id='contract-${sourceTopic}', threading.option='single.thread', @map(type='json')) ` +
      'define stream S (symbol string, price double, volume long);'
    );
  },
  batch,
  timeoutMs: 30_000,
  deliver: (rows) => kafka.produce(sourceTopic, jsonRecords(rows)),
});

describeSinkContract('kafka', {
  extensions: contractExtensions,
  get app() {
    return (
      `@sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${sinkTopic}', @map(type='json')) ` +
      'define stream S (symbol string, price double, volume long);'
    );
  },
  batch,
  timeoutMs: 30_000,
  collect: async () => {
    const collector = await kafka.collect(sinkTopic);
    return {
      // A chunk of events may be one message holding a JSON array (event.grouping.enabled).
      received: () =>
        collector
          .json()
          .flat()
          .map((value) => {
            const { symbol, price, volume } = (value as { event: Record<string, unknown> }).event;
            return [symbol, price, volume];
          }),
      close: () => collector.close(),
    };
  },
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.shutdown();
  warnings.length = 0;
});

/**
 * Starts an app (kafka + json extensions) and collects the events of `streams`; with a store,
 * restores the app's last persisted revision first.
 */
async function start(
  text: string,
  streams: readonly string[] = [],
  store?: InMemoryPersistenceStore,
): Promise<{ app: AppRuntime; events: Map<string, unknown[][]> }> {
  const engine = createEngine({
    ...(store === undefined ? {} : { persistence: { store } }),
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-kafka', version: '0.1.0', extensions: kafkaExtensions() },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapper },
    ),
    logger,
    backoff: { delays: [200], jitter: 0 },
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  const app = created.app;
  running.push(app);
  const events = new Map<string, unknown[][]>();
  for (const stream of streams) {
    const rows: unknown[][] = [];
    events.set(stream, rows);
    app.onStream(stream, (chunk) => {
      for (const e of chunk) rows.push([...e.data]);
    });
  }
  if (store !== undefined) await app.restoreLastRevision();
  app.start();
  await app.whenConnected();
  return { app, events };
}

function rowsOf(events: Map<string, unknown[][]>, stream: string): unknown[][] {
  const rows = events.get(stream);
  if (rows === undefined) throw new Error(`stream ${stream} is not collected`);
  return rows;
}

const json = (symbol: string, price: number): string =>
  JSON.stringify({ event: { symbol, price } });

describe('kafka source options', () => {
  it('reads only the partitions of partition.no.list, with topic, partition, key and headers as trp', async () => {
    const topic = kafka.topic('partitions');
    await kafka.createTopic(topic, 3);
    await kafka.produce(topic, [
      { value: json('P0', 1), partition: 0, key: 'k0', headers: { trace: 't0' } },
      { value: json('P1', 2), partition: 1, key: 'k1', headers: { trace: 't1' } },
      { value: json('P2', 3), partition: 2, key: 'k2', headers: { trace: 't2' } },
    ]);
    const { events } = await start(
      `@source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${topic}', group.id='g-${topic}',
               threading.option='partition.wise', partition.no.list='0,2,',
               @map(type='json', @attributes(symbol='$.event.symbol', price='$.event.price',
                    topic='trp:topic', partition='trp:partition', key='trp:key', trace='trp:trace', headers='trp:headers')))
       define stream S (symbol string, price double, topic string, partition string, key string, trace string, headers string);`,
      ['S'],
    );
    const rows = rowsOf(events, 'S');
    await eventually(
      () => rows.length >= 2,
      TIMEOUT,
      () => JSON.stringify(rows),
    );
    const sorted = [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(sorted).toEqual([
      ['P0', 1, topic, '0', 'k0', 't0', "'trace:t0'"],
      ['P2', 3, topic, '2', 'k2', 't2', "'trace:t2'"],
    ]);
  });

  it('shares the partitions of a topic between the sources of one group', async () => {
    const topic = kafka.topic('group');
    await kafka.createTopic(topic, 2);
    const group = `shared-${topic}`;
    const source = `@source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${topic}', group.id='${group}',
                            threading.option='single.thread', @map(type='json'))
                    define stream S (symbol string, price double);`;
    const first = await start(source, ['S']);
    const second = await start(source, ['S']);
    const admin = kafka.client().admin();
    await admin.connect();
    try {
      const deadline = Date.now() + TIMEOUT;
      for (;;) {
        const { groups } = await admin.describeGroups([group]);
        const members = groups[0]?.members ?? [];
        if (groups[0]?.state === 'Stable' && members.length === 2) break;
        if (Date.now() > deadline) throw new Error(`group ${group}: ${JSON.stringify(groups)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await admin.disconnect();
    }
    const sent = Array.from({ length: 20 }, (_, i) => `S${String(i)}`);
    const records = sent.map((symbol, i) => ({ value: json(symbol, i), partition: i % 2 }));
    await kafka.produce(topic, records);
    const a = rowsOf(first.events, 'S');
    const b = rowsOf(second.events, 'S');
    await eventually(
      () => a.length + b.length >= 20,
      TIMEOUT,
      () => `${String(a.length)} + ${String(b.length)}`,
    );
    const symbols = [...a, ...b].map((r) => r[0]).sort();
    expect(symbols).toEqual([...sent].sort());
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
  });

  it('starts after the offsets of topic.offsets.map', async () => {
    const topic = kafka.topic('offsets');
    await kafka.produce(
      topic,
      Array.from({ length: 8 }, (_, i) => ({ value: json(`O${String(i)}`, i) })),
    );
    const { events } = await start(
      `@source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${topic}', group.id='g-${topic}',
               threading.option='single.thread', topic.offsets.map='${topic}=4', @map(type='json'))
       define stream S (symbol string, price double);`,
      ['S'],
    );
    const rows = rowsOf(events, 'S');
    await eventually(
      () => rows.length >= 3,
      TIMEOUT,
      () => JSON.stringify(rows),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rows.map((r) => r[0])).toEqual(['O5', 'O6', 'O7']);
  });

  it('drops duplicated and unnumbered records with seq.enabled', async () => {
    const topic = kafka.topic('seq');
    const { app } = await start(
      `@sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${topic}', sequence.id='writer',
             @map(type='json', event.grouping.enabled='false'))
       define stream In (symbol string, price double);`,
    );
    app.input('In').sendBatch([
      ['A', 1],
      ['B', 2],
    ]);
    await app.idle();
    const written = await kafka.collect(topic);
    await eventually(
      () => written.records().length >= 2,
      TIMEOUT,
      () => 'nothing written',
    );
    expect(written.records().map((r) => r.value?.slice(0, 9))).toEqual(['writer:0~', 'writer:1~']);
    // A redelivered copy and a record without a number.
    await kafka.produce(topic, [
      { value: written.records()[1]?.value ?? '' },
      { value: json('X', 0) },
    ]);
    await written.close();
    const { events } = await start(
      `@source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${topic}', group.id='g-${topic}',
               threading.option='single.thread', seq.enabled='true', @map(type='json'))
       define stream S (symbol string, price double);`,
      ['S'],
    );
    const rows = rowsOf(events, 'S');
    await eventually(
      () => warnings.some((w) => w.includes('carries no sequence number')),
      TIMEOUT,
      () => warnings.join('\n'),
    );
    expect(rows).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });
});

describe('kafka source state', () => {
  it('resumes after the offsets of a restored snapshot (without committed offsets)', async () => {
    const topic = kafka.topic('snapshot');
    const store = new InMemoryPersistenceStore();
    const text = `@app:name('KafkaSnapshot')
      @source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${topic}', group.id='g-${topic}',
              threading.option='single.thread', enable.offsets.commit='false', @map(type='json'))
      define stream S (symbol string, price double);`;
    await kafka.produce(topic, [
      { value: json('A', 1) },
      { value: json('B', 2) },
      { value: json('C', 3) },
    ]);
    const first = await start(text, ['S'], store);
    const before = rowsOf(first.events, 'S');
    await eventually(
      () => before.length >= 3,
      TIMEOUT,
      () => JSON.stringify(before),
    );
    // The snapshot holds offsets once the records were acknowledged (committed or not).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.app.persist();
    await first.app.shutdown();
    await kafka.produce(topic, [{ value: json('D', 4) }, { value: json('E', 5) }]);
    const second = await start(text, ['S'], store);
    const after = rowsOf(second.events, 'S');
    await eventually(
      () => after.length >= 2,
      TIMEOUT,
      () => JSON.stringify(after),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(after.map((r) => r[0])).toEqual(['D', 'E']);
  });
});

describe('kafka sink options', () => {
  it('fills topic, partition, key and headers from each event', async () => {
    const prefix = kafka.topic('dynamic');
    const red = `${prefix}-red`;
    const blue = `${prefix}-blue`;
    await kafka.createTopic(red, 2);
    await kafka.createTopic(blue, 2);
    const { app } = await start(
      `@sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${prefix}-{{colour}}', partition.no='{{p}}',
             key='{{symbol}}', headers="'symbol:{{symbol}}','source:tributary'",
             @map(type='json', event.grouping.enabled='false'))
       define stream Out (colour string, p int, symbol string);`,
    );
    app.input('Out').sendBatch([
      ['red', 1, 'IBM'],
      ['blue', 0, 'WSO2'],
    ]);
    await app.idle();
    const reds = await kafka.collect(red);
    const blues = await kafka.collect(blue);
    await eventually(
      () => reds.records().length >= 1 && blues.records().length >= 1,
      TIMEOUT,
      () => 'not written',
    );
    expect(reds.records().map((r) => [r.partition, r.key, r.headers])).toEqual([
      [1, 'IBM', { symbol: 'IBM', source: 'tributary' }],
    ]);
    expect(blues.records().map((r) => [r.partition, r.key, r.headers])).toEqual([
      [0, 'WSO2', { symbol: 'WSO2', source: 'tributary' }],
    ]);
    expect(reds.json()).toEqual([{ event: { colour: 'red', p: 1, symbol: 'IBM' } }]);
  });
});

describe('kafkaMultiDC', () => {
  it('writes every record to both clusters and lets each through once, in order', async () => {
    const topic = kafka.topic('multidc');
    await kafka.createTopic(topic, 1);
    // Two addresses of the one test broker stand for the two clusters: the topic then holds
    // each record twice, and the source reads it twice over, as it would read two clusters.
    const port = kafka.brokers.split(':')[1] ?? '';
    const servers = `127.0.0.1:${port},localhost:${port}`;
    const { events } = await start(
      `@source(type='kafkaMultiDC', bootstrap.servers='${servers}', topic='${topic}', @map(type='json'))
       define stream S (symbol string, price double);`,
      ['S'],
    );
    const { app } = await start(
      `@sink(type='kafkaMultiDC', bootstrap.servers='${servers}', topic='${topic}', sequence.id='dc',
             @map(type='json', event.grouping.enabled='false'))
       define stream In (symbol string, price double);`,
    );
    const sent = Array.from({ length: 10 }, (_, i) => [`M${String(i)}`, i]);
    app.input('In').sendBatch(sent);
    await app.idle();
    const rows = rowsOf(events, 'S');
    await eventually(
      () => rows.length >= 10,
      TIMEOUT,
      () => JSON.stringify(rows),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rows).toEqual(sent);
  });
});

describe('kafka-replay-request / kafka-replay-response', () => {
  it('reads a range of a partition again on request', async () => {
    const topic = kafka.topic('replay');
    await kafka.produce(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: json(`R${String(i)}`, i) })),
    );
    const { app, events } = await start(
      `@sink(type='kafka-replay-request', sink.id='r1')
       define stream Request (topic string, partition string, startOffset string, endOffset string);
       @source(type='kafka-replay-response', bootstrap.servers='${kafka.brokers}', group.id='replay-${topic}',
               threading.option='single.thread', sink.id='r1', @map(type='json'))
       define stream Replayed (symbol string, price double);`,
      ['Replayed'],
    );
    app.input('Request').send([topic, '0', '3', '6']);
    const rows = rowsOf(events, 'Replayed');
    await eventually(
      () => rows.length >= 4,
      TIMEOUT,
      () => JSON.stringify(rows),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rows.map((r) => r[0])).toEqual(['R3', 'R4', 'R5', 'R6']);
  });
});

describe('an app reading JSON from Kafka and writing JSON to Kafka', () => {
  it('filters what it reads and writes the rest, committing what it processed', async () => {
    const input = kafka.topic('e2e-in');
    const output = kafka.topic('e2e-out');
    const group = `e2e-${input}`;
    const app = `@app:name('KafkaFilter')
      @source(type='kafka', bootstrap.servers='${kafka.brokers}', topic.list='${input}', group.id='${group}',
              threading.option='single.thread', @map(type='json'))
      define stream In (symbol string, price double);
      @sink(type='kafka', bootstrap.servers='${kafka.brokers}', topic='${output}',
            @map(type='json', event.grouping.enabled='false'))
      define stream Out (symbol string, price double);
      from In[price > 50] select symbol, price insert into Out;`;
    await kafka.produce(input, [
      { value: json('IBM', 75) },
      { value: json('WSO2', 20) },
      { value: json('ORCL', 55.5) },
    ]);
    const first = await start(app);
    const out = await kafka.collect(output);
    await eventually(
      () => out.records().length >= 2,
      TIMEOUT,
      () => JSON.stringify(out.json()),
    );
    expect(out.json()).toEqual([
      { event: { symbol: 'IBM', price: 75 } },
      { event: { symbol: 'ORCL', price: 55.5 } },
    ]);
    // The group committed what was processed: a new app in the group reads only new records.
    await first.app.shutdown();
    await kafka.produce(input, [{ value: json('MSFT', 99) }]);
    await start(app);
    await eventually(
      () => out.records().length >= 3,
      TIMEOUT,
      () => JSON.stringify(out.json()),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(out.json().slice(2)).toEqual([{ event: { symbol: 'MSFT', price: 99 } }]);
    await out.close();
  });
});
