// Avro source and sink mappers: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { avroSinkMapper } from './avro-sink-mapper.js';
import { avroSourceMapper } from './avro-source-mapper.js';

export { avroSinkMapper, avroSourceMapper };
export { SchemaRegistry, confluentFrame, confluentMessage, parseSchema } from './avro-schema.js';
export { AvroDecimal } from './logical-types.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/mapper-avro';
 */
export const extensions: readonly Extension[] = [avroSourceMapper, avroSinkMapper];
