// Where the buckets of one duration of an incremental aggregation live. The in-memory store
// keeps every bucket (finished or running); the table store (`@store`, table-granularity-store.ts)
// keeps running buckets in memory and finished ones as rows of a table.

import type { AggregatorState } from '../../builtins/aggregators/index.js';

/** One group's aggregate within one bucket. */
export interface AggregationBucket {
  /** The latest event time seen in the bucket (non-aggregated values come from that event). */
  latestTimestamp: number;
  /** The input event data of the latest event. */
  latest: readonly unknown[];
  /** One state per aggregate call of the selector. */
  readonly states: AggregatorState[];
  /** The current value of each state. */
  readonly values: unknown[];
}

/** A bucket with its start and group key, as a store lists them. */
export interface StoredBucket {
  readonly start: number;
  readonly key: string;
  readonly bucket: AggregationBucket;
}

/**
 * The buckets of one duration. The aggregation changes the buckets `entry` returns in place and
 * calls `flush` after each chunk, so a store may write the buckets it handed out then.
 */
export interface GranularityStore {
  /** The bucket of `key` starting at `start`, made by `create` when there is none. */
  entry(start: number, key: string, create: () => AggregationBucket): AggregationBucket;
  /** Writes what changed since the last flush (nothing to do for a store kept in memory). */
  flush(): void;
  /** Buckets with `from <= start < to`, by start, then in the order their groups first appeared. */
  find(from: number, to: number): StoredBucket[];
  /** Removes buckets starting before `before`; returns how many went. */
  purgeBefore(before: number): number;
  /**
   * The buckets held in memory: what the aggregation's snapshot keeps. A store writing to a
   * table holds only the running buckets (the table's rows are the table's own state).
   */
  held(): StoredBucket[];
  /** Replaces the buckets held in memory by those of a `held()` (restoring a snapshot). */
  hold(buckets: readonly StoredBucket[]): void;
}

/**
 * Buckets in memory, by start then group key.
 * @example
 * const store = new InMemoryGranularityStore();
 * store.entry(0, 'IBM', () => newBucket());
 */
export class InMemoryGranularityStore implements GranularityStore {
  private readonly buckets = new Map<number, Map<string, AggregationBucket>>();
  /** Bucket starts in ascending order, rebuilt lazily after new starts appear. */
  private sorted: number[] | undefined = [];

  entry(start: number, key: string, create: () => AggregationBucket): AggregationBucket {
    let groups = this.buckets.get(start);
    if (groups === undefined) {
      groups = new Map();
      this.buckets.set(start, groups);
      this.sorted = undefined;
    }
    let bucket = groups.get(key);
    if (bucket === undefined) {
      bucket = create();
      groups.set(key, bucket);
    }
    return bucket;
  }

  private starts(): number[] {
    this.sorted ??= [...this.buckets.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  find(from: number, to: number): StoredBucket[] {
    const out: StoredBucket[] = [];
    for (const start of this.starts()) {
      if (start < from) continue;
      if (start >= to) break;
      const groups = this.buckets.get(start);
      if (groups === undefined) continue;
      for (const [key, bucket] of groups) out.push({ start, key, bucket });
    }
    return out;
  }

  purgeBefore(before: number): number {
    let removed = 0;
    for (const start of this.starts()) {
      if (start >= before) break;
      removed += this.buckets.get(start)?.size ?? 0;
      this.buckets.delete(start);
    }
    if (removed > 0) this.sorted = undefined;
    return removed;
  }

  flush(): void {
    // the buckets are the store
  }

  held(): StoredBucket[] {
    return this.find(-Infinity, Infinity);
  }

  hold(buckets: readonly StoredBucket[]): void {
    this.buckets.clear();
    this.sorted = undefined;
    for (const { start, key, bucket } of buckets) this.entry(start, key, () => bucket);
  }
}
