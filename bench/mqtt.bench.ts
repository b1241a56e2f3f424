// MQTT ingest: events/s through the `mqtt` source (QoS 0 subscription → json mapper → filter
// query → callback) beside a raw mqtt.js client doing the same work (JSON.parse, row, filter,
// count), on the same QoS 0 messages from a publisher process. Needs the MQTT broker on
// 127.0.0.1:1883.

import { connect } from 'mqtt';
import { extensions as mqttList } from '../connectors/mqtt/src/index.js';
import {
  engineIngestTarget,
  ingestBench,
  publisherLoop,
  rawWork,
  SEND_FRAMES,
  type IngestTarget,
} from './broker-ingest.js';

const URL = 'mqtt://127.0.0.1:1883';
const TOPIC = `bench/mqtt/${String(process.pid)}`;

/**
 * The publisher process: writes MQTT 3.1.1 PUBLISH packets (QoS 0) straight to a socket, 1,024
 * at a time within its credit, so that it outpaces any subscriber; a PINGREQ/PINGRESP at the
 * end confirms the broker read them all.
 */
const PUBLISHER = `
import net from 'node:net';
const [host, port, topic, payloadsJson] = process.argv.slice(1);
const payloads = JSON.parse(payloadsJson);
const length = (n) => { const out = []; do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 128; out.push(b); } while (n > 0); return Buffer.from(out); };
const topicBytes = Buffer.from(topic);
const frame = (p) => {
  const body = Buffer.from(p);
  return Buffer.concat([Buffer.from([0x30]), length(2 + topicBytes.length + body.length),
    Buffer.from([topicBytes.length >> 8, topicBytes.length & 255]), topicBytes, body]);
};
const frames = Array.from({ length: 1024 }, (_, i) => frame(payloads[i % payloads.length]));
// Twice over, so that any 1,024 consecutive frames (from any position) are one slice.
const ends = [0];
for (const f of [...frames, ...frames]) ends.push(ends[ends.length - 1] + f.length);
const chunk = Buffer.concat([...frames, ...frames]);
const socket = net.connect(Number(port), host);
await new Promise((resolve) => socket.once('connect', resolve));
let waiting = [];
socket.on('data', (d) => { for (const w of waiting.splice(0)) w(d); });
const reply = () => new Promise((resolve) => waiting.push(resolve));
const id = Buffer.from('bench-publisher-' + process.pid);
const variable = Buffer.from([0, 4, 77, 81, 84, 84, 4, 2, 0, 60, id.length >> 8, id.length & 255]);
socket.write(Buffer.concat([Buffer.from([0x10]), length(variable.length + id.length), variable, id]));
const connack = await reply();
if (connack[0] !== 0x20 || connack[3] !== 0) { console.error('CONNACK refused'); process.exit(1); }
const ping = async () => { const r = reply(); socket.write(Buffer.from([0xc0, 0])); await r; };
${publisherLoop({ stop: 'socket.end(Buffer.from([0xe0, 0]));', send: SEND_FRAMES, afterRun: 'await ping();' })}
`;

function engineTarget(): Promise<IngestTarget> {
  return engineIngestTarget(
    { package: '@tributary/connector-mqtt', version: '0.1.0', extensions: mqttList },
    `@source(type='mqtt', url='${URL}', topic='${TOPIC}', quality.of.service='0', @map(type='json'))`,
  );
}

async function rawTarget(): Promise<IngestTarget> {
  const client = connect(URL, { reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      resolve();
    });
    client.once('error', reject);
  });
  let received = 0;
  let kept = 0;
  const keep = (): void => {
    kept += 1;
  };
  client.on('message', (_topic, payload) => {
    rawWork(payload.toString('utf8'), keep);
    received += 1;
  });
  await client.subscribeAsync(TOPIC, { qos: 0 });
  return { received: () => received, kept: () => kept, close: () => client.endAsync() };
}

export const mqttIngestBench = ingestBench({
  name: 'mqtt-ingest',
  description: [
    "`mqtt` source (QoS 0, @map(type='json'), filter query price > 100) vs a raw mqtt.js " +
      'client doing the same work (decode, JSON.parse, row, filter, count)',
  ],
  messages: 200_000,
  // Mosquitto drops QoS 0 messages beyond 1,000 queued for a client; the socket takes more.
  window: 5_000,
  publisher: PUBLISHER,
  publisherArgs: ['127.0.0.1', '1883', TOPIC],
  engine: engineTarget,
  raw: rawTarget,
});
