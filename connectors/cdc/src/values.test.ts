// Unit tests of the pure pieces: database URLs, log sequence numbers, PostgreSQL text values,
// MySQL/SQLite driver values, and the polling SQL of each dialect.

import { describe, expect, it } from 'vitest';
import { describeTarget, parseDatabaseUrl } from './jdbc-url.js';
import { formatLsn, parseLsn } from './lsn.js';
import { mysqlConverter, pollingSql, quoteName, sqliteConverter } from './polling-database.js';
import { defaultValue, PG_TYPES, timestampMillis, valueConverter } from './pg-values.js';

describe('parseDatabaseUrl', () => {
  it('reads JDBC URLs of PostgreSQL, MySQL and MariaDB with defaults and credentials', () => {
    expect(parseDatabaseUrl('jdbc:postgresql://db.local:6543/shop?sslmode=require')).toEqual({
      kind: 'postgres',
      flavour: 'postgres',
      host: 'db.local',
      port: 6543,
      database: 'shop',
      params: { sslmode: 'require' },
    });
    expect(parseDatabaseUrl('jdbc:mysql://h/school?user=cdc&password=p%40ss')).toMatchObject({
      kind: 'mysql',
      flavour: 'mysql',
      port: 3306,
      database: 'school',
      username: 'cdc',
      password: 'p@ss',
      params: {},
    });
    expect(parseDatabaseUrl('mariadb://u:secret@[::1]:3307/x')).toMatchObject({
      kind: 'mysql',
      flavour: 'mariadb',
      host: '::1',
      port: 3307,
      username: 'u',
      password: 'secret',
    });
    expect(parseDatabaseUrl('postgres://localhost/db')).toMatchObject({
      port: 5432,
      host: 'localhost',
    });
  });

  it('reads SQLite files and refuses in-memory databases and other URLs', () => {
    expect(parseDatabaseUrl('jdbc:sqlite:/var/data/app.db')).toEqual({
      kind: 'sqlite',
      file: '/var/data/app.db',
    });
    expect(() => parseDatabaseUrl('jdbc:sqlite::memory:')).toThrow(/in-memory/);
    expect(() => parseDatabaseUrl('jdbc:oracle:thin:@h:1521/x')).toThrow(/not a database URL/);
    expect(() => parseDatabaseUrl('jdbc:postgresql://h:5432/')).toThrow(/names no database/);
  });

  it('describes a target without credentials', () => {
    expect(describeTarget(parseDatabaseUrl('jdbc:mysql://u:pw@h:1/d'))).toBe('mysql://h:1/d');
  });
});

describe('log sequence numbers', () => {
  it('parses and prints them, ordered as numbers', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(formatLsn(parseLsn('0/0'))).toBe('0/0');
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(() => parseLsn('nope')).toThrow(/log sequence number/);
  });
});

