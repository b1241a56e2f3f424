// `#window.sort(n, attr ['asc'|'desc'], …)`: keeps the n events first in sort order. Each event
// passes at once; past n events the last in sort order expires right after it (it may be the
// new event itself). Ties keep arrival order (Java's stable sort).

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { Clock } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  withType,
  WindowArgumentError,
  type WindowArgument,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** One sort key: the attribute's index and 1 (asc) or -1 (desc). */
export interface SortKey {
  readonly index: number;
  readonly order: 1 | -1;
}

/** Java's `Comparable.compareTo` on attribute values (nulls first, booleans false < true). */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    return a !== a ? (b !== b ? 0 : 1) : -1; // NaN sorts last, as Double.compareTo
  }
  const x = comparable(a);
  const y = comparable(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function comparable(v: unknown): string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? v
    : JSON.stringify(v);
}

/** Compares two events by `keys`, in order. */
export function compareEvents(keys: readonly SortKey[], e1: StreamEvent, e2: StreamEvent): number {
  for (const key of keys) {
    const c = compareValues(e1.data[key.index] ?? null, e2.data[key.index] ?? null);
    if (c !== 0) return key.order * c;
  }
  return 0;
}

/** The sort window (see `sortWindow`). */
export class SortWindow extends BaseWindow {
  /** Held events, sorted; equal events in arrival order. */
  #sorted: StreamEvent[] = [];

  constructor(
    private readonly length: number,
    private readonly keys: readonly SortKey[],
    private readonly clock: Clock,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const now = this.clock.now();
    const sorted = this.#sorted;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const held = withType(event, 'current');
      out.push(held);
      sorted.splice(this.#insertionPoint(held), 0, held);
      if (sorted.length > this.length) {
        const last = sorted.pop();
        if (last !== undefined) out.push(withType(last, 'expired', now));
      }
    }
    this.emit(out);
  }

  /** After every event that does not sort after `event` (a stable insertion). */
  #insertionPoint(event: StreamEvent): number {
    let low = 0;
    let high = this.#sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const probe = this.#sorted[mid];
      if (probe !== undefined && compareEvents(this.keys, probe, event) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  contents(): readonly StreamEvent[] {
    return this.#sorted;
  }

  snapshot(): WindowSnapshot {
    return { sorted: eventsToData(this.#sorted) };
  }

  restore(state: WindowSnapshot): void {
    this.#sorted = eventsFromData(state.sorted);
  }
}

/** Reads `attr ['asc'|'desc'], …` from index 1 on. */
export function sortKeys(args: readonly WindowArgument[]): SortKey[] {
  const keys: SortKey[] = [];
  for (let i = 1; i < args.length; i += 1) {
    const attribute = args[i]?.attribute;
    if (attribute === undefined) {
      throw new WindowArgumentError(
        'sort() expects attributes, each optionally followed by an order',
      );
    }
    let order: 1 | -1 = 1;
    const next = args[i + 1];
    if (next?.constant === true && typeof next.value === 'string') {
      const text = next.value.toLowerCase();
      if (text !== 'asc' && text !== 'desc') {
        throw new WindowArgumentError(
          `sort() order must be 'asc' or 'desc', found '${next.value}'`,
        );
      }
      order = text === 'desc' ? -1 : 1;
      i += 1;
    }
    keys.push({ index: attribute.index, order });
  }
  return keys;
}

/**
 * `sort(n, attr ['asc'|'desc'], …)`.
 * @example
 * from S#window.sort(2, volume, 'asc') select volume insert all events into Out;
 */
export const sortWindow: WindowImplementation = {
  namespace: '',
  name: 'sort',
  create: (args, ctx) =>
    new SortWindow(numberArgument(args, 0, 'window.length'), sortKeys(args), ctx.clock),
};
