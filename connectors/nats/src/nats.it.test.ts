// The nats source and sink options against the NATS server on loopback: queue groups,
// transport properties, headers, JetStream durable consumers, start positions, acknowledgement
// after processing, deduplication, state snapshots, and an app from source to sink.

import type { AppRuntime } from '@tributary/engine';
import { FaultInjector, faultySink } from '@tributary/engine/testing';
import { headers as natsHeaders, type JetStreamManager, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createApp,
  createStream,
  deleteStream,
  jsonMessages,
  rowsOf,
  startApp,
  uniqueName,
  until,
} from './nats-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';

let nc: NatsConnection;
const streams: string[] = [];

beforeAll(async () => {
  nc = await client();
});

afterAll(async () => {
  for (const name of streams) await deleteStream(nc, name);
  await nc.close();
});

async function stream(subject: string): Promise<string> {
  const name = await createStream(nc, [subject]);
  streams.push(name);
  return name;
}

function rows(count: number, from = 0): unknown[][] {
  return Array.from({ length: count }, (_, i) => [`S${String(from + i)}`, from + i + 0.5]);
}

async function publish(subject: string, data: readonly (readonly unknown[])[]): Promise<void> {
  for (const message of jsonMessages(NAMES, data)) nc.publish(subject, message);
  await nc.flush();
}

async function jsPublish(subject: string, data: readonly (readonly unknown[])[]): Promise<void> {
  const js = nc.jetstream();
  for (const message of jsonMessages(NAMES, data)) await js.publish(subject, message);
}

/** The consumer's ack floor once it reached `expected` (or after 5 s, whatever it is). */
async function ackFloor(
  jsm: JetStreamManager,
  streamName: string,
  durable: string,
  expected: number,
): Promise<number> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const floor = (await jsm.consumers.info(streamName, durable)).ack_floor.stream_seq;
    if (floor >= expected || Date.now() > deadline) return floor;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function collect(app: AppRuntime, streamId = 'S'): unknown[][] {
  const received: unknown[][] = [];
  app.onStream(streamId, (events) => {
    for (const e of events) received.push([...e.data]);
  });
  return received;
}

