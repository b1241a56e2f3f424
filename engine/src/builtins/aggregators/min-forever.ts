// `minForever(arg)`: the minimum value ever seen, of the argument's type. As in Siddhi, expired
// values are taken in like new ones and resets do not clear it; nulls are skipped.

import type { AggregatorImplementation } from './aggregator.js';
import { expectArgument } from './aggregator.js';
import { ForeverExtremumState } from './extremum-state.js';

/**
 * Siddhi's `minForever`.
 * @example
 * const state = minForever.create(['double']).newState();
 * state.add(2); state.reset(); // 2
 */
export const minForever: AggregatorImplementation = {
  namespace: '',
  name: 'minForever',
  create(argTypes) {
    const returnType = expectArgument('minForever', argTypes);
    return { returnType, newState: () => new ForeverExtremumState('minForever', false) };
  },
};
