// `#window.session(gap[, key][, latency])`: per-key sessions. Every event passes as current; a
// session closes at its last timestamp + gap and then expires whole, in one chunk. With an
// allowed latency a closed session is kept until end + latency: late events still join it (or
// merge it with the next one); later ones are dropped and logged. Follows Siddhi 5.1's
// SessionWindowProcessor step by step, including where late events are inserted.

import type { Logger } from '../../runtime/app/logger.js';
import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { CancelTimer } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  withType,
  WindowArgumentError,
  type WindowArgument,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { JavaConcurrentHashMap } from './java-concurrent-hash-map.js';
import { SessionChunk } from './session-chunk.js';

const DEFAULT_KEY = 'default-key';

/** The current session of a key and, with a latency, the previous one still accepting events. */
interface SessionContainer {
  readonly current: SessionChunk;
  readonly previous: SessionChunk;
}

/** What the session window runs with. */
export interface SessionSettings {
  readonly gap: number;
  readonly latency: number;
  readonly keyOf: ((event: StreamEvent) => unknown) | undefined;
  readonly scheduleTimer: (at: number) => CancelTimer;
  readonly logger: Logger;
  readonly owner: string;
}

/** The session window (see `sessionWindow`). */
export class SessionWindow extends BaseWindow {
  #sessions = new JavaConcurrentHashMap<SessionContainer>();
  readonly #armed = new Set<number>();
  #expired: StreamEvent[] = [];

  constructor(private readonly settings: SessionSettings) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      if (event.type === 'current') this.#onEvent(event, out);
      else if (event.type === 'timer') this.#onTimer(event.timestamp);
    }
    for (const e of this.#expired) out.push(e);
    this.#expired = [];
    this.emit(out);
  }

  #notifyAt(at: number): void {
    if (this.#armed.has(at)) return;
    this.#armed.add(at);
    this.settings.scheduleTimer(at);
  }

  #onEvent(event: StreamEvent, out: StreamEvent[]): void {
    const { gap, latency, keyOf } = this.settings;
    const ts = event.timestamp;
    const end = ts + gap;
    const alive = end + latency;
    const key = keyOf === undefined ? DEFAULT_KEY : String(keyOf(event));
    let container = this.#sessions.get(key);
    if (container === undefined) {
      container = { current: new SessionChunk(key), previous: new SessionChunk(key) };
      this.#sessions.set(key, container);
    }
    const node = { event: withType(event, 'expired'), next: null };
    const current = container.current;
    const passed = withType(event, 'current');
    if (current.empty) {
      current.add(node);
      current.setTimes(ts, end, alive);
      this.#notifyAt(end);
    } else if (ts >= current.start) {
      if (ts <= current.end) {
        current.setTimes(current.start, end, alive);
        current.add(node);
        this.#notifyAt(end);
      } else if (latency > 0) {
        // a new session starts; the current one waits for late events until its alive time
        this.#moveCurrentToPrevious(container);
        current.clear();
        current.setTimes(ts, end, alive);
        current.add(node);
        this.#notifyAt(end);
      }
    } else if (!this.#addLateEvent(container, ts, node)) {
      this.settings.logger.log(
        'info',
        `${this.settings.owner}: the event ${JSON.stringify(event.data)} is late and its session window has timed out`,
      );
      return;
    }
    out.push(passed);
  }

  #moveCurrentToPrevious(container: SessionContainer): void {
    const { current, previous } = container;
    if (!previous.empty) this.#expire(previous);
    previous.clear();
    previous.add(current.first);
    previous.setTimes(current.start, current.end, current.alive);
    this.#notifyAt(current.alive);
  }

  /** Places a late event; false when it is too late for any session. */
  #addLateEvent(
    container: SessionContainer,
    ts: number,
    node: { event: StreamEvent; next: null },
  ): boolean {
    const { gap, latency } = this.settings;
    const { current, previous } = container;
    if (ts >= current.start - gap) {
      current.insertAtCursor(node);
      current.start = ts;
      if (latency > 0) this.#merge(previous, current);
      return true;
    }
    if (latency <= 0 || previous.empty || ts < previous.start - gap) return false;
    previous.add(node);
    if (ts <= previous.end - gap && ts < previous.start) {
      previous.start = ts;
    } else {
      previous.end = ts + gap;
      previous.alive = ts + gap + latency;
      this.#merge(previous, current);
    }
    return true;
  }

  /** Merges the previous session into the next one when they are within a gap of each other. */
  #merge(previous: SessionChunk, next: SessionChunk): void {
    if (previous.empty || previous.end < next.start - this.settings.gap) return;
    const nodes = previous.first;
    if (nodes !== null) next.insertAtCursor(nodes);
    next.start = previous.start;
    previous.clear();
  }

  #expire(session: SessionChunk): void {
    for (const e of session.events()) this.#expired.push(e);
  }

  #onTimer(ts: number): void {
    this.#armed.delete(ts);
    this.#currentTimeout(ts);
    if (this.settings.latency > 0) this.#previousTimeout(ts);
  }

  /** Containers whose `pick` session is not empty, by that session's end (stable). */
  #byEnd(pick: (c: SessionContainer) => SessionChunk): SessionContainer[] {
    return this.#sessions
      .values()
      .filter((c) => !pick(c).empty)
      .sort((a, b) => pick(a).end - pick(b).end);
  }

  #currentTimeout(ts: number): void {
    for (const container of this.#byEnd((c) => c.current)) {
      const { current, previous } = container;
      if (current.empty || ts < current.end) break;
      if (this.settings.latency > 0) {
        previous.add(current.first);
        previous.setTimes(current.start, current.end, current.alive);
        this.#notifyAt(current.alive);
      } else {
        this.#expire(current);
      }
      current.clear();
    }
  }

  #previousTimeout(ts: number): void {
    for (const container of this.#byEnd((c) => c.previous)) {
      const previous = container.previous;
      if (previous.empty || ts < previous.alive) break;
      this.#expire(previous);
      previous.clear();
    }
  }

  contents(): readonly StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const c of this.#sessions.values()) {
      for (const e of c.previous.events()) out.push(e);
      for (const e of c.current.events()) out.push(e);
    }
    return out;
  }

  snapshot(): WindowSnapshot {
    const session = (s: SessionChunk): unknown[] => [
      s.start,
      s.end,
      s.alive,
      eventsToData(s.events()),
    ];
    return {
      sessions: this.#sessions
        .values()
        .map((c) => [c.current.key, session(c.current), session(c.previous)]),
    };
  }

  /** Re-arms the timers of held sessions (after a stop, or a restore that cancelled them). */
  override start(): void {
    for (const c of this.#sessions.values()) {
      if (!c.current.empty) this.#notifyAt(c.current.end);
      if (!c.previous.empty) this.#notifyAt(c.previous.alive);
    }
  }

  /** The owner cancels pending timers on stop: forget them so that `start` arms them again. */
  override stop(): void {
    this.#armed.clear();
  }

  restore(state: WindowSnapshot): void {
    // a restore comes with its timers cancelled: the restored sessions arm their own
    this.#armed.clear();
    this.#sessions = new JavaConcurrentHashMap<SessionContainer>();
    const rows = Array.isArray(state.sessions) ? (state.sessions as unknown[][]) : [];
    for (const [key, current, previous] of rows) {
      if (typeof key !== 'string') continue;
      const container = { current: new SessionChunk(key), previous: new SessionChunk(key) };
      this.#restoreSession(container.current, current);
      this.#restoreSession(container.previous, previous);
      this.#sessions.set(key, container);
    }
    this.start();
  }

  #restoreSession(session: SessionChunk, data: unknown): void {
    if (!Array.isArray(data)) return;
    const [start, end, alive, events] = data as [number, number, number, unknown];
    session.setTimes(start, end, alive);
    for (const event of eventsFromData(events)) session.add({ event, next: null });
  }
}