describe('nats source (core)', () => {
  it('shares a subject among the members of a queue group; a plain subscriber gets all', async () => {
    const subject = uniqueName('queue');
    const source = (extra: string): string =>
      `@source(type='nats', destination='${subject}', ${extra} @map(type='json'))\n${STREAM}`;
    const a = await startApp(source("queue.group.name='workers',"));
    const b = await startApp(source("queue.group.name='workers',"));
    const all = await startApp(source(''));
    try {
      const gotA = collect(a);
      const gotB = collect(b);
      const gotAll = collect(all);
      await publish(subject, rows(40));
      await until(
        () => gotA.length + gotB.length === 40 && gotAll.length === 40,
        () => `a ${String(gotA.length)}, b ${String(gotB.length)}, all ${String(gotAll.length)}`,
      );
      expect(gotA.length).toBeGreaterThan(0);
      expect(gotB.length).toBeGreaterThan(0);
      expect([...gotA, ...gotB].map((r) => r[0]).sort()).toEqual(
        rows(40)
          .map((r) => r[0])
          .sort(),
      );
    } finally {
      await Promise.all([a.shutdown(), b.shutdown(), all.shutdown()]);
    }
  });

  it('reads the subject, reply and headers as transport properties', async () => {
    const prefix = uniqueName('trp');
    const app = await startApp(
      `@source(type='nats', destination='${prefix}.*', ` +
        "@map(type='json', @attributes(symbol='$.event.symbol', subject='trp:subject', " +
        "reply='trp:reply', region='trp:X-Region')))\n" +
        'define stream S (symbol string, subject string, reply string, region string);',
    );
    try {
      const got = collect(app);
      const headers = natsHeaders();
      headers.set('X-Region', 'eu');
      nc.publish(`${prefix}.ibm`, JSON.stringify({ event: { symbol: 'IBM' } }), {
        headers,
        reply: 'inbox.1',
      });
      await nc.flush();
      await until(
        () => got.length === 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([['IBM', `${prefix}.ibm`, 'inbox.1', 'eu']]);
    } finally {
      await app.shutdown();
    }
  });
});

describe('nats source (JetStream)', () => {
  it('resumes a durable consumer after a restart with the first unprocessed message', async () => {
    const subject = uniqueName('durable');
    const name = await stream(subject);
    const durable = uniqueName('app');
    const text = `@source(type='nats', destination='${subject}', durable.name='${durable}', @map(type='json'))\n${STREAM}`;
    await jsPublish(subject, rows(3));
    const first = await startApp(text);
    const got1 = collect(first);
    await until(
      () => got1.length === 3,
      () => JSON.stringify(got1),
    );
    // The acknowledgements follow the processing: wait until the server has them.
    const jsm = await nc.jetstreamManager();
    expect(await ackFloor(jsm, name, durable, 3)).toBe(3);
    await first.shutdown();
    await jsPublish(subject, rows(2, 3));
    const second = await startApp(text);
    try {
      const got2 = collect(second);
      await until(
        () => got2.length >= 2,
        () => JSON.stringify(got2),
      );
      expect(got2).toEqual(rows(2, 3));
    } finally {
      await second.shutdown();
      await jsm.consumers.delete(name, durable);
    }
  });

  it('starts a new consumer at subscription.sequence and reads sequence numbers', async () => {
    const subject = uniqueName('sequence');
    await stream(subject);
    await jsPublish(subject, rows(5));
    const app = await startApp(
      `@source(type='nats', destination='${subject}', subscription.sequence='3', ` +
        "@map(type='json', @attributes(symbol='$.event.symbol', seq='trp:sequenceNumber', " +
        "again='trp:redelivered')))\n" +
        'define stream S (symbol string, seq string, again string);',
    );
    try {
      const got = collect(app);
      await until(
        () => got.length === 3,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        ['S2', '3', 'false'],
        ['S3', '4', 'false'],
        ['S4', '5', 'false'],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('replays the messages stored since subscription.time', async () => {
    const subject = uniqueName('time');
    const name = await stream(subject);
    await jsPublish(subject, rows(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await jsPublish(subject, rows(2, 2));
    const jsm = await nc.jetstreamManager();
    const third = await jsm.streams.getMessage(name, { seq: 3 });
    const app = await startApp(
      `@source(type='nats', destination='${subject}', jetstream.enabled='true', ` +
        `subscription.time='${String(third.time.getTime())}', @map(type='json'))\n${STREAM}`,
    );
    try {
      const got = collect(app);
      await until(
        () => got.length === 2,
        () => JSON.stringify(got),
      );
      expect(got).toEqual(rows(2, 2));
    } finally {
      await app.shutdown();
    }
  });

  it('acknowledges a message only after its sink acknowledged the events', async () => {
    const subject = uniqueName('acks');
    const name = await stream(subject);
    const durable = uniqueName('held');
    const faults = new FaultInjector().holdPublishes();
    const app = await startApp(
      `@source(type='nats', destination='${subject}', durable.name='${durable}', @map(type='json'))\n` +
        `${STREAM}\n@sink(type='faulty')\ndefine stream O (symbol string, price double);\n` +
        'from S select * insert into O;',
      { extensions: [faultySink(faults)] },
    );
    const jsm = await nc.jetstreamManager();
    try {
      await jsPublish(subject, rows(4));
      await until(
        () => faults.published.length === 4,
        () => `published ${String(faults.published.length)}`,
      );
      const held = await jsm.consumers.info(name, durable);
      expect(held.ack_floor.stream_seq).toBe(0);
      expect(held.num_ack_pending).toBe(4);
      expect(faults.releasePublishes()).toBe(4);
      expect(await ackFloor(jsm, name, durable, 4)).toBe(4);
      expect((await jsm.consumers.info(name, durable)).num_ack_pending).toBe(0);
    } finally {
      await app.shutdown();
      await jsm.consumers.delete(name, durable);
    }
  });

  it('resumes an ephemeral consumer after the position kept in a snapshot', async () => {
    const subject = uniqueName('snapshot');
    await stream(subject);
    const text = `@source(type='nats', destination='${subject}', jetstream.enabled='true', @map(type='json'))\n${STREAM}`;
    await jsPublish(subject, rows(3));
    const first = await startApp(text);
    const got1 = collect(first);
    await until(
      () => got1.length === 3,
      () => JSON.stringify(got1),
    );
    const snapshot = first.snapshot();
    await first.shutdown();
    await jsPublish(subject, rows(2, 3));
    const second = createApp(text);
    second.restore(snapshot);
    const got2 = collect(second);
    second.start();
    try {
      await second.whenConnected();
      await until(
        () => got2.length >= 2,
        () => JSON.stringify(got2),
      );
      expect(got2).toEqual(rows(2, 3));
    } finally {
      await second.shutdown();
    }
  });
});

describe('nats sink', () => {
  it('publishes to the subject an event names, with headers', async () => {
    const prefix = uniqueName('dynamic');
    const received: [string, string | undefined, unknown[][]][] = [];
    const sub = nc.subscribe(`${prefix}.>`, {
      callback: (_error, msg) => {
        received.push([msg.subject, msg.headers?.get('X-Symbol'), rowsOf(NAMES, msg.string())]);
      },
    });
    await nc.flush();
    const app = await startApp(
      `@sink(type='nats', destination='${prefix}.{{symbol}}', headers="'X-Symbol:{{symbol}}'", ` +
        `@map(type='json', event.grouping.enabled='false'))\n${STREAM}`,
    );
    try {
      app.input('S').sendBatch([
        ['IBM', 1.5],
        ['WSO2', 2.5],
      ]);
      await until(
        () => received.length === 2,
        () => JSON.stringify(received),
      );
      expect(received).toEqual([
        [`${prefix}.IBM`, 'IBM', [['IBM', 1.5]]],
        [`${prefix}.WSO2`, 'WSO2', [['WSO2', 2.5]]],
      ]);
    } finally {
      await app.shutdown();
      sub.unsubscribe();
    }
  });

  it('stores JetStream messages once per message.id', async () => {
    const subject = uniqueName('dedup');
    const name = await stream(subject);
    const app = await startApp(
      `@sink(type='nats', destination='${subject}', jetstream.enabled='true', message.id='{{symbol}}', ` +
        `@map(type='json', event.grouping.enabled='false'))\n${STREAM}`,
    );
    try {
      app.input('S').sendBatch([
        ['A', 1],
        ['B', 2],
        ['A', 3],
      ]);
      await app.idle();
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(name);
      expect(info.state.messages).toBe(2);
    } finally {
      await app.shutdown();
    }
  });

  it('refuses a payload that has no wire form (passThrough) by on.error', async () => {
    const subject = uniqueName('passthrough');
    const logs: string[] = [];
    const app = await startApp(`@sink(type='nats', destination='${subject}')\n${STREAM}`, {
      logs,
    });
    try {
      app.input('S').send(['IBM', 1]);
      await app.idle();
      expect(logs.join('\n')).toContain('cannot send an object as a message body');
    } finally {
      await app.shutdown();
    }
  });
});

describe('an app from a nats source to a nats sink', () => {
  it('filters JetStream events into a core NATS subject', async () => {
    const input = uniqueName('e2e.in');
    const output = uniqueName('e2e.out');
    await stream(input);
    const received: unknown[][] = [];
    const sub = nc.subscribe(output, {
      callback: (_error, msg) => {
        received.push(...rowsOf(NAMES, msg.string()));
      },
    });
    await nc.flush();
    const app = await startApp(
      `@App:name('NatsFilter')\n` +
        `@source(type='nats', destination='${input}', durable.name='${uniqueName('e2e')}', @map(type='json'))\n` +
        `${STREAM}\n` +
        `@sink(type='nats', destination='${output}', @map(type='json'))\n` +
        'define stream Expensive (symbol string, price double);\n' +
        'from S[price > 10.0] select symbol, price insert into Expensive;',
    );
    try {
      await jsPublish(input, [
        ['IBM', 75.5],
        ['CHEAP', 1.5],
        ['WSO2', 57.25],
      ]);
      await until(
        () => received.length === 2,
        () => JSON.stringify(received),
      );
      expect(received).toEqual([
        ['IBM', 75.5],
        ['WSO2', 57.25],
      ]);
    } finally {
      await app.shutdown();
      sub.unsubscribe();
    }
  });
});
