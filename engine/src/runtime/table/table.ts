// The table SPI (Siddhi's record table): what queries, joins and on-demand queries ask of a table,
// so that stores (in memory, RDBMS, Redis…) can implement it. Conditions and `set` clauses are
// compiled once, at plan time, by the table itself; per event only the compiled forms run.

import type { AggregatorLookup } from '../../builtins/aggregators/index.js';
import type { AttributeType, Expression, Selector, SetAssignment } from '../../query-api/index.js';
import type { Logger } from '../app/logger.js';
import type { ExpressionScope, FunctionContext } from '../expression/types.js';

/** One attribute of a table. */
export interface TableAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/** A table's definition as the runtime needs it. */
export interface TableSchema {
  readonly id: string;
  readonly attributes: readonly TableAttribute[];
  /** Positions of the `@PrimaryKey` attributes, in key order (empty: no primary key). */
  readonly primaryKey: readonly number[];
  /** Positions of the `@Index` attributes. */
  readonly indexes: readonly number[];
  /** `@store(type=…)` options, lower-cased keys; undefined for an in-memory table. */
  readonly store?: Readonly<Record<string, string>>;
}

/** A row: the values of the table's attributes, in definition order. Never mutate one you get. */
export type Row = readonly unknown[];

/**
 * What a condition or `set` clause is compiled against: the table's rows, named by the table id
 * or alias (`tableNames`), and optionally a "matching event" of type `M` (the triggering stream
 * event of a join or `in` condition, the output event of `delete`/`update`, the selected event of
 * an on-demand query). Unqualified names resolve to the matching event first, then to the table.
 */
export interface MatchingOptions<M> {
  /** Names the table is referred by: its id and alias. */
  readonly tableNames: readonly string[];
  /** Resolves references to the matching event; `resolve` throws for names it does not know. */
  readonly matching?: ExpressionScope<M>;
  readonly functions: FunctionContext;
}

/**
 * A condition compiled by one table for one call site. Opaque: only the table that compiled it
 * can run it. `strategy` says how rows are found (for tests and diagnostics).
 */
export interface CompiledCondition<M> {
  readonly tableId: string;
  readonly strategy: 'primaryKey' | 'index' | 'scan';
  /** Phantom: the matching context type. */
  readonly matchingType?: (m: M) => void;
}

/** A compiled `set` clause (or the implicit one: every same-named attribute of the event). */
export interface CompiledUpdateSet<M> {
  readonly tableId: string;
  /** Table positions assigned, in order. */
  readonly positions: readonly number[];
  readonly matchingType?: (m: M) => void;
}

/** What compiling a whole selection needs: the matching options and the app's aggregators. */
export interface SelectionOptions<M> extends MatchingOptions<M> {
  /** The app's aggregators (types aggregate calls as the engine's selector does). */
  readonly aggregators: AggregatorLookup;
}

/** A selection compiled by one table for the rows of one compiled condition. Opaque. */
export interface CompiledSelection<M> {
  readonly tableId: string;
  /** The types of the output values, in order (the engine selector's). */
  readonly outputTypes: readonly AttributeType[];
  readonly matchingType?: (m: M) => void;
}

/**
 * A table. `add` appends rows; `find`/`contains` read rows matching a compiled condition against
 * a matching event; `delete`, `update` and `updateOrAdd` apply a condition once per matching event,
 * in order.
 * @example
 * const cond = table.compileCondition(onExpr, { tableNames: ['T'], matching: streamScope, functions });
 * for (const row of table.find(cond, streamEvent)) console.log(row);
 */
export interface Table {
  readonly schema: TableSchema;
  /** Compiles `condition` (undefined: every row). Throws `ExpressionCompileError` when invalid. */
  compileCondition<M>(
    condition: Expression | undefined,
    options: MatchingOptions<M>,
  ): CompiledCondition<M>;
  /**
   * Compiles `set` assignments; with `set` undefined, every table attribute the matching event
   * has (by name, in `matchingAttributes`) is assigned from it.
   */
  compileUpdateSet<M>(
    set: readonly SetAssignment[] | undefined,
    options: MatchingOptions<M> & { readonly matchingAttributes: readonly string[] },
  ): CompiledUpdateSet<M>;
  /** Adds rows (each copied); rows breaking the primary key are dropped and logged. */
  add(rows: readonly Row[]): void;
  /** The rows matching the condition for `matching` (null when there is no matching event). */
  find<M>(condition: CompiledCondition<M>, matching: M | null): readonly Row[];
  /** Whether some row matches (`cond in T`). */
  contains<M>(condition: CompiledCondition<M>, matching: M | null): boolean;
  /** Deletes the rows matching the condition, for each matching event in turn. */
  delete<M>(condition: CompiledCondition<M>, matching: readonly M[]): void;
  /** Updates the rows matching the condition, for each matching event in turn. */
  update<M>(
    condition: CompiledCondition<M>,
    matching: readonly M[],
    set: CompiledUpdateSet<M>,
  ): void;
  /**
   * Like `update`; each matching event that updated nothing is added as a row (`toRow(m)`),
   * after the whole chunk.
   */
  updateOrAdd<M>(
    condition: CompiledCondition<M>,
    matching: readonly M[],
    set: CompiledUpdateSet<M>,
    toRow: (m: M) => Row,
  ): void;
  /** Every row, in the table's order. */
  all(): readonly Row[];
  /**
   * Optional (stores that query themselves, Siddhi's compileSelection): compiles a whole
   * `select … group by … having … order by … limit … offset …` of the rows `condition` finds,
   * to run in the store. Null when the store cannot give exactly the engine selector's rows:
   * the engine then selects what `find` returns itself.
   */
  compileSelection?<M>(
    condition: CompiledCondition<M>,
    selector: Selector,
    options: SelectionOptions<M>,
  ): CompiledSelection<M> | null;
  /** Runs a selection `compileSelection` returned: the output rows (fresh arrays). */
  select?<M>(selection: CompiledSelection<M>, matching: M | null): unknown[][];
  /** The table's state as plain data. */
  snapshot(): unknown;
  /** Replaces the table's state by a `snapshot()`. */
  restore(snapshot: unknown): void;
  /**
   * Releases what the table holds outside the process (connections, workers); called once when
   * its app shuts down. Optional: in-memory tables hold nothing.
   */
  close?(): Promise<void>;
}

/** What a store factory gets to build a table. */
export interface TableContext {
  readonly appName: string;
  readonly logger: Logger;
}

/**
 * A store implementation (`@store(type='…')`), registered with the engine.
 * @example
 * const memoryStore: TableFactory = { type: 'inMemory', create: (schema, ctx) => new InMemoryTable(schema, ctx) };
 */
export interface TableFactory {
  /** The `type` of `@store(type='…')` (case-insensitive). */
  readonly type: string;
  create(schema: TableSchema, context: TableContext): Table;
}
