// How the states of a pattern are grouped (Siddhi's inner state runtimes): which state starts a
// group, which one ends it, and the order in which groups reset (sequences) and promote new
// partial matches to pending ones.

import type { PostState, PreState } from './state-processors.js';

/** A stream state, `x -> y`, `every x`, `a and b`… as a group of states. */
export interface InnerRuntime {
  readonly first: PreState;
  readonly last: PostState;
  /** Marks the group's last states as the ones completing the pattern. */
  setSelector(): void;
  /** Registers each stream state with its input stream, in Siddhi's order. */
  setup(register: (streamId: string, pre: PreState) => void): void;
  init(): void;
  reset(): void;
  update(): void;
}

/** One stream state (also a count state's). */
export class StreamRuntime implements InnerRuntime {
  constructor(
    readonly first: PreState,
    readonly last: PostState,
    private readonly streamId: string,
  ) {}

  setSelector(): void {
    this.last.hasSelector = true;
  }

  setup(register: (streamId: string, pre: PreState) => void): void {
    register(this.streamId, this.first);
  }

  init(): void {
    this.first.init();
  }

  reset(): void {
    this.first.resetState();
  }

  update(): void {
    this.first.updateState();
  }
}

/** `current -> next` / `current, next`. */
export class NextRuntime implements InnerRuntime {
  readonly first: PreState;
  readonly last: PostState;

  constructor(
    private readonly current: InnerRuntime,
    private readonly next: InnerRuntime,
  ) {
    this.first = current.first;
    this.last = next.last;
  }

  setSelector(): void {
    this.next.setSelector();
  }

  setup(register: (streamId: string, pre: PreState) => void): void {
    this.current.setup(register);
    this.next.setup(register);
  }

  init(): void {
    this.current.init();
    this.next.init();
  }

  reset(): void {
    this.next.reset();
    this.current.reset();
  }

  update(): void {
    this.current.update();
    this.next.update();
  }
}

/** `every x`: resets and updates only its first state (as Siddhi). */
export class EveryRuntime implements InnerRuntime {
  readonly first: PreState;
  readonly last: PostState;

  constructor(private readonly inner: InnerRuntime) {
    this.first = inner.first;
    this.last = inner.last;
  }

  setSelector(): void {
    this.inner.setSelector();
  }

  setup(register: (streamId: string, pre: PreState) => void): void {
    this.inner.setup(register);
  }

  init(): void {
    this.inner.init();
  }

  reset(): void {
    this.first.resetState();
  }

  update(): void {
    this.first.updateState();
  }
}

/** `a and b` / `a or b`: `b` (right) is set up, reset and updated first. */
export class LogicalRuntime implements InnerRuntime {
  readonly first: PreState;
  readonly last: PostState;

  constructor(
    private readonly left: InnerRuntime,
    private readonly right: InnerRuntime,
  ) {
    this.first = left.first;
    this.last = right.last;
  }

  setSelector(): void {
    this.right.setSelector();
    this.left.setSelector();
  }

  setup(register: (streamId: string, pre: PreState) => void): void {
    this.right.setup(register);
    this.left.setup(register);
  }

  init(): void {
    this.right.init();
    this.left.init();
  }

  reset(): void {
    this.right.reset();
  }

  update(): void {
    this.right.update();
  }
}
