// The rabbitmq source and sink options against the broker on loopback: exchange types and
// routing, headers binding, named durable queues, acknowledgement after processing, message
// properties, a connection closed by the broker, and an app from source to sink.

import { spawnSync } from 'node:child_process';
import type { AppRuntime } from '@tributary/engine';
import { FaultInjector, faultySink } from '@tributary/engine/testing';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AMQP_URI,
  client,
  createApp,
  eventually,
  jsonMessages,
  readyCount,
  rowsOf,
  startApp,
  uniqueName,
  until,
} from './rabbitmq-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';

let admin: ChannelModel;
let channel: Channel;
const exchanges: string[] = [];
const queues: string[] = [];

beforeAll(async () => {
  admin = await client();
  channel = await admin.createConfirmChannel();
});

afterAll(async () => {
  for (const q of queues) await channel.deleteQueue(q).catch(() => undefined);
  for (const e of exchanges) await channel.deleteExchange(e).catch(() => undefined);
  await admin.close();
});

function exchangeName(prefix: string): string {
  const name = uniqueName(prefix);
  exchanges.push(name);
  return name;
}

function queueName(prefix: string): string {
  const name = uniqueName(prefix);
  queues.push(name);
  return name;
}

function rows(count: number, from = 0): unknown[][] {
  return Array.from({ length: count }, (_, i) => [`S${String(from + i)}`, from + i + 0.5]);
}

async function publish(
  exchange: string,
  key: string,
  data: readonly (readonly unknown[])[],
  headers?: Record<string, string>,
): Promise<void> {
  const confirm = await admin.createConfirmChannel();
  for (const message of jsonMessages(NAMES, data)) {
    confirm.publish(exchange, key, Buffer.from(message), {
      persistent: true,
      ...(headers === undefined ? {} : { headers }),
    });
  }
  await confirm.waitForConfirms();
  await confirm.close();
}

function collect(app: AppRuntime): unknown[][] {
  const got: unknown[][] = [];
  app.onStream('S', (events) => {
    for (const e of events) got.push([...e.data]);
  });
  return got;
}

