// The record-table SPI for external stores (Siddhi's AbstractRecordTable): a store receives
// conditions and `set` clauses in the structured form (structured-condition.ts), compiles them
// once into its own form (SQL text, a filter object…) and runs them with the parameter values the
// engine computes from each matching event. `recordTableFactory` adapts a RecordTable to the
// engine's `Table`, evaluating parameters and filtering rows in the engine where the store cannot.

import {
  NO_SPAN,
  type AttributeType,
  type Expression,
  type Selector,
  type SetAssignment,
} from '../../query-api/index.js';
import { compileExpression } from '../expression/compile-expression.js';
import { ExpressionCompileError } from '../expression/expression-errors.js';
import type { Evaluator } from '../expression/types.js';
import {
  compileStructuredCondition,
  needsEngine,
  StructuredCompiler,
  type StructuredCondition,
  type StructuredSet,
} from './structured-condition.js';
import { compileStructuredSelection, type StructuredSelection } from './structured-selection.js';
import type {
  CompiledCondition,
  CompiledSelection,
  CompiledUpdateSet,
  MatchingOptions,
  Row,
  SelectionOptions,
  Table,
  TableContext,
  TableFactory,
  TableSchema,
} from './table.js';
import { tableScope, type TableMatch } from './table-scope.js';

/**
 * A store's table. `C` is the store's compiled condition, `U` its compiled `set` clause, `S` its
 * compiled selection. For each call, `params[i]` is the value of `parameter(i)` of the condition
 * (or set, or selection) it was compiled from. Records are arrays of the table's attribute values
 * in definition order.
 * @example
 * // an RDBMS store would compile to SQL:
 * compileCondition(and(compare('==', column('symbol'), parameter(0)), compare('>', column('price'), constant(10))))
 *   // → 'symbol = ? AND price > 10' ; find(sql, ['IBM']) runs it with ? = 'IBM'
 */
export interface RecordTable<C = unknown, U = unknown, S = unknown> {
  /**
   * The store's form of a condition (undefined: every record). Return null when a node cannot be
   * translated: the engine then scans (`compileCondition(undefined)`) and filters itself.
   */
  compileCondition(condition: StructuredCondition | undefined): C | null;
  /** The store's form of `set` assignments; null when not translatable (the engine computes them). */
  compileUpdateSet(set: StructuredSet): U | null;
  /** Adds records (rows breaking the store's keys are dropped and logged). */
  add(records: readonly Row[]): void;
  /** The records matching, in the store's order. The engine does not mutate nor keep them. */
  find(condition: C, params: readonly unknown[]): readonly Row[];
  contains(condition: C, params: readonly unknown[]): boolean;
  /** Deletes the matching records for each parameter list in turn. */
  delete(condition: C, paramsList: readonly (readonly unknown[])[]): void;
  /** For each i: sets the columns of the records matching `paramsList[i]`, with `setParamsList[i]`. */
  update(
    condition: C,
    paramsList: readonly (readonly unknown[])[],
    set: U,
    setParamsList: readonly (readonly unknown[])[],
  ): void;
  /** Like `update`; when nothing matches `paramsList[i]`, adds `records[i]` instead. */
  updateOrAdd(
    condition: C,
    paramsList: readonly (readonly unknown[])[],
    set: U,
    setParamsList: readonly (readonly unknown[])[],
    records: readonly Row[],
  ): void;
  /**
   * Optional, with `query`: the store's form of a whole on-demand selection (aggregates, group
   * by, having, order by, offset, limit), evaluated as `StructuredSelection` documents. Return
   * null when some part cannot be translated: the engine then selects `find`'s records itself.
   * @example
   * // from T on price > 10 select symbol, sum(volume) as v group by symbol order by v desc limit 3
   * compileSelection(selection) // → 'SELECT symbol, SUM(volume) … GROUP BY symbol ORDER BY 2 DESC LIMIT 3'
   */
  compileSelection?(selection: StructuredSelection): S | null;
  /**
   * The output rows of `selection` over the records matching `condition` (values in the order
   * and of the types of `selection.items`); `selectionParams[i]` is its `parameter(i)`.
   */
  query?(
    condition: C,
    params: readonly unknown[],
    selection: S,
    selectionParams: readonly unknown[],
  ): readonly Row[];
  /** Optional state for snapshots (an external store usually keeps its own). */
  snapshot?(): unknown;
  restore?(snapshot: unknown): void;
  /** Releases connections when the app shuts down (see `Table.close`). */
  close?(): Promise<void>;
}

