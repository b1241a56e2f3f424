// The engine's io contract suites for the websocket family over loopback. (The
// websocket-server sink has no suite: it drops events while no client is connected, as Siddhi
// does, and the suite publishes right after the app connected; websocket.test.ts covers it.)

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import {
  connectPeer,
  freePort,
  startPeerServer,
  type PeerClient,
  type PeerServer,
} from './websocket-harness.test-support.js';
import { extensions as wsExtensions } from './index.js';

const extensions = [...wsExtensions, ...jsonMappers];
const batch: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

function json(rows: Rows): string {
  return JSON.stringify(rows.map(([symbol, price]) => ({ event: { symbol, price } })));
}

function decode(message: string | Buffer): unknown[][] {
  interface E {
    event: { symbol: string; price: number };
  }
  const parsed = JSON.parse(message.toString()) as E | E[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((e) => [e.event.symbol, e.event.price]);
}

let server: PeerServer | undefined;
const serverPort = await freePort();
describeSourceContract('websocket', {
  extensions,
  app:
    `@source(type='websocket', url='ws://127.0.0.1:${String(serverPort)}/feed', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  setup: async () => {
    server = await startPeerServer({ port: serverPort });
  },
  deliver: (rows) => server?.broadcast(json(rows)),
  teardown: () => server?.close(),
});

const clients: PeerClient[] = [];
const listenPort = await freePort();
describeSourceContract('websocket-server', {
  extensions,
  app:
    `@source(type='websocket-server', host='127.0.0.1', port='${String(listenPort)}', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  deliver: async (rows) => {
    // After a reconnect the server is a new one: connect anew each time.
    const client = await connectPeer(`ws://127.0.0.1:${String(listenPort)}/`);
    clients.push(client);
    client.socket.send(json(rows));
  },
  teardown: () => {
    for (const c of clients.splice(0)) c.close();
  },
});

const sinkPort = await freePort();
describeSinkContract('websocket', {
  extensions,
  app:
    `@sink(type='websocket', url='ws://127.0.0.1:${String(sinkPort)}/in', @map(type='json'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  collect: async () => {
    const peer = await startPeerServer({ port: sinkPort });
    return { received: () => peer.received.flatMap(decode), close: () => peer.close() };
  },
});
