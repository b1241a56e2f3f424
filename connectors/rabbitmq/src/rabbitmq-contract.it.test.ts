// The io contract suites against the RabbitMQ broker on loopback: the source (automatic and
// manual acknowledgements) and the sink connect, move a batch, reconnect and disconnect.

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import type { ChannelModel } from 'amqplib';
import {
  AMQP_URI,
  client,
  EXTENSIONS,
  jsonMessages,
  rowsOf,
  uniqueName,
} from './rabbitmq-harness.test-support.js';

const NAMES = ['symbol', 'price', 'volume'];
const STREAM = 'define stream S (symbol string, price double, volume long);';
const BATCH: Rows = [
  ['IBM', 75.5, 100],
  ['WSO2', 57.25, 20],
  ['ACME', 1.5, 7],
];

async function publish(exchange: string, key: string, rows: Rows): Promise<void> {
  const connection = await client();
  const channel = await connection.createConfirmChannel();
  for (const message of jsonMessages(NAMES, rows)) {
    channel.publish(exchange, key, Buffer.from(message));
  }
  await channel.waitForConfirms();
  await connection.close();
}

async function deleteExchange(exchange: string): Promise<void> {
  const connection = await client();
  const channel = await connection.createChannel();
  await channel.deleteExchange(exchange);
  await connection.close();
}

for (const autoAck of ['true', 'false']) {
  const exchange = uniqueName('contract.source');
  describeSourceContract(`rabbitmq (auto.ack=${autoAck})`, {
    extensions: EXTENSIONS,
    app:
      `@source(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${exchange}', ` +
      `exchange.autodelete.enabled='true', routing.key='stocks', auto.ack='${autoAck}', ` +
      `@map(type='json'))\n${STREAM}`,
    batch: BATCH,
    deliver: (rows) => publish(exchange, 'stocks', rows),
    teardown: () => deleteExchange(exchange),
  });
}

const sinkExchange = uniqueName('contract.sink');
let reader: ChannelModel | undefined;
describeSinkContract('rabbitmq', {
  extensions: EXTENSIONS,
  app:
    `@sink(type='rabbitmq', uri='${AMQP_URI}', exchange.name='${sinkExchange}', ` +
    `routing.key='stocks', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  collect: async () => {
    reader = await client();
    const channel = await reader.createChannel();
    await channel.assertExchange(sinkExchange, 'direct', { autoDelete: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, sinkExchange, 'stocks');
    const received: unknown[][] = [];
    await channel.consume(
      queue,
      (message) => {
        if (message !== null) received.push(...rowsOf(NAMES, message.content.toString('utf8')));
      },
      { noAck: true },
    );
    return {
      received: () => received,
      close: async () => {
        await reader?.close();
      },
    };
  },
});