/**
 * Registers a record-table store with the engine (`createEngine({ stores: [...] })`).
 * @example
 * const store = recordTableFactory('myStore', (schema, ctx) => new MyRecordTable(schema, ctx));
 */
export function recordTableFactory(
  type: string,
  create: (schema: TableSchema, context: TableContext) => RecordTable,
): TableFactory {
  return {
    type,
    create: (schema, context) => new RecordTableAdapter(schema, create(schema, context)),
  };
}

const NO_ROW: Row = [];

class RecordCondition<M> implements CompiledCondition<M> {
  readonly strategy = 'scan';
  constructor(
    readonly tableId: string,
    /** The store's form of the pushed part (or of "every record"). */
    readonly store: unknown,
    readonly parameters: readonly Evaluator<TableMatch<M>>[],
    /** The whole condition, when the engine must re-check the records the store returns. */
    readonly filter: Evaluator<TableMatch<M>> | undefined,
    readonly match: TableMatch<M>,
  ) {}
}

class RecordSelection<M> implements CompiledSelection<M> {
  constructor(
    readonly tableId: string,
    readonly outputTypes: readonly AttributeType[],
    readonly condition: RecordCondition<M>,
    /** The store's form of the selection. */
    readonly store: unknown,
    readonly parameters: readonly Evaluator<TableMatch<M>>[],
    readonly match: TableMatch<M>,
  ) {}
}

class RecordUpdateSet<M> implements CompiledUpdateSet<M> {
  constructor(
    readonly tableId: string,
    readonly positions: readonly number[],
    /** The store's form; undefined when the engine computes the values. */
    readonly store: unknown,
    readonly parameters: readonly Evaluator<TableMatch<M>>[],
    /** The values computed by the engine, on the matching event and the record. */
    readonly values: readonly Evaluator<TableMatch<M>>[],
    readonly match: TableMatch<M>,
  ) {}
}

/** A RecordTable seen as the engine's `Table`. */
export class RecordTableAdapter implements Table {
  /** Identifies one record by all its values (for updates and deletes the engine decides). */
  private readonly identity: unknown;
  /** Sets every column from parameters. */
  private readonly setAll: unknown;

  constructor(
    readonly schema: TableSchema,
    private readonly records: RecordTable,
  ) {
    const attributes = schema.attributes;
    let identity: StructuredCondition | undefined;
    attributes.forEach((a, index) => {
      const column = { kind: 'column', name: a.name, type: a.type } as const;
      const parameter = { kind: 'parameter', index, type: a.type } as const;
      const same: StructuredCondition = {
        kind: 'or',
        left: { kind: 'compare', op: '==', left: column, right: parameter },
        right: {
          kind: 'and',
          left: { kind: 'isNull', operand: column },
          right: { kind: 'isNull', operand: parameter },
        },
      };
      identity = identity === undefined ? same : { kind: 'and', left: identity, right: same };
    });
    this.identity = this.mustCompile(records.compileCondition(identity), 'record identity');
    this.setAll = this.mustCompile(
      records.compileUpdateSet({
        columns: attributes.map((a) => a.name),
        values: attributes.map((a, index) => ({ kind: 'parameter', index, type: a.type })),
      }),
      'set clause',
    );
  }

  private mustCompile<T>(compiled: T | null, what: string): T {
    if (compiled === null) {
      throw new Error(`the store of table '${this.schema.id}' cannot compile a ${what}`);
    }
    return compiled;
  }

  compileCondition<M>(
    condition: Expression | undefined,
    options: MatchingOptions<M>,
  ): CompiledCondition<M> {
    const structured = compileStructuredCondition(condition, this.schema, options);
    let store = this.records.compileCondition(structured.pushed);
    let residual = structured.residual;
    let parameters = structured.parameters;
    if (store === null) {
      parameters = [];
      store = this.mustCompile(this.records.compileCondition(undefined), 'scan');
      residual = condition !== undefined;
    }
    let filter: Evaluator<TableMatch<M>> | undefined;
    if (condition !== undefined) {
      const compiled = compileExpression(
        condition,
        tableScope(this.schema, options).scope,
        options.functions,
      );
      if (compiled.type !== 'bool') {
        throw new ExpressionCompileError(
          'E_PLAN_TYPE',
          `a condition on table '${this.schema.id}' must be bool, found ${compiled.type}`,
        );
      }
      if (residual) filter = compiled.evaluate;
    }
    const match: TableMatch<M> = { event: null, row: NO_ROW };
    return new RecordCondition(this.schema.id, store, parameters, filter, match);
  }

