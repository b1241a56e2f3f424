// Unit tests of MySQL/MariaDB value mapping (as zongji and mysql2 decode values) and of
// `table.name` resolution, without a server.

import { describe, expect, it } from 'vitest';
import { splitMysqlTableName } from './mysql-binlog-setup.js';
import {
  baseType,
  float32,
  isBooleanType,
  mysqlDefaultValue,
  mysqlValueConverter,
} from './mysql-values.js';

describe('mysqlValueConverter', () => {
  it('keeps integers, makes exact strings of big ones bigints', () => {
    expect(mysqlValueConverter('int(11)', 'double')(-5)).toBe(-5);
    expect(mysqlValueConverter('bigint(20)', 'double')(9007199254740991)).toBe(9007199254740991);
    expect(mysqlValueConverter('bigint(20) unsigned', 'double')('18446744073709551615')).toBe(
      18446744073709551615n,
    );
    expect(mysqlValueConverter('bigint', 'double')('-9223372036854775808')).toBe(
      -9223372036854775808n,
    );
  });

  it('reads decimals as doubles, or keeps their text', () => {
    expect(mysqlValueConverter('decimal(10,3)', 'double')('-123.450')).toBe(-123.45);
    expect(mysqlValueConverter('decimal(30,6)', 'string')('12345678901234567890.000001')).toBe(
      '12345678901234567890.000001',
    );
    expect(mysqlValueConverter('numeric(5,1)', 'precise')(1.5)).toBe('1.5');
  });

  it('prints FLOAT as the shortest decimal of its 32 bits, and keeps DOUBLE', () => {
    expect(mysqlValueConverter('float', 'double')(Math.fround(0.1))).toBe(0.1);
    expect(mysqlValueConverter('float(7,2)', 'double')(Math.fround(12345.67))).toBe(12345.67);
    expect(mysqlValueConverter('double', 'double')(0.1 + 0.2)).toBe(0.1 + 0.2);
    expect(float32(Number.NaN)).toBeNaN();
    expect(float32(Math.fround(1 / 3))).toBe(0.33333334);
  });

  it('reads TINYINT(1) and BIT(1) as booleans, other TINYINT and BIT as they are', () => {
    expect(mysqlValueConverter('tinyint(1)', 'double')(1)).toBe(true);
    expect(mysqlValueConverter('tinyint(1) unsigned', 'double')(0)).toBe(false);
    expect(mysqlValueConverter('bit(1)', 'double')(Buffer.from([1]))).toBe(true);
    expect(mysqlValueConverter('tinyint(4)', 'double')(3)).toBe(3);
    expect(mysqlValueConverter('bit(8)', 'double')(Buffer.from([5]))).toEqual(Buffer.from([5]));
    expect(isBooleanType('TINYINT( 1 )')).toBe(true);
    expect(isBooleanType('tinyint(10)')).toBe(false);
  });

  it('reads dates and times as epoch milliseconds; a zero date is NULL', () => {
    const at = mysqlValueConverter('datetime(3)', 'double');
    expect(at(new Date(Date.UTC(2024, 4, 1, 10, 20, 30, 123)))).toBe(
      Date.UTC(2024, 4, 1, 10, 20, 30, 123),
    );
    expect(at(new Date(Number.NaN))).toBeNull();
    expect(mysqlValueConverter('date', 'double')('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(mysqlValueConverter('time', 'double')('12:34:56')).toBe('12:34:56');
  });

  it('gives JSON as text, bytes as bytes and text as text', () => {
    expect(mysqlValueConverter('json', 'double')({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(mysqlValueConverter('json', 'double')('{"a": 1}')).toBe('{"a": 1}');
    expect(mysqlValueConverter('blob', 'double')(Buffer.from([1, 255]))).toEqual(
      Buffer.from([1, 255]),
    );
    expect(mysqlValueConverter('varchar(20)', 'double')('héllo')).toBe('héllo');
  });
});

describe('mysqlDefaultValue', () => {
  it("fills a missing side with the type's default", () => {
    expect(mysqlDefaultValue('int(11)', 'double')).toBe(0);
    expect(mysqlDefaultValue('bigint(20) unsigned', 'double')).toBe(0);
    expect(mysqlDefaultValue('decimal(10,2)', 'double')).toBe(0);
    expect(mysqlDefaultValue('decimal(10,2)', 'string')).toBe('0');
    expect(mysqlDefaultValue('tinyint(1)', 'double')).toBe(false);
    expect(mysqlDefaultValue('timestamp(3)', 'double')).toBe(0);
    expect(mysqlDefaultValue('varbinary(16)', 'double')).toEqual(new Uint8Array(0));
    expect(mysqlDefaultValue("enum('a','b')", 'double')).toBe('');
    expect(baseType(' MEDIUMINT(8) UNSIGNED')).toBe('mediumint');
  });
});

describe('splitMysqlTableName', () => {
  it('reads table and database.table, backquotes keeping dots', () => {
    expect(splitMysqlTableName('orders', 'shop')).toEqual({ database: 'shop', name: 'orders' });
    expect(splitMysqlTableName('sales.orders', 'shop')).toEqual({
      database: 'sales',
      name: 'orders',
    });
    expect(splitMysqlTableName('`my.db`.`odd``name`', 'shop')).toEqual({
      database: 'my.db',
      name: 'odd`name',
    });
    expect(() => splitMysqlTableName('a.b.c', 'shop')).toThrow(/table.name 'a.b.c'/);
  });
});
