// The state machine of patterns and sequences (Siddhi 5.1's pre/post state processors): each
// stream state keeps its pending partial matches; an arriving event is tried against each, and
// a match moves the partial match on to the next state (or to the selector).

import type { StreamEvent } from '../event/event.js';
import { linkedCopy, chainLength, type StateEvent } from './state-event.js';

/** Patterns (`->`) skip unrelated events; sequences (`,`) must advance on every event. */
export type StateKind = 'pattern' | 'sequence';

/** Sorts by timestamp, partial matches without any event (-1) last; stable. */
function byEventTime(a: StateEvent, b: StateEvent): number {
  if (a.timestamp === -1) return b.timestamp === -1 ? 0 : 1;
  if (b.timestamp === -1) return -1;
  return a.timestamp - b.timestamp;
}

/** Before a state: holds the partial matches waiting for this state's event. */
export class PreState {
  stateId = 0;
  isStartState = false;
  /** `within`: -1 when unbounded. */
  withinTime = -1;
  startStateIds: readonly number[] = [];
  /** The first state of the enclosing `every`: expired partial matches restart there. */
  withinEveryPre: PreState | null = null;
  thisPost!: PostState;
  /** The post state whose completions go to the selector (for the first state: the whole pattern's). */
  thisLast!: PostState;
  /** The state's filters over the partial match with this state's event set. */
  filter: (s: StateEvent) => boolean = () => true;
  pending: StateEvent[] = [];
  newAndEvery: StateEvent[] = [];
  stateChanged = false;
  initialized = false;

  constructor(
    readonly kind: StateKind,
    /** Slots of a partial match (stream states of the query). */
    readonly size: number,
    /** Makes a fresh partial match. */
    readonly newStateEvent: () => StateEvent,
  ) {}

  isExpired(s: StateEvent, timestamp: number): boolean {
    if (this.withinTime === -1) return false;
    for (const id of this.startStateIds) {
      const event = s.events[id] ?? null;
      if (event !== null && Math.abs(event.timestamp - timestamp) > this.withinTime) return true;
    }
    return false;
  }

  process(s: StateEvent): void {
    this.stateChanged = false;
    if (this.filter(s)) this.thisPost.process(s);
  }

  init(): void {
    if (
      this.isStartState &&
      (!this.initialized ||
        this.thisPost.nextEvery !== null ||
        (this.kind === 'sequence' && this.thisPost.nextPre?.absent === true))
    ) {
      this.addState(this.newStateEvent());
      this.initialized = true;
    }
  }

  /** Absent states (`not X`) are true. */
  readonly absent: boolean = false;

  /** Sequences drop a partial match this state's event did not advance (absent states keep it). */
  get removeOnNoStateChange(): boolean {
    return this.kind === 'sequence';
  }

  /** Starts timers when the query starts (absent states). */
  start(): void {
    // Only absent states wait for time.
  }

  addState(s: StateEvent): void {
    if (this.kind === 'sequence') {
      if (this.newAndEvery.length === 0) this.newAndEvery.push(s);
    } else {
      this.newAndEvery.push(s);
    }
  }

  addEveryState(s: StateEvent): void {
    const copy = s.copy();
    copy.type = 'current';
    for (let i = this.stateId; i < copy.events.length; i++) copy.events[i] = null;
    this.newAndEvery.push(copy);
  }

