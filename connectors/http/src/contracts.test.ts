// The engine's io contract suites for the http family, over real loopback HTTP.

import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { freePort, send, startServer, type TestServer } from './http-harness.test-support.js';
import { httpExtensions } from './index.js';

const extensions = [...httpExtensions(), ...jsonMapperList];

function eventsJson(rows: Rows): string {
  return JSON.stringify(rows.map(([symbol, price]) => ({ event: { symbol, price } })));
}

interface JsonEvent {
  readonly event: { readonly symbol: string; readonly price: number };
}

/** A json sink mapper payload (one event, or a batch as an array) as rows. */
function decode(body: string): unknown[][] {
  const parsed = JSON.parse(body) as JsonEvent | JsonEvent[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((e) => [e.event.symbol, e.event.price]);
}

const batch: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

const sourcePort = await freePort();
describeSourceContract('http', {
  extensions,
  app:
    `@source(type='http', receiver.url='http://127.0.0.1:${String(sourcePort)}/contract', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  deliver: async (rows) => {
    const answer = await send(`http://127.0.0.1:${String(sourcePort)}/contract`, {
      body: eventsJson(rows),
    });
    if (answer.status !== 200) throw new Error(`the source answered ${String(answer.status)}`);
  },
});

const servicePort = await freePort();
describeSourceContract('http-service', {
  extensions,
  app:
    `@source(type='http-service', source.id='c', connection.timeout='100',
             receiver.url='http://127.0.0.1:${String(servicePort)}/contract', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  deliver: async (rows) => {
    // Nothing answers in this app: each request ends with 504 after connection.timeout.
    const answer = await send(`http://127.0.0.1:${String(servicePort)}/contract`, {
      body: eventsJson(rows),
    });
    if (answer.status !== 504) throw new Error(`the source answered ${String(answer.status)}`);
  },
});

let sse: { url: string; clients: ServerResponse[]; close: () => Promise<void> } | undefined;
const ssePort = await freePort();
describeSourceContract('sse', {
  extensions,
  app:
    `@source(type='sse', receiver.url='http://127.0.0.1:${String(ssePort)}/events', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  setup: async () => {
    const clients: ServerResponse[] = [];
    const server = http.createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      clients.push(res);
    });
    await new Promise<void>((resolve) => server.listen(ssePort, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sse = {
      url: `http://127.0.0.1:${String(port)}/events`,
      clients,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        }),
    };
  },
  deliver: async (rows) => {
    const clients = sse?.clients ?? [];
    const deadline = Date.now() + 5000;
    // After a reconnect the newest client is the live one.
    while (clients.every((c) => c.writableEnded || c.destroyed)) {
      if (Date.now() > deadline) throw new Error('no sse client is connected');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const live = clients.filter((c) => !c.writableEnded && !c.destroyed).at(-1);
    live?.write(`data: ${eventsJson(rows)}\n\n`);
  },
  teardown: () => sse?.close(),
});

let polled: { bodies: string[]; server: TestServer } | undefined;
const pollPort = await freePort();
describeSourceContract('http-poll', {
  extensions,
  app:
    `@source(type='http-poll', receiver.url='http://127.0.0.1:${String(pollPort)}/feed',
             polling.interval='20 ms', http.status.code='20\\d', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  setup: async () => {
    const bodies: string[] = [];
    // Each delivered batch is served once; polls in between get 204 (skipped).
    const server = await startServer(
      () => {
        const body = bodies.shift();
        return body === undefined ? { status: 204 } : { body };
      },
      { port: pollPort },
    );
    polled = { bodies, server };
  },
  deliver: (rows) => {
    polled?.bodies.push(eventsJson(rows));
  },
  teardown: () => polled?.server.close(),
});

let collector: TestServer | undefined;
const sinkPort = await freePort();
describeSinkContract('http', {
  extensions,
  app:
    `@sink(type='http', publisher.url='http://127.0.0.1:${String(sinkPort)}/in', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  collect: async () => {
    collector = await startServer(() => ({}), { port: sinkPort });
    const server = collector;
    return {
      received: () => server.received.flatMap((r) => decode(r.body)),
      close: () => server.close(),
    };
  },
});
