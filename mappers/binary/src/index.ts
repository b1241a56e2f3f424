// Siddhi binary source and sink mappers: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { binarySinkMapper } from './binary-sink-mapper.js';
import { binarySourceMapper } from './binary-source-mapper.js';

export { binarySinkMapper, binarySourceMapper };
export { decodeEvents, encodeEvents, type BinaryEvent, type BinaryType } from './binary-format.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/mapper-binary';
 */
export const extensions: readonly Extension[] = [binarySourceMapper, binarySinkMapper];
