// Absent states (`not X for t`, `not X and e`, `not X for t or e`): they complete on a timer
// when no matching X arrived in time; an arriving X kills (or, first in a pattern, restarts)
// the wait. Mirrors Siddhi 5.1's absent pre/post state processors.

import type { StreamEvent } from '../event/event.js';
import type { StateEvent, LinkedEvent } from './state-event.js';
import {
  LogicalPostState,
  LogicalPreState,
  PostState,
  PreState,
  type StateKind,
} from './state-processors.js';

/** What absent states need from the query runtime: timers, the clock and direct output. */
export interface AbsentEnvironment {
  /** Calls `pre.onTimer(at)` at `at` (ms). */
  schedule(pre: AbsentTimed, at: number): void;
  now(): number;
  /** Sends a match completed by a timer to the selector. */
  emit(match: StateEvent): void;
}

/** An absent state's timer callback. */
export interface AbsentTimed {
  onTimer(currentTime: number): void;
}

/** An empty event standing for "nothing arrived" in an absent slot. */
function emptyEvent(): LinkedEvent {
  return { timestamp: -1, type: 'current', data: [], next: null };
}

/** `not X for t` as a state of its own. */
export class AbsentStreamPreState extends PreState implements AbsentTimed {
  lastScheduledTime = 0;
  active = true;
  env!: AbsentEnvironment;

  constructor(
    kind: StateKind,
    size: number,
    newStateEvent: () => StateEvent,
    readonly waitingTime: number,
  ) {
    super(kind, size, newStateEvent);
  }

  override readonly absent: boolean = true;

  override get removeOnNoStateChange(): boolean {
    return false;
  }

  updateLastArrivalTime(timestamp: number): void {
    this.lastScheduledTime = timestamp + this.waitingTime;
    this.env.schedule(this, this.lastScheduledTime);
  }

  override addState(s: StateEvent): void {
    if (!this.active) return;
    if (this.kind === 'sequence') this.newAndEvery = [s];
    else this.newAndEvery.push(s);
    if (!this.isStartState) {
      this.lastScheduledTime = s.timestamp + this.waitingTime;
      this.env.schedule(this, this.lastScheduledTime);
    }
  }

  override addEveryState(s: StateEvent): void {
    const copy = s.copy();
    copy.type = 'current';
    for (let i = this.stateId; i < copy.events.length; i++) copy.events[i] = null;
    this.newAndEvery.push(copy);
    this.lastScheduledTime = s.timestamp + this.waitingTime;
    this.env.schedule(this, this.lastScheduledTime);
  }

  override resetState(): void {
    this.pending = [];
    if (this.isStartState) {
      if (
        this.kind === 'sequence' &&
        this.thisPost.nextEvery === null &&
        (this.thisPost.nextPre?.pending.length ?? 0) > 0
      ) {
        return;
      }
      this.init();
    }
  }

  onTimer(currentTime: number): void {
    if (!this.active) return;
    let initialize =
      this.isStartState && this.newAndEvery.length === 0 && this.pending.length === 0;
    if (
      initialize &&
      this.kind === 'sequence' &&
      this.thisPost.nextEvery === null &&
      this.lastScheduledTime > 0
    ) {
      initialize = false;
    }
    if (initialize) this.addState(this.newStateEvent());
    else if (this.kind === 'sequence' && this.newAndEvery.length > 0) this.resetState();
    this.updateState();
    const ready: StateEvent[] = [];
    const kept: StateEvent[] = [];
    for (const s of this.pending) {
      if (this.isExpired(s, currentTime)) {
        const every = this.thisPost.nextEvery;
        if (this.withinEveryPre !== null && every !== null && every !== this) {
          every.addEveryState(s);
        }
        continue;
      }
      if (
        (s.timestamp === -1 && currentTime >= this.lastScheduledTime) ||
        (s.timestamp !== -1 && currentTime >= s.timestamp + this.waitingTime)
      ) {
        s.timestamp = currentTime;
        ready.push(s);
      } else {
        kept.push(s);
      }
    }
    this.pending = kept;
    this.withinEveryPre?.updateState();
    for (const s of ready) this.send(s);
    const actualNow = this.env.now();
    if (actualNow > this.waitingTime + currentTime) {
      this.lastScheduledTime = actualNow + this.waitingTime;
    }
    if (ready.length === 0 && this.lastScheduledTime < currentTime) {
      this.lastScheduledTime = currentTime + this.waitingTime;
      this.env.schedule(this, this.lastScheduledTime);
    }
  }

