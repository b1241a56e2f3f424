// What differs between SQLite, PostgreSQL and MariaDB/MySQL: identifier quoting, placeholders,
// column types, how values are bound and read back, upserts and the catalogue queries that tell
// whether a table exists. Values never enter SQL text: every one is a placeholder.

import type { AttributeType } from '@tributary/engine';
import type { DriverKind } from './jdbc-url.js';

/** A value as a driver binds it. */
export type SqlValue = string | number | boolean | null | Uint8Array;

/** One column to create. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: AttributeType;
  /** Characters of a string column (`field.length`). */
  readonly length?: number;
}

/** The column that remembers insertion order on server databases (SQLite has its rowid). */
export const SEQUENCE_COLUMN = '_tributary_seq';

/** Marks a placeholder in statement fragments; replaced when a statement is finished. */
export const MARK = '\u0001';

/** The default size of string columns (Siddhi's). */
export const DEFAULT_STRING_LENGTH = 254;

/** How a dialect treats string columns' collation. */
export interface DialectOptions {
  /** `use.collation`: string columns get a binary (case- and space-sensitive) collation. */
  readonly binaryCollation: boolean;
  /** MariaDB names its no-pad binary collation differently from MySQL 8. */
  readonly mariadb?: boolean;
}

/** The SQL of one database family. */
export interface Dialect {
  readonly kind: DriverKind;
  /** Quotes an identifier (table, column, index name). */
  quote(identifier: string): string;
  /** The `n`-th (1-based) placeholder of a statement, for a value of `type`. */
  placeholder(n: number, type: AttributeType): string;
  /** The column type for an attribute. */
  columnType(column: ColumnSpec): string;
  /** The ordering column declaration added to created tables (undefined: none needed). */
  sequenceColumn(): string | undefined;
  /** `ORDER BY` expression giving insertion order, when the table has it. */
  readonly rowOrder: string | undefined;
  /** Integer division (`/` on int or long operands). */
  integerDivide(left: string, right: string): string;
  /** A numeric expression as a double (what `sum` and `avg` of floating values add up). */
  toDouble(sql: string): string;
  /** The sum of an integer expression, itself an integer (as `/` must divide it). */
  integerSum(sql: string): string;
  /**
   * True when string columns are equal only when their characters are (so GROUP BY and
   * COUNT(DISTINCT) of strings group as the engine does).
   */
  readonly exactStrings: boolean;
  /**
   * One `ORDER BY` key ordering as the engine does: ascending nulls first, descending nulls
   * last, strings by code point.
   */
  orderKey(sql: string, type: AttributeType, descending: boolean): string;
  /** ` LIMIT … OFFSET …` for placeholders (undefined: no limit / no offset). */
  limit(limit: string | undefined, offset: string | undefined): string;
  /** Suffix of `CREATE TABLE … (…)`. */
  readonly tableSuffix: string;
  /**
   * The clause making an `INSERT` skip a row whose key exists ('' where the database reports
   * a duplicate-key error instead, which the executor then counts as "no row changed").
   */
  readonly skipDuplicates: string;
  /** The upsert clause after `INSERT … VALUES (…)`: `assignments` are `"col" = expr`. */
  upsert(keyColumns: readonly string[], assignments: readonly string[]): string;
  /** A value as the driver binds it for a column of `type`. */
  encode(value: unknown, type: AttributeType): SqlValue;
  /** A value read back from the driver for an attribute of `type`. */
  decode(value: unknown, type: AttributeType): unknown;
  /** Limits an index name to what the database accepts. */
  indexName(table: string, column: string): string;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 32) return true;
  return false;
}

function quoteWith(q: string): (identifier: string) => string {
  return (identifier) => {
    if (identifier === '' || hasControlCharacter(identifier)) {
      throw new Error(`'${identifier}' cannot be used as an SQL identifier`);
    }
    return q + identifier.split(q).join(q + q) + q;
  };
}

/** Objects are kept as JSON bytes (byte arrays as they are). */
function encodeObject(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return new TextEncoder().encode(JSON.stringify({ $json: value }));
}

function decodeObject(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  const text = new TextDecoder().decode(value);
  if (!text.startsWith('{"$json"')) return value;
  try {
    return (JSON.parse(text) as { $json: unknown }).$json;
  } catch {
    return value;
  }
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}

function toBool(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value === 'string') return value === '1' || value === 't' || value === 'true';
  return Boolean(value);
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? String(value)
    : JSON.stringify(value);
}

