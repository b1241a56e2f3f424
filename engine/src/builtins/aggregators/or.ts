// `or(arg)`: true when the window holds at least one true value. The count of trues is kept
// so removes work; a reset yields false. A non-boolean value (null included) fails the event,
// as Siddhi's cast does.

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { expectArgument, numberField, snapshotRecord, wrongValue } from './aggregator.js';

class OrState implements AggregatorState {
  private trueCount = 0;

  add(value: unknown): unknown {
    if (value === true) this.trueCount++;
    else if (value !== false) throw wrongValue('or', 'bool', value);
    return this.trueCount > 0;
  }

  remove(value: unknown): unknown {
    if (value === true) this.trueCount--;
    else if (value !== false) throw wrongValue('or', 'bool', value);
    return this.trueCount > 0;
  }

  reset(): unknown {
    this.trueCount = 0;
    return false;
  }

  snapshot(): unknown {
    return { trueCount: this.trueCount };
  }

  restore(snapshot: unknown): void {
    this.trueCount = numberField('or', snapshotRecord('or', snapshot), 'trueCount');
  }
}

/**
 * Siddhi's `or` aggregator.
 * @example
 * const state = or.create(['bool']).newState();
 * state.add(false); state.add(true); // true
 */
export const or: AggregatorImplementation = {
  namespace: '',
  name: 'or',
  create(argTypes) {
    expectArgument('or', argTypes, ['bool']);
    return { returnType: 'bool', newState: () => new OrState() };
  },
};