  private send(s: StateEvent): void {
    const post = this.thisPost;
    if (post.hasSelector) this.env.emit(s);
    post.nextPre?.addState(s);
    if (post.nextEvery !== null) post.nextEvery.addEveryState(s);
    else if (this.isStartState) this.active = false;
    post.callbackPre?.startStateReset();
  }

  override processAndReturn(event: StreamEvent): StateEvent[] {
    if (!this.active) return [];
    super.processAndReturn(event);
    return [];
  }

  override start(): void {
    if (this.isStartState && this.active) {
      this.lastScheduledTime = this.env.now() + this.waitingTime;
      this.env.schedule(this, this.lastScheduledTime);
    }
  }
}

/** An arriving X: marks the state, restarts the wait. */
export class AbsentStreamPostState extends PostState {
  /** The absent state this post belongs to (`thisPre`, typed). */
  absentPre!: AbsentStreamPreState;

  override process(s: StateEvent): void {
    const pre = this.absentPre;
    pre.stateChanged = true;
    const event = s.events[this.stateId] ?? null;
    if (event !== null) s.timestamp = event.timestamp;
    this.isEventReturned = true;
    if (pre.isStartState && this.nextEvery === pre) pre.addEveryState(s);
    pre.updateLastArrivalTime(event?.timestamp ?? s.timestamp);
  }
}

/** The `not X [for t]` side of `and` / `or`. */
export class AbsentLogicalPreState extends LogicalPreState implements AbsentTimed {
  lastArrivalTime = 0;
  active = true;
  env!: AbsentEnvironment;

  constructor(
    kind: StateKind,
    size: number,
    newStateEvent: () => StateEvent,
    logicalType: 'and' | 'or',
    /** -1 without `for`. */
    readonly waitingTime: number,
  ) {
    super(kind, size, newStateEvent, logicalType);
  }

  override readonly absent: boolean = true;

  updateLastArrivalTime(timestamp: number): void {
    this.lastArrivalTime = timestamp;
  }

  override addState(s: StateEvent): void {
    if (!this.active) return;
    super.addState(s);
    if (!this.isStartState && this.waitingTime !== -1) {
      this.env.schedule(this, s.timestamp + this.waitingTime);
      const partner = this.partner;
      if (partner instanceof AbsentLogicalPreState) {
        partner.env.schedule(partner, s.timestamp + partner.waitingTime);
      }
    }
  }

  override addEveryState(s: StateEvent): void {
    const copy = s.copy();
    copy.type = 'current';
    const own = copy.events[this.stateId] ?? null;
    if (own !== null) copy.timestamp = own.timestamp;
    copy.events[this.stateId] = null;
    copy.events[this.partner.stateId] = null;
    this.newAndEvery.push(copy);
    this.partner.newAndEvery.push(copy);
  }

