// `#window.externalTimeBatch(ts, t[, start.time][, timeout][, replace.with.batchtime])`:
// tumbling batches over an event-time attribute, with ends aligned to `start.time`. An event at
// or past the batch end flushes the batch (previous batch expired, reset, batch). A `timeout`
// timer flushes an open batch when no event comes; late events then re-emit it (Siddhi 5.1).

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  resetEvent,
  type WindowArgument,
  type WindowContext,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { boolArgument, numberArgument, timestampReader } from './window-arguments.js';

/** The parameters of one `externalTimeBatch` window. */
export interface ExternalTimeBatchOptions {
  readonly timeOf: (event: StreamEvent) => number;
  /** Position of the timestamp attribute (for `replace.with.batchtime`). */
  readonly timePosition: number;
  readonly duration: number;
  /** A constant start, or one read from the first event; undefined: the first event's time. */
  readonly startTime: number | ((event: StreamEvent) => number) | undefined;
  readonly timeout: number;
  readonly replace: boolean;
}

/** Tumbling batches over attribute time (see `externalTimeBatchWindow`). */
export class ExternalTimeBatchWindow extends BaseWindow {
  #current: StreamEvent[] = [];
  #expired: StreamEvent[] = [];
  #resetPending = false;
  #startTime = 0;
  #endTime = -1;
  #lastScheduled = 0;
  #lastEventTime = 0;
  #flushed = false;
  readonly #storeExpired: boolean;

  constructor(
    private readonly options: ExternalTimeBatchOptions,
    private readonly ctx: WindowContext,
  ) {
    super();
    this.#storeExpired = ctx.expiredEventsWanted;
  }

