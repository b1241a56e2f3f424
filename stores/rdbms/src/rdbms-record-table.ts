// The `rdbms` store's table on the record-table SPI: conditions, `set` clauses and on-demand
// selections compile once into parameterised SQL, each call binds the values the engine
// computed. Writes go through the executor's queue for the table (a database on another thread
// is written behind, in order), reads wait for every earlier write, so the table behaves exactly
// like an in-memory one.

import type {
  AttributeType,
  RecordTable,
  Row,
  StructuredCondition,
  StructuredSelection,
  StructuredSet,
  TableContext,
  TableSchema,
} from '@tributary/engine';
import { finishSql, MARK, type Dialect, type SqlValue } from './dialect.js';
import { keyOf, RowCache } from './row-cache.js';
import {
  joinFragments,
  keyEquality,
  SqlCompiler,
  type Fragment,
  type Slot,
} from './sql-condition.js';
import type { JobResult, SqlExecutor, SqlStep } from './sql-executor.js';
import { compileSqlSelection, selectionStatement, type SqlSelection } from './sql-selection.js';
import type { TableState } from './table-definition.js';

/** A statement ready to bind: its final text and where each placeholder's value comes from. */
interface Prepared {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

/** The store's compiled condition. */
export interface SqlCondition {
  readonly where: Fragment | undefined;
  /** Parameter index per primary-key column when the condition is exactly a key lookup. */
  readonly key: readonly number[] | undefined;
  select?: Prepared;
  exists?: Prepared;
  remove?: Prepared;
  readonly updates: Map<SqlSet, Prepared>;
  readonly upserts: Map<SqlSet, Prepared>;
  /** The statement of each selection run on this condition's rows. */
  queries?: Map<SqlSelection, Prepared>;
}

/** The store's compiled `set` clause. */
export interface SqlSet {
  readonly columns: readonly string[];
  readonly assignments: readonly Fragment[];
  /** The clause as given, for the upsert's own compilation. */
  readonly source: StructuredSet;
}

/** The alias of the target row in PostgreSQL upserts. */
const TARGET = 'tributary_target';

/** What the table is built from. */
export interface RdbmsTableOptions {
  readonly executor: SqlExecutor;
  readonly dialect: Dialect;
  readonly state: TableState;
  /** `cache.size`: rows of hot keys kept in memory (0: none). */
  readonly cacheSize: number;
  /** Called once when the app shuts down. */
  readonly release: () => Promise<void>;
  /** Run on-demand selections in SQL when they translate (default true). */
  readonly pushDown?: boolean;
}

const NO_VALUES: readonly unknown[] = [];

/**
 * A table kept in a relational database.
 * @example
 * const table = new RdbmsRecordTable(schema, context, { executor, dialect, state, cacheSize: 0, release });
 * recordTableFactory('rdbms', () => table);
 */
export class RdbmsRecordTable implements RecordTable<SqlCondition, SqlSet, SqlSelection> {
  private readonly executor: SqlExecutor;
  private readonly dialect: Dialect;
  private readonly compiler: SqlCompiler;
  private readonly columnTypes: ReadonlyMap<string, AttributeType>;
  private readonly sqlName: string;
  private readonly order: string;
  private readonly rowOrder: string | undefined;
  private readonly queue: string;
  private readonly keyColumns: readonly string[];
  private readonly keyPositions: readonly number[];
  /** `INSERT … VALUES (…)` without the duplicate-skipping clause. */
  private readonly insertValues: Fragment;
  private readonly insert: Prepared;
  private readonly cache: RowCache | undefined;
  private closed = false;

  constructor(
    private readonly schema: TableSchema,
    private readonly context: TableContext,
    private readonly options: RdbmsTableOptions,
  ) {
    this.executor = options.executor;
    this.dialect = options.dialect;
    const attributes = schema.attributes;
    this.columnTypes = new Map(attributes.map((a) => [a.name, a.type]));
    this.compiler = new SqlCompiler(this.dialect, this.columnTypes);
    this.sqlName = options.state.sqlName;
    this.rowOrder = options.state.order;
    this.order = this.rowOrder === undefined ? '' : ` ORDER BY ${this.rowOrder}`;
    this.queue = this.sqlName;
    this.keyPositions = schema.primaryKey;
    this.keyColumns = schema.primaryKey.map((p) => attributes[p]?.name ?? '');
    const skip = schema.primaryKey.length > 0 ? this.dialect.skipDuplicates : '';
    this.insertValues = this.insertFragment('');
    this.insert = this.prepare({ ...this.insertValues, sql: this.insertValues.sql + skip });
    const cached = options.cacheSize > 0 && this.keyPositions.length > 0;
    this.cache = cached ? new RowCache(options.cacheSize) : undefined;
  }

