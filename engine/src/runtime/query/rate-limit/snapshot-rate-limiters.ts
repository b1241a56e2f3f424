// `output snapshot every <time>`: at each tick, the current state of the query as current
// events. Which state depends on the query (Siddhi 5.1): without a window the last event (per
// key with group by); with a window the events held in it, with aggregates at their latest
// values (only one row when every output attribute is an aggregate, per key with group by).

import type { StreamEvent } from '../../event/event.js';
import {
  PeriodicTick,
  copyEvent,
  readNumber,
  readRecord,
  type EmitChunk,
  type LimiterTime,
  type OutputRateLimiter,
} from './output-rate-limiter.js';

/** What decides the kind of snapshot (see `createSnapshotRateLimiter`). */
export interface SnapshotShape {
  readonly groupBy: boolean;
  /** The input holds events: a window (or a join). */
  readonly windowed: boolean;
  /** Output positions that are exactly one aggregator call. */
  readonly aggregatePositions: readonly number[];
  readonly outputSize: number;
}

function release(event: StreamEvent): StreamEvent {
  return { timestamp: event.timestamp, type: 'current', data: event.data.slice() };
}

function sameExcept(
  a: readonly unknown[],
  b: readonly unknown[],
  skip: ReadonlySet<number>,
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!skip.has(i) && a[i] !== b[i]) return false;
  return true;
}

abstract class SnapshotLimiter implements OutputRateLimiter {
  private readonly tick: PeriodicTick;

  constructor(
    time: LimiterTime,
    interval: number,
    private readonly emit: EmitChunk,
  ) {
    this.tick = new PeriodicTick(time, interval, () => {
      const chunk = this.current();
      if (chunk.length > 0) this.emit(chunk);
    });
  }

  process(events: readonly StreamEvent[], groupKeys: readonly string[]): void {
    let i = -1;
    for (const event of events) {
      i += 1;
      if (event.type === 'timer') continue;
      this.tick.due(event.timestamp);
      this.take(event, groupKeys[i] ?? '');
    }
  }

  start(): void {
    this.tick.start();
  }

  stop(): void {
    this.tick.stop();
  }

  snapshot(): unknown {
    return { state: this.save(), scheduledTime: this.tick.scheduledTime };
  }

  restore(snapshot: unknown): void {
    const record = readRecord(snapshot);
    this.load(record.state);
    this.tick.restoreTo(readNumber(record, 'scheduledTime', 0));
  }

  /** Updates the held state with one current / expired / reset event. */
  protected abstract take(event: StreamEvent, key: string): void;
  /** The events a tick releases (fresh copies). */
  protected abstract current(): StreamEvent[];
  protected abstract save(): unknown;
  protected abstract load(state: unknown): void;
}

type Entry = [string, StreamEvent];

function saveEntries(entries: Iterable<Entry>): unknown {
  return [...entries].map(([key, event]) => [key, copyEvent(event)]);
}

function loadEntries(state: unknown): Entry[] {
  return Array.isArray(state)
    ? (state as Entry[]).map(([key, event]) => [key, copyEvent(event)])
    : [];
}

/** No window: the last event (per group key with group by), at every tick. */
class LastEventSnapshot extends SnapshotLimiter {
  private lastByKey = new Map<string, StreamEvent>();

  protected take(event: StreamEvent, key: string): void {
    if (event.type === 'current' || event.type === 'expired') this.lastByKey.set(key, event);
  }

  protected current(): StreamEvent[] {
    return [...this.lastByKey.values()].map(release);
  }

  protected save(): unknown {
    return saveEntries(this.lastByKey);
  }

  protected load(state: unknown): void {
    this.lastByKey = new Map(loadEntries(state));
  }
}

/** A window, no aggregates: the events the window holds. */
class WindowedSnapshot extends SnapshotLimiter {
  private held: StreamEvent[] = [];

  protected take(event: StreamEvent): void {
    if (event.type === 'current') {
      this.held.push(event);
    } else if (event.type === 'expired') {
      const i = this.held.findIndex((e) => sameExcept(e.data, event.data, NO_POSITIONS));
      if (i >= 0) this.held.splice(i, 1);
    } else if (event.type === 'reset') {
      this.held = [];
    }
  }

  protected current(): StreamEvent[] {
    return this.held.map(release);
  }

  protected save(): unknown {
    return this.held.map(copyEvent);
  }

  protected load(state: unknown): void {
    this.held = Array.isArray(state) ? (state as StreamEvent[]).map(copyEvent) : [];
  }
}

const NO_POSITIONS: ReadonlySet<number> = new Set();

/** A window, every output attribute an aggregate, no group by: the last current row. */
class AllAggregationSnapshot extends SnapshotLimiter {
  private last: StreamEvent | undefined;

