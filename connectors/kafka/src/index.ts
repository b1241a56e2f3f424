// Kafka source and sink (kafkajs): the extension list this plugin package registers — `kafka`,
// `kafkaMultiDC` (source and sink) and the `kafka-replay-request` / `kafka-replay-response` pair.

import type { Extension } from '@tributary/engine/extension-api';
import { kafkaMultiDcSinkSpec, kafkaMultiDcSourceSpec } from './kafka-multi-dc.js';
import {
  kafkaReplayRequestSink,
  kafkaReplayResponseSource,
  ReplayRegistry,
} from './kafka-replay.js';
import { kafkaSinkSpec } from './kafka-sink.js';
import { kafkaSourceSpec } from './kafka-source.js';

export { kafkaMultiDcSinkSpec, kafkaMultiDcSourceSpec } from './kafka-multi-dc.js';
export { ReplayRegistry } from './kafka-replay.js';
export { kafkaSinkSpec } from './kafka-sink.js';
export { kafkaSourceSpec } from './kafka-source.js';

/**
 * The Kafka extensions; replay request sinks find the response sources of the same call (pass a
 * registry to pair them across calls).
 * @example
 * const engine = createEngine({ extensions: createRegistry(builtinExtensions, {
 *   package: '@tributary/connector-kafka', version: '0.1.0', extensions: kafkaExtensions() }) });
 */
export function kafkaExtensions(
  replays: ReplayRegistry = new ReplayRegistry(),
): readonly Extension[] {
  return [
    kafkaSourceSpec,
    kafkaSinkSpec,
    kafkaMultiDcSourceSpec,
    kafkaMultiDcSinkSpec,
    kafkaReplayRequestSink(replays),
    kafkaReplayResponseSource(replays),
  ];
}

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-kafka';
 * createRegistry({ package: '@tributary/connector-kafka', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = kafkaExtensions();
