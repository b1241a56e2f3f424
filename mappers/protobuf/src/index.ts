// Protobuf source and sink mappers: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { protobufSinkMapper } from './protobuf-sink-mapper.js';
import { protobufSourceMapper } from './protobuf-source-mapper.js';

export { protobufSinkMapper, protobufSourceMapper };
export { loadMessageType } from './proto-schema.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/mapper-protobuf';
 */
export const extensions: readonly Extension[] = [protobufSourceMapper, protobufSinkMapper];
