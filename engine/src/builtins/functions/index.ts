// Implementations of Siddhi 5.1's core functions (signatures in ../catalog/functions.ts) and
// the lookup the expression compiler resolves `name(...)` calls through.

import type { FunctionImplementation, FunctionLookup } from '../../runtime/expression/types.js';
import { coalesceFunction, defaultFunction, ifThenElseFunction } from './conditional-functions.js';
import { convertFunction } from './convert-function.js';
import { createFunctionLookup } from './function-registry.js';
import { maximumFunction, minimumFunction } from './numeric-functions.js';
import { createSetFunction, sizeOfSetFunction } from './set-functions.js';
import {
  currentTimeMillisFunction,
  eventTimestampFunction,
  uuidFunction,
} from './time-functions.js';
import {
  castFunction,
  instanceOfBooleanFunction,
  instanceOfDoubleFunction,
  instanceOfFloatFunction,
  instanceOfIntegerFunction,
  instanceOfLongFunction,
  instanceOfStringFunction,
} from './type-functions.js';

export { composeFunctionLookups, createFunctionLookup } from './function-registry.js';
export { converterOf } from './convert-function.js';

/** Every built-in function implementation. */
export const builtinFunctionImplementations: readonly FunctionImplementation[] = [
  castFunction,
  convertFunction,
  coalesceFunction,
  defaultFunction,
  ifThenElseFunction,
  instanceOfBooleanFunction,
  instanceOfDoubleFunction,
  instanceOfFloatFunction,
  instanceOfIntegerFunction,
  instanceOfLongFunction,
  instanceOfStringFunction,
  maximumFunction,
  minimumFunction,
  createSetFunction,
  sizeOfSetFunction,
  currentTimeMillisFunction,
  eventTimestampFunction,
  uuidFunction,
];

/**
 * The built-ins as a lookup, for `FunctionContext.functions`.
 * @example
 * const ctx: FunctionContext = { clock: timeService, functions: builtinFunctionLookup };
 */
export const builtinFunctionLookup: FunctionLookup = createFunctionLookup(
  builtinFunctionImplementations,
);
