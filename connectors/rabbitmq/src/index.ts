// RabbitMQ (AMQP 0-9-1) source and sink on amqplib: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { rabbitmqSinkSpec } from './rabbitmq-sink.js';
import { rabbitmqSourceSpec } from './rabbitmq-source.js';

export { rabbitmqSinkSpec } from './rabbitmq-sink.js';
export { rabbitmqSourceSpec } from './rabbitmq-source.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-rabbitmq';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-rabbitmq', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [rabbitmqSourceSpec, rabbitmqSinkSpec];
