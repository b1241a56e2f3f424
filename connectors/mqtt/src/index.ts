// MQTT source and sink (mqtt.js): the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { mqttSinkSpec } from './mqtt-sink.js';
import { mqttSourceSpec } from './mqtt-source.js';

export { mqttSinkSpec } from './mqtt-sink.js';
export { mqttSourceSpec } from './mqtt-source.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-mqtt';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-mqtt', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [mqttSourceSpec, mqttSinkSpec];
