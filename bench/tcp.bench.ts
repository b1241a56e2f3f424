// TCP ingest: events/s through the `tcp` source (siddhi-io-tcp framing → json mapper → filter
// query → callback) beside a raw net server doing the same work (frame decoding, JSON.parse,
// row, filter, count), on the same frames from a publisher process.

import net from 'node:net';
import { extensions as tcpList } from '../connectors/tcp/src/index.js';
import { FrameDecoder } from '../connectors/tcp/src/tcp-frame.js';
import {
  engineIngestTarget,
  ingestBench,
  publisherLoop,
  rawWork,
  SEND_FRAMES,
  type IngestTarget,
} from './broker-ingest.js';

const HOST = '127.0.0.1';
const PORT = 19892 + (process.pid % 1000);
const CHANNEL = 'Bench/S';

/** The publisher: siddhi-io-tcp frames written 1,024 at a time within its credit. */
const PUBLISHER = `
import net from 'node:net';
const [host, port, channel, payloadsJson] = process.argv.slice(1);
const payloads = JSON.parse(payloadsJson);
const frame = (text) => {
  const s = Buffer.from('bench-session'), c = Buffer.from(channel), d = Buffer.from(text);
  const size = 12 + s.length + c.length + d.length;
  const b = Buffer.alloc(5 + size);
  let at = b.writeUInt8(2, 0);
  at = b.writeInt32BE(size, at); at = b.writeInt32BE(s.length, at); at += s.copy(b, at);
  at = b.writeInt32BE(c.length, at); at += c.copy(b, at); at = b.writeInt32BE(d.length, at); d.copy(b, at);
  return b;
};
const frames = Array.from({ length: 1024 }, (_, i) => frame(payloads[i % payloads.length]));
const ends = [0];
for (const f of [...frames, ...frames]) ends.push(ends[ends.length - 1] + f.length);
const chunk = Buffer.concat([...frames, ...frames]);
let socket;
// A new connection per run: the previous run's server (engine or raw) may be gone.
const open = async () => {
  socket?.destroy();
  socket = undefined;
  for (;;) {
    try {
      const s = net.connect(Number(port), host);
      await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('error', reject); });
      s.on('error', () => {});
      s.on('close', () => { if (socket === s) socket = undefined; });
      socket = s;
      return;
    } catch { await new Promise((r) => setTimeout(r, 20)); }
  }
};
${publisherLoop({ stop: 'socket?.end();', beforeRun: 'await open();', send: SEND_FRAMES })}
`;

function engineTarget(): Promise<IngestTarget> {
  return engineIngestTarget(
    { package: '@tributary/connector-tcp', version: '0.1.0', extensions: tcpList },
    `@app:name('Bench')
     @source(type='tcp', host='${HOST}', port='${String(PORT)}', @map(type='json'))`,
  );
}

async function rawTarget(): Promise<IngestTarget> {
  let received = 0;
  let kept = 0;
  const keep = (): void => {
    kept += 1;
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.channelId !== CHANNEL) continue;
        rawWork(frame.data.toString('utf8'), keep);
        received += 1;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(PORT, HOST, resolve));
  return {
    received: () => received,
    kept: () => kept,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export const tcpIngestBench = ingestBench({
  name: 'tcp-ingest',
  description: [
    "`tcp` source (siddhi-io-tcp frames, @map(type='json'), filter query price > 100) vs a raw " +
      'net server doing the same work (frame decoding, JSON.parse, row, filter, count)',
  ],
  messages: 300_000,
  window: 50_000,
  publisher: PUBLISHER,
  publisherArgs: [HOST, String(PORT), CHANNEL],
  engine: engineTarget,
  raw: rawTarget,
});
