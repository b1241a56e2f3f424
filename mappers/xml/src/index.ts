// XML source and sink mappers: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { xmlSinkMapperSpec } from './xml-sink-mapper.js';
import { xmlSourceMapperSpec } from './xml-source-mapper.js';

export { xmlSinkMapperSpec } from './xml-sink-mapper.js';
export { xmlSourceMapperSpec } from './xml-source-mapper.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/mapper-xml';
 * createRegistry({ package: '@tributary/mapper-xml', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [xmlSourceMapperSpec, xmlSinkMapperSpec];