/** Reads a value back into the engine's representation of `type`. */
function decodeCommon(value: unknown, type: AttributeType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return toText(value);
    case 'int':
    case 'long':
    case 'double':
      return toNumber(value);
    case 'float': {
      const n = toNumber(value);
      return n === null ? null : Math.fround(n);
    }
    case 'bool':
      return toBool(value);
    default:
      return decodeObject(value);
  }
}

function encodeNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : toNumber(value);
}

function truncateName(name: string, max: number): string {
  if (name.length <= max) return name;
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  const suffix = `_${(hash >>> 0).toString(36)}`;
  return name.slice(0, max - suffix.length) + suffix;
}

const PG_CASTS: Readonly<Record<AttributeType, string>> = {
  string: 'text',
  int: 'integer',
  long: 'bigint',
  float: 'real',
  double: 'double precision',
  bool: 'boolean',
  object: 'bytea',
};

/**
 * The dialect of a database family.
 * @example
 * const pg = dialectOf('postgres', { binaryCollation: false });
 * pg.placeholder(1, 'int'); // '$1::integer'
 */
export function dialectOf(kind: DriverKind, options: DialectOptions): Dialect {
  switch (kind) {
    case 'sqlite':
      return sqliteDialect;
    case 'postgres':
      return postgresDialect(options);
    case 'mysql':
      return mysqlDialect(options);
  }
}

const sqliteDialect: Dialect = {
  kind: 'sqlite',
  quote: quoteWith('"'),
  placeholder: () => '?',
  columnType(column) {
    switch (column.type) {
      case 'string':
        return 'TEXT';
      // INT (not INTEGER): a one-column INTEGER primary key would alias the rowid, which
      // keeps insertion order.
      case 'int':
        return 'INT';
      case 'long':
        return 'BIGINT';
      case 'float':
        return 'REAL';
      case 'double':
        return 'DOUBLE';
      case 'bool':
        return 'BOOLEAN';
      default:
        return 'BLOB';
    }
  },
  sequenceColumn: () => undefined,
  rowOrder: 'rowid',
  // Bound numbers are REAL in SQLite, which would divide them as such.
  integerDivide: (left, right) => `(CAST(${left} AS INTEGER) / CAST(${right} AS INTEGER))`,
  toDouble: (sql) => `CAST(${sql} AS REAL)`,
  integerSum: (sql) => `SUM(${sql})`,
  exactStrings: true,
  orderKey: (sql, type, descending) =>
    `${sql}${type === 'string' ? ' COLLATE BINARY' : ''}${descending ? ' DESC' : ' ASC'}`,
  limit: (limit, offset) =>
    limit === undefined && offset === undefined
      ? ''
      : ` LIMIT ${limit ?? '-1'}${offset === undefined ? '' : ` OFFSET ${offset}`}`,
  tableSuffix: '',
  skipDuplicates: ' ON CONFLICT DO NOTHING',
  upsert(keyColumns, assignments) {
    const keys = keyColumns.map((c) => sqliteDialect.quote(c)).join(', ');
    return ` ON CONFLICT (${keys}) DO UPDATE SET ${assignments.join(', ')}`;
  },
  encode(value, type) {
    if (value === null || value === undefined) return null;
    switch (type) {
      case 'bool':
        return value === true ? 1 : 0;
      case 'string':
        return toText(value);
      case 'object':
        return encodeObject(value);
      case 'float': {
        // REAL is 64-bit here: stored as the 32-bit value the engine reads back (as PostgreSQL's
        // real and MySQL's FLOAT do), so SQL sums and compares what the engine would.
        const n = encodeNumber(value);
        return n === null ? null : Math.fround(n);
      }
      default:
        return encodeNumber(value);
    }
  },
  decode: decodeCommon,
  indexName: (table, column) => `${table}_${column}_idx`,
};