describe('rabbitmq source', () => {
  it('binds by routing pattern on a topic exchange and reads transport properties', async () => {
    const exchange = exchangeName('topic');
    const app = await startApp(
      `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', ` +
        "exchange.type='topic', routing.key='stock.*', " +
        "@map(type='json', @attributes(symbol='$.event.symbol', key='trp:routing.key', " +
        "again='trp:redelivered', source='trp:source')))\n" +
        'define stream S (symbol string, key string, again string, source string);',
    );
    try {
      const got = collect(app);
      await publish(exchange, 'stock.ibm', rows(1), { source: 'feed-1' });
      await publish(exchange, 'bond.x', rows(1, 1));
      await publish(exchange, 'stock.wso2', rows(1, 2), { source: 'feed-2' });
      await until(
        () => got.length === 2,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        ['S0', 'stock.ibm', 'false', 'feed-1'],
        ['S2', 'stock.wso2', 'false', 'feed-2'],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('binds to a headers exchange with the headers arguments', async () => {
    const exchange = exchangeName('headers');
    const app = await startApp(
      `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', ` +
        `exchange.type='headers', headers="'region:eu','x-match:all'", @map(type='json'))\n${STREAM}`,
    );
    try {
      const got = collect(app);
      await publish(exchange, '', rows(1), { region: 'us' });
      await publish(exchange, '', rows(1, 1), { region: 'eu' });
      await until(
        () => got.length === 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual(rows(1, 1));
    } finally {
      await app.shutdown();
    }
  });

  it('declares a named durable queue that keeps messages while the app is away', async () => {
    const exchange = exchangeName('durable');
    const queue = queueName('durable-q');
    const text =
      `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', ` +
      `exchange.durable.enabled='true', routing.key='k', queue.name='${queue}', ` +
      `queue.durable.enabled='true', auto.ack='false', @map(type='json'))\n${STREAM}`;
    await (await startApp(text)).shutdown();
    const declared = await admin.createChannel();
    const info = await declared.checkQueue(queue);
    await declared.close();
    expect(info.queue).toBe(queue);
    await publish(exchange, 'k', rows(3));
    expect(await readyCount(admin, queue)).toBe(3);
    const second = createApp(text);
    const got = collect(second);
    second.start();
    try {
      await until(
        () => got.length === 3,
        () => JSON.stringify(got),
      );
      expect(got).toEqual(rows(3));
    } finally {
      await second.shutdown();
    }
  });

  it("with auto.ack='false' acknowledges a message only after its sink acknowledged it", async () => {
    const exchange = exchangeName('acks');
    const queue = queueName('acks-q');
    const faults = new FaultInjector().holdPublishes();
    const app = await startApp(
      `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', routing.key='k', ` +
        `queue.name='${queue}', auto.ack='false', prefetch.count='1', @map(type='json'))\n` +
        `${STREAM}\n@sink(type='faulty')\ndefine stream O (symbol string, price double);\n` +
        'from S select * insert into O;',
      { extensions: [faultySink(faults)] },
    );
    try {
      await publish(exchange, 'k', rows(3));
      await until(
        () => faults.published.length === 1,
        () => `published ${String(faults.published.length)}`,
      );
      // One message is out (unacknowledged), the other two wait in the queue.
      expect(await readyCount(admin, queue)).toBe(2);
      expect(faults.published).toHaveLength(1);
      faults.releasePublishes();
      await until(
        () => faults.published.length === 3,
        () => `published ${String(faults.published.length)}`,
      );
      await eventually(
        async () => (await readyCount(admin, queue)) === 0,
        () => 'the queue kept messages',
      );
    } finally {
      faults.releasePublishes();
      await app.shutdown();
    }
  });

  it('reconnects when the broker closes its connection and loses no message', async () => {
    const exchange = exchangeName('closed');
    const queue = queueName('closed-q');
    const logs: string[] = [];
    const app = await startApp(
      `@App:name('RabbitClosed${String(process.pid)}')\n` +
        `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', routing.key='k', ` +
        `queue.name='${queue}', queue.durable.enabled='true', auto.ack='false', @map(type='json'))\n` +
        STREAM,
      { logs },
    );
    try {
      const got = collect(app);
      await publish(exchange, 'k', rows(5));
      await until(
        () => got.length === 5,
        () => JSON.stringify(got),
      );
      // Close only this app's connection, found by the name it gave the broker.
      const listed = spawnSync('rabbitmqctl', ['list_connections', 'pid', 'client_properties'], {
        encoding: 'utf8',
      }).stdout;
      const line = listed
        .split('\n')
        .find((l) => l.includes(`RabbitClosed${String(process.pid)}/S source`));
      const pid = line?.split('\t')[0];
      expect(pid).toBeDefined();
      const closed = spawnSync('rabbitmqctl', ['close_connection', pid ?? '', 'test'], {
        encoding: 'utf8',
      });
      expect(closed.status).toBe(0);
      await until(
        () => logs.some((l) => l.includes('lost its connection')),
        () => logs.join(' | '),
      );
      await publish(exchange, 'k', rows(5, 5));
      await until(
        () => new Set(got.map((r) => r[0])).size === 10,
        () => JSON.stringify(got),
      );
      expect(new Set(got.map((r) => r[0]))).toEqual(new Set(rows(10).map((r) => r[0])));
    } finally {
      await app.shutdown();
    }
  });
});

describe('rabbitmq sink', () => {
  async function consumeAll(exchange: string, type: string, key: string) {
    const reader = await admin.createChannel();
    await reader.assertExchange(exchange, type, { autoDelete: false });
    const { queue } = await reader.assertQueue('', { exclusive: true });
    await reader.bindQueue(queue, exchange, key);
    const messages: ConsumeMessage[] = [];
    await reader.consume(
      queue,
      (m) => {
        if (m !== null) messages.push(m);
      },
      { noAck: true },
    );
    return { messages, close: () => reader.close() };
  }

  it('routes by the key an event names and sends headers and message properties', async () => {
    const exchange = exchangeName('props');
    const reader = await consumeAll(exchange, 'topic', 'stock.#');
    const app = await startApp(
      `@sink(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', exchange.type='topic', ` +
        "routing.key='stock.{{symbol}}', headers=\"'symbol:{{symbol}}','feed:main'\", " +
        "message.id='id-{{symbol}}', correlation.id='c-{{symbol}}', priority='5', delivery.mode='2', " +
        "content.type='application/json', app.id='tributary', message.type='quote', timestamp='1700000000000', " +
        `@map(type='json', event.grouping.enabled='false'))\n${STREAM}`,
    );
    try {
      app.input('S').sendBatch([
        ['IBM', 1.5],
        ['WSO2', 2.5],
      ]);
      await until(
        () => reader.messages.length === 2,
        () => `received ${String(reader.messages.length)}`,
      );
      const first = reader.messages[0];
      expect(first?.fields.routingKey).toBe('stock.IBM');
      expect(rowsOf(NAMES, first?.content.toString() ?? '')).toEqual([['IBM', 1.5]]);
      expect(first?.properties).toMatchObject({
        headers: { symbol: 'IBM', feed: 'main' },
        messageId: 'id-IBM',
        correlationId: 'c-IBM',
        priority: 5,
        deliveryMode: 2,
        contentType: 'application/json',
        appId: 'tributary',
        type: 'quote',
        timestamp: 1_700_000_000,
      });
      expect(reader.messages[1]?.fields.routingKey).toBe('stock.WSO2');
    } finally {
      await app.shutdown();
      await reader.close();
    }
  });

  it('declares a missing exchange the event names, then publishes to it', async () => {
    const prefix = uniqueName('declared');
    exchanges.push(`${prefix}-A`);
    const app = await startApp(
      `@sink(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${prefix}-{{symbol}}', ` +
        `exchange.type='fanout', @map(type='json'))\n${STREAM}`,
    );
    try {
      app.input('S').send(['A', 1]);
      await app.idle();
      const check = await admin.createChannel();
      await expect(check.checkExchange(`${prefix}-A`)).resolves.toBeDefined();
      await check.close();
    } finally {
      await app.shutdown();
    }
  });

  it('follows on.error when the broker cannot be reached', async () => {
    const logs: string[] = [];
    const app = createApp(
      `${STREAM}\n@OnError(action='STREAM')\n` +
        "@sink(type='rabbitmq', uri='amqp://guest:guest@127.0.0.1:1', exchange.name='x', " +
        "on.error='STREAM', @map(type='json'))\ndefine stream O (symbol string, price double);\n" +
        'from S select * insert into O;\n' +
        "from !O select symbol, convert(_error, 'string') as error insert into Faults;",
      { logs },
    );
    const faults: unknown[][] = [];
    app.onStream('Faults', (events) => {
      for (const e of events) faults.push([...e.data]);
    });
    app.start();
    try {
      app.input('S').send(['IBM', 1]);
      await until(
        () => faults.length === 1,
        () => logs.join(' | '),
      );
      expect(faults[0]?.[0]).toBe('IBM');
      expect(String(faults[0]?.[1])).toContain('ConnectionUnavailableException');
    } finally {
      await app.shutdown();
    }
  });
});

describe('an app from a rabbitmq source to a rabbitmq sink', () => {
  it('filters events from one exchange into another', async () => {
    const input = exchangeName('e2e-in');
    const output = exchangeName('e2e-out');
    const reader = await admin.createChannel();
    await reader.assertExchange(output, 'direct');
    const { queue } = await reader.assertQueue('', { exclusive: true });
    await reader.bindQueue(queue, output, 'out');
    const received: unknown[][] = [];
    await reader.consume(
      queue,
      (m) => {
        if (m !== null) received.push(...rowsOf(NAMES, m.content.toString()));
      },
      { noAck: true },
    );
    const app = await startApp(
      `@App:name('RabbitFilter')\n` +
        `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${input}', routing.key='in', ` +
        `auto.ack='false', @map(type='json'))\n${STREAM}\n` +
        `@sink(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${output}', routing.key='out', ` +
        "@map(type='json'))\ndefine stream Expensive (symbol string, price double);\n" +
        'from S[price > 10.0] select symbol, price insert into Expensive;',
    );
    try {
      await publish(input, 'in', [
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
      await reader.close();
    }
  });
});
