// The runtime of `define aggregation A from S select … group by … aggregate [by ts] every …`:
// each input event goes into its bucket of every duration (GMT-aligned, so out-of-order events
// land where they belong); reads (`within … per …`) evaluate the selector over the buckets of
// one duration whose start is in the range, giving rows `[AGG_TIMESTAMP, …outputs]`.

import type { AggregatorInstance } from '../../builtins/aggregators/index.js';
import { runtimeMessages } from '../../errors/messages.js';
import type { AttributeType, TimeUnit } from '../../query-api/index.js';
import type { Lifecycle } from '../app/app-runtime.js';
import type { Logger } from '../app/logger.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Evaluator } from '../expression/types.js';
import type { Processor } from '../processor/processor.js';
import type { Clock, Scheduler } from '../time/time-service.js';
import type { TimeRange } from './aggregation-time.js';
import { bucketStart } from './duration-buckets.js';
import {
  InMemoryGranularityStore,
  type AggregationBucket,
  type GranularityStore,
} from './granularity-store.js';

/** One aggregate call of the selector (`sum(price)`), with its argument evaluators. */
export interface IncrementalAggregate {
  readonly instance: AggregatorInstance;
  readonly args: readonly Evaluator<StreamEvent>[];
}

/** When and what `@purge` removes: buckets older than the retention of their duration. */
export interface PurgeSettings {
  readonly interval: number;
  /** Retention in ms per duration; durations not listed are kept forever. */
  readonly retention: Partial<Record<TimeUnit, number>>;
}

/** Everything an aggregation runtime is built from (compiled by the planner). */
export interface IncrementalAggregationOptions {
  readonly id: string;
  /** The rows' attributes: `AGG_TIMESTAMP` then the selected ones. */
  readonly attributes: readonly { readonly name: string; readonly type: AttributeType }[];
  /** The durations it computes, shortest first. */
  readonly durations: readonly TimeUnit[];
  /** The bucketing time of an event (`aggregate by`, else the event time); undefined drops it. */
  readonly timestampOf: (event: StreamEvent) => number | undefined;
  /** The group key of an event; absent without `group by`. */
  readonly groupKey?: (event: StreamEvent) => string;
  readonly aggregates: readonly IncrementalAggregate[];
  /** The selected values, evaluated over a bucket. */
  readonly outputs: readonly Evaluator<AggregationBucket>[];
  readonly purge?: PurgeSettings;
  readonly time: Clock & Scheduler;
  readonly logger: Logger;
  /** A store per duration; in memory by default. */
  readonly stores?: (duration: TimeUnit) => GranularityStore;
}

/** Plain data of an aggregation's buckets, by duration. */
export interface AggregationSnapshot {
  readonly durations: Readonly<
    Partial<
      Record<
        TimeUnit,
        readonly {
          readonly start: number;
          readonly key: string;
          readonly latestTimestamp: number;
          readonly latest: readonly unknown[];
          readonly states: readonly unknown[];
          readonly values: readonly unknown[];
        }[]
      >
    >
  >;
}

/**
 * One incremental aggregation: a processor of its input events, read with `find`.
 * @example
 * aggregation.process([{ timestamp: t, type: 'current', data: ['IBM', 100] }]);
 * aggregation.find({ start: 0, end: Infinity }, 'sec'); // [[bucketStart, 'IBM', 100], …]
 */
export class IncrementalAggregation implements Processor, Lifecycle {
  private readonly stores = new Map<TimeUnit, GranularityStore>();
  private cancelPurge: (() => void) | undefined;
  private changes = 0;
  private readonly argValues: unknown[][];

  constructor(private readonly options: IncrementalAggregationOptions) {
    for (const duration of options.durations) {
      this.stores.set(duration, options.stores?.(duration) ?? new InMemoryGranularityStore());
    }
    this.argValues = options.aggregates.map((a) => new Array<unknown>(a.args.length));
  }

  get id(): string {
    return this.options.id;
  }

  get attributes(): IncrementalAggregationOptions['attributes'] {
    return this.options.attributes;
  }

  get durations(): readonly TimeUnit[] {
    return this.options.durations;
  }

  private readonly newBucket = (): AggregationBucket => ({
    latestTimestamp: -Infinity,
    latest: [],
    states: this.options.aggregates.map((a) => a.instance.newState()),
    values: this.options.aggregates.map(() => null),
  });