  protected take(event: StreamEvent): void {
    this.last = event.type === 'current' ? event : undefined;
  }

  protected current(): StreamEvent[] {
    return this.last === undefined ? [] : [release(this.last)];
  }

  protected save(): unknown {
    return this.last === undefined ? null : copyEvent(this.last);
  }

  protected load(state: unknown): void {
    this.last =
      state === null || typeof state !== 'object' ? undefined : copyEvent(state as StreamEvent);
  }
}

/** A window, every output attribute an aggregate, group by: the last row of each key still in the window. */
class AllAggregationGroupBySnapshot extends SnapshotLimiter {
  private byKey = new Map<string, { count: number; last: StreamEvent }>();

  protected take(event: StreamEvent, key: string): void {
    if (event.type === 'reset') {
      this.byKey.clear();
      return;
    }
    const holder = this.byKey.get(key);
    const delta = event.type === 'current' ? 1 : -1;
    if (holder === undefined) this.byKey.set(key, { count: delta, last: event });
    else {
      holder.count += delta;
      holder.last = event;
    }
  }

  protected current(): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const [key, holder] of this.byKey) {
      if (holder.count <= 0) this.byKey.delete(key);
      else out.push(release(holder.last));
    }
    return out;
  }

  protected save(): unknown {
    return [...this.byKey].map(([key, h]) => [key, h.count, copyEvent(h.last)]);
  }

  protected load(state: unknown): void {
    const rows = Array.isArray(state) ? (state as [string, number, StreamEvent][]) : [];
    this.byKey = new Map(rows.map(([key, count, last]) => [key, { count, last: copyEvent(last) }]));
  }
}

/**
 * A window, some aggregates: the held rows with the aggregate columns at their latest values
 * (per key with group by, one row per key).
 */
class AggregationWindowedSnapshot extends SnapshotLimiter {
  private held: Entry[] = [];
  private aggregates = new Map<string, unknown[]>();
  private readonly skip: ReadonlySet<number>;

  constructor(
    time: LimiterTime,
    interval: number,
    emit: EmitChunk,
    private readonly positions: readonly number[],
    private readonly groupBy: boolean,
  ) {
    super(time, interval, emit);
    this.skip = new Set(positions);
  }

  protected take(event: StreamEvent, key: string): void {
    if (event.type === 'current') {
      this.held.push([key, event]);
      this.record(key, event);
    } else if (event.type === 'expired') {
      const i = this.held.findIndex(
        ([k, e]) => k === key && sameExcept(e.data, event.data, this.skip),
      );
      if (i >= 0) {
        this.held.splice(i, 1);
        this.record(key, event);
      }
    } else if (event.type === 'reset') {
      this.held = [];
      this.aggregates.clear();
    }
  }

  protected current(): StreamEvent[] {
    const out: StreamEvent[] = [];
    const seen = new Set<string>();
    for (const [key, event] of this.held) {
      if (this.groupBy) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const copy = release(event);
      const values = this.aggregates.get(key);
      if (values !== undefined) this.positions.forEach((p, i) => (copy.data[p] = values[i]));
      out.push(copy);
    }
    return out;
  }

  protected save(): unknown {
    return { held: saveEntries(this.held), aggregates: [...this.aggregates] };
  }

  protected load(state: unknown): void {
    const record = readRecord(state);
    this.held = loadEntries(record.held);
    const saved = record.aggregates;
    this.aggregates = new Map(Array.isArray(saved) ? (saved as [string, unknown[]][]) : []);
  }

  private record(key: string, event: StreamEvent): void {
    this.aggregates.set(
      key,
      this.positions.map((p) => event.data[p]),
    );
  }
}

/**
 * `output snapshot every <interval ms>` for a query of the given shape; the selector must run
 * with batching off and `insert all events` (QuerySelector does when given the output rate).
 * @example
 * const limiter = createSnapshotRateLimiter(time, 1000, emit, { groupBy: false, windowed: false, aggregatePositions: [], outputSize: 1 });
 */
export function createSnapshotRateLimiter(
  time: LimiterTime,
  interval: number,
  emit: EmitChunk,
  shape: SnapshotShape,
): OutputRateLimiter {
  if (!shape.windowed) return new LastEventSnapshot(time, interval, emit);
  const aggregates = shape.aggregatePositions.length;
  if (aggregates === 0) return new WindowedSnapshot(time, interval, emit);
  if (aggregates === shape.outputSize) {
    return shape.groupBy
      ? new AllAggregationGroupBySnapshot(time, interval, emit)
      : new AllAggregationSnapshot(time, interval, emit);
  }
  return new AggregationWindowedSnapshot(
    time,
    interval,
    emit,
    shape.aggregatePositions,
    shape.groupBy,
  );
}
