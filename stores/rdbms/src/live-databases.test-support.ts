// The live servers the `*.it.test.ts` files use (PostgreSQL and MariaDB on loopback, as the
// machine provides them; override with TRIBUTARY_TEST_POSTGRES / TRIBUTARY_TEST_MARIADB), each
// test file getting a fresh schema or database that it drops at the end.

import mysql from 'mysql2/promise';
import pg from 'pg';

export const POSTGRES_URL =
  process.env.TRIBUTARY_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MARIADB_URL = process.env.TRIBUTARY_TEST_MARIADB ?? 'mysql://root@127.0.0.1:3306/test';

/** A fresh place for tables on a server, and a way to look at it directly. */
export interface LiveDatabase {
  readonly kind: 'postgres' | 'mariadb';
  /** The fresh schema (PostgreSQL) or database (MariaDB). */
  readonly schema: string;
  /** The `jdbc.url` of the fresh schema / database (user included). */
  readonly jdbcUrl: string;
  /** Runs SQL as the admin, outside the store (`$1`/`?` placeholders as the server wants). */
  query(sql: string, values?: readonly unknown[]): Promise<unknown[]>;
  /** A table name as the admin writes it in SQL. */
  table(name: string): string;
  drop(): Promise<void>;
}

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A new PostgreSQL schema. */
export async function freshPostgres(): Promise<LiveDatabase> {
  const schema = unique('tributary_it');
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(POSTGRES_URL);
  const user = url.username === '' ? '' : `user=${url.username}&`;
  return {
    kind: 'postgres',
    schema,
    jdbcUrl: `jdbc:postgresql://${url.host}${url.pathname}?${user}currentSchema=${schema}`,
    async query(sql, values = []) {
      return (await client.query(sql, [...values])).rows as unknown[];
    },
    table: (name) => `"${schema}"."${name}"`,
    async drop() {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** A new MariaDB database. */
export async function freshMariadb(): Promise<LiveDatabase> {
  const database = unique('tributary_it');
  const connection = await mysql.createConnection(MARIADB_URL);
  await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  const url = new URL(MARIADB_URL);
  const user = url.username === '' ? '' : `?user=${url.username}`;
  return {
    kind: 'mariadb',
    schema: database,
    jdbcUrl: `jdbc:mariadb://${url.host}/${database}${user}`,
    async query(sql, values = []) {
      const [rows] = await connection.query(sql, [...values]);
      return Array.isArray(rows) ? rows : [rows];
    },
    table: (name) => `\`${database}\`.\`${name}\``,
    async drop() {
      await connection.query(`DROP DATABASE \`${database}\``);
      await connection.end();
    },
  };
}

export const LIVE_DATABASES = [
  { name: 'PostgreSQL', open: freshPostgres },
  { name: 'MariaDB', open: freshMariadb },
] as const;
