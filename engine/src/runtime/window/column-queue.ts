// A FIFO of (timestamp, row) pairs for sliding windows, kept in columns: the timestamps in a
// growable Float64Array ring, the rows (by reference; events are immutable) in a parallel ring.
// Unlike a queue of event objects, it holds no long-lived per-event object besides the row.

/** Put in the slots of shifted rows so that the queue does not keep them alive. */
const NO_ROW: unknown[] = [];
const INITIAL_CAPACITY = 16;

/**
 * Rows with their timestamps, oldest first.
 * @example
 * const q = new ColumnQueue(); q.push(10, ['IBM']); q.push(20, ['WSO2']);
 * q.firstTimestamp(); // 10
 * q.shift(); // ['IBM']
 * q.size; // 1
 */
export class ColumnQueue {
  #timestamps = new Float64Array(INITIAL_CAPACITY);
  #rows: unknown[][] = new Array<unknown[]>(INITIAL_CAPACITY).fill(NO_ROW);
  /** capacity - 1 (the capacity is a power of two). */
  #mask = INITIAL_CAPACITY - 1;
  #head = 0;
  #size = 0;

  /** The number of rows held. */
  get size(): number {
    return this.#size;
  }

  /** The timestamp of the oldest row (NaN when empty). */
  firstTimestamp(): number {
    return this.#size === 0 ? NaN : (this.#timestamps[this.#head] ?? NaN);
  }

  /** The timestamp of the i-th oldest row (0 ≤ i < size). */
  timestampAt(i: number): number {
    return this.#timestamps[(this.#head + i) & this.#mask] ?? NaN;
  }

  /** The i-th oldest row (0 ≤ i < size). */
  rowAt(i: number): unknown[] {
    return this.#rows[(this.#head + i) & this.#mask] ?? NO_ROW;
  }

  push(timestamp: number, row: unknown[]): void {
    if (this.#size > this.#mask) this.#grow();
    const at = (this.#head + this.#size) & this.#mask;
    this.#timestamps[at] = timestamp;
    this.#rows[at] = row;
    this.#size++;
  }

  /** Removes and returns the oldest row (undefined when empty). */
  shift(): unknown[] | undefined {
    if (this.#size === 0) return undefined;
    const head = this.#head;
    const row = this.#rows[head];
    this.#rows[head] = NO_ROW;
    this.#head = (head + 1) & this.#mask;
    this.#size--;
    return row;
  }

  /** The timestamps and rows held, oldest first, as new arrays (the rows themselves shared). */
  columns(): { timestamps: Float64Array; rows: unknown[][] } {
    const size = this.#size;
    const timestamps = new Float64Array(size);
    const rows = new Array<unknown[]>(size);
    const mask = this.#mask;
    const head = this.#head;
    const ownTimestamps = this.#timestamps;
    const ownRows = this.#rows;
    for (let i = 0; i < size; i++) {
      const from = (head + i) & mask;
      timestamps[i] = ownTimestamps[from] ?? NaN;
      rows[i] = ownRows[from] ?? NO_ROW;
    }
    return { timestamps, rows };
  }

  /** Replaces the content by `rows` with their `timestamps` (same length), sized at once. */
  reset(timestamps: ArrayLike<number>, rows: readonly unknown[][]): void {
    const size = Math.min(timestamps.length, rows.length);
    let capacity = INITIAL_CAPACITY;
    while (capacity < size) capacity *= 2;
    this.#timestamps = new Float64Array(capacity);
    this.#rows = new Array<unknown[]>(capacity).fill(NO_ROW);
    for (let i = 0; i < size; i++) {
      this.#timestamps[i] = timestamps[i] ?? NaN;
      this.#rows[i] = rows[i] ?? NO_ROW;
    }
    this.#mask = capacity - 1;
    this.#head = 0;
    this.#size = size;
  }

  /** Removes every row. */
  clear(): void {
    this.#timestamps = new Float64Array(INITIAL_CAPACITY);
    this.#rows = new Array<unknown[]>(INITIAL_CAPACITY).fill(NO_ROW);
    this.#mask = INITIAL_CAPACITY - 1;
    this.#head = 0;
    this.#size = 0;
  }

  #grow(): void {
    const capacity = (this.#mask + 1) * 2;
    const timestamps = new Float64Array(capacity);
    const rows = new Array<unknown[]>(capacity).fill(NO_ROW);
    for (let i = 0; i < this.#size; i++) {
      const from = (this.#head + i) & this.#mask;
      timestamps[i] = this.#timestamps[from] ?? NaN;
      rows[i] = this.#rows[from] ?? NO_ROW;
    }
    this.#timestamps = timestamps;
    this.#rows = rows;
    this.#mask = capacity - 1;
    this.#head = 0;
  }
}
