// The registry of an app's stateful elements: every window, selector, rate limiter, table,
// pattern, partition and aggregation registers a `StateHolder` under a stable id derived from
// the app text (query names, definition ids, positions), so snapshots can be taken and restored.

/** Something whose state can be taken as plain data and put back. */
export interface Snapshottable {
  /** The state as plain data (numbers, strings, arrays, records, Maps/Sets allowed). */
  snapshot(): unknown;
  /** Replaces the state by one `snapshot()` returned (re-arming the timers it needs). */
  restore(state: unknown): void;
  /**
   * Optional change counter: increases whenever the state changes. Incremental snapshots skip
   * a holder whose version did not move; without it they compare the encoded state.
   */
  version?(): number;
}

/** A registered stateful element of an app. */
export interface StateHolder extends Snapshottable {
  /** Stable across runs of the same app text, e.g. `query:q1/window`, `table:StockTable`. */
  readonly id: string;
}

/**
 * The state holders of one app (or of one partition instance), in registration order.
 * Ids are stable because planning is deterministic: a clashing id gets `~2`, `~3`… appended in
 * registration order.
 * @example
 * const registry = new StateRegistry();
 * registry.register('query:q1/window', window);
 * registry.snapshotAll(); // { 'query:q1/window': { … } }
 */
export class StateRegistry {
  readonly #holders = new Map<string, StateHolder>();

  /** Registers `target` under `id` (made unique); returns the id used. */
  register(id: string, target: Snapshottable): string {
    let unique = id;
    for (let n = 2; this.#holders.has(unique); n += 1) unique = `${id}~${String(n)}`;
    this.#holders.set(
      unique,
      target.version === undefined
        ? new Holder(unique, target)
        : new VersionedHolder(unique, target),
    );
    return unique;
  }

  /** Every holder, in registration order. */
  holders(): readonly StateHolder[] {
    return [...this.#holders.values()];
  }

  /** The holder registered as `id`, if any. */
  get(id: string): StateHolder | undefined {
    return this.#holders.get(id);
  }

  get size(): number {
    return this.#holders.size;
  }

  /** Every holder's state by id (for nested registries, e.g. one partition instance). */
  snapshotAll(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const holder of this.#holders.values()) out[holder.id] = holder.snapshot();
    return out;
  }

  /** Restores the holders named in `states` (others keep their state). */
  restoreAll(states: unknown): void {
    if (typeof states !== 'object' || states === null) return;
    const record = states as Record<string, unknown>;
    for (const holder of this.#holders.values()) {
      if (Object.hasOwn(record, holder.id)) holder.restore(record[holder.id]);
    }
  }
}

/**
 * Combines several parts into one snapshottable (e.g. a query's selector and rate limiter);
 * absent parts are skipped.
 * @example
 * registry.register('query:q1/selector', combineState({ selector, limiter }));
 */
export function combineState(
  parts: Readonly<Record<string, Snapshottable | undefined>>,
): Snapshottable {
  return new CombinedState(
    Object.entries(parts).filter((e): e is [string, Snapshottable] => e[1] !== undefined),
  );
}

// Holders and combined states are classes, not object literals of closures: partitions create
// them for every key, and methods on a prototype cost a key nothing.

/** A registered target, seen through the `StateHolder` shape only. */
class Holder implements StateHolder {
  constructor(
    readonly id: string,
    protected readonly target: Snapshottable,
  ) {}

  snapshot(): unknown {
    return this.target.snapshot();
  }

  restore(state: unknown): void {
    this.target.restore(state);
  }
}

/** A registered target with a change counter. */
class VersionedHolder extends Holder {
  version(): number {
    return (this.target.version as () => number).call(this.target);
  }
}

class CombinedState implements Snapshottable {
  constructor(private readonly entries: readonly (readonly [string, Snapshottable])[]) {}

  snapshot(): unknown {
    const out: Record<string, unknown> = {};
    for (const [key, part] of this.entries) out[key] = part.snapshot();
    return out;
  }

  restore(state: unknown): void {
    if (typeof state !== 'object' || state === null) return;
    const record = state as Record<string, unknown>;
    for (const [key, part] of this.entries) {
      if (Object.hasOwn(record, key)) part.restore(record[key]);
    }
  }
}
