// `output [all|first|last] every N events`, with Siddhi 5.1's group-by variants: `first`
// counts per group key, `last` counts all events and releases the last event of every key.

import type { StreamEvent } from '../../event/event.js';
import {
  copyEvent,
  readEvents,
  readNumber,
  readRecord,
  type EmitChunk,
  type OutputRateLimiter,
} from './output-rate-limiter.js';

function isData(event: StreamEvent): boolean {
  return event.type === 'current' || event.type === 'expired';
}

abstract class NoTimers implements OutputRateLimiter {
  abstract process(events: readonly StreamEvent[], groupKeys: readonly string[]): void;
  abstract snapshot(): unknown;
  abstract restore(snapshot: unknown): void;

  start(): void {
    // event-driven: no timers
  }

  stop(): void {
    // event-driven: no timers
  }
}

/** `output [all] every N events`: every N events are released together (one chunk per N). */
export class AllPerEventRateLimiter extends NoTimers {
  private buffer: StreamEvent[] = [];

  constructor(
    private readonly value: number,
    private readonly emit: EmitChunk,
  ) {
    super();
  }

  process(events: readonly StreamEvent[]): void {
    for (const event of events) {
      if (!isData(event)) continue;
      this.buffer.push(event);
      if (this.buffer.length === this.value) {
        const chunk = this.buffer;
        this.buffer = [];
        this.emit(chunk);
      }
    }
  }

  snapshot(): unknown {
    return { buffer: this.buffer.map(copyEvent) };
  }

  restore(snapshot: unknown): void {
    this.buffer = readEvents(readRecord(snapshot).buffer);
  }
}

/** `output first every N events`: the 1st, (N+1)th, … event. */
export class FirstPerEventRateLimiter extends NoTimers {
  private counter = 0;

  constructor(
    private readonly value: number,
    private readonly emit: EmitChunk,
  ) {
    super();
  }

  process(events: readonly StreamEvent[]): void {
    const out: StreamEvent[] = [];
    for (const event of events) {
      if (!isData(event)) continue;
      if (this.counter === 0) out.push(event);
      this.counter += 1;
      if (this.counter === this.value) this.counter = 0;
    }
    if (out.length > 0) this.emit(out);
  }

  snapshot(): unknown {
    return { counter: this.counter };
  }

  restore(snapshot: unknown): void {
    this.counter = readNumber(readRecord(snapshot), 'counter', 0);
  }
}

/** `output last every N events`: the Nth, 2Nth, … event. */
export class LastPerEventRateLimiter extends NoTimers {
  private counter = 0;

  constructor(
    private readonly value: number,
    private readonly emit: EmitChunk,
  ) {
    super();
  }

  process(events: readonly StreamEvent[]): void {
    for (const event of events) {
      if (!isData(event)) continue;
      this.counter += 1;
      if (this.counter === this.value) {
        this.counter = 0;
        this.emit([event]);
      }
    }
  }

  snapshot(): unknown {
    return { counter: this.counter };
  }

  restore(snapshot: unknown): void {
    this.counter = readNumber(readRecord(snapshot), 'counter', 0);
  }
}

/** `group by … output first every N events`: each key's 1st, (N+1)th, … event (a counter per key). */
export class FirstGroupByPerEventRateLimiter extends NoTimers {
  private counters = new Map<string, number>();

  constructor(
    private readonly value: number,
    private readonly emit: EmitChunk,
  ) {
    super();
  }

  process(events: readonly StreamEvent[], groupKeys: readonly string[]): void {
    const out: StreamEvent[] = [];
    let i = -1;
    for (const event of events) {
      i += 1;
      if (!isData(event)) continue;
      const key = groupKeys[i] ?? '';
      const count = this.counters.get(key) ?? 0;
      if (count === 0) out.push(event);
      if (count + 1 === this.value) this.counters.delete(key);
      else this.counters.set(key, count + 1);
    }
    if (out.length > 0) this.emit(out);
  }

  snapshot(): unknown {
    return { counters: [...this.counters] };
  }

  restore(snapshot: unknown): void {
    const saved = readRecord(snapshot).counters;
    this.counters = new Map(Array.isArray(saved) ? (saved as [string, number][]) : []);
  }
}

/**
 * `group by … output last every N events`: counts every event; at the Nth releases the last
 * event of each key seen since the previous release, in first-appearance order.
 */
export class LastGroupByPerEventRateLimiter extends NoTimers {
  private counter = 0;
  private lastByKey = new Map<string, StreamEvent>();

  constructor(
    private readonly value: number,
    private readonly emit: EmitChunk,
  ) {
    super();
  }

  process(events: readonly StreamEvent[], groupKeys: readonly string[]): void {
    let i = -1;
    for (const event of events) {
      i += 1;
      if (!isData(event)) continue;
      this.lastByKey.set(groupKeys[i] ?? '', event);
      this.counter += 1;
      if (this.counter === this.value) {
        this.counter = 0;
        const chunk = [...this.lastByKey.values()];
        this.lastByKey.clear();
        this.emit(chunk);
      }
    }
  }

  snapshot(): unknown {
    return {
      counter: this.counter,
      lastByKey: [...this.lastByKey].map(([key, event]) => [key, copyEvent(event)]),
    };
  }

  restore(snapshot: unknown): void {
    const record = readRecord(snapshot);
    this.counter = readNumber(record, 'counter', 0);
    const saved = record.lastByKey;
    this.lastByKey = new Map(
      Array.isArray(saved)
        ? (saved as [string, StreamEvent][]).map(([key, event]) => [key, copyEvent(event)])
        : [],
    );
  }
}