function postgresDialect(options: DialectOptions): Dialect {
  const quote = quoteWith('"');
  return {
    kind: 'postgres',
    quote,
    placeholder: (n, type) => `$${String(n)}::${PG_CASTS[type]}`,
    columnType(column) {
      switch (column.type) {
        case 'string': {
          const length = column.length ?? DEFAULT_STRING_LENGTH;
          return `VARCHAR(${String(length)})${options.binaryCollation ? ' COLLATE "C"' : ''}`;
        }
        case 'int':
          return 'INTEGER';
        case 'long':
          return 'BIGINT';
        case 'float':
          return 'REAL';
        case 'double':
          return 'DOUBLE PRECISION';
        case 'bool':
          return 'BOOLEAN';
        default:
          return 'BYTEA';
      }
    },
    sequenceColumn: () => `${quote(SEQUENCE_COLUMN)} BIGSERIAL`,
    rowOrder: quote(SEQUENCE_COLUMN),
    integerDivide: (left, right) => `(${left} / ${right})`,
    // SUM(real) would be a real.
    toDouble: (sql) => `CAST(${sql} AS DOUBLE PRECISION)`,
    // SUM(bigint) is a numeric, which `/` would not divide as integers.
    integerSum: (sql) => `CAST(SUM(${sql}) AS BIGINT)`,
    // Deterministic collations (every PostgreSQL default) are equal only on equal bytes.
    exactStrings: true,
    orderKey: (sql, type, descending) =>
      `${sql}${type === 'string' ? ' COLLATE "C"' : ''}${descending ? ' DESC NULLS LAST' : ' ASC NULLS FIRST'}`,
    limit: (limit, offset) =>
      `${limit === undefined ? '' : ` LIMIT ${limit}`}${offset === undefined ? '' : ` OFFSET ${offset}`}`,
    tableSuffix: '',
    skipDuplicates: ' ON CONFLICT DO NOTHING',
    upsert(keyColumns, assignments) {
      const keys = keyColumns.map((c) => quote(c)).join(', ');
      return ` ON CONFLICT (${keys}) DO UPDATE SET ${assignments.join(', ')}`;
    },
    encode(value, type) {
      if (value === null || value === undefined) return null;
      switch (type) {
        case 'bool':
          return value === true;
        case 'string':
          return toText(value);
        case 'object':
          return encodeObject(value);
        default:
          return encodeNumber(value);
      }
    },
    decode: decodeCommon,
    indexName: (table, column) => truncateName(`${table}_${column}_idx`, 63),
  };
}

function mysqlDialect(options: DialectOptions): Dialect {
  const quote = quoteWith('`');
  const collation = options.mariadb === true ? 'utf8mb4_nopad_bin' : 'utf8mb4_bin';
  return {
    kind: 'mysql',
    quote,
    placeholder: () => '?',
    columnType(column) {
      switch (column.type) {
        case 'string': {
          const length = column.length ?? DEFAULT_STRING_LENGTH;
          const collate = options.binaryCollation ? ` COLLATE ${collation}` : '';
          return `VARCHAR(${String(length)}) CHARACTER SET utf8mb4${collate}`;
        }
        case 'int':
          return 'INT';
        case 'long':
          return 'BIGINT';
        case 'float':
          return 'FLOAT';
        case 'double':
          return 'DOUBLE';
        case 'bool':
          return 'BOOLEAN';
        default:
          return 'LONGBLOB';
      }
    },
    sequenceColumn: () => `${quote(SEQUENCE_COLUMN)} BIGINT NOT NULL AUTO_INCREMENT UNIQUE`,
    rowOrder: quote(SEQUENCE_COLUMN),
    integerDivide: (left, right) => `(${left} DIV ${right})`,
    toDouble: (sql) => `CAST(${sql} AS DOUBLE)`,
    // A DECIMAL, which DIV and % take as integers.
    integerSum: (sql) => `SUM(${sql})`,
    // Only MariaDB's NO PAD binary collation tells 'a' from 'A' and from 'a '.
    exactStrings: options.binaryCollation && options.mariadb === true,
    orderKey: (sql, type, descending) =>
      `${type === 'string' ? `CAST(${sql} AS BINARY)` : sql}${descending ? ' DESC' : ' ASC'}`,
    limit: (limit, offset) =>
      limit === undefined && offset === undefined
        ? ''
        : ` LIMIT ${limit ?? '18446744073709551615'}${offset === undefined ? '' : ` OFFSET ${offset}`}`,
    tableSuffix: ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    // INSERT IGNORE would also turn truncations into warnings: duplicates are errors here.
    skipDuplicates: '',
    upsert: (_keys, assignments) => ` ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`,
    encode(value, type) {
      if (value === null || value === undefined) return null;
      switch (type) {
        case 'bool':
          return value === true ? 1 : 0;
        case 'string':
          return toText(value);
        case 'object':
          return encodeObject(value);
        default:
          return encodeNumber(value);
      }
    },
    decode: decodeCommon,
    indexName: (table, column) => truncateName(`${table}_${column}_idx`, 64),
  };
}

/**
 * Replaces the placeholder marks of `sql` by the dialect's placeholders, numbered in order.
 * @example
 * finishSql(pg, `"a" = ${MARK}`, ['int']); // '"a" = $1::integer'
 */
export function finishSql(dialect: Dialect, sql: string, types: readonly AttributeType[]): string {
  return sql.split(MARK).reduce((out, part, i) => {
    if (i === 0) return part;
    const type = types[i - 1] ?? 'string';
    return out + dialect.placeholder(i, type) + part;
  }, '');
}
