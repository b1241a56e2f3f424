// The window SPI: what a window (`#window.length(5)`, `define window W (…) time(1 sec)`) is to the
// runtime — a processor holding events, emitting expired/reset/current events in Siddhi's order,
// driven by the chunks it receives and by timer events it schedules through its context.

import type { AttributeType, Expression, Span } from '../../query-api/index.js';
import type { Logger } from '../app/logger.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { ExpressionScope, FunctionContext } from '../expression/types.js';
import { DISCARD, type LinkedProcessor, type Processor } from '../processor/processor.js';
import type { CancelTimer, Clock, Scheduler } from '../time/time-service.js';

/**
 * A running window. `process` receives chunks of current events (and the `timer` events it
 * scheduled through `WindowContext.scheduleTimer`) and forwards to `next`, per chunk and in
 * Siddhi's order: expired events (type `expired`, timestamp = the time they expired), then a
 * `reset` event for batch windows, then current events. It never forwards a chunk it did not
 * create, never forwards an empty chunk, and never forwards `timer` events.
 * @example
 * const w = lengthWindow.create([n5], ctx); w.next = selector; w.start();
 * w.process([streamEvent(1, ['IBM', 10])]); // selector gets [current]
 */
export interface WindowProcessor extends LinkedProcessor {
  /**
   * The events the window holds now, oldest first — what a join probes, what a named window
   * and `output snapshot` read. Sliding windows: the events not yet expired; batch windows: the
   * last emitted batch (the one that expires next). The caller must not mutate the array or
   * the events and must not keep the array across `process` calls.
   */
  contents(): readonly StreamEvent[];
  /** Arms the timers a window needs from the start (e.g. aligned `timeBatch`). Idempotent. */
  start(): void;
  /** Cancels every pending timer; nothing fires afterwards until `start()` again. Idempotent. */
  stop(): void;
  /** The window's state as plain data (structured-clone safe: arrays, numbers, strings…). */
  snapshot(): WindowSnapshot;
  /** Replaces the state by one `snapshot()` returned; re-arms timers the state needs. */
  restore(state: WindowSnapshot): void;
}

/** A window's state as plain data; each window defines its own shape. */
export type WindowSnapshot = Readonly<Record<string, unknown>>;

/** One argument of a window call, compiled once at plan time. */
export interface WindowArgument {
  /** The argument as written (e.g. for `expression('count() < 3')`). */
  readonly expression: Expression;
  readonly type: AttributeType;
  /** True for constants (`5`, `1 sec` in ms, `'asc'`); the value is in `value`. */
  readonly constant: boolean;
  readonly value?: unknown;
  /** For a plain attribute reference (`timestamp` of `externalTime`): its name and index. */
  readonly attribute?: { readonly name: string; readonly index: number };
  /** The value for one event (also for constants). */
  readonly evaluate: (event: StreamEvent) => unknown;
}

/** An attribute of the events entering the window. */
export interface WindowAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/** What a window gets from the query (or named window) it runs in. */
export interface WindowContext {
  /** The app's clock (wall, virtual or playback time). */
  readonly clock: Clock;
  /** The app's raw scheduler; prefer `scheduleTimer`, which routes through processing. */
  readonly scheduler: Scheduler;
  /**
   * Schedules a `timer` event with timestamp `at`, delivered as a one-event chunk to the
   * window's `process` through the query's synchronous processing path. Returns its cancel.
   */
  scheduleTimer(at: number): CancelTimer;
  /** The attributes of incoming events, in `data` order. */
  readonly attributes: readonly WindowAttribute[];
  /** Compiles expressions over incoming events (windows taking expressions, e.g. `expression`). */
  readonly scope: ExpressionScope<StreamEvent>;
  readonly functions: FunctionContext;
  /** Whether expired events are wanted downstream (joins and named windows always want them). */
  readonly expiredEventsWanted: boolean;
  readonly logger: Logger;
  /** For log messages: the query or named window, e.g. `query1`. */
  readonly owner: string;
  /** The app's name (for log messages, e.g. `#log()`'s default message). */
  readonly appName?: string;
  /** The window call's span (for errors raised while creating). */
  readonly span: Span;
}