  process(chunk: EventChunk): void {
    const first = chunk[0];
    if (first === undefined) return;
    const outs: StreamEvent[][] = [];
    const { options } = this;
    if (this.#endTime < 0 && first.type === 'current') this.#initTiming(first);
    for (const event of chunk) {
      if (event.type === 'timer') {
        if (this.#lastScheduled <= event.timestamp) {
          if (!this.#flushed) {
            this.#flush(outs, true);
            this.#flushed = true;
          } else if (this.#current.length > 0) {
            this.#append(outs, true);
          }
          this.#schedule();
        }
        continue;
      }
      if (event.type !== 'current') continue;
      const time = options.timeOf(event);
      if (this.#lastEventTime < time) this.#lastEventTime = time;
      if (time < this.#endTime) {
        this.#add(event);
      } else {
        if (this.#flushed) {
          this.#append(outs, false);
          this.#flushed = false;
        } else {
          this.#flush(outs, false);
        }
        this.#endTime = this.#findEnd(this.#lastEventTime);
        this.#add(event);
        if (options.timeout > 0) this.#schedule();
      }
    }
    for (const out of outs) this.emit(out);
  }

  #initTiming(first: StreamEvent): void {
    const { options } = this;
    const start = options.startTime;
    if (typeof start === 'number') {
      this.#startTime = start;
      this.#endTime = this.#findEnd(options.timeOf(first));
    } else {
      this.#startTime = start === undefined ? options.timeOf(first) : start(first);
      this.#endTime = this.#startTime + options.duration;
    }
    if (options.timeout > 0) this.#schedule();
  }

  #schedule(): void {
    this.#lastScheduled = this.ctx.clock.now() + this.options.timeout;
    this.ctx.scheduleTimer(this.#lastScheduled);
  }

  #findEnd(time: number): number {
    const d = this.options.duration;
    return time + (d - ((time - this.#startTime) % d));
  }

  #add(event: StreamEvent): void {
    let data = event.data;
    if (this.options.replace) {
      data = [...data];
      data[this.options.timePosition] = this.#endTime;
    }
    this.#current.push({ timestamp: event.timestamp, type: 'current', data });
    this.#resetPending = true;
  }

  /** Siddhi's flushToOutputChunk: expired (if wanted), reset, the batch. */
  #flush(outs: StreamEvent[][], preserve: boolean): void {
    const now = this.#lastEventTime;
    const out: StreamEvent[] = [];
    if (this.ctx.expiredEventsWanted) {
      for (const e of this.#expired) out.push({ timestamp: now, type: 'expired', data: e.data });
    }
    this.#expired = [];
    if (this.#current.length > 0) {
      out.push(resetEvent(now));
      this.#resetPending = false;
      if (preserve || this.#storeExpired) this.#expired = [...this.#current];
      out.push(...this.#current);
    }
    this.#current = [];
    if (out.length > 0) outs.push(out);
  }

  /** Siddhi's appendToOutputChunk: re-emits the flushed batch with the late events. */
  #append(outs: StreamEvent[][], preserve: boolean): void {
    const now = this.#lastEventTime;
    const out: StreamEvent[] = [];
    if (this.#current.length > 0) {
      const resent: StreamEvent[] = [];
      for (const e of this.#expired) {
        if (this.ctx.expiredEventsWanted)
          out.push({ timestamp: now, type: 'expired', data: e.data });
        resent.push({ timestamp: e.timestamp, type: 'current', data: e.data });
      }
      out.push(resetEvent(now), ...resent);
      if (preserve || this.#storeExpired) this.#expired.push(...this.#current);
      out.push(...this.#current);
    }
    this.#current = [];
    if (out.length > 0) outs.push(out);
  }

  override start(): void {
    // timers are armed by events; a restored window re-arms its timeout
    if (this.options.timeout > 0 && this.#endTime >= 0 && this.#lastScheduled > 0) {
      this.ctx.scheduleTimer(this.#lastScheduled);
    }
  }

  contents(): readonly StreamEvent[] {
    return this.#expired;
  }

  snapshot(): WindowSnapshot {
    return {
      current: eventsToData(this.#current),
      expired: eventsToData(this.#expired),
      resetPending: this.#resetPending,
      startTime: this.#startTime,
      endTime: this.#endTime,
      lastScheduled: this.#lastScheduled,
      lastEventTime: this.#lastEventTime,
      flushed: this.#flushed,
    };
  }

  restore(state: WindowSnapshot): void {
    const num = (key: string, fallback: number): number => {
      const v = state[key];
      return typeof v === 'number' ? v : fallback;
    };
    this.#current = eventsFromData(state.current);
    this.#expired = eventsFromData(state.expired);
    this.#resetPending = state.resetPending === true;
    this.#startTime = num('startTime', 0);
    this.#endTime = num('endTime', -1);
    this.#lastScheduled = num('lastScheduled', 0);
    this.#lastEventTime = num('lastEventTime', 0);
    this.#flushed = state.flushed === true;
    this.start();
  }
}

function create(args: readonly WindowArgument[], ctx: WindowContext): ExternalTimeBatchWindow {
  const ts = args[0];
  const startArg = args[2];
  let startTime: ExternalTimeBatchOptions['startTime'];
  if (startArg !== undefined) {
    if (startArg.constant) startTime = numberArgument(args, 2, 'start.time', -Infinity);
    else startTime = (e) => Number(startArg.evaluate(e));
  }
  return new ExternalTimeBatchWindow(
    {
      timeOf: timestampReader(args, 0),
      timePosition: ts?.attribute?.index ?? -1,
      duration: numberArgument(args, 1, 'window.time', 1),
      startTime,
      timeout: args[3] === undefined ? 0 : numberArgument(args, 3, 'timeout'),
      replace: boolArgument(args, 4, 'replace.with.batchtime', false),
    },
    ctx,
  );
}

/**
 * `externalTimeBatch(ts, t[, start.time][, timeout][, replace.with.batchtime])`.
 * @example
 * from S#window.externalTimeBatch(eventTime, 1 sec, 0, 2 sec) select count() as n insert into Out;
 */
export const externalTimeBatchWindow: WindowImplementation = {
  namespace: '',
  name: 'externalTimeBatch',
  create,
};
