// NATS and JetStream source and sink: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { natsSinkSpec } from './nats-sink.js';
import { natsSourceSpec } from './nats-source.js';

export { natsSinkSpec } from './nats-sink.js';
export { natsSourceSpec } from './nats-source.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-nats';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-nats', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [natsSourceSpec, natsSinkSpec];
