// The in-memory table (Siddhi's InMemoryTable): rows in insertion order, a hash map for the
// `@PrimaryKey` (single or composite) and one per `@Index` attribute. Conditions whose top-level
// `and`s pin the whole primary key, or an indexed attribute, to the matching event look rows up
// instead of scanning.

import { NO_SPAN, type Expression, type SetAssignment } from '../../query-api/index.js';
import { compileExpression } from '../expression/compile-expression.js';
import { ExpressionCompileError } from '../expression/expression-errors.js';
import type { Evaluator } from '../expression/types.js';
import { coveredBy, keyEqualities } from './condition-plan.js';
import { javaBucket, javaCapacity, javaHash, javaString, javaStringHash } from './java-order.js';
import type {
  CompiledCondition,
  CompiledUpdateSet,
  MatchingOptions,
  Row,
  Table,
  TableContext,
  TableSchema,
} from './table.js';
import { tableScope, type TableMatch } from './table-scope.js';

const NO_ROW: Row = [];
/** Key types whose `==` is exactly the key map's equality (floats: `fround`, NaN). */
const EXACT_KEY_TYPES: ReadonlySet<string> = new Set(['string', 'int', 'long', 'bool']);

class InMemoryCondition<M> implements CompiledCondition<M> {
  constructor(
    readonly tableId: string,
    readonly strategy: 'primaryKey' | 'index' | 'scan',
    /** The whole condition; undefined matches every row. */
    readonly test: Evaluator<TableMatch<M>> | undefined,
    /** Primary key parts (in key order) or the one indexed value, read from the matching event. */
    readonly keys: readonly Evaluator<TableMatch<M>>[],
    /** The indexed position (strategy 'index'). */
    readonly indexPosition: number,
    readonly match: TableMatch<M>,
  ) {}
}

class InMemoryUpdateSet<M> implements CompiledUpdateSet<M> {
  constructor(
    readonly tableId: string,
    readonly positions: readonly number[],
    readonly values: readonly Evaluator<TableMatch<M>>[],
    /** True when an assignment changes a primary key or indexed attribute. */
    readonly rekeys: boolean,
    readonly match: TableMatch<M>,
  ) {}
}

/** The state of an in-memory table, as plain data. */
export interface InMemoryTableSnapshot {
  readonly rows: readonly (readonly unknown[])[];
}

