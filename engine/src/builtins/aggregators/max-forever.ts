// `maxForever(arg)`: the maximum value ever seen, of the argument's type. As in Siddhi, expired
// values are taken in like new ones and resets do not clear it; nulls are skipped.

import type { AggregatorImplementation } from './aggregator.js';
import { expectArgument } from './aggregator.js';
import { ForeverExtremumState } from './extremum-state.js';

/**
 * Siddhi's `maxForever`.
 * @example
 * const state = maxForever.create(['double']).newState();
 * state.add(2); state.reset(); // 2
 */
export const maxForever: AggregatorImplementation = {
  namespace: '',
  name: 'maxForever',
  create(argTypes) {
    const returnType = expectArgument('maxForever', argTypes);
    return { returnType, newState: () => new ForeverExtremumState('maxForever', true) };
  },
};
