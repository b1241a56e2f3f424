// `and(arg)`: true when the window holds at least one true and no false value. Counts of each
// are kept so removes work; a reset yields false. A non-boolean value (null included) fails
// the event, as Siddhi's cast does.

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { expectArgument, numberField, snapshotRecord, wrongValue } from './aggregator.js';

class AndState implements AggregatorState {
  private trueCount = 0;
  private falseCount = 0;

  add(value: unknown): unknown {
    if (value === true) this.trueCount++;
    else if (value === false) this.falseCount++;
    else throw wrongValue('and', 'bool', value);
    return this.trueCount > 0 && this.falseCount === 0;
  }

  remove(value: unknown): unknown {
    if (value === true) this.trueCount--;
    else if (value === false) this.falseCount--;
    else throw wrongValue('and', 'bool', value);
    return this.trueCount > 0 && this.falseCount === 0;
  }

  reset(): unknown {
    this.trueCount = 0;
    this.falseCount = 0;
    return false;
  }

  snapshot(): unknown {
    return { trueCount: this.trueCount, falseCount: this.falseCount };
  }

  restore(snapshot: unknown): void {
    const record = snapshotRecord('and', snapshot);
    this.trueCount = numberField('and', record, 'trueCount');
    this.falseCount = numberField('and', record, 'falseCount');
  }
}

/**
 * Siddhi's `and` aggregator.
 * @example
 * const state = and.create(['bool']).newState();
 * state.add(true); state.add(false); // false
 */
export const and: AggregatorImplementation = {
  namespace: '',
  name: 'and',
  create(argTypes) {
    expectArgument('and', argTypes, ['bool']);
    return { returnType: 'bool', newState: () => new AndState() };
  },
};
