// Kafka source and sink (kafkajs): the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { kafkaSinkSpec } from './kafka-sink.js';
import { kafkaSourceSpec } from './kafka-source.js';

export { kafkaSinkSpec } from './kafka-sink.js';
export { kafkaSourceSpec } from './kafka-source.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-kafka';
 * createRegistry({ package: '@tributary/connector-kafka', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [kafkaSourceSpec, kafkaSinkSpec];
