// The io contract suites against the Mosquitto broker on loopback: the mqtt source (QoS 0 and
// 1) and sink (QoS 1 and 2) connect, move a batch, reconnect and disconnect through the engine.

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import {
  client,
  collectTopic,
  EXTENSIONS,
  jsonMessages,
  MQTT_URL,
  uniqueName,
} from './mqtt-harness.test-support.js';

const NAMES = ['symbol', 'price', 'volume'];
const STREAM = 'define stream S (symbol string, price double, volume long);';
const BATCH: Rows = [
  ['IBM', 75.5, 100],
  ['WSO2', 57.25, 20],
  ['ACME', 1.5, 7],
];

async function publish(topic: string, rows: Rows, qos: 0 | 1): Promise<void> {
  const c = await client();
  for (const message of jsonMessages(NAMES, rows)) await c.publishAsync(topic, message, { qos });
  await c.endAsync();
}

for (const qos of [0, 1] as const) {
  const topic = uniqueName(`contract/source/qos${String(qos)}`);
  describeSourceContract(`mqtt (QoS ${String(qos)})`, {
    extensions: EXTENSIONS,
    app: `@source(type='mqtt', url='${MQTT_URL}', topic='${topic}', quality.of.service='${String(qos)}', @map(type='json'))\n${STREAM}`,
    batch: BATCH,
    deliver: (rows) => publish(topic, rows, qos),
  });
}

for (const qos of [1, 2] as const) {
  const topic = uniqueName(`contract/sink/qos${String(qos)}`);
  describeSinkContract(`mqtt (QoS ${String(qos)})`, {
    extensions: EXTENSIONS,
    app: `@sink(type='mqtt', url='${MQTT_URL}', topic='${topic}', quality.of.service='${String(qos)}', @map(type='json'))\n${STREAM}`,
    batch: BATCH,
    collect: () => collectTopic(topic, NAMES),
  });
}
