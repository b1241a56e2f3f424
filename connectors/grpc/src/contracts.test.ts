// The engine's source and sink contract suites for every gRPC extension, against loopback
// EventService servers and clients (the gRPC "server" of these connectors is the peer itself).

import { describeSinkContract, describeSourceContract } from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import {
  eventClient,
  freePort,
  startEventServer,
  type TestEventServer,
} from './grpc-harness.test-support.js';
import { grpcExtensions } from './index.js';

const BATCH = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

interface Quote {
  readonly event: { readonly symbol: string; readonly price: number };
}

/** The rows of a json payload (a batch arrives as one array). */
function rowsOf(payload: string): unknown[][] {
  const parsed = JSON.parse(payload) as Quote | Quote[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((q) => [q.event.symbol, q.event.price]);
}

function jsonPayload(row: readonly unknown[]): string {
  return JSON.stringify({ event: { symbol: row[0], price: row[1] } });
}

/** A test server started by the suite's `collect`, whose port the app reads lazily. */
function sinkSuite(name: string, app: (port: number) => string): void {
  let server: TestEventServer | undefined;
  const port = (): number => {
    if (server === undefined) throw new Error('the test server is not running');
    return server.port;
  };
  describeSinkContract(name, {
    extensions: [...grpcExtensions(), ...jsonMapperList],
    get app() {
      return app(port());
    },
    batch: BATCH,
    collect: async () => {
      server = await startEventServer();
      const running = server;
      return {
        received: () => running.calls.flatMap((c) => rowsOf(c.event.payload)),
        close: () => running.close(),
      };
    },
  });
}

sinkSuite(
  'grpc',
  (port) =>
    `@sink(type='grpc', publisher.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume/inSeq',
           headers="'Content-Type:json'", @map(type='json'))
     define stream S (symbol string, price double);`,
);

sinkSuite(
  'grpc-call',
  (port) =>
    `@sink(type='grpc-call', sink.id='c', publisher.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process',
           @map(type='json'))
     define stream S (symbol string, price double);
     @source(type='grpc-call-response', sink.id='c', @map(type='json'))
     define stream Replies (symbol string, price double);`,
);

let sourcePort = 0;
describeSourceContract('grpc', {
  extensions: [...grpcExtensions(), ...jsonMapperList],
  setup: async () => {
    sourcePort = await freePort();
  },
  get app() {
    return `@source(type='grpc', receiver.url='grpc://127.0.0.1:${String(sourcePort)}/org.wso2.grpc.EventService/consume',
                    @map(type='json'))
            define stream S (symbol string, price double);`;
  },
  batch: BATCH,
  deliver: async (rows) => {
    const client = eventClient(sourcePort);
    try {
      for (const row of rows)
        await client.call('consume', { payload: jsonPayload(row), headers: {} });
    } finally {
      await client.close();
    }
  },
});

let servicePort = 0;
describeSourceContract('grpc-service', {
  extensions: [...grpcExtensions(), ...jsonMapperList],
  setup: async () => {
    servicePort = await freePort();
  },
  // The suite compares S's rows with the batch, so the calls are answered from another
  // stream fed by S and the message id travels beside it.
  get app() {
    return `@source(type='grpc-service', source.id='svc', service.timeout='100',
                    receiver.url='grpc://127.0.0.1:${String(servicePort)}/org.wso2.grpc.EventService/process',
                    @map(type='json'))
            define stream S (symbol string, price double);`;
  },
  batch: BATCH,
  deliver: (rows) => {
    const client = eventClient(servicePort);
    // Nobody answers here: the calls time out (service.timeout) on their own; only the
    // events they became matter to the suite.
    const calls = rows.map((row) =>
      client.call('process', { payload: jsonPayload(row), headers: {} }).catch(() => undefined),
    );
    void Promise.all(calls).then(() => client.close());
  },
});