  /** `INSERT INTO t [alias] (columns) VALUES (…)`, each value from the record. */
  private insertFragment(alias: string): Fragment {
    const attributes = this.schema.attributes;
    const columns = attributes.map((a) => this.dialect.quote(a.name)).join(', ');
    const marks = attributes.map(() => MARK).join(', ');
    return {
      sql: `INSERT INTO ${this.sqlName}${alias} (${columns}) VALUES (${marks})`,
      slots: attributes.map((a, index) => ({ from: 'record', index, type: a.type })),
    };
  }

  /** Cache statistics (hits, misses, rows held), for tests and monitoring. */
  get cacheStatistics(): { hits: number; misses: number; size: number } | undefined {
    const cache = this.cache;
    return cache === undefined
      ? undefined
      : { hits: cache.hits, misses: cache.misses, size: cache.length };
  }

  private prepare(fragment: Fragment): Prepared {
    return {
      sql: finishSql(
        this.dialect,
        fragment.sql,
        fragment.slots.map((s) => s.type),
      ),
      slots: fragment.slots,
    };
  }

  /** The values of a statement's placeholders; `setParams` are the selection's for queries. */
  private bind(
    prepared: Prepared,
    params: readonly unknown[],
    setParams: readonly unknown[] = NO_VALUES,
    record: readonly unknown[] = NO_VALUES,
  ): SqlValue[] {
    const dialect = this.dialect;
    return prepared.slots.map((slot) => {
      let value: unknown;
      switch (slot.from) {
        case 'param':
          value = params[slot.index];
          break;
        case 'set':
        case 'selection':
          value = setParams[slot.index];
          break;
        case 'record':
          value = record[slot.index];
          break;
        case 'constant':
          value = slot.value;
          break;
      }
      return dialect.encode(value ?? null, slot.type);
    });
  }

  compileCondition(condition: StructuredCondition | undefined): SqlCondition | null {
    let where: Fragment | undefined;
    if (condition !== undefined) {
      const compiled = this.compiler.condition(condition);
      if (compiled === null) return null;
      where = compiled;
    }
    return {
      where,
      key: keyEquality(condition, this.keyColumns),
      updates: new Map(),
      upserts: new Map(),
    };
  }

  compileUpdateSet(set: StructuredSet): SqlSet | null {
    const assignments = this.compiler.assignments(set);
    return assignments === null ? null : { columns: set.columns, assignments, source: set };
  }

  compileSelection(selection: StructuredSelection): SqlSelection | null {
    if (this.options.pushDown === false) return null;
    return compileSqlSelection(this.dialect, this.compiler, selection);
  }

  query(
    condition: SqlCondition,
    params: readonly unknown[],
    selection: SqlSelection,
    selectionParams: readonly unknown[],
  ): readonly Row[] {
    this.checkOpen();
    const queries = (condition.queries ??= new Map<SqlSelection, Prepared>());
    let prepared = queries.get(selection);
    if (prepared === undefined) {
      prepared = this.prepare(
        selectionStatement(this.dialect, selection, this.sqlName, condition.where, this.rowOrder),
      );
      queries.set(selection, prepared);
    }
    const result = this.executor.run({
      queue: this.queue,
      steps: [{ sql: prepared.sql, values: this.bind(prepared, params, selectionParams) }],
      read: true,
    });
    const types = selection.types;
    const dialect = this.dialect;
    return (result.rows ?? []).map((row) => types.map((t, i) => dialect.decode(row[i], t)));
  }

  private whereSql(condition: SqlCondition): Fragment {
    const where = condition.where;
    return where === undefined
      ? { sql: '', slots: [] }
      : { sql: ` WHERE ${where.sql}`, slots: where.slots };
  }

  private selectOf(condition: SqlCondition): Prepared {
    let select = condition.select;
    if (select === undefined) {
      const columns = this.schema.attributes.map((a) => this.dialect.quote(a.name)).join(', ');
      const where = this.whereSql(condition);
      select = this.prepare({
        sql: `SELECT ${columns} FROM ${this.sqlName}${where.sql}${this.order}`,
        slots: where.slots,
      });
      condition.select = select;
    }
    return select;
  }

