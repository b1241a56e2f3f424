// Null handling and choice: coalesce (first non-null), default (value or constant fallback)
// and ifThenElse (evaluates only the chosen branch, as Siddhi does).

import type { Evaluator, FunctionImplementation } from '../../runtime/expression/types.js';
import { argumentType, firstTypedArgument } from './function-registry.js';

function isNull(v: unknown): boolean {
  return v === null || v === undefined;
}

const returnNull = (): null => null;

/** `coalesce(a, b, …)`: the first argument that is not null, else null. */
export const coalesceFunction: FunctionImplementation = {
  namespace: '',
  name: 'coalesce',
  create: (args) => ({
    type: firstTypedArgument(args),
    bind<C>(evaluators: readonly Evaluator<C>[]): Evaluator<C> {
      const [a, b] = evaluators;
      if (a === undefined) return returnNull;
      if (evaluators.length === 1) return a;
      if (evaluators.length === 2 && b !== undefined) {
        return (c) => {
          const v = a(c);
          return isNull(v) ? b(c) : v;
        };
      }
      return (c) => {
        for (const evaluate of evaluators) {
          const v = evaluate(c);
          if (!isNull(v)) return v;
        }
        return null;
      };
    },
  }),
};

/** `default(attribute, constant)`: the attribute, or the constant when it is null. */
export const defaultFunction: FunctionImplementation = {
  namespace: '',
  name: 'default',
  create: (args) => ({
    type: firstTypedArgument(args),
    bind<C>(evaluators: readonly Evaluator<C>[]): Evaluator<C> {
      const [a, d = returnNull] = evaluators;
      if (a === undefined) return returnNull;
      return (c) => {
        const v = a(c);
        return isNull(v) ? d(c) : v;
      };
    },
  }),
};

/** `ifThenElse(condition, then, else)`: only `true` picks `then`; null picks `else`. */
export const ifThenElseFunction: FunctionImplementation = {
  namespace: '',
  name: 'ifThenElse',
  create: (args) => ({
    type: args[1]?.type === 'null' ? argumentType(args, 2) : argumentType(args, 1),
    bind<C>(evaluators: readonly Evaluator<C>[]): Evaluator<C> {
      const [condition, then = returnNull, otherwise = returnNull] = evaluators;
      if (condition === undefined) return returnNull;
      return (c) => (condition(c) === true ? then(c) : otherwise(c));
    },
  }),
};
