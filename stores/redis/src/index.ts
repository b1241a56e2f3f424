// Redis store (hashes per table): the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { redisStoreSpec } from './redis-store.js';

export { redisStoreSpec } from './redis-store.js';
export { parseNodes, RedisNodesError, type RedisNode } from './redis-nodes.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/store-redis';
 * createRegistry(builtinExtensions, { package: '@tributary/store-redis', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [redisStoreSpec];
