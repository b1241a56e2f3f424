// The largest (or smallest) value of a multiset of numbers under arbitrary adds and removes:
// counts per value plus a binary heap of values with lazy deletion, O(log n) per change.

/**
 * Tracks the extremum of a changing multiset; `current` is null when it is empty.
 * @example
 * const t = new ExtremumTracker(true);
 * t.add(3); t.add(5); t.remove(5); t.current; // 3
 */
export class ExtremumTracker {
  /** Live values and how many times each is held. */
  private readonly counts = new Map<number, number>();
  /** Heap ordered by `isMax`; may hold values no longer counted (dropped when they surface). */
  private heap: number[] = [];

  constructor(private readonly isMax: boolean) {}

  get current(): number | null {
    return this.heap.length === 0 ? null : (this.heap[0] ?? null);
  }

  get size(): number {
    return this.counts.size;
  }

  add(value: number): void {
    const held = this.counts.get(value);
    if (held !== undefined) {
      this.counts.set(value, held + 1);
      return;
    }
    this.counts.set(value, 1);
    this.push(value);
  }

  /** Removes one occurrence; a value not held is ignored. */
  remove(value: number): void {
    const held = this.counts.get(value);
    if (held === undefined) return;
    if (held > 1) {
      this.counts.set(value, held - 1);
      return;
    }
    this.counts.delete(value);
    if (this.heap.length > 2 * this.counts.size + 32) {
      this.rebuild();
      return;
    }
    while (this.heap.length > 0 && !this.counts.has(this.heap[0] ?? Number.NaN)) this.pop();
  }

  clear(): void {
    this.counts.clear();
    this.heap = [];
  }

  /** `[value, count]` pairs. */
  entries(): [number, number][] {
    return [...this.counts];
  }

  /** Replaces the content with `[value, count]` pairs. */
  load(entries: readonly (readonly [unknown, number])[]): void {
    this.counts.clear();
    for (const [value, held] of entries) {
      if (typeof value === 'number' && held > 0) this.counts.set(value, held);
    }
    this.rebuild();
  }

  private rebuild(): void {
    this.heap = [...this.counts.keys()];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private above(a: number, b: number): boolean {
    return this.isMax ? a > b : a < b;
  }

  private push(value: number): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] ?? value;
      if (!this.above(value, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = value;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const value = heap[start];
    if (value === undefined) return;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let best = heap[left] ?? value;
      if (right < n) {
        const r = heap[right] ?? value;
        if (this.above(r, best)) {
          child = right;
          best = r;
        }
      }
      if (!this.above(best, value)) break;
      heap[i] = best;
      i = child;
    }
    heap[i] = value;
  }
}
