// Which transactions of the change stream are done: a transaction is done once every emit of
// its events resolved (processed, and acknowledged by every sink); the position to confirm (to
// the server, or into app snapshots) is the end of the last transaction of the done prefix, in
// commit order. Positions are opaque: a PostgreSQL LSN, a MySQL binlog file and offset.

/** One transaction as the tracker sees it. */
interface Entry<P> {
  /** The commit's end position; undefined while the transaction is still open. */
  end: P | undefined;
  /** Emits not settled yet. */
  pending: number;
  /** An emit rejected (the app stopped): never confirmed, the server sends it again. */
  failed: boolean;
}

/**
 * Tracks transactions in commit order and reports the position to confirm.
 * @example
 * const tracker = new CommitTracker((lsn) => confirm(lsn));
 * tracker.begin();
 * tracker.track(ctx.emit(events, trp));
 * tracker.commit(endLsn); // confirm(endLsn) runs once the emit resolved
 */
export class CommitTracker<P = bigint> {
  readonly #queue: Entry<P>[] = [];
  #open: Entry<P> | undefined;
  #inFlight = 0;
  #generation = 0;
  #waiters: (() => void)[] = [];

  constructor(private readonly onDone: (end: P) => void) {}

  /** Emits not settled yet (for back-pressure). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** True when no transaction is open or waiting for its emits. */
  get idle(): boolean {
    return this.#open === undefined && this.#queue.length === 0;
  }

  /** Opens a transaction (its events follow, then `commit`). */
  begin(): void {
    const entry: Entry<P> = { end: undefined, pending: 0, failed: false };
    this.#open = entry;
    this.#queue.push(entry);
  }

  /** Counts an emit towards the open transaction. */
  track(emitted: Promise<void>): void {
    const entry = this.#open;
    if (entry === undefined) throw new Error('an emit outside a transaction');
    const generation = this.#generation;
    entry.pending += 1;
    this.#inFlight += 1;
    emitted.then(
      () => {
        this.#settled(entry, generation, false);
      },
      () => {
        this.#settled(entry, generation, true);
      },
    );
  }

  /** Closes the open transaction at its commit's end position. */
  commit(end: P): void {
    const entry = this.#open;
    if (entry === undefined) return;
    entry.end = end;
    this.#open = undefined;
    this.#drain();
  }

  /** Resolves once fewer than `limit` emits are in flight. */
  below(limit: number): Promise<void> | undefined {
    if (this.#inFlight < limit) return undefined;
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
    });
  }

  /** Forgets everything (the connection is gone; the server sends unconfirmed ones again). */
  reset(): void {
    this.#generation += 1;
    this.#queue.length = 0;
    this.#open = undefined;
    this.#inFlight = 0;
    this.#wake();
  }

  #settled(entry: Entry<P>, generation: number, failed: boolean): void {
    if (generation !== this.#generation) return;
    entry.pending -= 1;
    if (failed) entry.failed = true;
    this.#inFlight -= 1;
    this.#wake();
    this.#drain();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #drain(): void {
    let done: { readonly end: P } | undefined;
    for (;;) {
      const head = this.#queue[0];
      if (head?.end === undefined || head.pending > 0 || head.failed) break;
      done = { end: head.end };
      this.#queue.shift();
    }
    if (done !== undefined) this.onDone(done.end);
  }
}
