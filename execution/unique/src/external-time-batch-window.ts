// #window.unique:externalTimeBatch(unique.key, time.stamp, window.time[, start.time][, time.out]
// [, replace.time.stamp.with.batch.end.time]): event-time tumbling batches of the latest event per
// key; an event past the batch end or a `time.out` flushes it (late events re-emit it, Siddhi 5.1).

import type { StreamEvent } from '@tributary/engine';
import {
  defineWindow,
  WindowArgumentError,
  type Extension,
  type WindowArgument,
  type WindowContext,
} from '@tributary/engine/extension-api';
import {
  boolArgument,
  eventsFromData,
  eventsToData,
  keyReader,
  numberArgument,
  numberField,
  reset,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** The parameters of one window. */
export interface UniqueExternalTimeBatchOptions {
  readonly keyOf: (event: StreamEvent) => unknown;
  readonly timeOf: (event: StreamEvent) => number;
  /** Position of the timestamp attribute (for the batch-end replacement). */
  readonly timePosition: number;
  readonly duration: number;
  /** A constant start; undefined: the first event's time. */
  readonly startTime: number | undefined;
  readonly timeout: number;
  readonly replace: boolean;
}

/** Tumbling batches of unique keys over attribute time (see `uniqueExternalTimeBatchWindow`). */
export class UniqueExternalTimeBatchWindow extends UniqueWindow {
  #current = new Map<unknown, StreamEvent>();
  #expired = new Map<unknown, StreamEvent>();
  #startTime = 0;
  #endTime = -1;
  #lastScheduled = 0;
  #lastEventTime = 0;
  #flushed = false;

  constructor(
    private readonly options: UniqueExternalTimeBatchOptions,
    private readonly ctx: WindowContext,
  ) {
    super();
  }

  process(chunk: StreamEvent[]): void {
    const first = chunk[0];
    if (first === undefined) return;
    const outs: StreamEvent[][] = [];
    if (this.#endTime < 0 && first.type === 'current') this.#initTiming(first);
    for (const event of chunk) {
      if (event.type === 'timer') {
        if (this.#lastScheduled <= event.timestamp) {
          if (!this.#flushed) {
            this.#flush(outs, true);
            this.#flushed = true;
          } else if (this.#current.size > 0) {
            this.#append(outs, true);
          }
          this.#schedule();
        }
        continue;
      }
      if (event.type !== 'current') continue;
      const time = this.options.timeOf(event);
      if (this.#lastEventTime < time) this.#lastEventTime = time;
      if (time < this.#endTime) {
        this.#add(event);
        continue;
      }
      if (this.#flushed) {
        this.#append(outs, false);
        this.#flushed = false;
      } else {
        this.#flush(outs, false);
      }
      this.#endTime = this.#findEnd(this.#lastEventTime);
      this.#add(event);
      if (this.options.timeout > 0) this.#schedule();
    }
    for (const out of outs) this.emit(out);
  }

  #initTiming(first: StreamEvent): void {
    const { options } = this;
    if (options.startTime === undefined) {
      this.#startTime = options.timeOf(first);
      this.#endTime = this.#startTime + options.duration;
    } else {
      this.#startTime = options.startTime;
      this.#endTime = this.#findEnd(options.timeOf(first));
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
    const copy: StreamEvent = { timestamp: event.timestamp, type: 'current', data };
    this.#current.set(this.options.keyOf(copy), copy);
  }

  /** Expired (if wanted), reset, the batch; the batch is kept to expire next time. */
  #flush(outs: StreamEvent[][], preserve: boolean): void {
    const now = this.#lastEventTime;
    const out: StreamEvent[] = [];
    if (this.ctx.expiredEventsWanted) {
      for (const e of this.#expired.values())
        out.push({ timestamp: now, type: 'expired', data: e.data });
    }
    this.#expired = new Map();
    if (this.#current.size > 0) {
      out.push(reset(now));
      if (preserve || this.ctx.expiredEventsWanted) this.#expired = new Map(this.#current);
      out.push(...this.#current.values());
    }
    this.#current = new Map();
    if (out.length > 0) outs.push(out);
  }

  /** Re-emits the flushed batch merged with the late events (late ones win per key). */
  #append(outs: StreamEvent[][], preserve: boolean): void {
    const now = this.#lastEventTime;
    const out: StreamEvent[] = [];
    if (this.#current.size > 0) {
      const sent = new Map<unknown, StreamEvent>();
      for (const [key, e] of this.#expired) {
        if (this.ctx.expiredEventsWanted)
          out.push({ timestamp: now, type: 'expired', data: e.data });
        sent.set(key, { timestamp: e.timestamp, type: 'current', data: e.data });
      }
      out.push(reset(now));
      for (const [key, e] of this.#current) {
        if (preserve || this.ctx.expiredEventsWanted) this.#expired.set(key, e);
        sent.set(key, e);
      }
      out.push(...sent.values());
    }
    this.#current = new Map();
    if (out.length > 0) outs.push(out);
  }

  override start(): void {
    // timers are armed by events; a restored window re-arms its timeout
    if (this.options.timeout > 0 && this.#endTime >= 0 && this.#lastScheduled > 0) {
      this.ctx.scheduleTimer(this.#lastScheduled);
    }
  }

  contents(): readonly StreamEvent[] {
    return [...this.#expired.values()];
  }

  snapshot(): WindowSnapshot {
    return {
      current: eventsToData(this.#current.values()),
      expired: eventsToData(this.#expired.values()),
      startTime: this.#startTime,
      endTime: this.#endTime,
      lastScheduled: this.#lastScheduled,
      lastEventTime: this.#lastEventTime,
      flushed: this.#flushed,
    };
  }

  restore(state: WindowSnapshot): void {
    const byKey = (data: unknown): Map<unknown, StreamEvent> =>
      new Map(eventsFromData(data).map((e) => [this.options.keyOf(e), e]));
    this.#current = byKey(state.current);
    this.#expired = byKey(state.expired);
    this.#startTime = numberField(state, 'startTime', 0);
    this.#endTime = numberField(state, 'endTime', -1);
    this.#lastScheduled = numberField(state, 'lastScheduled', 0);
    this.#lastEventTime = numberField(state, 'lastEventTime', 0);
    this.#flushed = state.flushed === true;
    this.start();
  }
}

function create(
  args: readonly WindowArgument[],
  ctx: WindowContext,
): UniqueExternalTimeBatchWindow {
  const ts = args[1];
  if (ts === undefined) throw new WindowArgumentError('a time.stamp attribute is required');
  return new UniqueExternalTimeBatchWindow(
    {
      keyOf: keyReader(args.slice(0, 1)),
      timeOf: (event) => Number(ts.evaluate(event)),
      timePosition: ts.attribute?.index ?? -1,
      duration: numberArgument(args, 2, 'window.time', 1),
      startTime:
        args[3] === undefined ? undefined : numberArgument(args, 3, 'start.time', -Infinity),
      timeout: args[4] === undefined ? 0 : numberArgument(args, 4, 'time.out'),
      replace: boolArgument(args, 5, 'replace.time.stamp.with.batch.end.time', false),
    },
    ctx,
  );
}

/** #window.unique:externalTimeBatch. */
export const uniqueExternalTimeBatchWindow: Extension = defineWindow({
  namespace: 'unique',
  name: 'externalTimeBatch',
  status: 'stable',
  summary: 'Tumbling batches over an event-time attribute, holding the latest event per key.',
  description:
    'Batches events by the time in `time.stamp` (which should increase): an event at or past ' +
    'the end of the batch flushes it (the previous batch expires). Within a batch an event ' +
    'whose key is held replaces the held one. With `time.out` an open batch is flushed when no ' +
    'event arrives for that long; late events of it are then emitted with it again.',
  parameters: [
    uniqueKey,
    {
      name: 'time.stamp',
      types: ['long'],
      attribute: true,
      description: 'The attribute holding the event time; it should increase monotonically.',
    },
    {
      name: 'window.time',
      types: ['int', 'long'],
      constant: true,
      description: 'The batch length.',
    },
    {
      name: 'start.time',
      types: ['int', 'long'],
      constant: true,
      optional: true,
      description: 'An offset the batch boundaries are aligned to. Default: the first event time.',
    },
    {
      name: 'time.out',
      types: ['int', 'long'],
      constant: true,
      optional: true,
      description:
        'How long to wait for an event before flushing the open batch. Default: the batch is ' +
        'flushed only by an event of the next batch.',
    },
    {
      name: 'replace.time.stamp.with.batch.end.time',
      types: ['bool'],
      constant: true,
      optional: true,
      description: 'If true, `time.stamp` is replaced by the batch end time. Default: false.',
    },
  ],
  overloads: [
    ['unique.key', 'time.stamp', 'window.time'],
    ['unique.key', 'time.stamp', 'window.time', 'start.time'],
    ['unique.key', 'time.stamp', 'window.time', 'start.time', 'time.out'],
    [
      'unique.key',
      'time.stamp',
      'window.time',
      'start.time',
      'time.out',
      'replace.time.stamp.with.batch.end.time',
    ],
  ],
  examples: [
    {
      description:
        'Holds the latest event per IP of each second of event time, flushing after 2 seconds ' +
        'without events.',
      siddhi:
        'define stream LoginEvents (timestamp long, ip string);\n' +
        'from LoginEvents#window.unique:externalTimeBatch(ip, timestamp, 1 sec, 0, 2 sec)\n' +
        'select timestamp, ip, count() as total\ninsert into UniqueIps;',
    },
  ],
  create,
});
