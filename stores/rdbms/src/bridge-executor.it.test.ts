// The bridge to live PostgreSQL and MariaDB servers: writes gathered on the main thread and
// run in order before a later read, per-step outcomes and errors, prepared statements that
// outlive a change of their table, a pool of one connection shared by several queues, and a
// connection the server ended being replaced.

import { eventually } from '@tributary/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeExecutor } from './bridge-executor.js';
import { datasourceSettings } from './datasource.js';
import type { ServerTarget } from './jdbc-url.js';
import { LIVE_DATABASES, type LiveDatabase } from './live-databases.test-support.js';
import { SqlJobError, type JobResult, type SqlStep } from './sql-executor.js';

describe.each(LIVE_DATABASES)('bridge executor on $name', ({ name, open }) => {
  let db: LiveDatabase;

  beforeAll(async () => {
    db = await open();
  }, 60_000);

  afterAll(async () => {
    await db.drop();
  });

  function bridge(pool: Record<string, number> = {}): BridgeExecutor {
    const settings = datasourceSettings({ url: db.jdbcUrl });
    return new BridgeExecutor({
      target: settings.target as ServerTarget,
      ...(settings.username === undefined ? {} : { username: settings.username }),
      pool,
    });
  }

  /** `$n` or `?` for the n-th value. */
  function mark(n: number): string {
    return db.kind === 'postgres' ? `$${String(n)}` : '?';
  }

  async function createTable(name: string, valueType = 'BIGINT'): Promise<string> {
    const table = db.table(name);
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.query(`CREATE TABLE ${table} (k VARCHAR(20) NOT NULL PRIMARY KEY, v ${valueType})`);
    return table;
  }

  function insert(table: string, k: string, v: number | string): SqlStep {
    return {
      sql: `INSERT INTO ${table} (k, v) VALUES (${mark(1)}, ${mark(2)})`,
      values: [k, v],
      skipDuplicates: true,
    };
  }

  function select(executor: BridgeExecutor, table: string, k: string): unknown[][] {
    const result = executor.run({
      queue: table,
      steps: [{ sql: `SELECT k, v FROM ${table} WHERE k = ${mark(1)}`, values: [k] }],
      read: true,
    });
    return (result.rows ?? []).map((row) => [...row]);
  }

  it('runs gathered writes in order before a later read, with their outcomes', async () => {
    const table = await createTable('ordered');
    const executor = bridge();
    try {
      const results: JobResult[] = [];
      const count = 1_234;
      for (let i = 0; i < count; i += 1) {
        const step: SqlStep = {
          sql: `UPDATE ${table} SET v = ${mark(1)} WHERE k = ${mark(2)}`,
          values: [i, 'a'],
          otherwise: insert(table, 'a', i),
        };
        executor.submit({ queue: table, steps: [step] }, (result) => results.push(result));
      }
      executor.submit({ queue: table, steps: [insert(table, 'a', -1)] }, (result) =>
        results.push(result),
      );
      const rows = select(executor, table, 'a');
      expect(rows.map(([k, v]) => [k, Number(v)])).toEqual([['a', count - 1]]);
      expect(results).toHaveLength(count + 1);
      expect(results[0]?.outcomes).toEqual([{ changes: 1, otherwise: true }]);
      expect(results[1]?.outcomes).toEqual([{ changes: 1 }]);
      // The duplicate key counts as no row changed.
      expect(results[count]?.outcomes).toEqual([{ changes: 0 }]);
    } finally {
      await executor.close();
    }
  });

  it('writes behind without a later read or flush', async () => {
    const table = await createTable('behind');
    const executor = bridge();
    try {
      const results: JobResult[] = [];
      executor.submit({ queue: table, steps: [insert(table, 'a', 1)] }, (r) => results.push(r));
      await eventually(
        async () => (await db.query(`SELECT k FROM ${table}`)).length === 1,
        () => 'the write did not arrive',
      );
      // Its outcome has come, at the latest with the next call into the worker.
      executor.flush();
      expect(results.map((r) => r.outcomes)).toEqual([[{ changes: 1 }]]);
    } finally {
      await executor.close();
    }
  });

  it('reports a failing step and still runs the others of its batch', async () => {
    const table = await createTable('failing');
    const executor = bridge();
    try {
      const results: JobResult[] = [];
      executor.submit({ queue: table, steps: [insert(table, 'x', 1)] }, (r) => results.push(r));
      executor.submit(
        {
          queue: table,
          steps: [{ sql: `INSERT INTO ${table} (k, nope) VALUES (${mark(1)}, 1)`, values: ['y'] }],
        },
        (r) => results.push(r),
      );
      executor.submit({ queue: table, steps: [insert(table, 'z', 3)] }, (r) => results.push(r));
      executor.flush();
      expect(results.map((r) => r.outcomes[0]?.changes)).toEqual([1, 0, 1]);
      expect(results[1]?.outcomes[0]?.error).toMatch(/nope/);
      expect(select(executor, table, 'z').map(([k, v]) => [k, Number(v)])).toEqual([['z', 3]]);
      expect(() =>
        executor.run({
          queue: table,
          steps: [{ sql: `SELECT nope FROM ${table}`, values: [] }],
          read: true,
        }),
      ).toThrow(SqlJobError);
    } finally {
      await executor.close();
    }
  });

  it('keeps reading with the same statement after its table changed shape', async () => {
    let table = await createTable('reshaped');
    const executor = bridge();
    try {
      executor.submit({ queue: table, steps: [insert(table, 'a', 1)] }, () => undefined);
      expect(select(executor, table, 'a').map(([, v]) => Number(v))).toEqual([1]);
      expect(select(executor, table, 'a').map(([, v]) => Number(v))).toEqual([1]);
      table = await createTable('reshaped', 'VARCHAR(10)');
      await db.query(`INSERT INTO ${table} (k, v) VALUES ('a', 'one')`);
      expect(select(executor, table, 'a')).toEqual([['a', 'one']]);
      expect(select(executor, table, 'a')).toEqual([['a', 'one']]);
    } finally {
      await executor.close();
    }
  });

  it('shares a pool of one connection between queues without stalling', async () => {
    const tables = [await createTable('pool_a'), await createTable('pool_b')];
    const executor = bridge({ max: 1 });
    try {
      // A connection kept back from a waiting queue would stall each wait by a second.
      const started = performance.now();
      let done = 0;
      for (let i = 0; i < 300; i += 1) {
        const table = tables[i % 2] ?? '';
        executor.submit({ queue: table, steps: [insert(table, `k${String(i)}`, i)] }, () => {
          done += 1;
        });
        if (i % 50 === 49) expect(select(executor, table, `k${String(i)}`)).toHaveLength(1);
      }
      executor.flush();
      expect(done).toBe(300);
      expect(performance.now() - started).toBeLessThan(6_000);
    } finally {
      await executor.close();
    }
  });

  it('replaces a connection the server ended', async () => {
    const table = await createTable('ended');
    const executor = bridge();
    try {
      executor.submit({ queue: table, steps: [insert(table, 'a', 1)] }, () => undefined);
      expect(select(executor, table, 'a')).toHaveLength(1);
      const whoSql = db.kind === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()';
      const who = executor.run({ queue: table, steps: [{ sql: whoSql, values: [] }], read: true });
      const id = Number(who.rows?.[0]?.[0]);
      await db.query(
        db.kind === 'postgres' ? 'SELECT pg_terminate_backend($1)' : `KILL ${String(id)}`,
        db.kind === 'postgres' ? [id] : [],
      );
      // The end may reach the worker after the next read was sent: that one read may fail.
      let rows: unknown[][] | undefined;
      const failures: unknown[] = [];
      for (let attempt = 0; attempt < 3 && rows === undefined; attempt += 1) {
        try {
          rows = select(executor, table, 'a');
        } catch (error) {
          failures.push(error);
        }
      }
      expect(rows).toHaveLength(1);
      expect(failures.length).toBeLessThanOrEqual(1);
      const again = executor.run({
        queue: table,
        steps: [{ sql: whoSql, values: [] }],
        read: true,
      });
      expect(Number(again.rows?.[0]?.[0])).not.toBe(id);
    } finally {
      await executor.close();
    }
  });

  // mysql2's pool closes idle connections only above its `maxIdle`.
  it.skipIf(name !== 'PostgreSQL')(
    'gives the connection it keeps back to the pool once idle',
    async () => {
      const table = await createTable('idle');
      const executor = bridge({ idleTimeoutMillis: 50 });
      try {
        const who = executor.run({
          queue: table,
          steps: [{ sql: 'SELECT pg_backend_pid()', values: [] }],
          read: true,
        });
        const pid = Number(who.rows?.[0]?.[0]);
        const open = async (): Promise<boolean> =>
          (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length > 0;
        expect(await open()).toBe(true);
        await eventually(
          async () => !(await open()),
          () => `connection ${String(pid)} still open`,
        );
      } finally {
        await executor.close();
      }
    },
  );

  it('runs the writes gathered before close', async () => {
    const table = await createTable('closing');
    const executor = bridge();
    const results: JobResult[] = [];
    executor.submit({ queue: table, steps: [insert(table, 'a', 1)] }, (r) => results.push(r));
    await executor.close();
    expect(results.map((r) => r.outcomes)).toEqual([[{ changes: 1 }]]);
    expect(await db.query(`SELECT k FROM ${table}`)).toHaveLength(1);
    expect(() => {
      executor.submit({ queue: table, steps: [insert(table, 'b', 2)] }, () => undefined);
    }).toThrow(SqlJobError);
  });
});
