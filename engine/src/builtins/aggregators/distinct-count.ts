// `distinctCount(arg)`: how many distinct values (null is one of them) the window holds, as a
// long; values are counted so removes work.

import { ANY_TYPE } from '../../compiler/extension-catalog.js';
import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { countsField, expectArgument, snapshotRecord } from './aggregator.js';

class DistinctCountState implements AggregatorState {
  private readonly counts = new Map<unknown, number>();

  add(value: unknown): unknown {
    const key = value ?? null;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return this.counts.size;
  }

  remove(value: unknown): unknown {
    const key = value ?? null;
    const held = this.counts.get(key);
    if (held !== undefined) {
      if (held > 1) this.counts.set(key, held - 1);
      else this.counts.delete(key);
    }
    return this.counts.size;
  }

  reset(): unknown {
    this.counts.clear();
    return 0;
  }

  snapshot(): unknown {
    return { counts: [...this.counts] };
  }

  restore(snapshot: unknown): void {
    const entries = countsField(
      'distinctCount',
      snapshotRecord('distinctCount', snapshot),
      'counts',
    );
    this.counts.clear();
    for (const [value, held] of entries) this.counts.set(value, held);
  }
}

/**
 * Siddhi's `distinctCount`.
 * @example
 * const state = distinctCount.create(['string']).newState();
 * state.add('a'); state.add('a'); state.add('b'); // 2
 */
export const distinctCount: AggregatorImplementation = {
  namespace: '',
  name: 'distinctCount',
  create(argTypes) {
    expectArgument('distinctCount', argTypes, ANY_TYPE);
    return { returnType: 'long', newState: () => new DistinctCountState() };
  },
};
