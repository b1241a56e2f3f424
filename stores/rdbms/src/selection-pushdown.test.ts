// The SQL of on-demand selections per dialect, seen by a recording executor under a running app:
// the push-down queries become one SELECT with GROUP BY / HAVING / ORDER BY / LIMIT (golden
// statements under __fixtures__/), the others read the rows for the engine; results come back
// decoded to the engine's output types; values are bound, never inlined.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  recordTableFactory,
  silentLogger,
  VirtualClock,
  type AppRuntime,
} from '@tributary/engine';
import { describe, expect, it } from 'vitest';
import { dialectOf, type Dialect } from './dialect.js';
import type { DriverKind } from './jdbc-url.js';
import { RdbmsRecordTable } from './rdbms-record-table.js';
import { RecordingExecutor } from './recording-executor.test-support.js';
import { KEPT, PUSHED, TABLE } from './selection-queries.test-support.js';

/** The app's table kept by a store on the recording executor. */
function recordedApp(
  dialect: Dialect,
  executor: RecordingExecutor,
  pushDown = true,
  table = `T ${TABLE}`,
): AppRuntime {
  const store = recordTableFactory(
    'recorded',
    (schema, context) =>
      new RdbmsRecordTable(schema, context, {
        executor,
        dialect,
        state: { sqlName: dialect.quote(schema.id), created: true, order: dialect.rowOrder },
        cacheSize: 0,
        pushDown,
        release: () => Promise.resolve(),
      }),
  );
  const created = createEngine({
    timeService: new VirtualClock(0),
    logger: silentLogger,
    stores: [store],
    extensions: createRegistry(builtinExtensions),
  }).createApp(`@store(type='recorded') define table ${table};`);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

function dialectFor(kind: DriverKind): Dialect {
  return dialectOf(kind, { binaryCollation: true, mariadb: true });
}

/** The read statement one query runs, with its bound values. */
function readOf(app: AppRuntime, executor: RecordingExecutor, query: string): string {
  executor.jobs.length = 0;
  app.query(query);
  const steps = executor.jobs.filter((j) => j.read === true).flatMap((j) => j.steps);
  expect(steps).toHaveLength(1);
  const step = steps[0];
  return `${step?.sql ?? ''}; -- ${JSON.stringify(step?.values ?? [])}`;
}

describe('on-demand selections in SQL', () => {
  for (const kind of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`matches the golden statements for ${kind}`, async () => {
      const executor = new RecordingExecutor();
      const app = recordedApp(dialectFor(kind), executor);
      const out = PUSHED.map((query) => {
        const statement = readOf(app, executor, query);
        expect(statement).toMatch(/FROM \(SELECT .*\) AS .tributary_selection./);
        return `-- ${query}\n${statement}\n`;
      });
      await expect(out.join('\n')).toMatchFileSnapshot(`./__fixtures__/selections.${kind}.sql`);
    });

    it(`leaves to the engine what SQL would answer differently, on ${kind}`, () => {
      const executor = new RecordingExecutor();
      const app = recordedApp(dialectFor(kind), executor);
      for (const query of KEPT) {
        expect(readOf(app, executor, query)).not.toMatch(/tributary_selection|GROUP BY|LIMIT/);
      }
    });
  }

  it('groups, cuts and orders in one statement, limits bound', () => {
    const executor = new RecordingExecutor();
    const app = recordedApp(dialectFor('postgres'), executor);
    const statement = readOf(
      app,
      executor,
      'from T on volume > 5 select symbol, sum(price) as total group by symbol having count() > 1 order by symbol desc limit 10 offset 2',
    );
    expect(statement).toBe(
      'SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", SUM(CAST("price" AS DOUBLE PRECISION)) AS "tributary_c1", MIN("_tributary_seq") AS "tributary_first" FROM "T" WHERE ("volume" > $1::integer) GROUP BY "symbol" HAVING (COUNT(*) > $2::integer)) AS "tributary_selection" ORDER BY "tributary_c0" COLLATE "C" DESC NULLS LAST, "tributary_first" ASC LIMIT $3::bigint OFFSET $4::bigint; -- [5,1,10,2]',
    );
  });

  it("decodes the database's values to the engine's output types", () => {
    const executor = new RecordingExecutor();
    const app = recordedApp(dialectFor('postgres'), executor);
    // PostgreSQL gives bigint and numeric results as strings.
    executor.answers.push([
      ['IBM', '300', 2, 75.5, 75.59999847, 1],
      [null, null, '1', null, null, 0],
    ]);
    expect(
      app.queryResult(
        'from T select symbol, sum(volume) as v, count() as n, avg(price) as a, max(price) as m, distinctCount(flag) as d group by symbol order by symbol desc',
      ),
    ).toEqual({
      attributes: [
        { name: 'symbol', type: 'string' },
        { name: 'v', type: 'long' },
        { name: 'n', type: 'long' },
        { name: 'a', type: 'double' },
        { name: 'm', type: 'float' },
        { name: 'd', type: 'long' },
      ],
      rows: [
        ['IBM', 300, 2, 75.5, Math.fround(75.59999847), 1],
        [null, null, 1, null, null, 0],
      ],
    });
  });

  it('selects nothing in SQL when push-down is off', () => {
    const executor = new RecordingExecutor();
    const app = recordedApp(dialectFor('sqlite'), executor, false);
    expect(readOf(app, executor, PUSHED[0])).toBe(
      'SELECT "symbol", "price", "volume", "flag", "rank" FROM "T" ORDER BY rowid; -- []',
    );
  });

  it('leaves strings to the engine where the collation is not exact', () => {
    const executor = new RecordingExecutor();
    const app = recordedApp(dialectOf('mysql', { binaryCollation: false }), executor);
    expect(readOf(app, executor, 'from T select symbol, count() as n group by symbol')).not.toMatch(
      /GROUP BY/,
    );
    expect(
      readOf(app, executor, 'from T select rank, distinctCount(symbol) as n group by rank'),
    ).not.toMatch(/GROUP BY/);
    // Strings are still sorted by their bytes.
    expect(readOf(app, executor, 'from T select symbol order by symbol limit 2')).toMatch(
      /ORDER BY CAST\(`tributary_c0` AS BINARY\) ASC, `tributary_first` ASC LIMIT \?; -- \[2\]$/,
    );
  });

  it('binds hostile strings of having, select and on, and never inlines one', () => {
    const hostile = 'x"); DROP TABLE "T"; --';
    for (const kind of ['sqlite', 'postgres', 'mysql'] as const) {
      const executor = new RecordingExecutor();
      const app = recordedApp(dialectFor(kind), executor);
      const statement = readOf(
        app,
        executor,
        `from T on symbol != '${hostile}' select '${hostile}' as tag, symbol, count() as n group by symbol having symbol != '${hostile}' order by symbol limit 3`,
      );
      expect(statement.split(' -- ')[0]).not.toContain('DROP');
      expect(JSON.parse(statement.split(' -- ')[1] ?? '[]')).toEqual([
        hostile,
        hostile,
        hostile,
        3,
      ]);
    }
  });
});
