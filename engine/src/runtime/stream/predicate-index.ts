// A shared index over the filters of many queries on one stream attribute: each query's filter
// is a conjunction of `attribute op constant` comparisons; for a value the index gives, in one
// lookup, the (ascending) ids of the queries whose conjunction holds, instead of one test per query.

/** The comparisons an index understands, with the attribute on the left. */
export type IndexOperator = '==' | '<' | '<=' | '>' | '>=';

/**
 * How the attribute's value is compared, as the expression compiler would: `number` compares
 * numbers as doubles, `float` compares both sides rounded to float (`Math.fround`; the
 * constants are given already rounded), `value` is strict equality (strings, bools).
 */
export type IndexKeyKind = 'number' | 'float' | 'value';

/** One conjunct `attribute op value`. */
export interface IndexConstraint {
  readonly op: IndexOperator;
  readonly value: number | string | boolean;
}

/** One query's filter on the indexed attribute (the conjunction of its constraints). */
export interface IndexEntry {
  /** Dense id, reported back by `match`; ids of one index are distinct. */
  readonly id: number;
  readonly constraints: readonly IndexConstraint[];
}

/** Ids of matching entries, ascending. */
export type MatchList = readonly number[];

/** What `match` returns for a value the comparisons would reject with an error (not a number). */
export const UNINDEXABLE = null;

const NONE: MatchList = Object.freeze([]);

/** More slot entries than this (wide, heavily overlapping ranges) and the index is not built. */
export const MAX_SLOT_ENTRIES = 4_000_000;

/** Looks up the entries whose constraints hold for a value of the indexed attribute. */
export interface PredicateIndex {
  /**
   * The ids (ascending) of the entries that hold for `value`; `UNINDEXABLE` (null) when the
   * comparisons would throw for it (a numeric key that is neither a number nor null).
   */
  match(value: unknown): MatchList | typeof UNINDEXABLE;
}

/**
 * Builds an index, or returns undefined when it cannot (a constraint of the wrong kind, a NaN
 * constant, a range on a `value` key, or more than MAX_SLOT_ENTRIES slot entries).
 * @example
 * const index = buildPredicateIndex('number', [
 *   { id: 0, constraints: [{ op: '>', value: 10 }, { op: '<', value: 20 }] },
 *   { id: 1, constraints: [{ op: '==', value: 15 }] },
 * ]);
 * index?.match(15); // [0, 1]
 */
export function buildPredicateIndex(
  kind: IndexKeyKind,
  entries: readonly IndexEntry[],
): PredicateIndex | undefined {
  return kind === 'value' ? buildEqualityIndex(entries) : buildRangeIndex(kind, entries);
}

interface Bounds {
  lo: number;
  loOpen: boolean;
  hasLo: boolean;
  hi: number;
  hiOpen: boolean;
  hasHi: boolean;
}

/** The interval of a conjunction of numeric constraints, or undefined when it is empty. */
function boundsOf(constraints: readonly IndexConstraint[]): Bounds | undefined | 'invalid' {
  const b: Bounds = { lo: 0, loOpen: false, hasLo: false, hi: 0, hiOpen: false, hasHi: false };
  const raise = (value: number, open: boolean): void => {
    if (!b.hasLo || value > b.lo || (value === b.lo && open)) {
      b.lo = value;
      b.loOpen = open;
      b.hasLo = true;
    }
  };
  const lower = (value: number, open: boolean): void => {
    if (!b.hasHi || value < b.hi || (value === b.hi && open)) {
      b.hi = value;
      b.hiOpen = open;
      b.hasHi = true;
    }
  };
  for (const c of constraints) {
    const v = c.value;
    if (typeof v !== 'number' || Number.isNaN(v)) return 'invalid';
    switch (c.op) {
      case '==':
        raise(v, false);
        lower(v, false);
        break;
      case '>':
        raise(v, true);
        break;
      case '>=':
        raise(v, false);
        break;
      case '<':
        lower(v, true);
        break;
      case '<=':
        lower(v, false);
        break;
    }
  }
  if (b.hasLo && b.hasHi && (b.lo > b.hi || (b.lo === b.hi && (b.loOpen || b.hiOpen)))) {
    return undefined;
  }
  return b;
}

