// The running state machine of one pattern or sequence query: routes each input event to the
// states listening to its stream (after expiring `within` and promoting new partial matches),
// hands completed matches to the selector, caps the partial matches and snapshots them.

import type { Logger } from '../app/logger.js';
import type { EventChunk, EventType, StreamEvent } from '../event/event.js';
import type { InnerRuntime } from './inner-runtime.js';
import { StateEvent, type LinkedEvent } from './state-event.js';
import { CountPreState, type PreState, type StateKind } from './state-processors.js';

/** Default cap of live partial matches per query. */
export const DEFAULT_MAX_PARTIAL_MATCHES = 100_000;

export interface PatternRuntimeOptions {
  readonly kind: StateKind;
  readonly root: InnerRuntime;
  /** Every state, in planning order. */
  readonly states: readonly PreState[];
  /** The states reading each stream, in registration order. */
  readonly streams: ReadonlyMap<string, readonly PreState[]>;
  /** Receives each completed match (its slots are read at once: do not keep it). */
  readonly emit: (match: StateEvent) => void;
  readonly logger: Logger;
  readonly queryName: string;
  /** Live partial matches allowed before the oldest are dropped (logged once). */
  readonly maxPartialMatches?: number;
}

/** Plain data of a pattern's partial matches (shared events and matches kept shared). */
export interface PatternSnapshot {
  readonly events: readonly {
    readonly timestamp: number;
    readonly type: EventType;
    readonly data: unknown[];
    readonly next: number;
  }[];
  readonly matches: readonly {
    readonly timestamp: number;
    readonly type: EventType;
    readonly slots: readonly number[];
  }[];
  readonly states: readonly {
    readonly pending: readonly number[];
    readonly newAndEvery: readonly number[];
    readonly initialized: boolean;
    readonly startReset: boolean;
  }[];
}

/**
 * A pattern or sequence query's runtime.
 * @example
 * const runtime = new PatternRuntime({ kind: 'pattern', root, states, streams, emit, logger, queryName: 'q' });
 * junction.subscribe({ receive: (chunk) => runtime.receive('S', chunk) });
 */
export class PatternRuntime {
  private readonly max: number;
  private capLogged = false;
  /** Partial matches dropped by the cap so far. */
  dropped = 0;

  constructor(private readonly options: PatternRuntimeOptions) {
    this.max = options.maxPartialMatches ?? DEFAULT_MAX_PARTIAL_MATCHES;
    options.root.init();
  }

  /** Processes the events of `streamId`, one at a time. */
  receive(streamId: string, chunk: EventChunk): void {
    const pres = this.options.streams.get(streamId);
    if (pres === undefined) return;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      this.receiveEvent(pres, event);
    }
  }

  private receiveEvent(pres: readonly PreState[], event: StreamEvent): void {
    const { states, root, emit } = this.options;
    for (const state of states) state.expireEvents(event.timestamp);
    if (this.options.kind === 'sequence') {
      root.reset();
      root.update();
    } else if (pres.length === 1) {
      pres[0]?.updateState();
    } else {
      for (const pre of pres) pre.updateState();
    }
    for (let i = pres.length - 1; i >= 0; i--) {
      const pre = pres[i];
      if (pre === undefined) continue;
      const returned = pre.processAndReturn(event);
      for (const match of returned) emit(match);
    }
    this.enforceCap();
  }

  /** Live partial matches (pending and new) over all states, for metrics. */
  get livePartialMatches(): number {
    let count = 0;
    for (const state of this.options.states) {
      count += state.pending.length + state.newAndEvery.length;
    }
    return count;
  }

  private enforceCap(): void {
    let excess = this.livePartialMatches - this.max;
    if (excess <= 0) return;
    if (!this.capLogged) {
      this.capLogged = true;
      this.options.logger.log(
        'warn',
        `query '${this.options.queryName}' reached its cap of ${String(this.max)} partial matches; the oldest are dropped`,
      );
    }
    // Later states first: the start state's fresh partial matches keep `every` going.
    for (const state of [...this.options.states].reverse()) {
      for (const list of [state.pending, state.newAndEvery]) {
        const cut = Math.min(excess, list.length);
        if (cut <= 0) continue;
        list.splice(0, cut);
        excess -= cut;
        this.dropped += cut;
      }
      if (excess <= 0) break;
    }
  }

  /** The partial matches as plain data. */
  snapshot(): PatternSnapshot {
    const eventIds = new Map<LinkedEvent, number>();
    const events: {
      timestamp: number;
      type: EventType;
      data: unknown[];
      next: number;
    }[] = [];
    const eventId = (e: LinkedEvent | null): number => {
      if (e === null) return -1;
      const known = eventIds.get(e);
      if (known !== undefined) return known;
      const id = events.length;
      eventIds.set(e, id);
      const row = { timestamp: e.timestamp, type: e.type, data: [...e.data], next: -1 };
      events.push(row);
      row.next = eventId(e.next);
      return id;
    };
    const matchIds = new Map<StateEvent, number>();
    const matches: { timestamp: number; type: EventType; slots: number[] }[] = [];
    const matchId = (s: StateEvent): number => {
      const known = matchIds.get(s);
      if (known !== undefined) return known;
      const id = matches.length;
      matchIds.set(s, id);
      matches.push({ timestamp: s.timestamp, type: s.type, slots: s.events.map(eventId) });
      return id;
    };
    const states = this.options.states.map((state) => ({
      pending: state.pending.map(matchId),
      newAndEvery: state.newAndEvery.map(matchId),
      initialized: state.initialized,
      startReset: state instanceof CountPreState ? state.startReset : false,
    }));
    return { events, matches, states };
  }

  /** Replaces the partial matches with a snapshot's. */
  restore(snapshot: PatternSnapshot): void {
    const events: LinkedEvent[] = snapshot.events.map((e) => ({
      timestamp: e.timestamp,
      type: e.type,
      data: [...e.data],
      next: null,
    }));
    snapshot.events.forEach((e, i) => {
      const event = events[i];
      if (event !== undefined && e.next >= 0) event.next = events[e.next] ?? null;
    });
    const matches = snapshot.matches.map((m) => {
      const s = new StateEvent(m.slots.length);
      s.timestamp = m.timestamp;
      s.type = m.type;
      m.slots.forEach((slot, i) => {
        s.events[i] = slot < 0 ? null : (events[slot] ?? null);
      });
      return s;
    });
    const pick = (ids: readonly number[]): StateEvent[] =>
      ids.flatMap((id) => {
        const m = matches[id];
        return m === undefined ? [] : [m];
      });
    this.options.states.forEach((state, i) => {
      const saved = snapshot.states[i];
      if (saved === undefined) return;
      state.pending = pick(saved.pending);
      state.newAndEvery = pick(saved.newAndEvery);
      state.initialized = saved.initialized;
      if (state instanceof CountPreState) state.startReset = saved.startReset;
    });
  }
}