  compileUpdateSet<M>(
    set: readonly SetAssignment[] | undefined,
    options: MatchingOptions<M> & { readonly matchingAttributes: readonly string[] },
  ): CompiledUpdateSet<M> {
    const attributes = this.schema.attributes;
    const scope = tableScope(this.schema, options).scope;
    const compiler = new StructuredCompiler(this.schema, options);
    const positions: number[] = [];
    const values: Evaluator<TableMatch<M>>[] = [];
    const structured: StructuredCondition[] = [];
    const assign = (position: number, value: Expression): void => {
      positions.push(position);
      values.push(compileExpression(value, scope, options.functions).evaluate);
      structured.push(compiler.compile(value));
    };
    if (set === undefined) {
      attributes.forEach((a, position) => {
        if (!options.matchingAttributes.includes(a.name)) return;
        assign(position, { kind: 'variable', span: NO_SPAN, attribute: a.name });
      });
    } else {
      for (const assignment of set) {
        const position = attributes.findIndex((a) => a.name === assignment.target.attribute);
        if (position < 0) {
          throw new ExpressionCompileError(
            'E_PLAN_TYPE',
            `table '${this.schema.id}' has no attribute '${assignment.target.attribute}'`,
          );
        }
        assign(position, assignment.value);
      }
    }
    const store = structured.some(needsEngine)
      ? null
      : this.records.compileUpdateSet({
          columns: positions.map((p) => attributes[p]?.name ?? ''),
          values: structured,
        });
    const match: TableMatch<M> = { event: null, row: NO_ROW };
    return new RecordUpdateSet(
      this.schema.id,
      positions,
      store ?? undefined,
      compiler.parameters,
      values,
      match,
    );
  }

  add(rows: readonly Row[]): void {
    this.records.add(rows.map((r) => this.record(r)));
  }

  /** A copy of `row` with exactly the table's width. */
  private record(row: Row): unknown[] {
    return this.schema.attributes.map((_, i) => row[i] ?? null);
  }

  find<M>(condition: CompiledCondition<M>, matching: M | null): readonly Row[] {
    const own = this.own(condition);
    const found = this.records.find(own.store, this.params(own.parameters, own.match, matching));
    const filter = own.filter;
    if (filter === undefined) return found;
    const match = own.match;
    match.event = matching;
    const out = found.filter((row) => {
      match.row = row;
      return filter(match) === true;
    });
    match.event = null;
    match.row = NO_ROW;
    return out;
  }

  contains<M>(condition: CompiledCondition<M>, matching: M | null): boolean {
    const own = this.own(condition);
    if (own.filter !== undefined) return this.find(condition, matching).length > 0;
    return this.records.contains(own.store, this.params(own.parameters, own.match, matching));
  }

  delete<M>(condition: CompiledCondition<M>, matching: readonly M[]): void {
    const own = this.own(condition);
    if (own.filter === undefined) {
      this.records.delete(
        own.store,
        matching.map((m) => this.params(own.parameters, own.match, m)),
      );
      return;
    }
    for (const m of matching) {
      const found = this.find(condition, m).map((r) => r.slice());
      if (found.length > 0) this.records.delete(this.identity, found);
    }
  }

  update<M>(
    condition: CompiledCondition<M>,
    matching: readonly M[],
    set: CompiledUpdateSet<M>,
  ): void {
    const own = this.own(condition);
    const assign = this.ownSet(set);
    if (own.filter === undefined && assign.store !== undefined) {
      this.records.update(
        own.store,
        matching.map((m) => this.params(own.parameters, own.match, m)),
        assign.store,
        matching.map((m) => this.params(assign.parameters, assign.match, m)),
      );
      return;
    }
    for (const m of matching) this.updateInEngine(condition, m, assign);
  }