  private existsOf(condition: SqlCondition): Prepared {
    let exists = condition.exists;
    if (exists === undefined) {
      const where = this.whereSql(condition);
      exists = this.prepare({
        sql: `SELECT 1 FROM ${this.sqlName}${where.sql} LIMIT 1`,
        slots: where.slots,
      });
      condition.exists = exists;
    }
    return exists;
  }

  private removeOf(condition: SqlCondition): Prepared {
    let remove = condition.remove;
    if (remove === undefined) {
      const where = this.whereSql(condition);
      remove = this.prepare({ sql: `DELETE FROM ${this.sqlName}${where.sql}`, slots: where.slots });
      condition.remove = remove;
    }
    return remove;
  }

  private updateOf(condition: SqlCondition, set: SqlSet): Prepared {
    let update = condition.updates.get(set);
    if (update === undefined) {
      const assignments = joinFragments(set.assignments, ', ');
      const where = this.whereSql(condition);
      update = this.prepare({
        sql: `UPDATE ${this.sqlName} SET ${assignments.sql}${where.sql}`,
        slots: [...assignments.slots, ...where.slots],
      });
      condition.updates.set(set, update);
    }
    return update;
  }

  /** `INSERT … ON CONFLICT (key) DO UPDATE SET …` for a key-lookup condition. */
  private upsertOf(condition: SqlCondition, set: SqlSet): Prepared | undefined {
    if (condition.key === undefined || set.assignments.length === 0) return undefined;
    let upsert = condition.upserts.get(set);
    if (upsert === undefined) {
      let insert = this.insertValues;
      let assigned: readonly Fragment[] | null = set.assignments;
      if (this.dialect.kind === 'postgres') {
        // In `DO UPDATE SET`, a bare column could be the target's or EXCLUDED's.
        const alias = this.dialect.quote(TARGET);
        const qualified = new SqlCompiler(this.dialect, this.columnTypes, alias);
        assigned = qualified.assignments(set.source);
        insert = this.insertFragment(` AS ${alias}`);
      }
      if (assigned === null) return undefined;
      const assignments = joinFragments(assigned, ', ');
      upsert = this.prepare({
        sql: insert.sql + this.dialect.upsert(this.keyColumns, [assignments.sql]),
        slots: [...insert.slots, ...assignments.slots],
      });
      condition.upserts.set(set, upsert);
    }
    return upsert;
  }

  add(records: readonly Row[]): void {
    if (records.length === 0) return;
    this.checkOpen();
    const steps: SqlStep[] = records.map((record) => ({
      sql: this.insert.sql,
      values: this.bind(this.insert, NO_VALUES, NO_VALUES, record),
      skipDuplicates: true,
    }));
    if (this.cache !== undefined) {
      for (const record of records) this.cache.evict(this.recordKey(record));
    }
    this.executor.submit({ queue: this.queue, steps }, (result) => {
      result.outcomes.forEach((outcome, i) => {
        const record = records[i] ?? [];
        if (outcome.error !== undefined) {
          this.logError(`dropping event ${show(record)}: ${outcome.error}`);
        } else if (outcome.changes === 0 && this.keyPositions.length > 0) {
          this.logError(
            `dropping event ${show(record)}, as there is already an event stored with primary key '${this.keyPositions.map((p) => String(record[p])).join(', ')}'`,
          );
          this.cache?.evict(this.recordKey(record));
        }
      });
    });
  }

  find(condition: SqlCondition, params: readonly unknown[]): readonly Row[] {
    this.checkOpen();
    const cacheKey = this.cacheKey(condition, params);
    if (cacheKey !== undefined) {
      const cached = this.cache?.get(cacheKey);
      if (cached !== undefined) return cached === null ? [] : [cached.slice()];
    }
    const rows = this.read(this.selectOf(condition), params);
    if (cacheKey !== undefined && rows.length <= 1) this.cache?.set(cacheKey, rows[0] ?? null);
    return rows;
  }

  contains(condition: SqlCondition, params: readonly unknown[]): boolean {
    this.checkOpen();
    const cacheKey = this.cacheKey(condition, params);
    if (cacheKey !== undefined) {
      const cached = this.cache?.get(cacheKey);
      if (cached !== undefined) return cached !== null;
      return this.find(condition, params).length > 0;
    }
    const exists = this.existsOf(condition);
    const result = this.executor.run({
      queue: this.queue,
      steps: [{ sql: exists.sql, values: this.bind(exists, params) }],
      read: true,
    });
    return (result.rows?.length ?? 0) > 0;
  }