describe('PostgreSQL text values', () => {
  const convert = (oid: number, text: string, decimals: 'double' | 'string' = 'double'): unknown =>
    valueConverter(oid, decimals)(text);

  it('reads numbers, int8 beyond 2^53 as bigint, numeric per decimal.handling.mode', () => {
    expect(convert(PG_TYPES.int4, '-42')).toBe(-42);
    expect(convert(PG_TYPES.float8, 'Infinity')).toBe(Infinity);
    expect(convert(PG_TYPES.int8, '9007199254740991')).toBe(9007199254740991);
    expect(convert(PG_TYPES.int8, '9223372036854775807')).toBe(9223372036854775807n);
    expect(convert(PG_TYPES.numeric, '1234.5670')).toBe(1234.567);
    expect(convert(PG_TYPES.numeric, '1234.5670', 'string')).toBe('1234.5670');
    expect(convert(PG_TYPES.bool, 't')).toBe(true);
    expect(convert(PG_TYPES.bool, 'f')).toBe(false);
  });

  it('reads dates and timestamps as epoch ms (UTC unless an offset is given)', () => {
    expect(timestampMillis('1970-01-01 00:00:01.5')).toBe(1500);
    expect(timestampMillis('2024-05-01 12:20:30.123456+02')).toBe(
      Date.UTC(2024, 4, 1, 10, 20, 30, 123),
    );
    expect(timestampMillis('2024-05-01 00:00:00-05:30')).toBe(Date.UTC(2024, 4, 1, 5, 30));
    expect(timestampMillis('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(timestampMillis('0044-03-15 00:00:00 BC')).toBe(Date.UTC(-43, 2, 15) - 0);
    expect(timestampMillis('infinity')).toBe('infinity');
  });

  it('reads bytea in hex and escape forms; other types stay text', () => {
    expect([...(convert(PG_TYPES.bytea, '\\x00ff10') as Uint8Array)]).toEqual([0, 255, 16]);
    expect([...(convert(PG_TYPES.bytea, 'a\\\\b\\001') as Uint8Array)]).toEqual([97, 92, 98, 1]);
    expect(convert(3802, '{"a": 1}')).toBe('{"a": 1}');
    expect(convert(2950, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    );
  });

  it('gives type defaults for the side an event lacks', () => {
    expect(defaultValue(PG_TYPES.int4, 'double')).toBe(0);
    expect(defaultValue(PG_TYPES.bool, 'double')).toBe(false);
    expect(defaultValue(PG_TYPES.numeric, 'string')).toBe('0');
    expect(defaultValue(25, 'double')).toBe('');
  });
});

describe('MySQL and SQLite driver values', () => {
  it('converts MySQL decimals, TINYINT(1), BIGINT strings, datetimes and JSON', () => {
    expect(mysqlConverter({ columnType: 246, columnLength: 12 }, 'double')('12.345')).toBe(12.345);
    expect(mysqlConverter({ columnType: 246, columnLength: 12 }, 'string')('12.345')).toBe(
      '12.345',
    );
    expect(mysqlConverter({ columnType: 1, columnLength: 1 }, 'double')(1)).toBe(true);
    expect(mysqlConverter({ columnType: 1, columnLength: 4 }, 'double')(7)).toBe(7);
    expect(
      mysqlConverter({ columnType: 8, columnLength: 20 }, 'double')('9223372036854775807'),
    ).toBe(9223372036854775807n);
    expect(
      mysqlConverter({ columnType: 12, columnLength: 19 }, 'double')('2024-03-04 05:06:07'),
    ).toBe(Date.UTC(2024, 2, 4, 5, 6, 7));
    expect(mysqlConverter({ columnType: 252, columnLength: 10 }, 'double')({ x: 1 })).toBe(
      '{"x":1}',
    );
    expect(mysqlConverter({ columnType: 253, columnLength: 10 }, 'double')('text')).toBe('text');
  });

  it('converts SQLite values by declared type', () => {
    expect(sqliteConverter('DATETIME')('2024-06-01 12:00:00')).toBe(Date.UTC(2024, 5, 1, 12));
    expect(sqliteConverter('TIMESTAMP')('2024-06-01T12:00:00Z')).toBe(Date.UTC(2024, 5, 1, 12));
    expect(sqliteConverter('BOOLEAN')(0)).toBe(false);
    expect(sqliteConverter('INTEGER')(5n)).toBe(5);
    expect(sqliteConverter(null)('x')).toBe('x');
  });
});

describe('polling SQL', () => {
  it('quotes names per dialect and uses its placeholder', () => {
    expect(quoteName('inventory.orders', '"')).toBe('"inventory"."orders"');
    expect(quoteName('we`ird', '`')).toBe('`we``ird`');
    expect(pollingSql('postgres', 'orders', 'id', 100)).toEqual({
      max: 'SELECT MAX("id") AS position FROM "orders"',
      first: 'SELECT * FROM "orders" WHERE "id" IS NOT NULL ORDER BY "id" LIMIT 100',
      after: 'SELECT * FROM "orders" WHERE "id" > $1 ORDER BY "id" LIMIT 100',
    });
    expect(pollingSql('mysql', 'orders', 'id', 5).after).toBe(
      'SELECT * FROM `orders` WHERE `id` > ? ORDER BY `id` LIMIT 5',
    );
    expect(pollingSql('sqlite', 'items', 'at', 5).after).toBe(
      'SELECT * FROM "items" WHERE "at" > ? ORDER BY "at" LIMIT 5',
    );
  });
});
