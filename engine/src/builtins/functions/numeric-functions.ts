// maximum() and minimum() over arguments of one numeric type: null (and non-numeric, NaN)
// values are skipped; all skipped gives null. One argument is returned as it is.

import type { Evaluator, FunctionImplementation } from '../../runtime/expression/types.js';
import { firstTypedArgument } from './function-registry.js';

const returnNull = (): null => null;

/** Keeps the better of the numeric values of `args` (`better(a, b)`: a beats b). */
function extreme(name: string, better: (a: number, b: number) => boolean): FunctionImplementation {
  return {
    namespace: '',
    name,
    create: (args) => ({
      type: firstTypedArgument(args),
      bind<C>(evaluators: readonly Evaluator<C>[]): Evaluator<C> {
        if (evaluators.length === 1) return evaluators[0] ?? returnNull;
        return (c) => {
          let best: number | null = null;
          for (const evaluate of evaluators) {
            const v = evaluate(c);
            // v === v skips NaN, as Java's `value > max` does
            if (typeof v === 'number' && v === v && (best === null || better(v, best))) best = v;
          }
          return best;
        };
      },
    }),
  };
}

/** `maximum(a, b, …)`. */
export const maximumFunction = extreme('maximum', (a, b) => a > b);
/** `minimum(a, b, …)`. */
export const minimumFunction = extreme('minimum', (a, b) => a < b);