  onTimer(currentTime: number): void {
    if (!this.active) return;
    let processed = false;
    if (currentTime >= this.lastArrivalTime + this.waitingTime) {
      if (
        this.isStartState &&
        this.kind === 'sequence' &&
        this.newAndEvery.length === 0 &&
        this.pending.length === 0
      ) {
        this.addState(this.newStateEvent());
      } else if (this.kind === 'sequence' && this.newAndEvery.length > 0) {
        this.resetState();
      }
      this.updateState();
      let expired: StateEvent | null = null;
      const ready: StateEvent[] = [];
      const kept: StateEvent[] = [];
      const partnerId = this.partner.stateId;
      for (const s of this.pending) {
        if (this.isExpired(s, currentTime)) {
          expired = s;
          continue;
        }
        if (!this.waitingTimePassed(currentTime, s)) {
          kept.push(s);
          continue;
        }
        const partnerEvent = s.events[partnerId] ?? null;
        if (this.logicalType === 'or' && partnerEvent === null) {
          s.addEvent(this.stateId, emptyEvent());
          ready.push(s);
        } else if (this.logicalType === 'and' && partnerEvent !== null) {
          ready.push(s);
        } else if (this.logicalType === 'and') {
          s.addEvent(this.stateId, emptyEvent());
        }
      }
      this.pending = kept;
      if (expired !== null && this.withinEveryPre !== null) {
        this.withinEveryPre.addEveryState(expired);
        this.withinEveryPre.updateState();
      }
      processed = ready.length > 0;
      for (const s of ready) {
        s.timestamp = currentTime;
        this.send(s);
      }
      this.lastArrivalTime = 0;
    }
    if (this.thisPost.nextEvery !== null || (!processed && this.isStartState)) {
      const nextBreak =
        this.lastArrivalTime === 0
          ? this.env.now() + this.waitingTime
          : this.lastArrivalTime + this.waitingTime;
      this.env.schedule(this, nextBreak);
    }
  }

  private waitingTimePassed(currentTime: number, s: StateEvent): boolean {
    const own = s.events[this.stateId] ?? null;
    return own === null
      ? currentTime >= s.timestamp + this.waitingTime
      : currentTime >= own.timestamp + this.waitingTime;
  }

  private send(s: StateEvent): void {
    const post = this.thisPost;
    if (post.hasSelector) this.env.emit(s);
    post.nextPre?.addState(s);
    if (post.nextEvery !== null) {
      post.nextEvery.addEveryState(s);
    } else if (this.isStartState) {
      this.active = false;
      if (this.logicalType === 'or' && this.partner instanceof AbsentLogicalPreState) {
        this.partner.active = false;
      }
    }
    post.callbackPre?.startStateReset();
  }

  override processAndReturn(event: StreamEvent): StateEvent[] {
    if (!this.active) return [];
    const kept: StateEvent[] = [];
    const id = this.stateId;
    const partnerId = this.partner.stateId;
    for (const s of this.pending) {
      if (this.logicalType === 'or' && (s.events[partnerId] ?? null) !== null) continue;
      const current = s.events[id] ?? null;
      s.events[id] = { ...event, next: null };
      this.process(s);
      if (
        this.waitingTime !== -1 ||
        (this.kind === 'sequence' && this.logicalType === 'and' && this.thisPost.nextEvery !== null)
      ) {
        s.events[id] = current;
      }
      let remove = false;
      if (this.thisLast.isEventReturned) {
        this.thisLast.isEventReturned = false;
        remove = true;
        if (this.kind === 'sequence') {
          const index = this.partner.pending.indexOf(s);
          if (index >= 0) this.partner.pending.splice(index, 1);
        }
      }
      if (!this.stateChanged) {
        s.events[id] = current;
        if (this.kind === 'sequence') remove = true;
      }
      if (!remove) kept.push(s);
    }
    this.pending = kept;
    return [];
  }

  override partnerCanProceed(s: StateEvent): boolean {
    const every = this.thisPost.nextEvery !== null;
    if (this.kind === 'sequence' && !every && this.lastArrivalTime > 0) return false;
    if (this.waitingTime === -1) {
      if (!every) return (s.events[this.stateId] ?? null) === null;
      if (this.lastArrivalTime > 0) {
        this.lastArrivalTime = 0;
        this.init();
        return false;
      }
      return true;
    }
    return (s.events[this.stateId] ?? null) !== null;
  }

  override start(): void {
    if (this.isStartState && this.waitingTime !== -1 && this.active) {
      this.env.schedule(this, this.env.now() + this.waitingTime);
    }
  }
}

/** An arriving X on the absent side of `and` / `or`. */
export class AbsentLogicalPostState extends LogicalPostState {
  /** The absent side this post belongs to (`thisPre`, typed). */
  absentPre!: AbsentLogicalPreState;

  override process(s: StateEvent): void {
    const pre = this.absentPre;
    pre.stateChanged = true;
    this.isEventReturned = true;
    const event = s.events[this.stateId] ?? null;
    pre.updateLastArrivalTime(event?.timestamp ?? s.timestamp);
  }
}
