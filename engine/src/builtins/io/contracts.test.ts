// The io contract suites run for the built-in inMemory source and sink and passThrough mappers.

import type { IoEvent } from '../../extension-api/io-contracts.js';
import {
  describeMapperRoundTrip,
  describeSinkContract,
  describeSourceContract,
} from '../../testing/contracts.js';
import { inMemoryBroker } from './in-memory-broker.js';
import { passThroughSinkMapper, passThroughSourceMapper } from './pass-through.js';

const batch = [
  ['IBM', 75.5, 100],
  ['WSO2', 57.25, 20],
];

describeSourceContract('inMemory', {
  extensions: [],
  app: "@source(type='inMemory', topic='contract-source') define stream S (symbol string, price double, volume long);",
  batch,
  deliver: (rows) => inMemoryBroker.publish('contract-source', rows),
});

describeSinkContract('inMemory', {
  extensions: [],
  app: "@sink(type='inMemory', topic='contract-sink') define stream S (symbol string, price double, volume long);",
  batch,
  collect: () => {
    const rows: unknown[][] = [];
    const unsubscribe = inMemoryBroker.subscribe('contract-sink', (message) => {
      rows.push([...(message as IoEvent).data]);
    });
    return { received: () => rows, close: unsubscribe };
  },
});

describeMapperRoundTrip(passThroughSinkMapper, passThroughSourceMapper, batch, {
  attributes: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'double' },
    { name: 'volume', type: 'long' },
  ],
});
