// `count()` / `count(arg)`: the number of events, as a long. Like Siddhi it counts every event,
// null argument values included; removes decrement and a reset yields 0.

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { numberField, snapshotRecord } from './aggregator.js';

class CountState implements AggregatorState {
  private count = 0;

  add(): unknown {
    return ++this.count;
  }

  remove(): unknown {
    return --this.count;
  }

  reset(): unknown {
    this.count = 0;
    return 0;
  }

  snapshot(): unknown {
    return { count: this.count };
  }

  restore(snapshot: unknown): void {
    this.count = numberField('count', snapshotRecord('count', snapshot), 'count');
  }
}

/**
 * Siddhi's `count`.
 * @example
 * const state = count.create([]).newState();
 * state.add(); // 1
 */
export const count: AggregatorImplementation = {
  namespace: '',
  name: 'count',
  create(argTypes) {
    if (argTypes.length > 1) {
      throw new Error(`count takes at most 1 argument, got ${String(argTypes.length)}`);
    }
    return { returnType: 'long', newState: () => new CountState() };
  },
};
