// The position a JetStream source has fully processed: messages complete out of order (each
// emit resolves when its sinks acknowledged), so the committed sequence is the highest one
// below which every delivered message completed. A new consumer resumes after it.

/**
 * Tracks delivered and completed stream sequences.
 * @example
 * const t = new SequenceTracker();
 * t.delivered(1); t.delivered(2);
 * t.completed(2); t.committed; // 0 — message 1 is still running
 * t.completed(1); t.committed; // 2
 */
export class SequenceTracker {
  #committed: number;
  /** Delivered, not yet committed sequences, ascending; `#head` indexes the first live one. */
  #pending: number[] = [];
  #head = 0;
  readonly #inFlight = new Set<number>();
  readonly #done = new Set<number>();

  constructor(committed = 0) {
    this.#committed = committed;
  }

  /** The highest sequence up to which every delivered message completed. */
  get committed(): number {
    return this.#committed;
  }

  /** Messages delivered and not completed. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** A message arrived; false when it is at or below the committed position or already running. */
  delivered(sequence: number): boolean {
    if (sequence <= this.#committed || this.#inFlight.has(sequence)) return false;
    this.#inFlight.add(sequence);
    const last = this.#pending[this.#pending.length - 1];
    if (last === undefined || last < sequence || this.#head >= this.#pending.length) {
      this.#pending.push(sequence);
    } else {
      // A redelivery of an older message: keep the list ascending.
      let i = this.#pending.length;
      while (i > this.#head && (this.#pending[i - 1] ?? 0) > sequence) i -= 1;
      this.#pending.splice(i, 0, sequence);
    }
    return true;
  }

  /** A message was processed (its events reached their sinks). */
  completed(sequence: number): void {
    if (!this.#inFlight.delete(sequence)) return;
    this.#done.add(sequence);
    while (this.#head < this.#pending.length) {
      const head = this.#pending[this.#head] ?? 0;
      if (!this.#done.delete(head)) break;
      this.#committed = Math.max(this.#committed, head);
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Forgets running messages (the consumer is gone); the committed position stays. */
  reset(committed = this.#committed): void {
    this.#committed = committed;
    this.#pending = [];
    this.#head = 0;
    this.#inFlight.clear();
    this.#done.clear();
  }
}
