// Mathematical functions (math:abs, math:round, math:conv, …) and the math:percentile
// aggregator, with java.lang.Math's results: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { binaryFunctions } from './binary-functions.js';
import { constantFunctions } from './constant-functions.js';
import { conversionFunctions } from './conversion-functions.js';
import { percentile } from './percentile.js';
import { unaryFunctions } from './unary-functions.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createEngine({ extensions: createRegistry(builtinExtensions,
 *   { package: '@tributary/execution-math', version: '0.1.0', extensions }) });
 */
export const extensions: readonly Extension[] = [
  percentile,
  ...unaryFunctions,
  ...binaryFunctions,
  ...conversionFunctions,
  ...constantFunctions,
];
