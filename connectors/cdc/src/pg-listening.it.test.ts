// Listening mode against a private PostgreSQL cluster (wal_level=logical, started here): the
// source contract, the key-value contract of each operation, type mapping (numeric, times,
// json, nulls, TOAST), confirmation only after the sinks acknowledged, resuming from the slot,
// the initial snapshot, reused publications and slots, and configuration errors.

import {
  describeSourceContract,
  FaultInjector,
  faultySink,
  type Rows,
} from '@tributary/engine/testing';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLogicalPostgres } from '../../../test/support/pg-logical.js';
import {
  collect,
  confirmedFlush,
  createApp,
  dropSlot,
  EXTENSIONS,
  eventually,
  pgClient,
  startApp,
  uniqueName,
  until,
} from './cdc-harness.test-support.js';
import { parseLsn } from './lsn.js';

const cluster = await startLogicalPostgres();
let db: pg.Client;
const slots: string[] = [];

beforeAll(async () => {
  db = await pgClient(cluster.client);
});

afterEach(async () => {
  // Slots are few (max_replication_slots): drop each test's once its app is gone.
  for (const slot of slots.splice(0)) await dropSlot(db, slot).catch(() => undefined);
});

afterAll(async () => {
  await db.end();
  await cluster.stop();
}, 30_000);

/** A new table `name (id int primary key, …columns)`; returns its name and a slot name. */
async function table(columns: string, full = true): Promise<{ name: string; slot: string }> {
  const name = uniqueName('t');
  await db.query(`CREATE TABLE ${name} (id int PRIMARY KEY, ${columns})`);
  if (full) await db.query(`ALTER TABLE ${name} REPLICA IDENTITY FULL`);
  const slot = uniqueName('slot');
  slots.push(slot);
  return { name, slot };
}

function source(tableName: string, slot: string, extra: string, map: string): string {
  return (
    `@source(type='cdc', url='${cluster.url}', username='postgres', password='', ` +
    `table.name='${tableName}', slot.name='${slot}', ${extra} @map(type='keyvalue'${map}))`
  );
}

const contract = await (async () => {
  const admin = await pgClient(cluster.client);
  const name = uniqueName('contract');
  await admin.query(`CREATE TABLE ${name} (id serial PRIMARY KEY, name text, price float8)`);
  await admin.end();
  const slot = uniqueName('slot');
  slots.push(slot);
  return { name, slot };
})();

describeSourceContract('cdc (PostgreSQL listening)', {
  extensions: EXTENSIONS,
  app:
    source(contract.name, contract.slot, "operation='insert',", '') +
    '\ndefine stream S (name string, price double);',
  batch: [
    ['IBM', 75.5],
    ['WSO2', 57.25],
    ['ACME', 1.5],
  ],
  deliver: async (rows: Rows) => {
    const client = await pgClient(cluster.client);
    await client.query('BEGIN');
    for (const row of rows) {
      await client.query(`INSERT INTO ${contract.name} (name, price) VALUES ($1, $2)`, [
        row[0],
        row[1],
      ]);
    }
    await client.query('COMMIT');
    await client.end();
  },
  timeoutMs: 15_000,
});

