// `define table` ↔ DDL: creates the table (with its primary key and indexes) when the database
// does not have it, and otherwise checks that every attribute has a column of a compatible
// type. Also tells whether rows can be read back in insertion order.

import type { AttributeType, TableSchema } from '@tributary/engine';
import { finishSql, MARK, SEQUENCE_COLUMN, type Dialect } from './dialect.js';
import type { SqlExecutor } from './sql-executor.js';

/** Where and how a table is kept. */
export interface TableLocation {
  /** The table's name in the database (`table.name`, by default the table id). */
  readonly name: string;
  /** PostgreSQL schema (undefined: the connection's current schema). */
  readonly schema?: string;
  /** `field.length`: characters of string columns, by attribute. */
  readonly fieldLengths: ReadonlyMap<string, number>;
  /** `table.check.query`: a query that fails when the table does not exist. */
  readonly checkQuery?: string;
}

/** What the store learned about the table. */
export interface TableState {
  /** The quoted, possibly schema-qualified table name. */
  readonly sqlName: string;
  /** True when this call created it. */
  readonly created: boolean;
  /** `ORDER BY` giving insertion order, when the table has it. */
  readonly order: string | undefined;
}

/** Thrown when an existing table does not fit the definition. */
export class TableMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableMismatchError';
  }
}

type Family = 'text' | 'integer' | 'real' | 'bool' | 'binary' | 'numeric' | 'other';

/** The broad kind of a database column type. */
export function familyOf(dbType: string): Family {
  const t = dbType.toLowerCase();
  if (t === 'boolean' || t === 'bool' || t === 'bit') return 'bool';
  if (/char|text|clob|string/.test(t)) return 'text';
  if (t.includes('int')) return 'integer';
  if (/real|floa|doub/.test(t)) return 'real';
  if (/numeric|decimal/.test(t)) return 'numeric';
  if (/blob|bytea|binary/.test(t)) return 'binary';
  return 'other';
}

const ACCEPTED: Readonly<Record<AttributeType, readonly Family[]>> = {
  string: ['text'],
  int: ['integer', 'numeric'],
  long: ['integer', 'numeric'],
  float: ['real', 'numeric'],
  double: ['real', 'numeric'],
  bool: ['bool', 'integer'],
  object: ['binary', 'text'],
};

/** The quoted table name, schema-qualified when a schema is given. */
export function sqlTableName(dialect: Dialect, location: TableLocation): string {
  const table = dialect.quote(location.name);
  return location.schema === undefined ? table : `${dialect.quote(location.schema)}.${table}`;
}

/** The table's columns as the database reports them (name → type), empty when absent. */
function describeColumns(
  executor: SqlExecutor,
  dialect: Dialect,
  location: TableLocation,
): Map<string, string> {
  let sql: string;
  let values: (string | null)[];
  switch (dialect.kind) {
    case 'sqlite':
      sql = `SELECT name, type FROM pragma_table_info(${MARK})`;
      values = [location.name];
      break;
    case 'postgres':
      sql =
        'SELECT column_name, data_type FROM information_schema.columns ' +
        `WHERE table_schema = COALESCE(${MARK}, current_schema()) AND table_name = ${MARK} ` +
        'ORDER BY ordinal_position';
      values = [location.schema ?? null, location.name];
      break;
    case 'mysql':
      sql =
        'SELECT column_name, data_type FROM information_schema.columns ' +
        `WHERE table_schema = DATABASE() AND table_name = ${MARK} ORDER BY ordinal_position`;
      values = [location.name];
      break;
  }
  const types: AttributeType[] = values.map(() => 'string');
  const result = executor.run({
    queue: `ddl:${location.name}`,
    steps: [{ sql: finishSql(dialect, sql, types), values }],
    read: true,
  });
  const columns = new Map<string, string>();
  for (const row of result.rows ?? []) columns.set(String(row[0]), String(row[1]));
  return columns;
}

