// JSON source and sink mappers: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { jsonSinkMapperSpec } from './json-sink-mapper.js';
import { jsonSourceMapperSpec } from './json-source-mapper.js';

export { jsonSinkMapperSpec } from './json-sink-mapper.js';
export { jsonSourceMapperSpec } from './json-source-mapper.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/mapper-json';
 * createRegistry({ package: '@tributary/mapper-json', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [jsonSourceMapperSpec, jsonSinkMapperSpec];