describe('cdc listening: operations and the key-value contract', () => {
  it('emits inserts, updates (before_ and new values) and deletes with trp:operation', async () => {
    const { name, slot } = await table('name text, price float8');
    const app = await startApp(
      source(
        name,
        slot,
        "operation='insert,update,delete',",
        ", @attributes(op='trp:operation', id='id', name='name', price='price', " +
          "before_id='before_id', before_name='before_name', before_price='before_price')",
      ) +
        '\ndefine stream S (op string, id int, name string, price double, ' +
        'before_id int, before_name string, before_price double);',
    );
    try {
      const got = collect(app);
      await db.query(`INSERT INTO ${name} VALUES (1, 'IBM', 10.5)`);
      await db.query(`UPDATE ${name} SET price = 11.5 WHERE id = 1`);
      await db.query(`DELETE FROM ${name} WHERE id = 1`);
      await until(
        () => got.length >= 3,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        ['insert', 1, 'IBM', 10.5, 0, '', 0],
        ['update', 1, 'IBM', 11.5, 1, 'IBM', 10.5],
        ['delete', 0, '', 0, 1, 'IBM', 11.5],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('captures only the operations asked for, and only its table', async () => {
    const { name, slot } = await table('name text');
    const other = uniqueName('other');
    await db.query(`CREATE TABLE ${other} (id int PRIMARY KEY, name text)`);
    const app = await startApp(
      source(
        name,
        slot,
        "operation='delete',",
        ", @attributes(id='before_id', name='before_name')",
      ) + '\ndefine stream S (id int, name string);',
    );
    try {
      const got = collect(app);
      await db.query(`INSERT INTO ${name} VALUES (1, 'a'), (2, 'b')`);
      await db.query(`INSERT INTO ${other} VALUES (1, 'x')`);
      await db.query(`UPDATE ${name} SET name = 'c' WHERE id = 2`);
      await db.query(`DELETE FROM ${other} WHERE id = 1`);
      await db.query(`DELETE FROM ${name} WHERE id = 2`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      // a marker change after the delete proves nothing else was emitted before it
      await db.query(`DELETE FROM ${name} WHERE id = 1`);
      await until(
        () => got.length >= 2,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        [2, 'c'],
        [1, 'a'],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('gives key columns only as before_ values under REPLICA IDENTITY DEFAULT', async () => {
    const { name, slot } = await table('name text', false);
    const logs: string[] = [];
    const app = await startApp(
      source(
        name,
        slot,
        "operation='delete',",
        ", fail.on.missing.attribute='false', @attributes(id='before_id', name='before_name')",
      ) + '\ndefine stream S (id int, name string);',
      { logs },
    );
    try {
      const got = collect(app);
      await db.query(`INSERT INTO ${name} VALUES (7, 'gone')`);
      await db.query(`DELETE FROM ${name} WHERE id = 7`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([[7, null]]);
      expect(logs.some((l) => l.includes('REPLICA IDENTITY DEFAULT'))).toBe(true);
    } finally {
      await app.shutdown();
    }
  });
});

describe('cdc listening: type mapping', () => {
  it('maps numbers, numeric, timestamps, dates, json, booleans, bytes and nulls', async () => {
    const { name, slot } = await table(
      'small int2, big int8, huge int8, amount numeric(12,3), ratio float4, ok bool, ' +
        'at timestamp(3), at_tz timestamptz, day date, doc jsonb, raw json, bytes bytea, ' +
        'tag uuid, note text',
    );
    const app = await startApp(
      source(name, slot, "operation='insert',", ", fail.on.missing.attribute='false'") +
        '\ndefine stream S (id int, small int, big long, huge object, amount double, ratio float, ' +
        'ok bool, at long, at_tz long, day long, doc string, raw string, bytes object, tag string, ' +
        'note string);',
    );
    try {
      const got = collect(app);
      await db.query(
        `INSERT INTO ${name} VALUES (1, 7, 9007199254740991, 9223372036854775807, 1234.567, 0.5, ` +
          `true, '2024-05-01 10:20:30.123', '2024-05-01 12:20:30.5+02', '2024-05-01', ` +
          `'{"a": [1, 2]}', '{"b":true}', '\\x0102ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', NULL)`,
      );
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      const row = got[0] ?? [];
      expect(row.slice(0, 12)).toEqual([
        1,
        7,
        9007199254740991,
        9223372036854775807n,
        1234.567,
        0.5,
        true,
        Date.UTC(2024, 4, 1, 10, 20, 30, 123),
        Date.UTC(2024, 4, 1, 10, 20, 30, 500),
        Date.UTC(2024, 4, 1),
        '{"a": [1, 2]}',
        '{"b":true}',
      ]);
      expect([...(row[12] as Uint8Array)]).toEqual([1, 2, 255]);
      expect(row.slice(13)).toEqual(['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', null]);
    } finally {
      await app.shutdown();
    }
  });

  it('keeps an unchanged TOASTed value from the old row (REPLICA IDENTITY FULL)', async () => {
    const { name, slot } = await table('big text, n int');
    await db.query(`ALTER TABLE ${name} ALTER COLUMN big SET STORAGE EXTERNAL`);
    const big = 'x'.repeat(100_000);
    await db.query(`INSERT INTO ${name} VALUES (1, $1, 0)`, [big]);
    const app = await startApp(
      source(name, slot, "operation='update',", '') +
        '\ndefine stream S (id int, big string, n int);',
    );
    try {
      const got = collect(app);
      await db.query(`UPDATE ${name} SET n = 1 WHERE id = 1`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got).slice(0, 200),
      );
      expect(got[0]?.[0]).toBe(1);
      expect((got[0]?.[1] as string).length).toBe(100_000);
      expect(got[0]?.[2]).toBe(1);
    } finally {
      await app.shutdown();
    }
  });

  it('leaves an unchanged TOASTed value out under REPLICA IDENTITY DEFAULT', async () => {
    const { name, slot } = await table('big text, n int', false);
    await db.query(`ALTER TABLE ${name} ALTER COLUMN big SET STORAGE EXTERNAL`);
    await db.query(`INSERT INTO ${name} VALUES (1, $1, 0)`, ['y'.repeat(100_000)]);
    const app = await startApp(
      source(name, slot, "operation='update',", ", fail.on.missing.attribute='false'") +
        '\ndefine stream S (id int, big string, n int);',
    );
    try {
      const got = collect(app);
      await db.query(`UPDATE ${name} SET n = 2 WHERE id = 1`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got).slice(0, 200),
      );
      expect(got[0]).toEqual([1, null, 2]);
    } finally {
      await app.shutdown();
    }
  });
});

describe('cdc listening: positions', () => {
  it('confirms a transaction to the server only after every sink acknowledged it', async () => {
    const { name, slot } = await table('name text');
    const faults = new FaultInjector().holdPublishes();
    const app = await startApp(
      source(name, slot, "operation='insert',", '') +
        '\ndefine stream S (id int, name string);\n' +
        "@sink(type='faulty', topic='t', @map(type='passThrough')) define stream O (id int, name string);\n" +
        'from S select * insert into O;',
      { extensions: [...EXTENSIONS.filter((e) => e.kind === 'source'), faultySink(faults)] },
    );
    try {
      const before = parseLsn((await confirmedFlush(db, slot)) ?? '0/0');
      await db.query(`INSERT INTO ${name} VALUES (1, 'held')`);
      await until(
        () => faults.published.length >= 1,
        () => 'nothing published',
      );
      // the server hears from the source every few ms; give it time to (wrongly) confirm
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(parseLsn((await confirmedFlush(db, slot)) ?? '0/0')).toBe(before);
      expect(faults.releasePublishes()).toBe(1);
      await eventually(
        async () => parseLsn((await confirmedFlush(db, slot)) ?? '0/0') > before,
        () => 'the position was not confirmed after the acknowledgement',
      );
    } finally {
      await app.shutdown();
    }
  });

  it('resumes from the slot after a restart: changes made while down arrive, none twice', async () => {
    const { name, slot } = await table('name text');
    const text =
      source(name, slot, "operation='insert',", '') + '\ndefine stream S (id int, name string);';
    const first = await startApp(text);
    const got1 = collect(first);
    await db.query(`INSERT INTO ${name} VALUES (1, 'a'), (2, 'b')`);
    await until(
      () => got1.length >= 2,
      () => JSON.stringify(got1),
    );
    await first.shutdown();
    await db.query(`INSERT INTO ${name} VALUES (3, 'c')`);
    await db.query(`INSERT INTO ${name} VALUES (4, 'd')`);
    const second = await startApp(text);
    try {
      const got2 = collect(second);
      await db.query(`INSERT INTO ${name} VALUES (5, 'e')`);
      await until(
        () => got2.length >= 3,
        () => JSON.stringify(got2),
      );
      expect(got1).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect(got2).toEqual([
        [3, 'c'],
        [4, 'd'],
        [5, 'e'],
      ]);
    } finally {
      await second.shutdown();
    }
  });

  it('takes an initial snapshot of existing rows when the slot is created, then streams', async () => {
    const { name, slot } = await table('name text');
    await db.query(`INSERT INTO ${name} SELECT g, 'row' || g FROM generate_series(1, 1200) AS g`);
    const app = createApp(
      source(
        name,
        slot,
        "operation='insert', connector.properties='snapshot.mode=initial',",
        ", @attributes(id='id', name='name', snap='trp:snapshot')",
      ) + '\ndefine stream S (id int, name string, snap string);',
    );
    const got = collect(app);
    app.start();
    try {
      await app.whenConnected();
      await db.query(`INSERT INTO ${name} VALUES (5000, 'after')`);
      await until(
        () => got.length >= 1201,
        () => String(got.length),
      );
      expect(got.slice(0, 1200).map((r) => r[0])).toEqual(
        Array.from({ length: 1200 }, (_, i) => i + 1),
      );
      expect(got[0]).toEqual([1, 'row1', 'true']);
      expect(got[1200]).toEqual([5000, 'after', 'false']);
      expect(got).toHaveLength(1201);
    } finally {
      await app.shutdown();
    }
    // A restart does not take the snapshot again: the slot exists.
    const again = await startApp(
      source(name, slot, "operation='insert', connector.properties='snapshot.mode=initial',", '') +
        '\ndefine stream S (id int, name string);',
    );
    try {
      const more = collect(again);
      await db.query(`INSERT INTO ${name} VALUES (5001, 'later')`);
      await until(
        () => more.length >= 1,
        () => JSON.stringify(more),
      );
      expect(more).toEqual([[5001, 'later']]);
    } finally {
      await again.shutdown();
    }
  });

  it('reuses an existing publication (adding the table) and an existing slot', async () => {
    const { name, slot } = await table('name text');
    const publication = uniqueName('pub');
    const seed = uniqueName('seed');
    await db.query(`CREATE TABLE ${seed} (id int PRIMARY KEY)`);
    await db.query(`CREATE PUBLICATION ${publication} FOR TABLE ${seed}`);
    await db.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
    const app = await startApp(
      source(name, slot, `operation='insert', publication.name='${publication}',`, '') +
        '\ndefine stream S (id int, name string);',
    );
    try {
      const got = collect(app);
      await db.query(`INSERT INTO ${name} VALUES (1, 'x')`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([[1, 'x']]);
      const tables = await db.query(
        'SELECT tablename FROM pg_publication_tables WHERE pubname = $1 ORDER BY tablename',
        [publication],
      );
      expect(tables.rows.map((r: { tablename: string }) => r.tablename).sort()).toEqual(
        [name, seed].sort(),
      );
    } finally {
      await app.shutdown();
      await dropSlot(db, slot, publication);
    }
  });
});

describe('cdc listening: configuration errors', () => {
  it('fails the start for a table that does not exist', async () => {
    const slot = uniqueName('slot');
    const app = createApp(
      source('no_such_table', slot, "operation='insert',", '') + '\ndefine stream S (id int);',
    );
    const failed = new Promise<unknown>((resolve) => {
      app.start();
      app.whenConnected().then(
        () => {
          resolve(undefined);
        },
        (error: unknown) => {
          resolve(error);
        },
      );
    });
    try {
      const error = await failed;
      expect(String(error)).toMatch(/no_such_table/);
    } finally {
      await app.shutdown();
    }
  });

  it("explains a server without wal_level=logical (the machine's shared PostgreSQL; nothing is created)", async () => {
    const app = createApp(
      "@source(type='cdc', url='jdbc:postgresql://127.0.0.1:5432/test', username='postgres', " +
        "password='', table.name='t', operation='insert', @map(type='keyvalue')) define stream S (id int);",
    );
    app.start();
    try {
      await expect(app.whenConnected()).rejects.toThrow(/wal_level=logical/);
    } finally {
      await app.shutdown();
    }
  });

  it('refuses listening mode without operation, and on SQLite', () => {
    expect(() => {
      createApp(
        `@source(type='cdc', url='${cluster.url}', username='postgres', table.name='t', @map(type='keyvalue')) define stream S (id int);`,
      ).start();
    }).toThrow(/operation/);
    expect(() =>
      createApp(
        "@source(type='cdc', url='jdbc:sqlite:/tmp/cdc-listening.db', table.name='t', operation='insert', @map(type='keyvalue')) define stream S (id int);",
      ),
    ).toThrow(/polling/);
  });
});
