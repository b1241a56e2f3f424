// Text, CSV and key-value source and sink mappers: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { csvSinkMapper } from './csv-sink-mapper.js';
import { csvSourceMapper } from './csv-source-mapper.js';
import { keyvalueSinkMapper } from './keyvalue-sink-mapper.js';
import { keyvalueSourceMapper } from './keyvalue-source-mapper.js';
import { textSinkMapper } from './text-sink-mapper.js';
import { textSourceMapper } from './text-source-mapper.js';

export {
  csvSinkMapper,
  csvSourceMapper,
  keyvalueSinkMapper,
  keyvalueSourceMapper,
  textSinkMapper,
  textSourceMapper,
};

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/mapper-text';
 * extensions.map((e) => `${e.kind}:${e.spec.name}`); // ['sourceMapper:csv', 'sinkMapper:csv', …]
 */
export const extensions: readonly Extension[] = [
  csvSourceMapper,
  csvSinkMapper,
  textSourceMapper,
  textSinkMapper,
  keyvalueSourceMapper,
  keyvalueSinkMapper,
];
