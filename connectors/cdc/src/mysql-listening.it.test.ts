// Listening mode against a private MariaDB with a ROW binlog (started here): the source
// contract, the key-value contract of each operation, type mapping, per-transaction transport
// properties, advancing the saved position only after the sinks acknowledged, resuming from a
// persisted snapshot, surviving a killed binlog connection and a server restart without loss,
// the initial snapshot, and the errors of a server without binlog and of a user without grants.

import { InMemoryPersistenceStore, type AppRuntime } from '@tributary/engine';
import {
  describeSourceContract,
  FaultInjector,
  faultySink,
  type Rows,
} from '@tributary/engine/testing';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBinlogMariaDb } from '../../../test/support/mariadb-binlog.js';
import {
  collect,
  createApp,
  EXTENSIONS,
  MARIADB_URL,
  startApp,
  uniqueName,
  until,
} from './cdc-harness.test-support.js';

const maria = await startBinlogMariaDb();
let db: mysql.Connection;

beforeAll(async () => {
  db = await mysql.createConnection({ ...maria.root, multipleStatements: true });
});

afterAll(async () => {
  await db.end();
  await maria.stop();
}, 30_000);

/** A new table `name (id int primary key, …columns)`. */
async function table(columns: string): Promise<string> {
  const name = uniqueName('t');
  await db.query(`CREATE TABLE ${name} (id int PRIMARY KEY, ${columns})`);
  return name;
}

function source(tableName: string, extra: string, map: string): string {
  return (
    `@source(type='cdc', url='${maria.url}', username='${maria.user.name}', ` +
    `password='${maria.user.password}', table.name='${tableName}', ${extra} ` +
    `@map(type='keyvalue'${map}))`
  );
}

/** The position the source keeps in app snapshots (`{ file, position }`). */
function savedPosition(app: AppRuntime): { file: string; position: number } {
  const text = JSON.stringify(app.snapshot().holders);
  const m = /"file":"([^"]+)","position":(\d+)/.exec(text);
  if (m === null) throw new Error(`no binlog position in the snapshot: ${text.slice(0, 500)}`);
  return { file: m[1] ?? '', position: Number(m[2]) };
}

/** Waits for an app's start to fail; returns the error. */
async function startFailure(app: AppRuntime): Promise<unknown> {
  app.start();
  try {
    await app.whenConnected();
    return undefined;
  } catch (error) {
    return error;
  }
}

const contractTable = await (async () => {
  const admin = await mysql.createConnection(maria.root);
  const name = uniqueName('contract');
  await admin.query(
    `CREATE TABLE ${name} (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20), price double)`,
  );
  await admin.end();
  return name;
})();

describeSourceContract('cdc (MariaDB binlog listening)', {
  extensions: EXTENSIONS,
  app:
    source(contractTable, "operation='insert',", '') +
    '\ndefine stream S (name string, price double);',
  batch: [
    ['IBM', 75.5],
    ['WSO2', 57.25],
    ['ACME', 1.5],
  ],
  deliver: async (rows: Rows) => {
    const client = await mysql.createConnection(maria.root);
    await client.beginTransaction();
    for (const row of rows) {
      await client.query(`INSERT INTO ${contractTable} (name, price) VALUES (?, ?)`, [
        row[0],
        row[1],
      ]);
    }
    await client.commit();
    await client.end();
  },
  timeoutMs: 15_000,
});

