// Fault tests on a private Mosquitto broker (its own port) that is stopped and started again:
// an mqtt sink whose broker is down follows on.error (WAIT publishes everything once the broker
// is back, STREAM hands each event on with the error), and the source resubscribes.

import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, startApp, uniqueName, until } from './mqtt-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';

let port = 0;
let broker: ChildProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => {
        resolve(p);
      });
    });
  });
}

async function accepting(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function startBroker(): Promise<void> {
  const child = spawn('/usr/sbin/mosquitto', ['-p', String(port)], { stdio: 'ignore' });
  broker = child;
  const deadline = Date.now() + 10_000;
  while (!(await accepting())) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error('mosquitto did not start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopBroker(): Promise<void> {
  const child = broker;
  broker = undefined;
  if (child?.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const url = (): string => `mqtt://127.0.0.1:${String(port)}`;

beforeAll(async () => {
  port = await freePort();
  await startBroker();
});

afterAll(async () => {
  await stopBroker();
});

function rows(count: number, from = 0): unknown[][] {
  return Array.from({ length: count }, (_, i) => [`E${String(from + i)}`, from + i]);
}

/** Every row published to `topic` (QoS 1) while the returned reader lives; it reconnects. */
async function reader(topic: string): Promise<{ rows: unknown[][]; close: () => Promise<void> }> {
  const collected: unknown[][] = [];
  const c = await connectAsync(url(), {
    clientId: uniqueName('reader'),
    clean: false,
    reconnectPeriod: 100,
  });
  c.on('message', (_t, payload) => {
    collected.push(...rowsOf(NAMES, payload.toString()));
  });
  await c.subscribeAsync(topic, { qos: 1 });
  return { rows: collected, close: () => c.endAsync(true) };
}

describe('an mqtt sink and source whose broker stops and starts again', () => {
  it("on.error='WAIT' publishes every event once the broker is back", async () => {
    const topic = uniqueName('fault/wait');
    const app = await startApp(
      `@sink(type='mqtt', url='${url()}', topic='${topic}', quality.of.service='1', ` +
        `on.error='WAIT', @map(type='json', event.grouping.enabled='false'))\n${STREAM}`,
      { delays: [100] },
    );
    try {
      const input = app.input('S');
      input.sendBatch(rows(50));
      await app.idle();
      await stopBroker();
      input.sendBatch(rows(50, 50));
      await startBroker();
      // A fresh broker keeps nothing: read from now on, then publish the rest.
      const out = await reader(topic);
      input.sendBatch(rows(50, 100));
      await until(
        () => new Set(out.rows.map((r) => r[0])).size >= 100,
        () => `the reader got ${String(out.rows.length)}`,
        30_000,
      );
      // The 50 waiting events and the 50 sent after the restart all arrive.
      expect(new Set(out.rows.map((r) => r[0]))).toEqual(new Set(rows(100, 50).map((r) => r[0])));
      await out.close();
    } finally {
      await app.shutdown();
    }
  }, 60_000);

  it("on.error='STREAM' hands each event on; the source subscribes again after the restart", async () => {
    const topic = uniqueName('fault/stream');
    const logs: string[] = [];
    const app = await startApp(
      `@source(type='mqtt', url='${url()}', topic='${topic}/in', @map(type='json'))\n${STREAM}\n` +
        "@OnError(action='STREAM')\n" +
        `@sink(type='mqtt', url='${url()}', topic='${topic}/out', on.error='STREAM', @map(type='json'))\n` +
        'define stream O (symbol string, price double);\n' +
        "from !O select symbol, convert(_error, 'string') as error insert into Faults;",
      { logs, delays: [100] },
    );
    const faults: unknown[][] = [];
    app.onStream('Faults', (events) => {
      for (const e of events) faults.push([...e.data]);
    });
    const received: unknown[][] = [];
    app.onStream('S', (events) => {
      for (const e of events) received.push([...e.data]);
    });
    try {
      await stopBroker();
      app.input('O').send(['LOST', 1]);
      await until(
        () => faults.length === 1,
        () => logs.slice(-3).join(' | '),
      );
      expect(String(faults[0]?.[1])).toContain('ConnectionUnavailableException');
      await startBroker();
      const publisher = await connectAsync(url(), { reconnectPeriod: 0 });
      const deadline = Date.now() + 20_000;
      while (received.length === 0 && Date.now() < deadline) {
        await publisher.publishAsync(
          `${topic}/in`,
          JSON.stringify({ event: { symbol: 'BACK', price: 2 } }),
          { qos: 1 },
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await publisher.endAsync();
      expect(received[0]).toEqual(['BACK', 2]);
    } finally {
      await app.shutdown();
    }
  }, 60_000);
});
