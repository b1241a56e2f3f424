// State shared by `max`/`min` (window extremum, undone by removes) and `maxForever`/`minForever`
// (extremum of everything ever seen: removes count as values, resets keep it). Nulls are skipped.

import type { AggregatorState } from './aggregator.js';
import { countsField, snapshotRecord, wrongValue } from './aggregator.js';
import { ExtremumTracker } from './extremum-tracker.js';

function isBetter(isMax: boolean, candidate: number, current: number | null): boolean {
  return current === null || (isMax ? candidate > current : candidate < current);
}

/** `max`/`min` when removes must be undone: exact over any order of removes. */
export class TrackedExtremumState implements AggregatorState {
  private readonly tracker: ExtremumTracker;

  constructor(
    private readonly name: string,
    isMax: boolean,
  ) {
    this.tracker = new ExtremumTracker(isMax);
  }

  add(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.tracker.add(value);
    return this.tracker.current;
  }

  remove(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    this.tracker.remove(value);
    return this.tracker.current;
  }

  reset(): unknown {
    this.tracker.clear();
    return null;
  }

  snapshot(): unknown {
    return { counts: this.tracker.entries() };
  }

  restore(snapshot: unknown): void {
    this.tracker.load(countsField(this.name, snapshotRecord(this.name, snapshot), 'counts'));
  }

  private skip(value: unknown): unknown {
    if (value !== null && value !== undefined) throw wrongValue(this.name, 'numeric', value);
    return this.tracker.current;
  }
}

/**
 * `max`/`min` fed without removes to undo (batches, no window): only the value is kept; a
 * remove of that very value clears it, as in Siddhi (a reset always follows).
 */
export class UntrackedExtremumState implements AggregatorState {
  private value: number | null = null;

  constructor(
    private readonly name: string,
    private readonly isMax: boolean,
  ) {}

  add(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    if (isBetter(this.isMax, value, this.value)) this.value = value;
    return this.value;
  }

  remove(value: unknown): unknown {
    if (typeof value !== 'number') return this.skip(value);
    if (this.value === value) this.value = null;
    return this.value;
  }

  reset(): unknown {
    this.value = null;
    return null;
  }

  snapshot(): unknown {
    return { value: this.value };
  }

  restore(snapshot: unknown): void {
    this.value = nullableNumber(this.name, snapshotRecord(this.name, snapshot));
  }

  private skip(value: unknown): unknown {
    if (value !== null && value !== undefined) throw wrongValue(this.name, 'numeric', value);
    return this.value;
  }
}

/** `maxForever`/`minForever`: removes are taken in like adds and a reset keeps the value. */
export class ForeverExtremumState implements AggregatorState {
  private value: number | null = null;

  constructor(
    private readonly name: string,
    private readonly isMax: boolean,
  ) {}

  add(value: unknown): unknown {
    if (typeof value !== 'number') {
      if (value !== null && value !== undefined) throw wrongValue(this.name, 'numeric', value);
      return this.value;
    }
    if (isBetter(this.isMax, value, this.value)) this.value = value;
    return this.value;
  }

  remove(value: unknown): unknown {
    return this.add(value);
  }

  reset(): unknown {
    return this.value;
  }

  snapshot(): unknown {
    return { value: this.value };
  }

  restore(snapshot: unknown): void {
    this.value = nullableNumber(this.name, snapshotRecord(this.name, snapshot));
  }
}

function nullableNumber(name: string, record: Record<string, unknown>): number | null {
  const value = record.value;
  if (value === null || typeof value === 'number') return value;
  throw new TypeError(`${name}: snapshot field value is not a number`);
}