function timeArgument(arg: WindowArgument | undefined, what: string): number {
  if (arg?.constant !== true || typeof arg.value !== 'number' || arg.value < 0) {
    throw new WindowArgumentError(`${what} must be a constant time or number of milliseconds`);
  }
  return arg.value;
}

/**
 * `session(gap)`, `session(gap, key)` or `session(gap, key, latency)` (`session(gap, latency)`
 * too, as Siddhi allows); the latency may not exceed the gap.
 * @example
 * from Purchase#window.session(5 sec, user, 2 sec) select user, sum(amount) as total insert all events into Sessions;
 */
export const sessionWindow: WindowImplementation = {
  namespace: '',
  name: 'session',
  create: (args, ctx) => {
    const gap = timeArgument(args[0], 'session.gap');
    let keyOf: ((event: StreamEvent) => unknown) | undefined;
    let latency = 0;
    const second = args[1];
    if (second !== undefined) {
      if (second.constant) latency = timeArgument(second, 'allowed.latency');
      else keyOf = second.evaluate;
    }
    if (args[2] !== undefined) latency = timeArgument(args[2], 'allowed.latency');
    if (latency > gap) {
      throw new WindowArgumentError('allowed.latency must not be greater than the session gap');
    }
    return new SessionWindow({
      gap,
      latency,
      keyOf,
      scheduleTimer: (at) => ctx.scheduleTimer(at),
      logger: ctx.logger,
      owner: ctx.owner,
    });
  },
};