/** Sorted distinct endpoints `e`; slot 2i+1 is the point e[i], slot 2i the open gap below it. */
class RangeIndex implements PredicateIndex {
  constructor(
    private readonly rounded: boolean,
    private readonly endpoints: Float64Array,
    private readonly slots: readonly MatchList[],
  ) {}

  match(value: unknown): MatchList | typeof UNINDEXABLE {
    if (typeof value !== 'number') {
      return value === null || value === undefined ? NONE : UNINDEXABLE;
    }
    const v = this.rounded ? Math.fround(value) : value;
    if (v !== v) return NONE; // NaN compares false with everything
    const e = this.endpoints;
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((e[mid] ?? Infinity) < v) lo = mid + 1;
      else hi = mid;
    }
    const slot = lo < e.length && e[lo] === v ? 2 * lo + 1 : 2 * lo;
    return this.slots[slot] ?? NONE;
  }
}

function buildRangeIndex(
  kind: 'number' | 'float',
  entries: readonly IndexEntry[],
): RangeIndex | undefined {
  const ranges: { id: number; bounds: Bounds }[] = [];
  const points: number[] = [];
  for (const entry of entries) {
    const bounds = boundsOf(entry.constraints);
    if (bounds === 'invalid') return undefined;
    if (bounds === undefined) continue;
    ranges.push({ id: entry.id, bounds });
    if (bounds.hasLo) points.push(bounds.lo);
    if (bounds.hasHi) points.push(bounds.hi);
  }
  points.sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const p of points) if (distinct.length === 0 || distinct.at(-1) !== p) distinct.push(p);
  const endpoints = Float64Array.from(distinct);
  const position = new Map<number, number>();
  distinct.forEach((p, i) => position.set(p, i));
  const m = distinct.length;
  const lists: number[][] = Array.from({ length: 2 * m + 1 }, () => []);
  ranges.sort((a, b) => a.id - b.id);
  let total = 0;
  for (const { id, bounds } of ranges) {
    const lo = position.get(bounds.lo) ?? 0;
    const hi = position.get(bounds.hi) ?? 0;
    const from = !bounds.hasLo ? 0 : bounds.loOpen ? 2 * lo + 2 : 2 * lo + 1;
    const to = !bounds.hasHi ? 2 * m : bounds.hiOpen ? 2 * hi : 2 * hi + 1;
    total += to - from + 1;
    if (total > MAX_SLOT_ENTRIES) return undefined;
    for (let s = from; s <= to; s += 1) lists[s]?.push(id);
  }
  return new RangeIndex(
    kind === 'float',
    endpoints,
    lists.map((l) => (l.length === 0 ? NONE : l)),
  );
}

/** `attribute == constant` on strings or bools: a map from constant to ids. */
class EqualityIndex implements PredicateIndex {
  constructor(private readonly byValue: ReadonlyMap<unknown, MatchList>) {}

  match(value: unknown): MatchList {
    if (value === null || value === undefined) return NONE;
    return this.byValue.get(value) ?? NONE;
  }
}

function buildEqualityIndex(entries: readonly IndexEntry[]): EqualityIndex | undefined {
  const byValue = new Map<unknown, number[]>();
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  for (const entry of sorted) {
    let value: unknown = undefined;
    let empty = false;
    for (const c of entry.constraints) {
      if (c.op !== '==' || typeof c.value === 'number') return undefined;
      if (value === undefined) value = c.value;
      else if (value !== c.value) empty = true;
    }
    if (value === undefined || empty) continue;
    let list = byValue.get(value);
    if (list === undefined) {
      list = [];
      byValue.set(value, list);
    }
    list.push(entry.id);
  }
  return new EqualityIndex(byValue);
}