  updateOrAdd<M>(
    condition: CompiledCondition<M>,
    matching: readonly M[],
    set: CompiledUpdateSet<M>,
    toRow: (m: M) => Row,
  ): void {
    const own = this.own(condition);
    const assign = this.ownSet(set);
    if (own.filter === undefined && assign.store !== undefined) {
      this.records.updateOrAdd(
        own.store,
        matching.map((m) => this.params(own.parameters, own.match, m)),
        assign.store,
        matching.map((m) => this.params(assign.parameters, assign.match, m)),
        matching.map((m) => this.record(toRow(m))),
      );
      return;
    }
    for (const m of matching) {
      if (!this.updateInEngine(condition, m, assign)) this.add([toRow(m)]);
    }
  }

  compileSelection<M>(
    condition: CompiledCondition<M>,
    selector: Selector,
    options: SelectionOptions<M>,
  ): CompiledSelection<M> | null {
    const records = this.records;
    if (records.compileSelection === undefined || records.query === undefined) return null;
    const own = this.own(condition);
    // Rows the engine still filters cannot be grouped or cut by the store.
    if (own.filter !== undefined) return null;
    const compiled = compileStructuredSelection(selector, this.schema, options);
    if (compiled === null) return null;
    const store = records.compileSelection(compiled.selection);
    if (store === null) return null;
    const types = compiled.selection.items.map((i) => i.value.type);
    const match: TableMatch<M> = { event: null, row: NO_ROW };
    return new RecordSelection(this.schema.id, types, own, store, compiled.parameters, match);
  }

  select<M>(selection: CompiledSelection<M>, matching: M | null): unknown[][] {
    if (!(selection instanceof RecordSelection) || selection.tableId !== this.schema.id) {
      throw new Error(`the selection was not compiled by table '${this.schema.id}'`);
    }
    const own = selection as RecordSelection<M>;
    const condition = own.condition;
    const records = this.records;
    if (records.query === undefined) {
      throw new Error(`the store of table '${this.schema.id}' cannot query`);
    }
    const rows = records.query(
      condition.store,
      this.params(condition.parameters, condition.match, matching),
      own.store,
      this.params(own.parameters, own.match, matching),
    );
    return rows.map((r) => r.slice());
  }

  all(): readonly Row[] {
    const every = this.mustCompile(this.records.compileCondition(undefined), 'scan');
    return this.records.find(every, []).map((r) => r.slice());
  }

  snapshot(): unknown {
    return this.records.snapshot?.();
  }

  restore(snapshot: unknown): void {
    this.records.restore?.(snapshot);
  }

  close(): Promise<void> {
    return this.records.close?.() ?? Promise.resolve();
  }

  /** Updates, with values the engine computes, the records `condition` finds for `m`. */
  private updateInEngine<M>(
    condition: CompiledCondition<M>,
    m: M,
    set: RecordUpdateSet<M>,
  ): boolean {
    const found = this.find(condition, m).map((r) => r.slice());
    if (found.length === 0) return false;
    const match = set.match;
    const updated = found.map((row) => {
      const next = row.slice();
      match.event = m;
      match.row = next;
      set.positions.forEach((position, i) => {
        const value = set.values[i];
        if (value !== undefined) next[position] = value(match) ?? null;
      });
      return next;
    });
    match.event = null;
    match.row = NO_ROW;
    this.records.update(this.identity, found, this.setAll, updated);
    return true;
  }

  private params<M>(
    parameters: readonly Evaluator<TableMatch<M>>[],
    match: TableMatch<M>,
    m: M | null,
  ): unknown[] {
    if (parameters.length === 0) return [];
    match.event = m;
    match.row = NO_ROW;
    const values = parameters.map((p) => p(match) ?? null);
    match.event = null;
    return values;
  }

  private own<M>(condition: CompiledCondition<M>): RecordCondition<M> {
    if (!(condition instanceof RecordCondition) || condition.tableId !== this.schema.id) {
      throw new Error(`the condition was not compiled by table '${this.schema.id}'`);
    }
    return condition as RecordCondition<M>;
  }

  private ownSet<M>(set: CompiledUpdateSet<M>): RecordUpdateSet<M> {
    if (!(set instanceof RecordUpdateSet) || set.tableId !== this.schema.id) {
      throw new Error(`the set clause was not compiled by table '${this.schema.id}'`);
    }
    return set as RecordUpdateSet<M>;
  }
}
