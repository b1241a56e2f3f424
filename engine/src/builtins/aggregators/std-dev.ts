// `stdDev(arg)`: the population standard deviation as a double (0.0 for one value, null for
// none), kept with Siddhi's running sum/mean/squared-deviation updates so results agree.

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { expectArgument, numberField, snapshotRecord, wrongValue } from './aggregator.js';

class StdDevState implements AggregatorState {
  private sum = 0;
  private mean = 0;
  /** Sum of squared deviations from the mean (M2 of Welford's method). */
  private m2 = 0;
  private count = 0;

  add(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.count++;
    if (this.count === 1) {
      this.sum = value;
      this.mean = value;
      this.m2 = 0;
      return 0;
    }
    const oldMean = this.mean;
    this.sum += value;
    this.mean = this.sum / this.count;
    this.m2 += (value - oldMean) * (value - this.mean);
    return Math.sqrt(this.m2 / this.count);
  }

  remove(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.count--;
    if (this.count === 0) {
      this.sum = 0;
      this.mean = 0;
      this.m2 = 0;
      return null;
    }
    const oldMean = this.mean;
    this.sum -= value;
    this.mean = this.sum / this.count;
    this.m2 -= (value - oldMean) * (value - this.mean);
    return this.current();
  }

  reset(): unknown {
    this.sum = 0;
    this.mean = 0;
    this.m2 = 0;
    this.count = 0;
    return null;
  }

  snapshot(): unknown {
    return { sum: this.sum, mean: this.mean, m2: this.m2, count: this.count };
  }

  restore(snapshot: unknown): void {
    const record = snapshotRecord('stdDev', snapshot);
    this.sum = numberField('stdDev', record, 'sum');
    this.mean = numberField('stdDev', record, 'mean');
    this.m2 = numberField('stdDev', record, 'm2');
    this.count = numberField('stdDev', record, 'count');
  }

  private current(): number | null {
    if (this.count === 0) return null;
    if (this.count === 1) return 0;
    return Math.sqrt(this.m2 / this.count);
  }

  private skip(value: unknown): unknown {
    if (value !== null && value !== undefined) throw wrongValue('stdDev', 'numeric', value);
    return this.current();
  }
}

/**
 * Siddhi's `stdDev` (population).
 * @example
 * const state = stdDev.create(['double']).newState();
 * state.add(1); state.add(3); // 1
 */
export const stdDev: AggregatorImplementation = {
  namespace: '',
  name: 'stdDev',
  create(argTypes) {
    expectArgument('stdDev', argTypes);
    return { returnType: 'double', newState: () => new StdDevState() };
  },
};
