// A planned on-demand (store) query: reads its input events (the rows a table finds, or one empty
// event when there is no `from`), selects them in one chunk and either returns the selected rows
// or hands them to a table action (`insert into`, `delete`, `update`, `update or insert into`).

import type { AttributeType } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import type { Processor } from '../processor/processor.js';
import type { QuerySelector } from '../query/selector/index.js';

/** How an on-demand query gets its input events (already selected with `OnDemandOptions.selected`). */
export type OnDemandInput = (timestamp: number) => StreamEvent[];

/** How an on-demand runtime uses its input. */
export interface OnDemandOptions {
  /**
   * True when the input already is the selector's output (a store ran the whole selection):
   * the selector then only names and types the output.
   */
  readonly selected?: boolean;
}

/** One output attribute of an on-demand query. */
export interface OnDemandAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/**
 * What an on-demand query returns: its output attributes (names and types, in row order) and the
 * rows. Table actions (`insert into`, `delete`, `update`, `update or insert into`) return no
 * attributes and no rows.
 */
export interface OnDemandResult {
  readonly attributes: readonly OnDemandAttribute[];
  readonly rows: unknown[][];
}

const NO_ATTRIBUTES: readonly OnDemandAttribute[] = Object.freeze([]);

/** Ends each run: clears the selector's aggregates so the next run starts afresh. */
const RESET: StreamEvent = { timestamp: 0, type: 'reset', data: [] };

/**
 * One compiled on-demand query, run as often as asked (each run reads the store anew).
 * @example
 * const rows = runtime.run(clock.now()); // [['IBM', 75.6, 100], …]
 */
export class OnDemandRuntime {
  /** The output attributes of the rows `run` returns (none for table actions). */
  readonly attributes: readonly OnDemandAttribute[];
  /** True when a store runs the whole selection (the input is already selected). */
  readonly selectedInStore: boolean;

  constructor(
    private readonly input: OnDemandInput,
    private readonly selector: QuerySelector<StreamEvent>,
    /** The table action; absent for `from T … select …`, which returns rows. */
    private readonly action: Processor | undefined,
    options: OnDemandOptions = {},
  ) {
    this.selectedInStore = options.selected === true;
    this.attributes =
      action === undefined
        ? selector.outputNames.map((name, i) => ({
            name,
            type: selector.outputTypes[i] ?? 'object',
          }))
        : NO_ATTRIBUTES;
  }

  /** Runs the query at `timestamp`; the selected rows (none for table actions). */
  run(timestamp: number): unknown[][] {
    let out = this.input(timestamp);
    if (!this.selectedInStore) {
      out.push(RESET);
      out = this.selector.process(out);
    }
    if (this.action !== undefined) {
      if (out.length > 0) this.action.process(out);
      return [];
    }
    return out.map((e) => e.data);
  }
}

/** Compiles on-demand query texts into runtimes; throws `OnDemandQueryError` for bad ones. */
export type OnDemandPreparer = (text: string) => OnDemandRuntime;

/**
 * The on-demand queries of one app, keeping the most recently used compiled queries.
 * @example
 * const queries = new OnDemandQueries(prepare, () => clock.now());
 * queries.run('from StockTable on price > 10 select symbol');
 */
export class OnDemandQueries {
  private readonly cache = new Map<string, OnDemandRuntime>();

  constructor(
    private readonly prepare: OnDemandPreparer,
    private readonly now: () => number,
    private readonly capacity = 64,
  ) {}

  run(text: string): unknown[][] {
    return this.runtimeOf(text).run(this.now());
  }

  /** Runs `text`; its output attributes (names and types) and rows. */
  result(text: string): OnDemandResult {
    const runtime = this.runtimeOf(text);
    return { attributes: runtime.attributes, rows: runtime.run(this.now()) };
  }

  /** The compiled query of `text` (compiled on first use, most recently used kept). */
  private runtimeOf(text: string): OnDemandRuntime {
    let runtime = this.cache.get(text);
    if (runtime === undefined) {
      runtime = this.prepare(text);
      if (this.cache.size >= this.capacity) {
        const oldest = this.cache.keys().next();
        if (oldest.done !== true) this.cache.delete(oldest.value);
      }
    } else {
      this.cache.delete(text);
    }
    this.cache.set(text, runtime);
    return runtime;
  }
}
