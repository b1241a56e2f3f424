// The io contract suites against the NATS server on loopback: the core NATS and the JetStream
// source and sink connect, move a batch, reconnect and disconnect through the engine.

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import type { NatsConnection, Subscription } from 'nats';
import {
  client,
  createStream,
  deleteStream,
  EXTENSIONS,
  jsonMessages,
  rowsOf,
  uniqueName,
} from './nats-harness.test-support.js';

const NAMES = ['symbol', 'price', 'volume'];
const STREAM = 'define stream S (symbol string, price double, volume long);';
const BATCH: Rows = [
  ['IBM', 75.5, 100],
  ['WSO2', 57.25, 20],
  ['ACME', 1.5, 7],
];

async function publish(subject: string, rows: Rows): Promise<void> {
  const nc = await client();
  for (const message of jsonMessages(NAMES, rows)) nc.publish(subject, message);
  await nc.flush();
  await nc.close();
}

async function collect(subject: string) {
  const nc = await client();
  const received: unknown[][] = [];
  const sub: Subscription = nc.subscribe(subject, {
    callback: (_error, msg) => {
      received.push(...rowsOf(NAMES, msg.string()));
    },
  });
  await nc.flush();
  return {
    received: () => received,
    close: async () => {
      sub.unsubscribe();
      await nc.close();
    },
  };
}

const coreSourceSubject = uniqueName('contract.core.source');
describeSourceContract('nats (core)', {
  extensions: EXTENSIONS,
  app: `@source(type='nats', destination='${coreSourceSubject}', server.urls='nats://127.0.0.1:4222', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  deliver: (rows) => publish(coreSourceSubject, rows),
});

const coreSinkSubject = uniqueName('contract.core.sink');
describeSinkContract('nats (core)', {
  extensions: EXTENSIONS,
  app: `@sink(type='nats', destination='${coreSinkSubject}', server.urls='nats://127.0.0.1:4222', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  collect: () => collect(coreSinkSubject),
});

const jsSourceSubject = uniqueName('contract.js.source');
let admin: NatsConnection | undefined;
let jsSourceStream = '';
describeSourceContract('nats (JetStream, ephemeral consumer)', {
  extensions: EXTENSIONS,
  app: `@source(type='nats', destination='${jsSourceSubject}', jetstream.enabled='true', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  setup: async () => {
    admin = await client();
    jsSourceStream = await createStream(admin, [jsSourceSubject]);
  },
  teardown: async () => {
    if (admin === undefined) return;
    await deleteStream(admin, jsSourceStream);
    await admin.close();
  },
  deliver: (rows) => publish(jsSourceSubject, rows),
});

const jsSinkSubject = uniqueName('contract.js.sink');
let sinkAdmin: NatsConnection | undefined;
let jsSinkStream = '';
describeSinkContract('nats (JetStream)', {
  extensions: EXTENSIONS,
  app: `@sink(type='nats', destination='${jsSinkSubject}', streaming.cluster.id='test-cluster', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  setup: async () => {
    sinkAdmin = await client();
    jsSinkStream = await createStream(sinkAdmin, [jsSinkSubject]);
  },
  teardown: async () => {
    if (sinkAdmin === undefined) return;
    await deleteStream(sinkAdmin, jsSinkStream);
    await sinkAdmin.close();
  },
  collect: () => collect(jsSinkSubject),
});
