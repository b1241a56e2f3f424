// Tests of the feed simulations' event sources: CSV lines, seeded random values and database
// rows, with values converted to attribute types and bad values reported with their place.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../storage/sqlite.js';
import {
  csvEvents,
  databaseEvents,
  randomEvents,
  splitCsvLine,
  type EventGenerator,
  type GeneratedEvent,
} from './event-generators.js';

const schema = [
  { name: 'symbol', type: 'string' },
  { name: 'price', type: 'double' },
  { name: 'volume', type: 'long' },
] as const;

async function drain(generator: EventGenerator): Promise<GeneratedEvent[]> {
  const out: GeneratedEvent[] = [];
  for (let e = await generator.next(); e !== undefined; e = await generator.next()) out.push(e);
  generator.close();
  return out;
}

function temp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tributary-feed-')), name);
  writeFileSync(file, text);
  return file;
}

describe('csvEvents', () => {
  it('reads lines as events, skipping a header and blank lines, with chosen columns', async () => {
    const file = temp('t.csv', 'time;volume;symbol;price\n1000;100;IBM;75.5\n\n2000;;"W;SO2";20\n');
    const events = await drain(
      csvEvents(file, schema, {
        delimiter: ';',
        hasHeader: true,
        indices: [2, 3, 1],
        timestampAttribute: 0,
      }),
    );
    expect(events).toEqual([
      { data: ['IBM', 75.5, 100], timestamp: 1000 },
      { data: ['W;SO2', 20, null], timestamp: 2000 },
    ]);
  });

  it('names the line and attribute of a value that does not fit', async () => {
    const file = temp('t.csv', 'IBM,75.5,100\nIBM,cheap,100\n');
    const events = csvEvents(file, schema, { delimiter: ',', hasHeader: false });
    await events.next();
    await expect(events.next()).rejects.toThrow("line 2, price: 'cheap' is not a number");
    events.close();
  });

  it('splits quoted fields', () => {
    expect(splitCsvLine('a,"b ""c""",', ',')).toEqual(['a', 'b "c"', '']);
  });
});

describe('randomEvents', () => {
  it('gives the same values for the same seed, within the configured ranges', async () => {
    const config = {
      seed: 7,
      attributeConfiguration: [
        { type: 'CUSTOM_DATA_BASED' as const, list: ['IBM', 'WSO2'] },
        { type: 'PRIMITIVE_BASED' as const, min: 10, max: 20, precision: 1 },
        { type: 'PRIMITIVE_BASED' as const, min: 1, max: 3 },
      ],
    };
    const first = randomEvents(schema, config);
    const second = randomEvents(schema, config);
    for (let i = 0; i < 50; i += 1) {
      const a = await first.next();
      expect(await second.next()).toEqual(a);
      const [symbol, price, volume] = a?.data ?? [];
      expect(['IBM', 'WSO2']).toContain(symbol);
      expect(price).toBeGreaterThanOrEqual(10);
      expect(price).toBeLessThanOrEqual(20);
      expect(Math.round((price as number) * 10)).toBeCloseTo((price as number) * 10, 6);
      expect([1, 2, 3]).toContain(volume);
    }
  });

  it('needs one configuration per attribute', () => {
    expect(() => randomEvents(schema, { attributeConfiguration: [] })).toThrow('has 0 entries');
  });
});

describe('databaseEvents', () => {
  it('reads the chosen columns of a table, ordered by the timestamp column', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tributary-db-')), 'stock.db');
    const db = openSqlite(file);
    db.exec('CREATE TABLE trades (sym TEXT, px REAL, vol INTEGER, ts INTEGER)');
    const insert = db.prepare('INSERT INTO trades VALUES (?, ?, ?, ?)');
    insert.run('WSO2', 20, 50, 2000);
    insert.run('IBM', 75.5, 100, 1000);
    db.close();
    const events = databaseEvents(file, schema, {
      tableName: 'trades',
      columnNamesList: ['sym', 'px', 'vol'],
      timestampAttribute: 'ts',
    });
    expect(events.total).toBe(2);
    expect(await drain(events)).toEqual([
      { data: ['IBM', 75.5, 100], timestamp: 1000 },
      { data: ['WSO2', 20, 50], timestamp: 2000 },
    ]);
    expect(() =>
      databaseEvents(file, schema, {
        tableName: 'trades',
        columnNamesList: ['sym', 'price', 'vol'],
      }),
    ).toThrow("table 'trades' has no column 'price' (columns: sym, px, vol, ts)");
    expect(() =>
      databaseEvents(file, schema, { tableName: 'nope', columnNamesList: ['a', 'b', 'c'] }),
    ).toThrow("there is no table 'nope'");
  });
});
