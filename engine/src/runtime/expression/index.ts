// Public surface of expression compilation: compileExpression, its contracts and errors.

export { compileExpression } from './compile-expression.js';
export {
  ExpressionCompileError,
  RuntimeEvaluationError,
  type ExpressionCompileCode,
  type RuntimeEvaluationCode,
} from './expression-errors.js';
export type {
  BindEnvironment,
  CompiledExpression,
  Evaluator,
  ExpressionScope,
  FunctionArgument,
  FunctionClock,
  FunctionContext,
  FunctionImplementation,
  FunctionInstance,
  FunctionLookup,
  ValueAccessor,
} from './types.js';