describe('cdc binlog listening: operations and the key-value contract', () => {
  it('emits inserts, updates (before_ and new values) and deletes with trp:operation', async () => {
    const name = await table('name varchar(20), price double');
    const app = await startApp(
      source(
        name,
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
    const name = await table('name varchar(20)');
    const other = await table('name varchar(20)');
    const app = await startApp(
      source(name, "operation='delete',", ", @attributes(id='before_id', name='before_name')") +
        '\ndefine stream S (id int, name string);',
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

  it('emits every row of a multi-row statement and of a large transaction, in order', async () => {
    const name = await table('n int');
    const app = await startApp(
      source(name, "operation='insert',", '') + '\ndefine stream S (id int, n int);',
    );
    try {
      const got = collect(app);
      const rows = Array.from({ length: 3000 }, (_, i) => `(${String(i + 1)}, ${String(i)})`);
      await db.query('BEGIN');
      await db.query(`INSERT INTO ${name} VALUES ${rows.slice(0, 1500).join(', ')}`);
      await db.query(`INSERT INTO ${name} VALUES ${rows.slice(1500).join(', ')}`);
      await db.query('COMMIT');
      await until(
        () => got.length >= 3000,
        () => String(got.length),
      );
      expect(got.map((r) => r[0])).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    } finally {
      await app.shutdown();
    }
  });
});

describe('cdc binlog listening: type mapping', () => {
  it('maps integers, decimals, floats, booleans, times, JSON, bytes, text and NULL', async () => {
    const name = await table(
      'small smallint, big bigint, ubig bigint unsigned, amount decimal(12,3), ratio float, ' +
        'precise double, ok tinyint(1), flag bit(1), at datetime(3), at_ts timestamp(3) NULL, ' +
        'day date, doc json, raw blob, note text, kind enum("a","b"), clock time, empty varchar(5)',
    );
    const app = await startApp(
      source(name, "operation='insert',", ", fail.on.missing.attribute='false'") +
        '\ndefine stream S (id int, small int, big long, ubig object, amount double, ratio double, ' +
        'precise double, ok bool, flag bool, at long, at_ts long, day long, doc string, ' +
        'raw object, note string, kind string, clock string, empty string);',
    );
    try {
      const got = collect(app);
      await db.query(
        `INSERT INTO ${name} VALUES (1, -7, 9007199254740991, 18446744073709551615, 1234.567, ` +
          `0.1, 2.5, 1, b'1', '2024-05-01 10:20:30.123', '2024-05-01 10:20:30.5', ` +
          `'2024-05-01', '{"a": [1, 2]}', x'0102ff', 'héllo', 'b', '12:34:56', NULL)`,
      );
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      );
      const row = got[0] ?? [];
      expect(row.slice(0, 14)).toEqual([
        1,
        -7,
        9007199254740991,
        18446744073709551615n,
        1234.567,
        0.1,
        2.5,
        true,
        true,
        Date.UTC(2024, 4, 1, 10, 20, 30, 123),
        Date.UTC(2024, 4, 1, 10, 20, 30, 500),
        Date.UTC(2024, 4, 1),
        '{"a": [1, 2]}',
        Buffer.from([1, 2, 255]),
      ]);
      expect(row.slice(14)).toEqual(['héllo', 'b', '12:34:56', null]);
    } finally {
      await app.shutdown();
    }
  });

  it('decodes self-describing binlogs (binlog_row_metadata=FULL), TINYINT(1) still a boolean', async () => {
    const name = await table('ok tinyint(1), small tinyint, label varchar(10)');
    await db.query('SET GLOBAL binlog_row_metadata = FULL');
    const app = await startApp(
      source(name, "operation='insert,update',", '') +
        '\ndefine stream S (id int, ok bool, small int, label string);',
    );
    try {
      const got = collect(app);
      const writer = await mysql.createConnection(maria.root);
      await writer.query(`INSERT INTO ${name} VALUES (1, 1, 7, 'full')`);
      await writer.query(`UPDATE ${name} SET ok = 0 WHERE id = 1`);
      await writer.end();
      await until(
        () => got.length >= 2,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        [1, true, 7, 'full'],
        [1, false, 7, 'full'],
      ]);
    } finally {
      await app.shutdown();
      await db.query('SET GLOBAL binlog_row_metadata = NO_LOG');
    }
  });

  it("keeps decimals as text with decimal.handling.mode=string and fills a missing side's defaults", async () => {
    const name = await table('amount decimal(20,6), ok tinyint(1), at datetime');
    const app = await startApp(
      source(
        name,
        "operation='insert,delete', connector.properties='decimal.handling.mode=string',",
        ", @attributes(amount='amount', before_amount='before_amount', ok='before_ok', " +
          "at='before_at')",
      ) + '\ndefine stream S (amount string, before_amount string, ok bool, at long);',
    );
    try {
      const got = collect(app);
      await db.query(`INSERT INTO ${name} VALUES (1, 12345678901234.000001, 1, NOW())`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([['12345678901234.000001', '0', false, 0]]);
    } finally {
      await app.shutdown();
    }
  });

  it('gives each transaction its GTID, binlog file and offset as transport properties', async () => {
    const name = await table('n int');
    const app = await startApp(
      source(
        name,
        "operation='insert',",
        ", @attributes(id='id', gtid='trp:gtid', file='trp:binlog.file', " +
          "pos='trp:binlog.position', at='trp:commit.timestamp', tbl='trp:table')",
      ) + '\ndefine stream S (id int, gtid string, file string, pos long, at long, tbl string);',
    );
    try {
      const got = collect(app);
      await db.query(`BEGIN; INSERT INTO ${name} VALUES (1, 0), (2, 0); COMMIT`);
      await db.query(`INSERT INTO ${name} VALUES (3, 0)`);
      await until(
        () => got.length >= 3,
        () => JSON.stringify(got),
      );
      const [logs] = await db.query('SHOW BINARY LOGS');
      const file = String((logs as { Log_name: string }[]).at(-1)?.Log_name);
      const [first, second, third] = got;
      expect(first?.[1]).toMatch(/^0-1-\d+$/);
      expect(second?.slice(1, 4)).toEqual(first?.slice(1, 4));
      expect(third?.[1]).not.toBe(first?.[1]);
      expect(first?.[2]).toBe(file);
      expect(third?.[3] as number).toBeGreaterThan(first?.[3] as number);
      expect(Math.abs((first?.[4] as number) - Date.now())).toBeLessThan(60_000);
      expect(first?.[5]).toBe(`${maria.database}.${name}`);
    } finally {
      await app.shutdown();
    }
  });
});

describe('cdc binlog listening: positions', () => {
  it('advances the saved position only after every sink acknowledged', async () => {
    const name = await table('name varchar(20)');
    const faults = new FaultInjector().holdPublishes();
    const app = await startApp(
      source(name, "operation='insert',", '') +
        '\ndefine stream S (id int, name string);\n' +
        "@sink(type='faulty', topic='t', @map(type='passThrough')) define stream O (id int, name string);\n" +
        'from S select * insert into O;',
      { extensions: [...EXTENSIONS.filter((e) => e.kind === 'source'), faultySink(faults)] },
    );
    try {
      const before = savedPosition(app);
      await db.query(`INSERT INTO ${name} VALUES (1, 'held')`);
      await until(
        () => faults.published.length >= 1,
        () => 'nothing published',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(savedPosition(app)).toEqual(before);
      expect(faults.releasePublishes()).toBe(1);
      await until(
        () => savedPosition(app).position > before.position,
        () => 'the position did not advance after the acknowledgement',
      );
    } finally {
      await app.shutdown();
    }
  });

  it('holds the binlog back while too many emits wait for the sinks, and while paused', async () => {
    const name = await table('n int');
    const faults = new FaultInjector().holdPublishes();
    const app = await startApp(
      source(name, "operation='insert',", ", @attributes(id='id', gtid='trp:gtid')") +
        '\ndefine stream S (id int, gtid string);\n' +
        "@sink(type='faulty', topic='t', @map(type='passThrough')) define stream O (id int, gtid string);\n" +
        'from S select * insert into O;',
      { extensions: [...EXTENSIONS.filter((e) => e.kind === 'source'), faultySink(faults)] },
    );
    try {
      const got = collect(app);
      // one transaction per row: with trp:gtid asked for, each is an emit of its own
      for (let id = 1; id <= 100; id += 1) {
        await db.query(`INSERT INTO ${name} VALUES (?, 0)`, [id]);
      }
      await until(
        () => got.length >= 32,
        () => String(got.length),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(got.length).toBeLessThan(40);
      faults.releasePublishes();
      await until(
        () => got.length >= 100,
        () => String(got.length),
      );
      app.pause();
      await db.query(`INSERT INTO ${name} VALUES (101, 0)`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(got).toHaveLength(100);
      app.resume();
      await until(
        () => got.length >= 101,
        () => String(got.length),
      );
      expect(got.map((r) => r[0])).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    } finally {
      await app.shutdown();
    }
  });

  it('resumes from a persisted snapshot: changes made while down arrive, none twice', async () => {
    const name = await table('name varchar(20)');
    const store = new InMemoryPersistenceStore();
    const text =
      '@app:name("BinlogResume")\n' +
      source(name, "operation='insert',", '') +
      '\ndefine stream S (id int, name string);';
    const first = await startApp(text, { persistence: { store } });
    const got1 = collect(first);
    await db.query(`INSERT INTO ${name} VALUES (1, 'a'), (2, 'b')`);
    await until(
      () => got1.length >= 2,
      () => JSON.stringify(got1),
    );
    await first.persist();
    await first.shutdown();
    await db.query(`INSERT INTO ${name} VALUES (3, 'c')`);
    await db.query(`INSERT INTO ${name} VALUES (4, 'd')`);
    const second = createApp(text, { persistence: { store } });
    await second.restoreLastRevision();
    const got2 = collect(second);
    second.start();
    try {
      await second.whenConnected();
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

  it('loses nothing when its binlog connection is killed mid-stream or the server restarts', async () => {
    const name = await table('n int');
    const store = new InMemoryPersistenceStore();
    const text =
      '@app:name("BinlogKill")\n' +
      source(name, "operation='insert',", '') +
      '\ndefine stream S (id int, n int);';
    const logs: string[] = [];
    const app = await startApp(text, { persistence: { store }, logs });
    const ids = new Set<number>();
    app.onStream('S', (events) => {
      for (const e of events) ids.add(e.data[0] as number);
    });
    const writer = await mysql.createConnection(maria.root);
    let written = 0;
    const write = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i += 1) {
        written += 1;
        await writer.query(`INSERT INTO ${name} VALUES (?, 0)`, [written]);
      }
    };
    try {
      await write(200);
      const [threads] = await db.query(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
      );
      const dumps = (threads as { id: number }[]).map((t) => t.id);
      expect(dumps.length).toBeGreaterThan(0);
      const writing = write(300);
      for (const id of dumps) await db.query(`KILL ${String(id)}`);
      await writing;
      await until(
        () => ids.size >= written,
        () => `${String(ids.size)} of ${String(written)} after the kill`,
      );
      expect(logs.filter((l) => l.includes('connected again'))).toHaveLength(1);
      await app.persist();
      await writer.end();
      await maria.restart();
      await db.end();
      db = await mysql.createConnection({ ...maria.root, multipleStatements: true });
      const again = await mysql.createConnection(maria.root);
      for (let i = 0; i < 100; i += 1) {
        written += 1;
        await again.query(`INSERT INTO ${name} VALUES (?, 0)`, [written]);
      }
      await again.end();
      await until(
        () => ids.size >= written,
        () => `${String(ids.size)} of ${String(written)} after the server restart`,
      );
      expect(logs.filter((l) => l.includes('connected again')).length).toBeGreaterThanOrEqual(2);
      expect([...ids].sort((a, b) => a - b)).toEqual(
        Array.from({ length: written }, (_, i) => i + 1),
      );
    } finally {
      await app.shutdown();
    }
  }, 90_000);

  it('stops and restarts mid-stream from the persisted position without losing a change', async () => {
    const name = await table('n int');
    const store = new InMemoryPersistenceStore();
    const text =
      '@app:name("BinlogRestart")\n' +
      source(name, "operation='insert',", '') +
      '\ndefine stream S (id int, n int);';
    const ids = new Set<number>();
    const writer = await mysql.createConnection(maria.root);
    let written = 0;
    const state = { writing: true };
    let load: Promise<void> | undefined;
    try {
      for (let round = 0; round < 3; round += 1) {
        const app = createApp(text, { persistence: { store } });
        await app.restoreLastRevision();
        app.onStream('S', (events) => {
          for (const e of events) ids.add(e.data[0] as number);
        });
        app.start();
        await app.whenConnected();
        // Writes start once the first app reads (without a saved position it starts at the end).
        load ??= (async () => {
          while (state.writing) {
            written += 1;
            await writer.query(`INSERT INTO ${name} VALUES (?, 0)`, [written]);
          }
        })();
        const seen = ids.size;
        await until(
          () => ids.size >= seen + 100,
          () => `round ${String(round)}: ${String(ids.size)}`,
        );
        await app.persist();
        await app.shutdown();
      }
      state.writing = false;
      await load;
      const last = createApp(text, { persistence: { store } });
      await last.restoreLastRevision();
      last.onStream('S', (events) => {
        for (const e of events) ids.add(e.data[0] as number);
      });
      last.start();
      try {
        await last.whenConnected();
        await until(
          () => ids.size >= written,
          () => `${String(ids.size)} of ${String(written)}`,
        );
      } finally {
        await last.shutdown();
      }
      expect([...ids].sort((a, b) => a - b)).toEqual(
        Array.from({ length: written }, (_, i) => i + 1),
      );
    } finally {
      state.writing = false;
      await load;
      await writer.end();
    }
  }, 90_000);

  it.each(['none', 'minimal'])(
    'takes an initial snapshot (snapshot.locking.mode=%s), then streams the changes after it',
    async (locking) => {
      const name = await table('name varchar(20)');
      const values = Array.from(
        { length: 1200 },
        (_, i) => `(${String(i + 1)}, 'row${String(i + 1)}')`,
      );
      await db.query(`INSERT INTO ${name} VALUES ${values.join(', ')}`);
      if (locking === 'minimal') {
        await db.query(`GRANT LOCK TABLES ON ${maria.database}.* TO '${maria.user.name}'@'%'`);
      }
      const app = createApp(
        source(
          name,
          `operation='insert', connector.properties='snapshot.mode=initial, snapshot.locking.mode=${locking}',`,
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
    },
  );
});

describe('cdc binlog listening: configuration errors', () => {
  it("explains a server without binlog (the machine's shared MariaDB, log_bin=OFF)", async () => {
    const app = createApp(
      `@source(type='cdc', url='${MARIADB_URL}', username='root', password='', ` +
        "table.name='t', operation='insert', @map(type='keyvalue')) define stream S (id int);",
    );
    try {
      const error = await startFailure(app);
      expect(String(error)).toMatch(/source 'cdc' of stream 'S' in app '/);
      expect(String(error)).toMatch(/log_bin=OFF/);
      expect(String(error)).toMatch(/binlog_format=ROW/);
    } finally {
      await app.shutdown();
    }
  });

  it('names the missing grant of a user without REPLICATION SLAVE or REPLICATION CLIENT', async () => {
    const name = await table('n int');
    const cases = [
      { user: uniqueName('noclient'), grant: 'REPLICATION SLAVE, SELECT', missing: /CLIENT/ },
      {
        user: uniqueName('noslave'),
        grant: 'REPLICATION CLIENT, SELECT',
        missing: /REPLICATION SLAVE/,
      },
    ];
    for (const c of cases) {
      await db.query(`CREATE USER '${c.user}'@'%' IDENTIFIED BY 'pw'`);
      await db.query(`GRANT ${c.grant} ON *.* TO '${c.user}'@'%'`);
      const app = createApp(
        `@app:name('Grants')\n@source(type='cdc', url='${maria.url}', username='${c.user}', password='pw', ` +
          `table.name='${name}', operation='insert', @map(type='keyvalue')) define stream S (id int);`,
      );
      try {
        const error = String(await startFailure(app));
        expect(error).toMatch(/app 'Grants'/);
        expect(error).toMatch(c.missing);
        expect(error).toMatch(/GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON \*\.\*/);
      } finally {
        await app.shutdown();
      }
    }
  });

  it('fails the start for a table that does not exist', async () => {
    const app = createApp(
      source('no_such_table', "operation='insert',", '') + '\ndefine stream S (id int);',
    );
    try {
      expect(String(await startFailure(app))).toMatch(/no_such_table/);
    } finally {
      await app.shutdown();
    }
  });
});