  resetState(): void {
    this.pending = [];
    if (this.isStartState && this.newAndEvery.length === 0) {
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

  updateState(): void {
    if (this.newAndEvery.length === 0) return;
    this.newAndEvery.sort(byEventTime);
    for (const s of this.newAndEvery) this.pending.push(s);
    this.newAndEvery = [];
  }

  expireEvents(timestamp: number): void {
    if (this.withinTime === -1) return;
    let expired: StateEvent | null = null;
    let cut = 0;
    for (const s of this.pending) {
      if (!this.isExpired(s, timestamp)) break;
      cut++;
      if (s.type !== 'expired') {
        s.type = 'expired';
        expired = s;
      }
    }
    if (cut > 0) this.pending.splice(0, cut);
    const kept: StateEvent[] = [];
    for (const s of this.newAndEvery) {
      if (this.isExpired(s, timestamp)) {
        if (s.type !== 'expired') {
          s.type = 'expired';
          expired = s;
        }
      } else {
        kept.push(s);
      }
    }
    this.newAndEvery = kept;
    if (expired !== null && this.withinEveryPre !== null) {
      this.withinEveryPre.addEveryState(expired);
      this.withinEveryPre.updateState();
    }
  }

  /** Tries `event` against every pending partial match; returns the completed ones. */
  processAndReturn(event: StreamEvent): StateEvent[] {
    const returned: StateEvent[] = [];
    const kept: StateEvent[] = [];
    const id = this.stateId;
    for (const s of this.pending) {
      s.events[id] = linkedCopy(event);
      this.process(s);
      if (this.thisLast.isEventReturned) {
        this.thisLast.isEventReturned = false;
        returned.push(s);
      }
      if (this.stateChanged) continue;
      s.events[id] = null;
      if (this.kind === 'sequence') {
        this.thisPost.callbackPre?.startStateReset();
        if (this.removeOnNoStateChange) continue;
      }
      kept.push(s);
    }
    this.pending = kept;
    return returned;
  }
}

/** After a state: moves a match on to the next state, the `every` restart and the selector. */
export class PostState {
  nextPre: PreState | null = null;
  nextEvery: PreState | null = null;
  thisPre!: PreState;
  stateId = 0;
  /** Completes the pattern: matches go to the selector. */
  hasSelector = false;
  /** A leading `<0:…>` count state of a sequence restarted when this state fails. */
  callbackPre: CountPreState | null = null;
  isEventReturned = false;

  process(s: StateEvent): void {
    this.thisPre.stateChanged = true;
    const event = s.events[this.stateId] ?? null;
    if (event !== null) s.timestamp = event.timestamp;
    if (this.hasSelector) this.isEventReturned = true;
    this.nextPre?.addState(s);
    this.nextEvery?.addEveryState(s);
    this.callbackPre?.startStateReset();
  }

  setNextPre(pre: PreState): void {
    this.nextPre = pre;
  }

  setNextEvery(pre: PreState): void {
    this.nextEvery = pre;
  }
}

/** Counting `<n:m>`, `+`, `*`, `?`: collects events into the slot's chain. */
export class CountPreState extends PreState {
  countPost!: CountPostState;
  successCondition = false;
  startReset = false;

  constructor(
    kind: StateKind,
    size: number,
    newStateEvent: () => StateEvent,
    readonly min: number,
    readonly max: number,
  ) {
    super(kind, size, newStateEvent);
  }

  override processAndReturn(event: StreamEvent): StateEvent[] {
    const returned: StateEvent[] = [];
    const kept: StateEvent[] = [];
    const id = this.stateId;
    // An `every` restart may promote partial matches into this very list while it is walked.
    const pending = this.pending;
    this.pending = [];
    for (const s of pending) {
      if (this.isExpired(s, event.timestamp)) {
        if (this.withinEveryPre !== null) {
          this.withinEveryPre.addEveryState(s);
          this.withinEveryPre.updateState();
        }
        continue;
      }
      if (nextProcessed(s, id + 1) || nextProcessed(s, id + 2)) continue;
      s.addEvent(id, linkedCopy(event));
      this.resetSuccess();
      this.process(s);
      if (this.thisLast.isEventReturned) {
        this.thisLast.isEventReturned = false;
        returned.push(s);
      }
      const removed = this.stateChanged;
      if (!this.successCondition) {
        s.removeLastEvent(id);
        if (this.kind === 'sequence') continue;
      }
      if (!removed) kept.push(s);
    }
    for (const s of this.pending) kept.push(s);
    this.pending = kept;
    return returned;
  }

  private resetSuccess(): void {
    this.successCondition = false;
  }

  override addState(s: StateEvent): void {
    super.addState(s);
    if (this.min === 0 && (s.events[this.stateId] ?? null) === null) {
      this.countPost.processMinCountReached(s);
    }
  }

  startStateReset(): void {
    this.startReset = true;
  }

  override updateState(): void {
    if (this.startReset) {
      this.startReset = false;
      this.init();
    }
    super.updateState();
  }
}

function nextProcessed(s: StateEvent, position: number): boolean {
  return s.events.length > position && (s.events[position] ?? null) !== null;
}

/** Counts the chain after each accepted event: emits or moves on at `min`, stops at `max`. */
export class CountPostState extends PostState {
  /** The count state this post belongs to (`thisPre`, typed). */
  countPre!: CountPreState;

  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super();
  }

  override process(s: StateEvent): void {
    const pre = this.countPre;
    let event = s.events[this.stateId] ?? null;
    const count = chainLength(event);
    while (event?.next != null) event = event.next;
    pre.successCondition = true;
    if (event !== null) s.timestamp = event.timestamp;
    if (count >= this.min) {
      if (pre.kind === 'sequence') {
        this.nextPre?.addState(s);
        if (count !== this.max) pre.addState(s);
      } else if (count === this.min) {
        this.processMinCountReached(s);
      }
      if (count === this.max) pre.stateChanged = true;
    }
  }

  processMinCountReached(s: StateEvent): void {
    if (this.hasSelector) {
      this.thisPre.stateChanged = true;
      this.isEventReturned = true;
    }
    this.nextPre?.addState(s);
    this.nextEvery?.addEveryState(s);
  }

  override setNextPre(pre: PreState): void {
    this.nextPre = pre;
    const thisPre = this.countPre;
    if (thisPre.isStartState && thisPre.kind === 'sequence' && this.min === 0) {
      pre.thisPost.callbackPre = thisPre;
    }
  }
}

/** One side of `a and b` / `a or b`; the partner is the other side. */
export class LogicalPreState extends PreState {
  partner!: LogicalPreState;

