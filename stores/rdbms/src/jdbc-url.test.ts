// JDBC and native database URLs: which driver, where, which user and schema.

import { describe, expect, it } from 'vitest';
import { describeTarget, driverOfClass, JdbcUrlError, parseJdbcUrl } from './jdbc-url.js';

describe('parseJdbcUrl', () => {
  it('reads SQLite files and in-memory databases', () => {
    expect(parseJdbcUrl('jdbc:sqlite:data/x.db')).toEqual({ driver: 'sqlite', file: 'data/x.db' });
    expect(parseJdbcUrl('jdbc:sqlite::memory:')).toEqual({ driver: 'sqlite', file: ':memory:' });
    expect(parseJdbcUrl('sqlite:///tmp/a.db')).toEqual({ driver: 'sqlite', file: '/tmp/a.db' });
  });

  it('reads PostgreSQL URLs with user, password and schema', () => {
    expect(
      parseJdbcUrl(
        'jdbc:postgresql://db.local:6543/stocks?user=app&password=p%40ss&currentSchema=s1',
      ),
    ).toEqual({
      driver: 'postgres',
      flavour: 'postgres',
      host: 'db.local',
      port: 6543,
      database: 'stocks',
      username: 'app',
      password: 'p@ss',
      schema: 's1',
      params: { user: 'app', password: 'p@ss', currentSchema: 's1' },
    });
    expect(parseJdbcUrl('postgres://u:pw@h/d')).toMatchObject({
      port: 5432,
      username: 'u',
      password: 'pw',
    });
  });

  it('reads MySQL and MariaDB URLs (one driver family)', () => {
    expect(parseJdbcUrl('jdbc:mysql://localhost/shop')).toMatchObject({
      driver: 'mysql',
      flavour: 'mysql',
      port: 3306,
      database: 'shop',
    });
    expect(parseJdbcUrl('jdbc:mariadb://127.0.0.1:3307/shop')).toMatchObject({
      driver: 'mysql',
      flavour: 'mariadb',
      port: 3307,
    });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => parseJdbcUrl('jdbc:oracle:thin:@h:1521:x')).toThrow(
      /unsupported database 'oracle'/,
    );
    expect(() => parseJdbcUrl('jdbc:postgresql://h:5432/')).toThrow(/names no database/);
    expect(() => parseJdbcUrl('jdbc:mysql:shop')).toThrow(JdbcUrlError);
    expect(() => parseJdbcUrl('jdbc:sqlite:')).toThrow(/names no SQLite file/);
  });

  it('names drivers by class and describes targets without passwords', () => {
    expect(driverOfClass('org.postgresql.Driver')).toBe('postgres');
    expect(driverOfClass('com.mysql.cj.jdbc.Driver')).toBe('mysql');
    expect(driverOfClass('org.mariadb.jdbc.Driver')).toBe('mysql');
    expect(driverOfClass('org.sqlite.JDBC')).toBe('sqlite');
    expect(driverOfClass('org.h2.Driver')).toBeUndefined();
    expect(describeTarget(parseJdbcUrl('jdbc:postgresql://u:secret@h:1/d'))).toBe(
      'postgres://u@h:1/d',
    );
  });
});
