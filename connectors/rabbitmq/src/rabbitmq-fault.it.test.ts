// Fault tests on a private RabbitMQ node whose rabbit application is stopped and started again
// mid-stream (the shared broker is never touched): a source with manual acknowledgements on a
// durable queue loses no event (every event is counted end to end), and a sink whose broker is
// down follows on.error (WAIT delivers everything after the restart, STREAM hands each event on
// with the error).

import { FaultInjector, faultySink } from '@tributary/engine/testing';
import type { ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  jsonMessages,
  PrivateRabbitNode,
  rowsOf,
  startApp,
  uniqueName,
  until,
} from './rabbitmq-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';

let node: PrivateRabbitNode;

beforeAll(async () => {
  node = await PrivateRabbitNode.start();
}, 180_000);

afterAll(async () => {
  await node.dispose();
}, 60_000);

function rows(count: number, from = 0): unknown[][] {
  return Array.from({ length: count }, (_, i) => [`E${String(from + i)}`, from + i]);
}

/** Connects to the private node, retrying while it restarts. */
async function connectRetrying(): Promise<ChannelModel> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const connection = await connect(node.uri);
      connection.on('error', () => undefined);
      return connection;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Publishes persistent messages with confirms (the node must be up). */
async function publish(exchange: string, key: string, data: unknown[][]): Promise<void> {
  const connection = await connectRetrying();
  const channel = await connection.createConfirmChannel();
  for (const message of jsonMessages(NAMES, data)) {
    channel.publish(exchange, key, Buffer.from(message), { persistent: true });
  }
  await channel.waitForConfirms();
  await connection.close();
}

/** Reads every message of a queue (until it is empty), acknowledging them. */
async function drain(queue: string): Promise<unknown[][]> {
  const connection = await connectRetrying();
  const channel = await connection.createChannel();
  const out: unknown[][] = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (message === false) break;
    out.push(...rowsOf(NAMES, message.content.toString()));
  }
  await connection.close();
  return out;
}

describe('a rabbitmq source while its broker stops and starts again', () => {
  it('loses no event: every event reaches the sink at least once', async () => {
    const exchange = uniqueName('fault.source');
    const queue = uniqueName('fault.source.q');
    const faults = new FaultInjector().holdPublishes();
    const logs: string[] = [];
    const app = await startApp(
      `@source(type='rabbitmq', uri='${node.uri}', exchange.name='${exchange}', ` +
        `exchange.durable.enabled='true', routing.key='k', queue.name='${queue}', ` +
        `queue.durable.enabled='true', auto.ack='false', prefetch.count='500', @map(type='json'))\n` +
        `${STREAM}\n@sink(type='faulty')\ndefine stream O (symbol string, price double);\n` +
        'from S select * insert into O;',
      { extensions: [faultySink(faults)], logs, delays: [200] },
    );
    // End to end: what the sink published (passThrough payloads are the events).
    const atSink = (): string[] =>
      faults.payloads.map((p) => String((p as { data: readonly unknown[] }).data[0]));
    try {
      await publish(exchange, 'k', rows(2000));
      // Mid-stream: events are in the app, their sink has not acknowledged them yet.
      await until(
        () => faults.published.length >= 200,
        () => `published ${String(faults.published.length)}`,
      );
      await node.stop();
      faults.releasePublishes();
      await node.restart();
      await publish(exchange, 'k', rows(1000, 2000));
      await until(
        () => new Set(atSink()).size === 3000,
        () =>
          `the sink has ${String(new Set(atSink()).size)} of 3000; ${logs.slice(-3).join(' | ')}`,
        60_000,
      );
      const published = atSink();
      expect(new Set(published)).toEqual(new Set(rows(3000).map((r) => String(r[0]))));
      // At least once: events in flight at the stop come again (redelivered); none is lost.
      expect(published.length).toBeGreaterThanOrEqual(3000);
      expect(logs.some((l) => l.includes('lost its connection'))).toBe(true);
    } finally {
      await app.shutdown();
    }
  }, 120_000);
});

describe('a rabbitmq sink whose broker is down', () => {
  /** A durable queue bound to a durable exchange on the private node. */
  async function boundQueue(exchange: string): Promise<string> {
    const queue = uniqueName('fault.sink.q');
    const connection = await connectRetrying();
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'direct', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, 'k');
    await connection.close();
    return queue;
  }

  function sinkApp(exchange: string, onError: string): string {
    return (
      `${STREAM}\n@OnError(action='STREAM')\n` +
      `@sink(type='rabbitmq', uri='${node.uri}', exchange.name='${exchange}', routing.key='k', ` +
      `delivery.mode='2', on.error='${onError}', @map(type='json', event.grouping.enabled='false'))\n` +
      'define stream O (symbol string, price double);\n' +
      'from S select * insert into O;\n' +
      "from !O select symbol, convert(_error, 'string') as error insert into Faults;"
    );
  }

  it("on.error='WAIT' keeps the events and delivers all of them once the broker is back", async () => {
    const exchange = uniqueName('fault.wait');
    const queue = await boundQueue(exchange);
    const app = await startApp(sinkApp(exchange, 'WAIT'), { delays: [200] });
    try {
      const input = app.input('S');
      input.sendBatch(rows(100));
      await app.idle();
      await node.stop();
      input.sendBatch(rows(100, 100));
      await node.restart();
      input.sendBatch(rows(100, 200));
      const seen = new Set<string>();
      await eventually(
        async () => {
          for (const row of await drain(queue)) seen.add(String(row[0]));
          return seen.size === 300;
        },
        () => `the queue got ${String(seen.size)} of 300 events`,
        60_000,
      );
      expect(seen).toEqual(new Set(rows(300).map((r) => String(r[0]))));
    } finally {
      await app.shutdown();
    }
  }, 120_000);

  it("on.error='STREAM' hands each event on with the error while the broker is down", async () => {
    const exchange = uniqueName('fault.stream');
    const queue = await boundQueue(exchange);
    const logs: string[] = [];
    const app = await startApp(sinkApp(exchange, 'STREAM'), { logs, delays: [200] });
    const failed: unknown[][] = [];
    app.onStream('Faults', (events) => {
      for (const e of events) failed.push([...e.data]);
    });
    try {
      const input = app.input('S');
      input.sendBatch(rows(3));
      await app.idle();
      await node.stop();
      input.sendBatch(rows(4, 3));
      await until(
        () => failed.length === 4,
        () => `${String(failed.length)} failed events; ${logs.slice(-3).join(' | ')}`,
      );
      expect(failed.map((f) => f[0])).toEqual(['E3', 'E4', 'E5', 'E6']);
      expect(String(failed[0]?.[1])).toContain('ConnectionUnavailableException');
      await node.restart();
      // The sink reconnects in the background; what is sent then is published.
      const delivered = new Set<string>();
      await eventually(
        async () => {
          input.send(['AFTER', 1]);
          await app.idle();
          for (const row of await drain(queue)) delivered.add(String(row[0]));
          return delivered.has('AFTER');
        },
        () => `delivered ${JSON.stringify([...delivered])}`,
        60_000,
      );
      expect([...delivered].filter((s) => s !== 'AFTER').sort()).toEqual(['E0', 'E1', 'E2']);
    } finally {
      await app.shutdown();
    }
  }, 120_000);
});
