// Public entry of `@tributary/engine/extension-api`: what plugin packages build on — the
// `define*` functions, typed option parameters, the io contracts and the registry.

export * from './blocking-worker.js';
export * from './define.js';
export * from './io-contracts.js';
export * from './java-regex.js';
export * from './param.js';
export * from './parse-options.js';
export * from './registry.js';
export * from './registry-types.js';
export * from './stream-processor.js';
export type {
  AppendedAttribute,
  ArgumentInfo,
  ParameterSpec,
  ReturnTypeRule,
} from '../compiler/extension-catalog.js';
export type { WindowArgument, WindowContext, WindowProcessor } from '../runtime/window/window.js';
export { WindowArgumentError } from '../runtime/window/window.js';
export type {
  FunctionArgument,
  FunctionContext,
  FunctionImplementation,
  FunctionInstance,
} from '../runtime/expression/types.js';
export type {
  AggregatorArgument,
  AggregatorImplementation,
  AggregatorInstance,
  AggregatorOptions,
  AggregatorState,
} from '../builtins/aggregators/aggregator.js';
export {
  javaDoubleToString,
  javaFloatToString,
  parseJavaDouble,
  parseJavaFloat,
  parseJavaInt,
  parseJavaLong,
} from '../runtime/expression/java-numbers.js';
