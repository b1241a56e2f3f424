// WebSocket ingest: events/s through the `websocket-server` source (ws → json mapper → filter
// query → callback) beside a raw ws server doing the same work (JSON.parse, row, filter,
// count), on the same messages from a publisher process.

import { WebSocketServer } from 'ws';
import { extensions as wsList } from '../connectors/websocket/src/index.js';
import {
  engineIngestTarget,
  ingestBench,
  publisherLoop,
  rawWork,
  type IngestTarget,
} from './broker-ingest.js';

const HOST = '127.0.0.1';
const PORT = 19025 + (process.pid % 1000);

/** The publisher: a ws client sending messages 1,024 at a time within its credit. */
const PUBLISHER = `
import WebSocket from 'ws';
const [host, port, payloadsJson] = process.argv.slice(1);
const payloads = JSON.parse(payloadsJson);
let socket;
// A new connection per run: the previous run's server (engine or raw) may be gone.
const open = async () => {
  socket?.terminate();
  socket = undefined;
  for (;;) {
    try {
      const s = new WebSocket('ws://' + host + ':' + port + '/bench');
      await new Promise((resolve, reject) => { s.once('open', resolve); s.once('error', reject); });
      s.on('error', () => {});
      socket = s;
      return;
    } catch { await new Promise((r) => setTimeout(r, 20)); }
  }
};
${publisherLoop({
  stop: 'socket?.terminate();',
  beforeRun: 'await open();',
  send: `for (let i = 0; i < n - 1; i += 1) socket.send(payloads[(sent + i) % payloads.length]);
    await new Promise((resolve) => socket.send(payloads[(sent + n - 1) % payloads.length], resolve));
    sent += n;`,
})}
`;

function engineTarget(): Promise<IngestTarget> {
  return engineIngestTarget(
    { package: '@tributary/connector-websocket', version: '0.1.0', extensions: wsList },
    `@source(type='websocket-server', host='${HOST}', port='${String(PORT)}', @map(type='json'))`,
  );
}

async function rawTarget(): Promise<IngestTarget> {
  let received = 0;
  let kept = 0;
  const keep = (): void => {
    kept += 1;
  };
  const wss = new WebSocketServer({ host: HOST, port: PORT });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      rawWork((data as Buffer).toString('utf8'), keep);
      received += 1;
    });
    socket.on('error', () => undefined);
  });
  return {
    received: () => received,
    kept: () => kept,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => {
          resolve();
        });
      }),
  };
}

export const websocketIngestBench = ingestBench({
  name: 'websocket-ingest',
  description: [
    "`websocket-server` source (@map(type='json'), filter query price > 100) vs a raw ws server " +
      'doing the same work (JSON.parse, row, filter, count)',
  ],
  messages: 300_000,
  window: 50_000,
  publisher: PUBLISHER,
  publisherArgs: [HOST, String(PORT)],
  engine: engineTarget,
  raw: rawTarget,
});
