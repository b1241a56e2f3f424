// `min(arg)`: the minimum of the non-null values in the window, of the argument's type; null
// when the window is empty. Exact under removes in any order (e.g. a sort window's).

import type { AggregatorImplementation } from './aggregator.js';
import { expectArgument } from './aggregator.js';
import { TrackedExtremumState, UntrackedExtremumState } from './extremum-state.js';

/**
 * Siddhi's `min`.
 * @example
 * const state = min.create(['int']).newState();
 * state.add(3); state.add(5); state.remove(3);
 */
export const min: AggregatorImplementation = {
  namespace: '',
  name: 'min',
  create(argTypes, options) {
    const returnType = expectArgument('min', argTypes);
    const tracked = options?.removes ?? true;
    return {
      returnType,
      newState: () =>
        tracked ? new TrackedExtremumState('min', false) : new UntrackedExtremumState('min', false),
    };
  },
};