  delete(condition: SqlCondition, paramsList: readonly (readonly unknown[])[]): void {
    if (paramsList.length === 0) return;
    this.checkOpen();
    const remove = this.removeOf(condition);
    this.forget(condition, paramsList);
    this.submit(
      'delete',
      paramsList.map((params) => ({ sql: remove.sql, values: this.bind(remove, params) })),
    );
  }

  update(
    condition: SqlCondition,
    paramsList: readonly (readonly unknown[])[],
    set: SqlSet,
    setParamsList: readonly (readonly unknown[])[],
  ): void {
    if (paramsList.length === 0) return;
    this.checkOpen();
    const update = this.updateOf(condition, set);
    this.forget(condition, paramsList, set);
    this.submit(
      'update',
      paramsList.map((params, i) => ({
        sql: update.sql,
        values: this.bind(update, params, setParamsList[i]),
      })),
    );
  }

  updateOrAdd(
    condition: SqlCondition,
    paramsList: readonly (readonly unknown[])[],
    set: SqlSet,
    setParamsList: readonly (readonly unknown[])[],
    records: readonly Row[],
  ): void {
    if (paramsList.length === 0) return;
    this.checkOpen();
    const update = this.updateOf(condition, set);
    const upsert = this.upsertOf(condition, set);
    const key = condition.key;
    this.forget(condition, paramsList, set);
    if (this.cache !== undefined) {
      for (const record of records) this.cache.evict(this.recordKey(record));
    }
    const steps = paramsList.map((params, i): SqlStep => {
      const record = records[i] ?? [];
      const setParams = setParamsList[i];
      // The native upsert is the same operation only when the new row has the looked-up key.
      const sameKey = key?.every((index, k) =>
        sameValue(params[index], record[this.keyPositions[k] ?? -1]),
      );
      if (upsert !== undefined && sameKey === true) {
        return { sql: upsert.sql, values: this.bind(upsert, params, setParams, record) };
      }
      return {
        sql: update.sql,
        values: this.bind(update, params, setParams),
        otherwise: {
          sql: this.insert.sql,
          values: this.bind(this.insert, NO_VALUES, NO_VALUES, record),
          skipDuplicates: true,
        },
      };
    });
    this.submit('update or insert', steps);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.cache?.clear();
    return this.options.release();
  }

  private read(prepared: Prepared, params: readonly unknown[]): Row[] {
    const result = this.executor.run({
      queue: this.queue,
      steps: [{ sql: prepared.sql, values: this.bind(prepared, params) }],
      read: true,
    });
    return this.decodeRows(result);
  }

  private decodeRows(result: JobResult): Row[] {
    const attributes = this.schema.attributes;
    const dialect = this.dialect;
    return (result.rows ?? []).map((row) =>
      attributes.map((a, i) => dialect.decode(row[i], a.type)),
    );
  }

  private submit(what: string, steps: readonly SqlStep[]): void {
    this.executor.submit({ queue: this.queue, steps }, (result) => {
      for (const outcome of result.outcomes) {
        if (outcome.error !== undefined) {
          // A failed update may have been the one that changed a cached key.
          this.cache?.clear();
          this.logError(`${what} failed: ${outcome.error}`);
        }
      }
    });
  }

  /** Evicts what the write may change: the looked-up keys, or everything. */
  private forget(
    condition: SqlCondition,
    paramsList: readonly (readonly unknown[])[],
    set?: SqlSet,
  ): void {
    const cache = this.cache;
    if (cache === undefined) return;
    const key = condition.key;
    const movesKey = set?.columns.some((c) => this.keyColumns.includes(c)) === true;
    if (key === undefined || movesKey) {
      cache.clear();
      return;
    }
    for (const params of paramsList) cache.evict(keyOf(key.map((index) => params[index])));
  }

  private cacheKey(condition: SqlCondition, params: readonly unknown[]): string | undefined {
    const key = condition.key;
    if (this.cache === undefined || key === undefined) return undefined;
    return keyOf(key.map((index) => params[index]));
  }

  private recordKey(record: Row): string {
    return keyOf(this.keyPositions.map((p) => record[p]));
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new Error(`table '${this.schema.id}' of app '${this.context.appName}' is closed`);
    }
  }

  private logError(message: string): void {
    this.context.logger.log(
      'error',
      `app '${this.context.appName}' table '${this.schema.id}' ${message}`,
    );
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a === null && b === undefined) || (a === undefined && b === null);
}

function show(record: Row): string {
  return JSON.stringify(record, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}
