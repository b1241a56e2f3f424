// `avg(arg)`: the mean of the non-null values as a double; null when there are none.

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { expectArgument, numberField, snapshotRecord, wrongValue } from './aggregator.js';

class AvgState implements AggregatorState {
  private sum = 0;
  private count = 0;

  add(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.count++;
    this.sum += value;
    return this.current();
  }

  remove(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.count--;
    this.sum -= value;
    return this.current();
  }

  reset(): unknown {
    this.sum = 0;
    this.count = 0;
    return null;
  }

  snapshot(): unknown {
    return { sum: this.sum, count: this.count };
  }

  restore(snapshot: unknown): void {
    const record = snapshotRecord('avg', snapshot);
    this.sum = numberField('avg', record, 'sum');
    this.count = numberField('avg', record, 'count');
  }

  private current(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  private skip(value: unknown): unknown {
    if (value !== null && value !== undefined) throw wrongValue('avg', 'numeric', value);
    return this.current();
  }
}

/**
 * Siddhi's `avg`.
 * @example
 * const state = avg.create(['int']).newState();
 * state.add(1); state.add(2); // 1.5
 */
export const avg: AggregatorImplementation = {
  namespace: '',
  name: 'avg',
  create(argTypes) {
    expectArgument('avg', argTypes);
    return { returnType: 'double', newState: () => new AvgState() };
  },
};
