// `sum(arg)`: long for int/long arguments, double for float/double. Nulls are skipped; the
// sum of nothing is null (after removes empty it), and a reset yields 0 (long) or null (double).

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { expectArgument, numberField, snapshotRecord, wrongValue } from './aggregator.js';

class SumState implements AggregatorState {
  private sum = 0;
  private count = 0;

  constructor(private readonly floating: boolean) {}

  add(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.sum += value;
    this.count++;
    return this.sum;
  }

  remove(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.sum -= value;
    this.count--;
    return this.count === 0 ? null : this.sum;
  }

  reset(): unknown {
    this.sum = 0;
    this.count = 0;
    return this.floating ? null : 0;
  }

  snapshot(): unknown {
    return { sum: this.sum, count: this.count };
  }

  restore(snapshot: unknown): void {
    const record = snapshotRecord('sum', snapshot);
    this.sum = numberField('sum', record, 'sum');
    this.count = numberField('sum', record, 'count');
  }

  private skip(value: unknown): unknown {
    if (value !== null && value !== undefined) throw wrongValue('sum', 'numeric', value);
    return this.count === 0 ? null : this.sum;
  }
}

/**
 * Siddhi's `sum`.
 * @example
 * sum.create(['float']).returnType; // 'double'
 */
export const sum: AggregatorImplementation = {
  namespace: '',
  name: 'sum',
  create(argTypes) {
    const type = expectArgument('sum', argTypes);
    const floating = type === 'float' || type === 'double';
    return {
      returnType: floating ? 'double' : 'long',
      newState: () => new SumState(floating),
    };
  },
};
