// Golden SQL per dialect: the statements the store generates for a keyed table (find, contains,
// insert, delete, update, native upsert, update-then-insert) and how conditions translate, with
// every value bound. The fixtures under __fixtures__/ are the reviewed output.

import type { StructuredCondition, TableSchema } from '@tributary/engine';
import { silentLogger } from '@tributary/engine';
import { describe, expect, it } from 'vitest';
import { dialectOf, type Dialect } from './dialect.js';
import { RdbmsRecordTable } from './rdbms-record-table.js';
import { RecordingExecutor } from './recording-executor.test-support.js';
import { SqlCompiler } from './sql-condition.js';
import type { DriverKind } from './jdbc-url.js';

const schema: TableSchema = {
  id: 'StockTable',
  attributes: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'float' },
    { name: 'volume', type: 'long' },
  ],
  primaryKey: [0],
  indexes: [2],
};

const symbol = { kind: 'column', name: 'symbol', type: 'string' } as const;
const price = { kind: 'column', name: 'price', type: 'float' } as const;
const volume = { kind: 'column', name: 'volume', type: 'long' } as const;
const byKey: StructuredCondition = {
  kind: 'compare',
  op: '==',
  left: symbol,
  right: { kind: 'parameter', index: 0, type: 'string' },
};
const expensive: StructuredCondition = {
  kind: 'and',
  left: {
    kind: 'compare',
    op: '>',
    left: price,
    right: { kind: 'constant', value: 50.5, type: 'double' },
  },
  right: {
    kind: 'not',
    operand: { kind: 'isNull', operand: volume },
  },
};

function tableOn(dialect: Dialect): { table: RdbmsRecordTable; executor: RecordingExecutor } {
  const executor = new RecordingExecutor();
  const table = new RdbmsRecordTable(
    schema,
    { appName: 'App', logger: silentLogger },
    {
      executor,
      dialect,
      state: { sqlName: dialect.quote('StockTable'), created: true, order: dialect.rowOrder },
      cacheSize: 0,
      release: () => Promise.resolve(),
    },
  );
  return { table, executor };
}

function statementsOf(kind: DriverKind): string {
  const dialect = dialectOf(kind, { binaryCollation: true });
  const { table, executor } = tableOn(dialect);
  const key = table.compileCondition(byKey);
  const scan = table.compileCondition(expensive);
  const all = table.compileCondition(undefined);
  const set = table.compileUpdateSet({
    columns: ['price', 'volume'],
    values: [
      { kind: 'parameter', index: 0, type: 'float' },
      {
        kind: 'math',
        op: '+',
        left: volume,
        right: { kind: 'parameter', index: 1, type: 'long' },
        type: 'long',
      },
    ],
  });
  if (key === null || scan === null || all === null || set === null) {
    throw new Error('the test conditions must compile');
  }
  table.find(key, ['IBM']);
  table.find(scan, []);
  table.find(all, []);
  table.contains(key, ['IBM']);
  table.add([['IBM', 75.5, 100]]);
  table.delete(scan, [[]]);
  table.update(key, [['IBM']], set, [[80.5, 10]]);
  table.updateOrAdd(key, [['IBM']], set, [[80.5, 10]], [['IBM', 80.5, 10]]);
  table.updateOrAdd(key, [['ORCL']], set, [[80.5, 10]], [['IBM', 80.5, 10]]);
  return `${executor.statements.join(';\n')};\n`;
}

describe('generated SQL', () => {
  for (const kind of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`matches the golden statements for ${kind}`, async () => {
      await expect(statementsOf(kind)).toMatchFileSnapshot(`./__fixtures__/statements.${kind}.sql`);
    });
  }

  it('binds every value, constants of the app included, and never inlines one', () => {
    const dialect = dialectOf('postgres', { binaryCollation: false });
    const { table, executor } = tableOn(dialect);
    const hostile = 'x\'); DROP TABLE "StockTable"; --';
    const condition = table.compileCondition({
      kind: 'or',
      left: byKey,
      right: {
        kind: 'compare',
        op: '==',
        left: symbol,
        right: { kind: 'constant', value: hostile, type: 'string' },
      },
    });
    if (condition === null) throw new Error('must compile');
    table.find(condition, [hostile]);
    table.add([[hostile, 1, 2]]);
    for (const job of executor.jobs) {
      for (const step of job.steps) {
        expect(step.sql).not.toContain('DROP');
        expect(step.values).toContain(hostile);
      }
    }
  });

  it('keeps engine logic under not: a null comparison counts as false', () => {
    const compiler = new SqlCompiler(
      dialectOf('sqlite', { binaryCollation: false }),
      new Map([['symbol', 'string' as const]]),
    );
    const negated = compiler.condition({ kind: 'not', operand: byKey });
    expect(negated?.sql).toBe('(NOT ((("symbol" = \u0001)) IS TRUE))');
  });

  it('leaves to the engine what SQL cannot express', () => {
    const compiler = new SqlCompiler(
      dialectOf('postgres', { binaryCollation: false }),
      new Map([['price', 'float' as const]]),
    );
    const modulo: StructuredCondition = {
      kind: 'compare',
      op: '>',
      left: {
        kind: 'math',
        op: '%',
        left: price,
        right: { kind: 'constant', value: 2, type: 'double' },
        type: 'double',
      },
      right: { kind: 'constant', value: 1, type: 'double' },
    };
    expect(compiler.condition(modulo)).toBeNull();
    expect(compiler.condition({ kind: 'engine', type: 'bool', source: byKeySource() })).toBeNull();
  });
});

function byKeySource(): Extract<StructuredCondition, { kind: 'engine' }>['source'] {
  return {
    kind: 'constant',
    span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    type: 'bool',
    value: true,
  };
}
