// `unionSet(set)`: the union of the sets (JS `Set`s, e.g. from `createSet`) in the window, as a
// new Set on every change. Elements are counted so removes work; a reset yields an empty Set.

import type { AggregatorImplementation, AggregatorState } from './aggregator.js';
import { countsField, expectArgument, snapshotRecord, wrongValue } from './aggregator.js';

function asSet(value: unknown): ReadonlySet<unknown> {
  if (value instanceof Set) return value as ReadonlySet<unknown>;
  throw wrongValue('unionSet', 'Set', value);
}

class UnionSetState implements AggregatorState {
  /** Elements and how many sets in the window hold them (1 for all when untracked). */
  private readonly counts = new Map<unknown, number>();

  constructor(private readonly tracked: boolean) {}

  add(value: unknown): unknown {
    for (const element of asSet(value)) {
      const held = this.counts.get(element);
      if (held === undefined) this.counts.set(element, 1);
      else if (this.tracked) this.counts.set(element, held + 1);
    }
    return new Set(this.counts.keys());
  }

  remove(value: unknown): unknown {
    for (const element of asSet(value)) {
      const held = this.counts.get(element);
      if (held === undefined) continue;
      if (held > 1) this.counts.set(element, held - 1);
      else this.counts.delete(element);
    }
    return new Set(this.counts.keys());
  }

  reset(): unknown {
    this.counts.clear();
    return new Set();
  }

  snapshot(): unknown {
    return { counts: [...this.counts] };
  }

  restore(snapshot: unknown): void {
    const entries = countsField('unionSet', snapshotRecord('unionSet', snapshot), 'counts');
    this.counts.clear();
    for (const [element, held] of entries) this.counts.set(element, held);
  }
}

/**
 * Siddhi's `unionSet`.
 * @example
 * const state = unionSet.create(['object']).newState();
 * state.add(new Set(['a'])); state.add(new Set(['b'])); // Set {'a', 'b'}
 */
export const unionSet: AggregatorImplementation = {
  namespace: '',
  name: 'unionSet',
  create(argTypes, options) {
    expectArgument('unionSet', argTypes, ['object']);
    const tracked = options?.removes ?? true;
    return { returnType: 'object', newState: () => new UnionSetState(tracked) };
  },
};