  process(chunk: EventChunk): void {
    const { timestampOf, groupKey, aggregates, logger } = this.options;
    const argValues = this.argValues;
    const count = aggregates.length;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      let timestamp: number | undefined;
      try {
        timestamp = timestampOf(event);
        let i = 0;
        for (const { args } of aggregates) {
          const values = argValues[i++] ?? [];
          let j = 0;
          for (const arg of args) values[j++] = arg(event);
        }
      } catch (error) {
        logger.log('error', this.dropMessage(error), error);
        continue;
      }
      if (timestamp === undefined) {
        logger.log('error', this.dropMessage('its aggregation timestamp is missing or not a date'));
        continue;
      }
      this.changes += 1;
      const key = groupKey === undefined ? '' : groupKey(event);
      const data = event.data.slice();
      for (const [duration, store] of this.stores) {
        const bucket = store.entry(bucketStart(timestamp, duration), key, this.newBucket);
        const { states, values } = bucket;
        for (let i = 0; i < count; i += 1) {
          const state = states[i];
          if (state !== undefined) values[i] = state.add(...(argValues[i] ?? []));
        }
        if (timestamp >= bucket.latestTimestamp) {
          bucket.latestTimestamp = timestamp;
          bucket.latest = data;
        }
      }
    }
    for (const store of this.stores.values()) store.flush();
  }

  private dropMessage(detail: unknown): string {
    const text = detail instanceof Error ? detail.message : String(detail);
    return runtimeMessages.E_AGGREGATION(this.options.id, `an event was dropped: ${text}`);
  }

  /**
   * The rows `[AGG_TIMESTAMP, …outputs]` of the `per` buckets starting in `range`, by start then
   * group (first appearance). Throws a RangeError when the aggregation does not compute `per`.
   */
  find(range: TimeRange, per: TimeUnit): unknown[][] {
    const store = this.stores.get(per);
    if (store === undefined) {
      throw new RangeError(
        runtimeMessages.E_AGGREGATION(
          this.options.id,
          `it is not computed per ${per} (it has ${this.options.durations.join(', ')})`,
        ),
      );
    }
    const outputs = this.options.outputs;
    const rows: unknown[][] = [];
    for (const { start, bucket } of store.find(range.start, range.end)) {
      const row = new Array<unknown>(outputs.length + 1);
      row[0] = start;
      let i = 1;
      for (const output of outputs) row[i++] = output(bucket);
      rows.push(row);
    }
    return rows;
  }

  /** Removes buckets older than their duration's retention (relative to `now`). */
  purge(now: number): number {
    const retention = this.options.purge?.retention ?? {};
    let removed = 0;
    for (const [duration, store] of this.stores) {
      const keep = retention[duration];
      if (keep !== undefined) removed += store.purgeBefore(now - keep);
    }
    if (removed > 0) this.changes += 1;
    return removed;
  }

  start(): void {
    const purge = this.options.purge;
    if (purge === undefined || this.cancelPurge !== undefined) return;
    const { time } = this.options;
    const tick = (at: number): void => {
      this.purge(at);
      this.cancelPurge = time.schedule(at + purge.interval, tick);
    };
    this.cancelPurge = time.schedule(time.now() + purge.interval, tick);
  }

  stop(): void {
    this.cancelPurge?.();
    this.cancelPurge = undefined;
  }

  /** The buckets held in memory (every bucket, unless a table store keeps the finished ones). */
  snapshot(): AggregationSnapshot {
    const durations: Partial<Record<TimeUnit, AggregationSnapshot['durations'][TimeUnit]>> = {};
    for (const [duration, store] of this.stores) {
      durations[duration] = store.held().map(({ start, key, bucket }) => ({
        start,
        key,
        latestTimestamp: bucket.latestTimestamp,
        latest: [...bucket.latest],
        states: bucket.states.map((s) => s.snapshot()),
        values: [...bucket.values],
      }));
    }
    return { durations };
  }

  /** Increases whenever the buckets change (for incremental snapshots). */
  version(): number {
    return this.changes;
  }

  /**
   * Replaces the buckets held in memory by those of a `snapshot()` (of an aggregation with the
   * same selector); a table store's rows are restored with its table.
   */
  restore(state: unknown): void {
    const snapshot = state as AggregationSnapshot;
    this.changes += 1;
    for (const [duration, store] of this.stores) {
      const buckets = (snapshot.durations[duration] ?? []).map((saved) => {
        const bucket = this.newBucket();
        bucket.latestTimestamp = saved.latestTimestamp;
        bucket.latest = [...saved.latest];
        saved.states.forEach((s, i) => {
          bucket.states[i]?.restore(s);
          bucket.values[i] = saved.values[i] ?? null;
        });
        return { start: saved.start, key: saved.key, bucket };
      });
      store.hold(buckets);
    }
  }
}
