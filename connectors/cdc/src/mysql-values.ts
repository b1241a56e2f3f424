// MySQL/MariaDB column values as the binlog client (zongji) and mysql2 queries decode them —
// numbers, exact strings for big integers and decimals, Dates, Buffers, JSON text — turned into
// the values change events carry, in the same forms as PostgreSQL's, by the column's SQL type
// (`COLUMN_TYPE`, e.g. `bigint(20) unsigned`). Both decoders are set up alike (mysqlDecoding).

import { integer64, timestampMillis, type DecimalHandling } from './pg-values.js';

/** Turns one decoded value (never null) into its event value. */
export type MysqlValueConverter = (value: unknown) => unknown;

/**
 * mysql2 connection options shared by the binlog client and snapshot queries, so both decode
 * alike: Dates read in UTC, JSON as text, exact strings for integers beyond 2^53 and decimals.
 */
export const MYSQL_DECODING = {
  dateStrings: false,
  timezone: 'Z',
  jsonStrings: true,
  supportBigNumbers: true,
  bigNumberStrings: false,
  decimalNumbers: false,
  charset: 'utf8mb4',
} as const;

/** The base type of a COLUMN_TYPE, lower case (`bigint(20) unsigned` → `bigint`). */
export function baseType(columnType: string): string {
  return (/^[a-z0-9_]+/i.exec(columnType.trim())?.[0] ?? '').toLowerCase();
}

/** TINYINT(1) (MySQL's BOOLEAN) and BIT(1) read as booleans, as JDBC reads them. */
export function isBooleanType(columnType: string): boolean {
  return /^(tinyint|bit)\s*\(\s*1\s*\)/i.test(columnType.trim());
}

const INTEGERS = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'year']);
const DECIMALS = new Set(['decimal', 'numeric', 'dec', 'fixed']);
const TEMPORALS = new Set(['date', 'datetime', 'timestamp']);
const BYTES = new Set([
  'binary',
  'varbinary',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'bit',
  'geometry',
  'vector',
]);

/**
 * The shortest decimal that reads back as the same 32-bit float (what the server prints):
 * the binlog carries FLOAT columns as raw float32 bits.
 * @example
 * float32(Math.fround(0.1)) // 0.1
 */
export function float32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits < 10; digits += 1) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** Epoch milliseconds of a decoded DATE/DATETIME/TIMESTAMP; a zero date is null. */
function millis(value: unknown): unknown {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : ms;
  }
  return typeof value === 'string' ? timestampMillis(value) : value;
}

function bigInteger(value: unknown): unknown {
  return typeof value === 'string' ? integer64(value) : value;
}

function jsonText(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}

const identity: MysqlValueConverter = (value) => value;

/**
 * The converter of a column of SQL type `columnType`.
 * @example
 * mysqlValueConverter('decimal(10,3)', 'double')('12.345') // 12.345
 * mysqlValueConverter('tinyint(1)', 'double')(1)           // true
 */
export function mysqlValueConverter(
  columnType: string,
  decimals: DecimalHandling,
): MysqlValueConverter {
  if (isBooleanType(columnType)) {
    return (value) =>
      value instanceof Uint8Array
        ? value[0] === 1
        : typeof value === 'number'
          ? value !== 0
          : value;
  }
  const base = baseType(columnType);
  if (INTEGERS.has(base)) return identity;
  if (base === 'bigint') return bigInteger;
  if (DECIMALS.has(base)) {
    return decimals === 'double'
      ? (value) => (typeof value === 'string' ? Number(value) : value)
      : (value) => (typeof value === 'number' ? String(value) : value);
  }
  if (base === 'float') return (value) => (typeof value === 'number' ? float32(value) : value);
  if (TEMPORALS.has(base)) return millis;
  if (base === 'json') return jsonText;
  // double, text types, enum, set, time, blobs (bytes): as decoded.
  return identity;
}

/**
 * What a column holds in an event that has no value for it (the other side of an insert or a
 * delete when several operations are captured): Siddhi fills the type's default.
 */
export function mysqlDefaultValue(columnType: string, decimals: DecimalHandling): unknown {
  if (isBooleanType(columnType)) return false;
  const base = baseType(columnType);
  if (DECIMALS.has(base)) return decimals === 'double' ? 0 : '0';
  if (
    INTEGERS.has(base) ||
    TEMPORALS.has(base) ||
    base === 'bigint' ||
    base === 'float' ||
    base === 'double' ||
    base === 'real'
  ) {
    return 0;
  }
  if (BYTES.has(base)) return new Uint8Array(0);
  return '';
}
