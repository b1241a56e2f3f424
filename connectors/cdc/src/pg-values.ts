// PostgreSQL column values in their text form (as logical replication and raw queries give
// them) → the values change events carry: numbers, booleans, strings, epoch milliseconds for
// dates and times, JSON text, bytes. One table by type OID, shared by both modes.

/** How `numeric` columns arrive (Debezium's `decimal.handling.mode`). */
export type DecimalHandling = 'double' | 'string' | 'precise';

/** Turns one value's text into its event value. */
export type ValueConverter = (text: string) => unknown;

/** Type OIDs of PostgreSQL's built-in types this module reads. */
export const PG_TYPES = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
} as const;

const TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;

/**
 * Epoch milliseconds of a PostgreSQL ISO date/timestamp text (`2024-05-01 10:00:00.123+02`);
 * without an offset the time is read as UTC (as Debezium reads `timestamp`). `infinity` and
 * other texts come back unchanged.
 * @example
 * timestampMillis('1970-01-01 00:00:01.5') // 1500
 */
export function timestampMillis(text: string): number | string {
  const m = TIMESTAMP.exec(text);
  if (m === null) return text;
  const bc = m[12] !== undefined;
  const year = bc ? 1 - Number(m[1]) : Number(m[1]);
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const date = new Date(0);
  date.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number(fraction));
  let ms = date.getTime();
  if (m[8] !== undefined) {
    const offset = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
    ms -= m[8] === '+' ? offset : -offset;
  }
  return ms;
}

/**
 * A 64-bit integer's text: a number when exact, else a bigint.
 * @example
 * integer64('9223372036854775807') // 9223372036854775807n
 */
export function integer64(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function bytes(text: string): Uint8Array {
  if (text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex');
  // The `escape` output format: octal escapes and doubled backslashes.
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 92 && text[i + 1] === '\\') {
      out.push(92);
      i += 1;
    } else if (c === 92) {
      out.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      out.push(c);
    }
  }
  return Uint8Array.from(out);
}

const identity: ValueConverter = (text) => text;

/**
 * The converter of a column of type `oid`.
 * @example
 * valueConverter(PG_TYPES.int4, 'double')('42') // 42
 * valueConverter(PG_TYPES.numeric, 'string')('10.50') // '10.50'
 */
export function valueConverter(oid: number, decimals: DecimalHandling): ValueConverter {
  switch (oid) {
    case PG_TYPES.bool:
      return (text) => text === 't' || text === 'true';
    case PG_TYPES.int2:
    case PG_TYPES.int4:
    case PG_TYPES.oid:
    case PG_TYPES.float4:
    case PG_TYPES.float8:
      return Number;
    case PG_TYPES.int8:
      return integer64;
    case PG_TYPES.numeric:
      return decimals === 'double' ? Number : identity;
    case PG_TYPES.date:
    case PG_TYPES.timestamp:
    case PG_TYPES.timestamptz:
      return timestampMillis;
    case PG_TYPES.bytea:
      return bytes;
    default:
      // text, varchar, uuid, json/jsonb (JSON text), time, interval, arrays, enums…: as text.
      return identity;
  }
}

/**
 * What a column holds in an event that has no value for it (the other side of an insert or a
 * delete when several operations are captured): Siddhi fills the type's default.
 */
export function defaultValue(oid: number, decimals: DecimalHandling): unknown {
  switch (oid) {
    case PG_TYPES.bool:
      return false;
    case PG_TYPES.int2:
    case PG_TYPES.int4:
    case PG_TYPES.int8:
    case PG_TYPES.oid:
    case PG_TYPES.float4:
    case PG_TYPES.float8:
    case PG_TYPES.date:
    case PG_TYPES.timestamp:
    case PG_TYPES.timestamptz:
      return 0;
    case PG_TYPES.numeric:
      return decimals === 'double' ? 0 : '0';
    case PG_TYPES.bytea:
      return new Uint8Array(0);
    default:
      return '';
  }
}

/**
 * Session settings that make the server print values in the forms this module reads
 * (ISO dates, UTC, hex bytes, exact floats), as a `pg` client's `options`.
 */
export const PG_SESSION_OPTIONS =
  '-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c bytea_output=hex -c extra_float_digits=3';
