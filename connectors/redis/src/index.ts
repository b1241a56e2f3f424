// Redis pub/sub source and sink (ioredis; tables are the redis store's): the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { redisSinkSpec } from './redis-sink.js';
import { redisSourceSpec } from './redis-source.js';

export { redisSinkSpec } from './redis-sink.js';
export { redisSourceSpec } from './redis-source.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-redis';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-redis', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [redisSourceSpec, redisSinkSpec];