  constructor(
    kind: StateKind,
    size: number,
    newStateEvent: () => StateEvent,
    readonly logicalType: 'and' | 'or',
  ) {
    super(kind, size, newStateEvent);
  }

  override addState(s: StateEvent): void {
    if (this.isStartState || this.kind === 'sequence') {
      if (this.newAndEvery.length === 0) this.newAndEvery.push(s);
      if (this.partner.newAndEvery.length === 0) this.partner.newAndEvery.push(s);
    } else {
      this.newAndEvery.push(s);
      this.partner.newAndEvery.push(s);
    }
  }

  override addEveryState(s: StateEvent): void {
    const copy = s.copy();
    copy.type = 'current';
    for (let i = this.stateId; i < copy.events.length; i++) copy.events[i] = null;
    this.newAndEvery.push(copy);
    copy.events[this.partner.stateId] = null;
    this.partner.newAndEvery.push(copy);
  }

  override resetState(): void {
    if (this.logicalType === 'or' || this.pending.length === this.partner.pending.length) {
      this.pending = [];
      this.partner.pending = [];
      if (this.isStartState && this.newAndEvery.length === 0) {
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
  }

  override updateState(): void {
    super.updateState();
    this.partner.moveNewToPending();
  }

  /** `and`: whether the side that just matched may complete (this side has its event). */
  partnerCanProceed(s: StateEvent): boolean {
    return (s.events[this.stateId] ?? null) !== null;
  }

  moveNewToPending(): void {
    super.updateState();
  }

  override processAndReturn(event: StreamEvent): StateEvent[] {
    const returned: StateEvent[] = [];
    const kept: StateEvent[] = [];
    const id = this.stateId;
    for (const s of this.pending) {
      if (this.logicalType === 'or' && (s.events[this.partner.stateId] ?? null) !== null) continue;
      s.events[id] = linkedCopy(event);
      this.process(s);
      if (this.thisLast.isEventReturned) {
        this.thisLast.isEventReturned = false;
        returned.push(s);
      }
      if (this.stateChanged) continue;
      s.events[id] = null;
      if (this.kind === 'sequence') continue;
      kept.push(s);
    }
    this.pending = kept;
    return returned;
  }
}

/** Completes `and` once both sides matched, `or` on either side. */
export class LogicalPostState extends PostState {
  partnerPre!: LogicalPreState;
  partnerPost!: LogicalPostState;

  constructor(readonly logicalType: 'and' | 'or') {
    super();
  }

  override process(s: StateEvent): void {
    if (this.logicalType === 'and' && !this.partnerPre.partnerCanProceed(s)) {
      this.thisPre.stateChanged = true;
      return;
    }
    super.process(s);
    // `from A and/or B select …`: the first side's state reports to the partner's post.
    if (this.partnerPost.hasSelector && this.thisPre.thisLast === this.partnerPost) {
      this.partnerPost.isEventReturned = true;
    }
  }

  override setNextPre(pre: PreState): void {
    this.nextPre = pre;
    this.partnerPost.nextPre = pre;
  }

  override setNextEvery(pre: PreState): void {
    this.nextEvery = pre;
    this.partnerPost.nextEvery = pre;
  }
}