function keyPart(value: unknown): string {
  return typeof value === 'string'
    ? `s${String(value.length)}:${value}`
    : `${typeof value}:${String(value)}`;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function compareKeys(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Counters of how rows were reached (for tests and benchmarks). */
export interface TableStatistics {
  /** Full scans performed. */
  scans: number;
  /** Rows a condition was evaluated on. */
  rowsVisited: number;
}

/**
 * A table held in memory.
 * @example
 * const table = new InMemoryTable(schema, { appName: 'A', logger });
 * table.add([['IBM', 75.5, 100]]);
 * const byKey = table.compileCondition(onExpr, { tableNames: ['T'], matching: scope, functions });
 * table.find(byKey, event);
 */
export class InMemoryTable implements Table {
  readonly statistics: TableStatistics = { scans: 0, rowsVisited: 0 };
  private rows = new Set<unknown[]>();
  private primary = new Map<unknown, unknown[]>();
  private readonly indexes = new Map<number, Map<unknown, Set<unknown[]>>>();
  private readonly width: number;
  private readonly keyed: ReadonlySet<number>;
  private readonly found: Row[] = [];
  /** Primary-key tables: the rows in Siddhi's iteration order, until the table changes. */
  private ordered: unknown[][] | undefined;
  /** The most rows the primary key ever held (a Java hash map never shrinks). */
  private maxKeys = 0;

  constructor(
    readonly schema: TableSchema,
    private readonly context: TableContext,
  ) {
    this.width = schema.attributes.length;
    for (const position of schema.indexes) this.indexes.set(position, new Map());
    this.keyed = new Set([...schema.primaryKey, ...schema.indexes]);
  }

  compileCondition<M>(
    condition: Expression | undefined,
    options: MatchingOptions<M>,
  ): CompiledCondition<M> {
    const view = tableScope(this.schema, options);
    const match: TableMatch<M> = { event: null, row: NO_ROW };
    let test: Evaluator<TableMatch<M>> | undefined;
    if (condition !== undefined) {
      const compiled = compileExpression(condition, view.scope, options.functions);
      if (compiled.type !== 'bool') {
        throw new ExpressionCompileError(
          'E_PLAN_TYPE',
          `a condition on table '${this.schema.id}' must be bool, found ${compiled.type}`,
        );
      }
      test = compiled.evaluate;
    }
    const equalities = keyEqualities(condition, view);
    const valueOf = (position: number): Evaluator<TableMatch<M>> | undefined => {
      const found = equalities.find((e) => e.position === position);
      return found === undefined
        ? undefined
        : compileExpression(found.value, view.scope, options.functions).evaluate;
    };
    const pk = this.schema.primaryKey;
    if (pk.length > 0) {
      const keys = pk.map(valueOf);
      if (keys.every((k) => k !== undefined)) {
        // `T.k == <event value>` alone, on a type whose `==` is the map's equality: the lookup
        // decides it, no need to evaluate the condition again on the row found
        const exact =
          pk.length === 1 &&
          coveredBy(
            condition,
            equalities.filter((e) => pk.includes(e.position)),
          ) &&
          pk.every((p) => EXACT_KEY_TYPES.has(this.schema.attributes[p]?.type ?? 'object'));
        return new InMemoryCondition(
          this.schema.id,
          'primaryKey',
          exact ? undefined : test,
          keys,
          -1,
          match,
        );
      }
    }
    for (const position of this.schema.indexes) {
      const key = valueOf(position);
      if (key !== undefined) {
        return new InMemoryCondition(this.schema.id, 'index', test, [key], position, match);
      }
    }
    return new InMemoryCondition(this.schema.id, 'scan', test, [], -1, match);
  }

  compileUpdateSet<M>(
    set: readonly SetAssignment[] | undefined,
    options: MatchingOptions<M> & { readonly matchingAttributes: readonly string[] },
  ): CompiledUpdateSet<M> {
    const view = tableScope(this.schema, options);
    const attributes = this.schema.attributes;
    const positions: number[] = [];
    const values: Evaluator<TableMatch<M>>[] = [];
    if (set === undefined) {
      attributes.forEach((a, position) => {
        if (!options.matchingAttributes.includes(a.name)) return;
        positions.push(position);
        const variable: Expression = { kind: 'variable', span: NO_SPAN, attribute: a.name };
        values.push(compileExpression(variable, view.scope, options.functions).evaluate);
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
        positions.push(position);
        values.push(compileExpression(assignment.value, view.scope, options.functions).evaluate);
      }
    }
    const rekeys = positions.some((p) => this.keyed.has(p));
    const match: TableMatch<M> = { event: null, row: NO_ROW };
    return new InMemoryUpdateSet(this.schema.id, positions, values, rekeys, match);
  }

  add(rows: readonly Row[]): void {
    for (const row of rows) this.insert(row);
  }

  find<M>(condition: CompiledCondition<M>, matching: M | null): readonly Row[] {
    const out: Row[] = [];
    this.collect(this.own(condition), matching, out, false);
    return out;
  }

  contains<M>(condition: CompiledCondition<M>, matching: M | null): boolean {
    const found = this.found;
    found.length = 0;
    this.collect(this.own(condition), matching, found, true);
    const any = found.length > 0;
    found.length = 0;
    return any;
  }

  delete<M>(condition: CompiledCondition<M>, matching: readonly M[]): void {
    const own = this.own(condition);
    const found: Row[] = [];
    for (const m of matching) {
      found.length = 0;
      this.collect(own, m, found, false);
      for (const row of found) this.remove(row as unknown[]);
    }
  }

  update<M>(
    condition: CompiledCondition<M>,
    matching: readonly M[],
    set: CompiledUpdateSet<M>,
  ): void {
    const own = this.own(condition);
    const assign = this.ownSet(set);
    const found: Row[] = [];
    for (const m of matching) {
      found.length = 0;
      this.collect(own, m, found, false);
      this.assign(assign, found, m);
    }
  }

  updateOrAdd<M>(
    condition: CompiledCondition<M>,
    matching: readonly M[],
    set: CompiledUpdateSet<M>,
    toRow: (m: M) => Row,
  ): void {
    const own = this.own(condition);
    const assign = this.ownSet(set);
    const found: Row[] = [];
    for (const m of matching) {
      found.length = 0;
      this.collect(own, m, found, false);
      if (found.length === 0) this.insert(toRow(m));
      else this.assign(assign, found, m);
    }
  }

  all(): readonly Row[] {
    return [...this.scanRows()];
  }

  /** The number of rows. */
  get size(): number {
    return this.rows.size;
  }

  snapshot(): InMemoryTableSnapshot {
    return { rows: [...this.rows].map((r) => r.slice()) };
  }

  restore(snapshot: unknown): void {
    const rows = (snapshot as InMemoryTableSnapshot).rows;
    this.rows = new Set();
    this.primary = new Map();
    this.ordered = undefined;
    this.maxKeys = 0;
    for (const index of this.indexes.values()) index.clear();
    this.add(rows);
  }

  private own<M>(condition: CompiledCondition<M>): InMemoryCondition<M> {
    if (!(condition instanceof InMemoryCondition) || condition.tableId !== this.schema.id) {
      throw new Error(`the condition was not compiled by table '${this.schema.id}'`);
    }
    return condition as InMemoryCondition<M>;
  }

  private ownSet<M>(set: CompiledUpdateSet<M>): InMemoryUpdateSet<M> {
    if (!(set instanceof InMemoryUpdateSet) || set.tableId !== this.schema.id) {
      throw new Error(`the set clause was not compiled by table '${this.schema.id}'`);
    }
    return set as InMemoryUpdateSet<M>;
  }

  /** Appends the rows matching `condition` for `m` to `out` (only the first with `first`). */
  private collect<M>(
    condition: InMemoryCondition<M>,
    m: M | null,
    out: Row[],
    first: boolean,
  ): void {
    const match = condition.match;
    match.event = m;
    match.row = NO_ROW;
    const test = condition.test;
    const stats = this.statistics;
    if (condition.strategy === 'primaryKey') {
      const key = this.lookupKey(condition.keys, match);
      // NaN: `==` is false, the map would find it (compared again only when test is undefined)
      const row = key === null || key !== key ? undefined : this.primary.get(key);
      if (row !== undefined) {
        stats.rowsVisited += 1;
        match.row = row;
        if (test === undefined || test(match) === true) out.push(row);
      }
    } else {
      let candidates: Iterable<unknown[]>;
      if (condition.strategy === 'index') {
        const read = condition.keys[0];
        const value = read === undefined ? null : read(match);
        const bucket =
          value === null ? undefined : this.indexes.get(condition.indexPosition)?.get(value);
        if (bucket === undefined) {
          match.event = null;
          return;
        }
        candidates = bucket;
      } else {
        stats.scans += 1;
        candidates = this.scanRows();
      }
      for (const row of candidates) {
        stats.rowsVisited += 1;
        match.row = row;
        if (test === undefined || test(match) === true) {
          out.push(row);
          if (first) break;
        }
      }
    }
    match.event = null;
    match.row = NO_ROW;
  }

  /** The primary key the matching event asks for; null when a part is null. */
  private lookupKey<M>(keys: readonly Evaluator<TableMatch<M>>[], match: TableMatch<M>): unknown {
    const [only] = keys;
    if (keys.length === 1 && only !== undefined) return only(match) ?? null;
    let key = '';
    for (const read of keys) {
      const value = read(match);
      if (value === null || value === undefined) return null;
      key += `${keyPart(value)}|`;
    }
    return key;
  }

  private rowKey(row: readonly unknown[]): unknown {
    const pk = this.schema.primaryKey;
    const [only] = pk;
    if (pk.length === 1 && only !== undefined) return row[only];
    let key = '';
    for (const position of pk) key += `${keyPart(row[position])}|`;
    return key;
  }

  private insert(source: Row): void {
    const row = new Array<unknown>(this.width);
    for (let i = 0; i < this.width; i += 1) row[i] = source[i] ?? null;
    if (this.schema.primaryKey.length > 0) {
      const key = this.rowKey(row);
      if (this.primary.has(key)) {
        this.context.logger.log(
          'error',
          `app '${this.context.appName}' table '${this.schema.id}' dropping event ${JSON.stringify(row)}, as there is already an event stored with primary key '${this.keyText(row)}'`,
        );
        return;
      }
      this.primary.set(key, row);
      if (this.primary.size > this.maxKeys) this.maxKeys = this.primary.size;
    }
    this.rows.add(row);
    this.indexRow(row);
    this.ordered = undefined;
  }

  private keyText(row: readonly unknown[]): string {
    return this.schema.primaryKey.map((p) => String(row[p])).join(', ');
  }

  /** Every row in Siddhi's order: insertion order, or the primary key map's order. */
  private scanRows(): Iterable<unknown[]> {
    const pk = this.schema.primaryKey;
    if (pk.length === 0) return this.rows;
    if (this.ordered !== undefined) return this.ordered;
    const attributes = this.schema.attributes;
    const [only] = pk;
    const type = only === undefined ? undefined : attributes[only]?.type;
    const rows = [...this.rows];
    if (
      pk.length === 1 &&
      only !== undefined &&
      (type === 'int' || type === 'long' || type === 'float' || type === 'double')
    ) {
      rows.sort((a, b) => compareKeys(a[only], b[only]));
    } else {
      const capacity = javaCapacity(this.maxKeys);
      const bucketOf = (row: readonly unknown[]): number => {
        if (pk.length === 1 && only !== undefined) {
          return javaBucket(javaHash(row[only], type ?? 'object'), capacity);
        }
        let text = '';
        for (const p of pk) text += `${javaString(row[p], attributes[p]?.type ?? 'object')}:-:`;
        return javaBucket(javaStringHash(text), capacity);
      };
      const keyed = rows.map((row, i) => ({ row, i, bucket: bucketOf(row) }));
      keyed.sort((a, b) => a.bucket - b.bucket || a.i - b.i);
      for (let i = 0; i < keyed.length; i += 1) rows[i] = (keyed[i] as { row: unknown[] }).row;
    }
    this.ordered = rows;
    return rows;
  }

  private indexRow(row: unknown[]): void {
    for (const [position, index] of this.indexes) {
      const value = row[position];
      let bucket = index.get(value);
      if (bucket === undefined) {
        bucket = new Set();
        index.set(value, bucket);
      }
      bucket.add(row);
    }
  }

  private unindexRow(row: unknown[]): void {
    for (const [position, index] of this.indexes) {
      const value = row[position];
      const bucket = index.get(value);
      if (bucket === undefined) continue;
      bucket.delete(row);
      if (bucket.size === 0) index.delete(value);
    }
  }

  private remove(row: unknown[]): void {
    if (!this.rows.delete(row)) return;
    if (this.schema.primaryKey.length > 0) {
      const key = this.rowKey(row);
      if (this.primary.get(key) === row) this.primary.delete(key);
    }
    this.unindexRow(row);
    this.ordered = undefined;
  }

  /** The values `row` gets from `set` (assignments see the earlier ones). */
  private assigned<M>(set: InMemoryUpdateSet<M>, row: readonly unknown[], m: M): unknown[] {
    const next = row.slice();
    const match = set.match;
    match.event = m;
    match.row = next;
    const { positions, values } = set;
    for (let i = 0; i < positions.length; i += 1) {
      const position = positions[i];
      const value = values[i];
      if (position !== undefined && value !== undefined) next[position] = value(match) ?? null;
    }
    match.event = null;
    match.row = NO_ROW;
    return next;
  }

  /**
   * Applies `set` for the matching event `m` to the rows it found. When a new primary key would
   * clash with another row's, nothing is updated and the failure is logged (as Siddhi).
   */
  private assign<M>(set: InMemoryUpdateSet<M>, found: readonly Row[], m: M): void {
    if (found.length === 0) return;
    const updates = found.map((row) => this.assigned(set, row, m));
    if (!set.rekeys) {
      found.forEach((row, i) => {
        const next = updates[i];
        if (next !== undefined)
          for (let c = 0; c < this.width; c += 1) (row as unknown[])[c] = next[c];
      });
      return;
    }
    const keyedPositions = [...this.keyed];
    const moved = found.map((row, i) =>
      keyedPositions.some((p) => !Object.is(row[p], updates[i]?.[p])),
    );
    if (this.schema.primaryKey.length > 0) {
      const vacated = new Set<unknown>();
      found.forEach((row, i) => {
        if (moved[i] === true) vacated.add(this.rowKey(row));
      });
      const taken = new Set<unknown>();
      for (let i = 0; i < found.length; i += 1) {
        const next = updates[i];
        if (next === undefined || moved[i] !== true) continue;
        const key = this.rowKey(next);
        if ((this.primary.has(key) && !vacated.has(key)) || taken.has(key)) {
          this.context.logger.log(
            'error',
            `app '${this.context.appName}' table '${this.schema.id}': update failed for event ${describe(m)}, as there is already an event stored with primary key '${this.keyText(next)}'`,
          );
          return;
        }
        taken.add(key);
      }
    }
    found.forEach((row, i) => {
      const next = updates[i];
      if (next === undefined) return;
      const target = row as unknown[];
      if (moved[i] === true) this.remove(target);
      for (let c = 0; c < this.width; c += 1) target[c] = next[c];
      if (moved[i] === true) {
        if (this.schema.primaryKey.length > 0) this.primary.set(this.rowKey(target), target);
        this.rows.add(target);
        this.indexRow(target);
      }
    });
    this.ordered = undefined;
  }
}
