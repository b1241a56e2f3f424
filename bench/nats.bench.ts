// NATS ingest: events/s through the `nats` source (core NATS subscription → json mapper →
// filter query → callback) beside a raw nats.js subscription doing the same work (JSON.parse,
// row, filter, count), on the same messages from a publisher process. Needs the NATS server
// on 127.0.0.1:4222.

import { connect } from 'nats';
import { extensions as natsList } from '../connectors/nats/src/index.js';
import {
  engineIngestTarget,
  ingestBench,
  publisherLoop,
  rawWork,
  SEND_FRAMES,
  type IngestTarget,
} from './broker-ingest.js';

const URL = 'nats://127.0.0.1:4222';
const SUBJECT = `bench.nats.${String(process.pid)}`;

/**
 * The publisher process: writes NATS protocol frames (`PUB <subject> <n>`) straight to a socket,
 * 1,024 at a time within its credit, so that it outpaces any subscriber; a PING/PONG at the
 * end confirms the server read them all.
 */
const PUBLISHER = `
import net from 'node:net';
const [host, port, subject, payloadsJson] = process.argv.slice(1);
const payloads = JSON.parse(payloadsJson);
const frames = Array.from({ length: 1024 }, (_, i) => {
  const p = payloads[i % payloads.length];
  return Buffer.from('PUB ' + subject + ' ' + Buffer.byteLength(p) + '\\r\\n' + p + '\\r\\n');
});
// Twice over, so that any 1,024 consecutive frames (from any position) are one slice.
const ends = [0];
for (const f of [...frames, ...frames]) ends.push(ends[ends.length - 1] + f.length);
const chunk = Buffer.concat([...frames, ...frames]);
const socket = net.connect(Number(port), host);
await new Promise((resolve) => socket.once('connect', resolve));
let pongs = [];
socket.on('data', (d) => {
  const text = d.toString('latin1');
  if (text.includes('PING')) socket.write('PONG\\r\\n');
  if (text.includes('PONG')) for (const p of pongs.splice(0)) p();
  if (text.includes('-ERR')) { console.error(text); process.exit(1); }
});
socket.write('CONNECT {"verbose":false,"pedantic":false,"lang":"bench","version":"1"}\\r\\n');
const ping = () => new Promise((resolve) => { pongs.push(resolve); socket.write('PING\\r\\n'); });
await ping();
${publisherLoop({ stop: 'socket.end();', send: SEND_FRAMES, afterRun: 'await ping();' })}
`;

function engineTarget(): Promise<IngestTarget> {
  return engineIngestTarget(
    { package: '@tributary/connector-nats', version: '0.1.0', extensions: natsList },
    `@source(type='nats', destination='${SUBJECT}', server.urls='${URL}', @map(type='json'))`,
  );
}

async function rawTarget(): Promise<IngestTarget> {
  const nc = await connect({ servers: URL });
  const decoder = new TextDecoder();
  let received = 0;
  let kept = 0;
  const keep = (): void => {
    kept += 1;
  };
  nc.subscribe(SUBJECT, {
    callback: (_error, msg) => {
      rawWork(decoder.decode(msg.data), keep);
      received += 1;
    },
  });
  await nc.flush();
  return { received: () => received, kept: () => kept, close: () => nc.close() };
}

export const natsIngestBench = ingestBench({
  name: 'nats-ingest',
  description: [
    "`nats` source (core NATS, @map(type='json'), filter query price > 100) vs a raw nats.js " +
      'subscription doing the same work (decode, JSON.parse, row, filter, count)',
  ],
  messages: 300_000,
  window: 50_000,
  publisher: PUBLISHER,
  publisherArgs: ['127.0.0.1', '4222', SUBJECT],
  engine: engineTarget,
  raw: rawTarget,
});
