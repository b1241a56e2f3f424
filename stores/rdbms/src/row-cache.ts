// `cache.size`: the rows of hot primary keys kept in memory (least recently used go first), so
// repeated lookups by key skip the database. A key may be cached as absent. The store evicts a
// key on every write that may touch it, and clears the cache on writes it cannot place; the
// database must then not be written by others while the app runs (as with Siddhi's cache).

/** What a key maps to: its row, or null when the table has no row with that key. */
export type CachedRow = readonly unknown[] | null;

/**
 * A least-recently-used map of primary key → row.
 * @example
 * const cache = new RowCache(2);
 * cache.set('IBM', ['IBM', 75.5]);
 * cache.get('IBM'); // ['IBM', 75.5]
 */
export class RowCache {
  readonly #rows = new Map<string, CachedRow>();
  hits = 0;
  misses = 0;

  constructor(readonly size: number) {}

  /** The cached row (null: known absent), or undefined when the key is not cached. */
  get(key: string): CachedRow | undefined {
    const row = this.#rows.get(key);
    if (row === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.#rows.delete(key);
    this.#rows.set(key, row);
    return row;
  }

  set(key: string, row: CachedRow): void {
    this.#rows.delete(key);
    this.#rows.set(key, row);
    if (this.#rows.size > this.size) {
      const oldest = this.#rows.keys().next();
      if (oldest.done !== true) this.#rows.delete(oldest.value);
    }
  }

  evict(key: string): void {
    this.#rows.delete(key);
  }

  clear(): void {
    this.#rows.clear();
  }

  get length(): number {
    return this.#rows.size;
  }
}

/** The cache key of primary-key values (typed, so 1 and '1' differ). */
export function keyOf(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => (typeof v === 'string' ? v : [typeof v, v])));
}
