// The built-in io extensions, written on the extension API like any plugin: the `inMemory`
// source, sink and store, the `log` sink, the `passThrough` mappers and the distribution
// strategies.

import type { Extension } from '../../extension-api/define.js';
import { broadcastStrategy, partitionedStrategy, roundRobinStrategy } from './distribution.js';
import { inMemoryExtensions } from './in-memory.js';
import { inMemoryStore } from './in-memory-store.js';
import { logSink } from './log-sink.js';
import { passThroughSinkMapper, passThroughSourceMapper } from './pass-through.js';

export { InMemoryBroker, inMemoryBroker, type BrokerSubscriber } from './in-memory-broker.js';
export { inMemoryExtensions } from './in-memory.js';
export { javaStringHashCode } from './distribution.js';
export { renderLogPayload } from './log-sink.js';
export { passThroughRows } from './pass-through.js';

/**
 * Every built-in io extension (the `inMemory` ones on the process's broker).
 * @example
 * createRegistry({ package: '@tributary/engine', version, extensions: builtinIoExtensions });
 */
export const builtinIoExtensions: readonly Extension[] = [
  ...inMemoryExtensions(),
  logSink,
  passThroughSourceMapper,
  passThroughSinkMapper,
  roundRobinStrategy,
  broadcastStrategy,
  partitionedStrategy,
  inMemoryStore,
];
