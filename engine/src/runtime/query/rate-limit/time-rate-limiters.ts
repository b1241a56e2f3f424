// `output [all|first|last] every <time>`, with Siddhi 5.1's group-by variants. `all` and `last`
// release at ticks every interval from start; `first` needs no timer (it compares clock times).

import type { StreamEvent } from '../../event/event.js';
import {
  PeriodicTick,
  copyEvent,
  readEvents,
  readNumber,
  readRecord,
  type EmitChunk,
  type LimiterTime,
  type OutputRateLimiter,
} from './output-rate-limiter.js';

function isData(event: StreamEvent): boolean {
  return event.type === 'current' || event.type === 'expired';
}

abstract class Ticking implements OutputRateLimiter {
  protected readonly tick: PeriodicTick;

  constructor(time: LimiterTime, interval: number) {
    this.tick = new PeriodicTick(time, interval, () => {
      this.flush();
    });
  }

  abstract process(events: readonly StreamEvent[], groupKeys: readonly string[]): void;
  protected abstract flush(): void;
  protected abstract saveState(): Record<string, unknown>;
  protected abstract restoreState(record: Record<string, unknown>): void;

  start(): void {
    this.tick.start();
  }

  stop(): void {
    this.tick.stop();
  }

  snapshot(): unknown {
    return { ...this.saveState(), scheduledTime: this.tick.scheduledTime };
  }

  restore(snapshot: unknown): void {
    const record = readRecord(snapshot);
    this.restoreState(record);
    this.tick.restoreTo(readNumber(record, 'scheduledTime', 0));
  }
}

/** `output [all] every <time>`: everything collected since the last tick, at each tick. */
export class AllPerTimeRateLimiter extends Ticking {
  private buffer: StreamEvent[] = [];

  constructor(
    time: LimiterTime,
    interval: number,
    private readonly emit: EmitChunk,
  ) {
    super(time, interval);
  }

  process(events: readonly StreamEvent[]): void {
    for (const event of events) if (isData(event)) this.buffer.push(event);
  }

  protected flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = [];
    this.emit(chunk);
  }

  protected saveState(): Record<string, unknown> {
    return { buffer: this.buffer.map(copyEvent) };
  }

  protected restoreState(record: Record<string, unknown>): void {
    this.buffer = readEvents(record.buffer);
  }
}

/** `output last every <time>`: the last event since the previous tick, at each tick. */
export class LastPerTimeRateLimiter extends Ticking {
  private last: StreamEvent | undefined;

  constructor(
    time: LimiterTime,
    interval: number,
    private readonly emit: EmitChunk,
  ) {
    super(time, interval);
  }

  process(events: readonly StreamEvent[]): void {
    for (const event of events) if (isData(event)) this.last = event;
  }

  protected flush(): void {
    const last = this.last;
    if (last === undefined) return;
    this.last = undefined;
    this.emit([last]);
  }

  protected saveState(): Record<string, unknown> {
    return { last: this.last === undefined ? null : copyEvent(this.last) };
  }

  protected restoreState(record: Record<string, unknown>): void {
    this.last = readEvents(record.last === null ? [] : [record.last])[0];
  }
}

/** `group by … output last every <time>`: the last event of each key, at each tick. */
export class LastGroupByPerTimeRateLimiter extends Ticking {
  private lastByKey = new Map<string, StreamEvent>();

  constructor(
    time: LimiterTime,
    interval: number,
    private readonly emit: EmitChunk,
  ) {
    super(time, interval);
  }

  process(events: readonly StreamEvent[], groupKeys: readonly string[]): void {
    let i = -1;
    for (const event of events) {
      i += 1;
      if (isData(event)) this.lastByKey.set(groupKeys[i] ?? '', event);
    }
  }

  protected flush(): void {
    if (this.lastByKey.size === 0) return;
    const chunk = [...this.lastByKey.values()];
    this.lastByKey.clear();
    this.emit(chunk);
  }

  protected saveState(): Record<string, unknown> {
    return { lastByKey: [...this.lastByKey].map(([key, event]) => [key, copyEvent(event)]) };
  }

  protected restoreState(record: Record<string, unknown>): void {
    const saved = record.lastByKey;
    this.lastByKey = new Map(
      Array.isArray(saved)
        ? (saved as [string, StreamEvent][]).map(([key, event]) => [key, copyEvent(event)])
        : [],
    );
  }
}

/**
 * `output first every <time>`: the first event of a chunk arriving at least `interval` after
 * the last release (clock time); the rest are dropped.
 */
export class FirstPerTimeRateLimiter implements OutputRateLimiter {
  private outputTime: number | undefined;

  constructor(
    private readonly time: LimiterTime,
    private readonly interval: number,
    private readonly emit: EmitChunk,
  ) {}

  process(events: readonly StreamEvent[]): void {
    const first = events.find(isData);
    if (first === undefined) return;
    const now = this.time.now();
    if (this.outputTime === undefined || this.outputTime + this.interval <= now) {
      this.outputTime = now;
      this.emit([first]);
    }
  }

  start(): void {
    // clock-driven: no timers
  }

  stop(): void {
    // clock-driven: no timers
  }

  snapshot(): unknown {
    return { outputTime: this.outputTime ?? null };
  }

  restore(snapshot: unknown): void {
    const value = readRecord(snapshot).outputTime;
    this.outputTime = typeof value === 'number' ? value : undefined;
  }
}

/** `group by … output first every <time>`: per key, the first event at least `interval` after that key's last release. */
export class FirstGroupByPerTimeRateLimiter implements OutputRateLimiter {
  private outputTimes = new Map<string, number>();

  constructor(
    private readonly time: LimiterTime,
    private readonly interval: number,
    private readonly emit: EmitChunk,
  ) {}

  process(events: readonly StreamEvent[], groupKeys: readonly string[]): void {
    const now = this.time.now();
    const out: StreamEvent[] = [];
    let i = -1;
    for (const event of events) {
      i += 1;
      if (!isData(event)) continue;
      const key = groupKeys[i] ?? '';
      const last = this.outputTimes.get(key);
      if (last === undefined || last + this.interval <= now) {
        this.outputTimes.set(key, now);
        out.push(event);
      }
    }
    if (out.length > 0) this.emit(out);
  }

  start(): void {
    // clock-driven: no timers
  }

  stop(): void {
    // clock-driven: no timers
  }

  snapshot(): unknown {
    return { outputTimes: [...this.outputTimes] };
  }

  restore(snapshot: unknown): void {
    const saved = readRecord(snapshot).outputTimes;
    this.outputTimes = new Map(Array.isArray(saved) ? (saved as [string, number][]) : []);
  }
}
