// Fault tests on a private nats-server (JetStream, file store) that is stopped and started
// again mid-stream: a JetStream source loses no event (every event is counted end to end), and
// a sink whose server is down follows on.error (WAIT delivers everything after the restart,
// LOG and STREAM hand each event on with the error).

import { FaultInjector, faultySink } from '@tributary/engine/testing';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStream,
  eventually,
  jsonMessages,
  PrivateNatsServer,
  startApp,
  uniqueName,
  until,
} from './nats-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';

let server: PrivateNatsServer;

beforeAll(async () => {
  server = await PrivateNatsServer.start();
}, 20_000);

afterAll(async () => {
  await server.dispose();
});

/** A client that rides out the server's restarts (the test's own publisher and reader). */
function resilientClient(): Promise<NatsConnection> {
  return connect({
    servers: server.url,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 50,
  });
}

function rows(count: number, from = 0): unknown[][] {
  return Array.from({ length: count }, (_, i) => [`E${String(from + i)}`, from + i]);
}

/** Publishes with retries (the server may be restarting); message ids drop duplicates. */
async function jsPublish(nc: NatsConnection, subject: string, data: unknown[][]): Promise<void> {
  const js = nc.jetstream();
  const deadline = Date.now() + 20_000;
  const publishOne = async (message: string, id: string): Promise<void> => {
    for (;;) {
      try {
        await js.publish(subject, message, { msgID: id, timeout: 1000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const messages = jsonMessages(NAMES, data);
  await Promise.all(messages.map((m, i) => publishOne(m, String(data[i]?.[0]))));
}

describe('a JetStream source while its server stops and starts again', () => {
  it('loses no event: every event reaches the sink at least once', async () => {
    const nc = await resilientClient();
    const subject = uniqueName('fault.source');
    await createStream(nc, [subject], true);
    const faults = new FaultInjector().holdPublishes();
    const logs: string[] = [];
    const app = await startApp(
      `@source(type='nats', destination='${subject}', server.urls='${server.url}', ` +
        `durable.name='${uniqueName('fault')}', ack.wait='1', @map(type='json'))\n${STREAM}\n` +
        "@sink(type='faulty')\ndefine stream O (symbol string, price double);\n" +
        'from S select * insert into O;',
      { extensions: [faultySink(faults)], logs, delays: [100] },
    );
    // End to end: what the sink published (passThrough payloads are the events).
    const atSink = (): string[] =>
      faults.payloads.map((p) => String((p as { data: readonly unknown[] }).data[0]));
    try {
      await jsPublish(nc, subject, rows(2000));
      // Mid-stream: events are in the app, their sink has not acknowledged them yet.
      await until(
        () => faults.published.length >= 200,
        () => `published ${String(faults.published.length)}`,
      );
      await server.stop();
      faults.releasePublishes();
      await server.restart();
      // More events after the restart (the publisher waits for the server to come back).
      await jsPublish(nc, subject, rows(1000, 2000));
      await until(
        () => new Set(atSink()).size === 3000,
        () =>
          `the sink has ${String(new Set(atSink()).size)} of 3000; ${logs.slice(-3).join(' | ')}`,
        30_000,
      );
      const published = atSink();
      expect(new Set(published)).toEqual(new Set(rows(3000).map((r) => String(r[0]))));
      // At least once: events in flight at the stop may arrive twice; none is lost.
      expect(published.length).toBeGreaterThanOrEqual(3000);
      expect(logs.some((l) => l.includes('connection'))).toBe(true);
    } finally {
      await app.shutdown();
      await nc.close();
    }
  }, 60_000);
});

describe('a nats sink whose server is down', () => {
  async function storedIn(nc: NatsConnection, stream: string): Promise<number> {
    try {
      const jsm = await nc.jetstreamManager();
      return (await jsm.streams.info(stream)).state.messages;
    } catch {
      return -1; // the test's client is still reconnecting
    }
  }

  function sinkApp(subject: string, onError: string, dedup = ''): string {
    return (
      `${STREAM}\n@OnError(action='STREAM')\n` +
      `@sink(type='nats', destination='${subject}', server.urls='${server.url}', ` +
      `jetstream.enabled='true', ack.wait='1', on.error='${onError}', ${dedup}` +
      `@map(type='json', event.grouping.enabled='false'))\n` +
      'define stream O (symbol string, price double);\n' +
      'from S select * insert into O;\n' +
      "from !O select symbol, convert(_error, 'string') as error insert into Faults;"
    );
  }

  it("on.error='WAIT' keeps the events and delivers all of them once the server is back", async () => {
    const nc = await resilientClient();
    const subject = uniqueName('fault.wait');
    const name = await createStream(nc, [subject], true);
    const app = await startApp(sinkApp(subject, 'WAIT', "message.id='{{symbol}}', "), {
      delays: [100],
    });
    try {
      const input = app.input('S');
      input.sendBatch(rows(100));
      await app.idle();
      await server.stop();
      input.sendBatch(rows(100, 100));
      await server.restart();
      input.sendBatch(rows(100, 200));
      await eventually(
        async () => (await storedIn(nc, name)) === 300,
        () => 'the stream did not get all 300 events',
        30_000,
      );
      await app.idle();
      expect(await storedIn(nc, name)).toBe(300);
    } finally {
      await app.shutdown();
      await nc.close();
    }
  }, 60_000);

  it.each(['LOG', 'STREAM'])(
    "on.error='%s' hands each event on with the error and publishes again after the restart",
    async (onError) => {
      const nc = await resilientClient();
      const subject = uniqueName(`fault.${onError.toLowerCase()}`);
      const name = await createStream(nc, [subject], true);
      const logs: string[] = [];
      const app = await startApp(sinkApp(subject, onError), { logs, delays: [100] });
      const faults: unknown[][] = [];
      app.onStream('Faults', (events) => {
        for (const e of events) faults.push([...e.data]);
      });
      try {
        const input = app.input('S');
        input.sendBatch(rows(3));
        await app.idle();
        await server.stop();
        input.sendBatch(rows(4, 3));
        await app.idle();
        const failed = onError === 'STREAM' ? faults : logs.filter((l) => l.includes('dropped'));
        await until(
          () => failed.length === 4,
          () => `${String(failed.length)} failed events; ${logs.slice(-3).join(' | ')}`,
        );
        if (onError === 'STREAM') {
          expect(faults.map((f) => f[0])).toEqual(['E3', 'E4', 'E5', 'E6']);
          expect(String(faults[0]?.[1])).toContain('ConnectionUnavailableException');
        }
        await server.restart();
        // The sink reconnects in the background; what is sent then is published.
        await eventually(
          async () => {
            input.send(['AFTER', 1]);
            await app.idle();
            return (await storedIn(nc, name).catch(() => 0)) > 3;
          },
          () => 'nothing published after the restart',
          30_000,
        );
        expect(await storedIn(nc, name)).toBeGreaterThan(3);
      } finally {
        await app.shutdown();
        await nc.close();
      }
    },
    60_000,
  );
});