function createStatements(
  dialect: Dialect,
  schema: TableSchema,
  location: TableLocation,
  sqlName: string,
): string[] {
  const attributes = schema.attributes;
  const key = new Set(schema.primaryKey);
  const columns = attributes.map((a, i) => {
    const length = location.fieldLengths.get(a.name);
    const type = dialect.columnType({
      name: a.name,
      type: a.type,
      ...(length === undefined ? {} : { length }),
    });
    return `${dialect.quote(a.name)} ${type}${key.has(i) ? ' NOT NULL' : ''}`;
  });
  const sequence = dialect.sequenceColumn();
  if (sequence !== undefined) columns.push(sequence);
  if (schema.primaryKey.length > 0) {
    const names = schema.primaryKey.map((p) => dialect.quote(attributes[p]?.name ?? ''));
    columns.push(`PRIMARY KEY (${names.join(', ')})`);
  }
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${sqlName} (${columns.join(', ')})${dialect.tableSuffix}`,
  ];
  for (const position of schema.indexes) {
    const column = attributes[position]?.name;
    if (column === undefined || schema.primaryKey.includes(position)) continue;
    const index = dialect.quote(dialect.indexName(location.name, column));
    // PostgreSQL keeps an index in the table's schema; it is named without one.
    statements.push(`CREATE INDEX ${index} ON ${sqlName} (${dialect.quote(column)})`);
  }
  return statements;
}

function checkColumns(
  schema: TableSchema,
  location: TableLocation,
  columns: ReadonlyMap<string, string>,
): void {
  const problems: string[] = [];
  const byLowerName = new Map([...columns].map(([name, type]) => [name.toLowerCase(), type]));
  for (const attribute of schema.attributes) {
    const type = columns.get(attribute.name) ?? byLowerName.get(attribute.name.toLowerCase());
    if (type === undefined) {
      problems.push(`no column '${attribute.name}'`);
      continue;
    }
    const family = familyOf(type);
    // SQLite columns hold any type; their declared type is only a hint.
    if (family !== 'other' && !ACCEPTED[attribute.type].includes(family)) {
      problems.push(`column '${attribute.name}' is ${type}, not a ${attribute.type}`);
    }
  }
  if (problems.length > 0) {
    throw new TableMismatchError(
      `table '${location.name}' exists but does not match '${schema.id}': ${problems.join('; ')}`,
    );
  }
}

function tableChecked(executor: SqlExecutor, location: TableLocation): boolean {
  const query = location.checkQuery;
  if (query === undefined) return true;
  try {
    executor.run({
      queue: `ddl:${location.name}`,
      steps: [{ sql: query, values: [] }],
      read: true,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates the table when missing (with its key and indexes), else verifies its columns.
 * @example
 * const state = prepareTable(executor, dialect, schema, { name: 'StockTable', fieldLengths: new Map() });
 * state.created; // true the first time
 */
export function prepareTable(
  executor: SqlExecutor,
  dialect: Dialect,
  schema: TableSchema,
  location: TableLocation,
): TableState {
  const sqlName = sqlTableName(dialect, location);
  let columns = tableChecked(executor, location)
    ? describeColumns(executor, dialect, location)
    : new Map<string, string>();
  let created = false;
  if (columns.size === 0) {
    const statements = createStatements(dialect, schema, location, sqlName);
    const result = executor.run({
      queue: `ddl:${location.name}`,
      steps: statements.map((sql) => ({ sql, values: [] })),
    });
    const failed = result.outcomes.find((o) => o.error !== undefined);
    if (failed?.error !== undefined) {
      throw new TableMismatchError(`cannot create table '${location.name}': ${failed.error}`);
    }
    created = true;
    columns = describeColumns(executor, dialect, location);
  }
  checkColumns(schema, location, columns);
  let order: string | undefined;
  if (dialect.kind === 'sqlite') order = rowidOrder(executor, sqlName);
  else if (columns.has(SEQUENCE_COLUMN)) order = dialect.rowOrder;
  return { sqlName, created, order };
}

/** `rowid`, unless the table was made WITHOUT ROWID. */
function rowidOrder(executor: SqlExecutor, sqlName: string): string | undefined {
  try {
    executor.run({
      queue: 'ddl',
      steps: [{ sql: `SELECT rowid FROM ${sqlName} LIMIT 0`, values: [] }],
      read: true,
    });
    return 'rowid';
  } catch {
    return undefined;
  }
}

/** Drops a table (tests and tools). */
export function dropTable(executor: SqlExecutor, dialect: Dialect, location: TableLocation): void {
  executor.run({
    queue: `ddl:${location.name}`,
    steps: [{ sql: `DROP TABLE IF EXISTS ${sqlTableName(dialect, location)}`, values: [] }],
  });
}