/** A window kind: `#window.<namespace>:<name>(…)`; the built-ins have namespace `''`. */
export interface WindowImplementation {
  readonly namespace: string;
  readonly name: string;
  /**
   * Creates one window instance. Throws `WindowArgumentError` for arguments the catalog's
   * signatures could not reject (e.g. a negative length).
   */
  create(args: readonly WindowArgument[], ctx: WindowContext): WindowProcessor;
}

/** A window argument the window cannot run with; the planner reports it at the window's span. */
export class WindowArgumentError extends Error {}

/** Finds a window implementation by namespace (`''` for built-ins) and name. */
export interface WindowLookup {
  find(namespace: string, name: string): WindowImplementation | undefined;
}

/**
 * A lookup over `implementations` (later ones win).
 * @example
 * createWindowLookup(builtinWindows).find('', 'length')
 */
export function createWindowLookup(implementations: readonly WindowImplementation[]): WindowLookup {
  const byKey = new Map<string, WindowImplementation>();
  for (const impl of implementations) byKey.set(`${impl.namespace}:${impl.name}`, impl);
  return {
    find: (namespace, name) => byKey.get(`${namespace}:${name}`),
  };
}

/**
 * Where a window's timer events go: the planner points `route` at the window (or at the join
 * side / named window wrapping it) once it is built. Timers fire only while started.
 * @example
 * const timers = new WindowTimers(scheduler); const ctx = { …, scheduleTimer: timers.schedule };
 * timers.route = window;
 */
export class WindowTimers {
  route: Processor = DISCARD;
  readonly #pending = new Set<CancelTimer>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Schedules a timer event at `at` (bound: pass it around as a function). */
  readonly schedule = (at: number): CancelTimer => {
    const pending = this.#pending;
    const cancelInner = this.scheduler.schedule(at, (when) => {
      pending.delete(cancel);
      this.route.process([{ timestamp: when, type: 'timer', data: [] }]);
    });
    const cancel: CancelTimer = () => {
      if (pending.delete(cancel)) cancelInner();
    };
    pending.add(cancel);
    return cancel;
  };

  /** Cancels every pending timer event. */
  cancelAll(): void {
    for (const cancel of [...this.#pending]) cancel();
  }
}

/**
 * Base class with the plumbing every window shares: `next`, no-op lifecycle, and `emit` that
 * skips empty chunks. Subclasses implement `process`, `contents`, `snapshot`, `restore`.
 */
export abstract class BaseWindow implements WindowProcessor {
  next: Processor = DISCARD;

  abstract process(chunk: EventChunk): void;
  abstract contents(): readonly StreamEvent[];
  abstract snapshot(): WindowSnapshot;
  abstract restore(state: WindowSnapshot): void;

  start(): void {
    // no timers by default
  }

  stop(): void {
    // no timers by default
  }

  /** Forwards `chunk` when it is not empty. */
  protected emit(chunk: EventChunk): void {
    if (chunk.length > 0) this.next.process(chunk);
  }
}

/** A copy of `event` with `type` (and `timestamp`, if given); `data` is shared (immutable). */
export function withType(
  event: StreamEvent,
  type: StreamEvent['type'],
  timestamp = event.timestamp,
): StreamEvent {
  return { timestamp, type, data: event.data };
}

/** A `reset` event at `timestamp`. */
export function resetEvent(timestamp: number): StreamEvent {
  return { timestamp, type: 'reset', data: [] };
}

/** Events as plain data for snapshots. */
export function eventsToData(
  events: readonly StreamEvent[],
): [number, StreamEvent['type'], unknown[]][] {
  return events.map((e) => [e.timestamp, e.type, [...e.data]]);
}

/** The inverse of `eventsToData` (tolerates missing state: gives `[]`). */
export function eventsFromData(data: unknown): StreamEvent[] {
  if (!Array.isArray(data)) return [];
  return (data as [number, StreamEvent['type'], unknown[]][]).map(([timestamp, type, values]) => ({
    timestamp,
    type,
    data: [...values],
  }));
}
