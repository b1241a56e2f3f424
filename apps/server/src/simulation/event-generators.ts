// Where feed simulations get their events: lines of a CSV file, random values by attribute
// type (seeded, so a run can be repeated), or the rows of a database table. Each is pulled one
// event at a time, so a large file or table is never read whole.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AttributeType } from '@tributary/engine';
import type { StreamSchema } from '../apps/event-check.js';
import { openSqlite, quoteIdentifier, type SqliteDatabase } from '../storage/sqlite.js';
import type { CsvSourceConfig, RandomSourceConfig } from '../docs/api-schemas.js';

/** One generated event. */
export interface GeneratedEvent {
  readonly data: readonly unknown[];
  readonly timestamp?: number;
}

/** Events pulled one at a time; `next` resolves undefined when there are no more. */
export interface EventGenerator {
  next(): Promise<GeneratedEvent | undefined>;
  /** How many events there will be, when known. */
  readonly total: number | undefined;
  close(): void;
}

/** A value from a file or table that does not fit its attribute. */
export class GeneratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorError';
  }
}

/** What files and tables hold: text, numbers, booleans, blobs or nothing. */
export type RawValue = string | number | bigint | boolean | Uint8Array | null | undefined;

/** A text or database value as an attribute's type; empty and null become null. */
export function convertValue(raw: RawValue, type: AttributeType, where: string): unknown {
  if (raw === null || raw === undefined || raw === '') return null;
  const value = raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : raw;
  switch (type) {
    case 'int':
    case 'long': {
      const n = Number(value);
      if (!Number.isInteger(n))
        throw new GeneratorError(`${where}: '${String(value)}' is not an integer`);
      return n;
    }
    case 'float':
    case 'double': {
      const n = Number(value);
      if (Number.isNaN(n)) throw new GeneratorError(`${where}: '${String(value)}' is not a number`);
      return n;
    }
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const text = String(value).trim().toLowerCase();
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new GeneratorError(`${where}: '${String(value)}' is not a boolean`);
    }
    case 'string':
      return String(value);
    case 'object':
      return value;
  }
}

/**
 * The fields of one CSV line (double quotes group fields; `""` is a quote inside them).
 * @example
 * splitCsvLine('IBM,"a, b",3', ','); // ['IBM', 'a, b', '3']
 */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '"' && current === '') {
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields;
}

/**
 * Events from the lines of a CSV file.
 * @example
 * const events = csvEvents('data/simulation/trades.csv', schema, { delimiter: ',', hasHeader: true });
 */
export function csvEvents(
  file: string,
  schema: StreamSchema,
  config: Pick<CsvSourceConfig, 'delimiter' | 'hasHeader' | 'indices' | 'timestampAttribute'>,
): EventGenerator {
  const indices = config.indices ?? schema.map((_, i) => i);
  if (indices.length !== schema.length) {
    throw new GeneratorError(
      `indices has ${String(indices.length)} column(s) but the stream has ${String(schema.length)} attribute(s)`,
    );
  }
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNumber = 0;
  return {
    total: undefined,
    async next() {
      for (;;) {
        const read = await lines.next();
        if (read.done === true) return undefined;
        lineNumber += 1;
        const line = read.value;
        if ((config.hasHeader && lineNumber === 1) || line.trim() === '') continue;
        const fields = splitCsvLine(line, config.delimiter);
        const where = `line ${String(lineNumber)}`;
        const data = schema.map((attribute, i) => {
          const column = indices[i] ?? i;
          if (column >= fields.length) {
            throw new GeneratorError(`${where}: has no column ${String(column)}`);
          }
          return convertValue(fields[column], attribute.type, `${where}, ${attribute.name}`);
        });
        if (config.timestampAttribute === undefined) return { data };
        const timestamp = Number(fields[config.timestampAttribute]);
        if (!Number.isSafeInteger(timestamp)) {
          throw new GeneratorError(`${where}: the timestamp column does not hold ms since epoch`);
        }
        return { data, timestamp };
      }
    },
    close() {
      lines.return?.().catch(() => undefined);
      input.destroy();
    },
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same values. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

type AttributeConfig = NonNullable<RandomSourceConfig['attributeConfiguration']>[number];

function randomValue(
  type: AttributeType,
  config: AttributeConfig | undefined,
  random: () => number,
): unknown {
  if (config?.type === 'CUSTOM_DATA_BASED') {
    return config.list[Math.floor(random() * config.list.length)] ?? null;
  }
  const min = config?.min ?? 0;
  const max = config?.max ?? (type === 'int' || type === 'long' ? 1000 : 100);
  switch (type) {
    case 'int':
    case 'long':
      return Math.floor(min + random() * (Math.floor(max) - Math.ceil(min) + 1));
    case 'float':
    case 'double': {
      const factor = 10 ** (config?.precision ?? 2);
      return Math.round((min + random() * (max - min)) * factor) / factor;
    }
    case 'bool':
      return random() < 0.5;
    case 'string':
    case 'object': {
      let text = '';
      for (let i = 0; i < (config?.length ?? 5); i += 1) {
        text += LETTERS[Math.floor(random() * LETTERS.length)] ?? 'x';
      }
      return text;
    }
  }
}

/**
 * Endless random events for a stream (a feed's `noOfEvents` ends them).
 * @example
 * const events = randomEvents(schema, { seed: 42 });
 */
export function randomEvents(
  schema: StreamSchema,
  config: Pick<RandomSourceConfig, 'seed' | 'attributeConfiguration'>,
): EventGenerator {
  const attributes = config.attributeConfiguration;
  if (attributes !== undefined && attributes.length !== schema.length) {
    throw new GeneratorError(
      `attributeConfiguration has ${String(attributes.length)} entries but the stream has ${String(schema.length)} attribute(s)`,
    );
  }
  const random = seededRandom(config.seed ?? Math.floor(Math.random() * 2 ** 32));
  return {
    total: undefined,
    next: () =>
      Promise.resolve({
        data: schema.map((attribute, i) => randomValue(attribute.type, attributes?.[i], random)),
      }),
    close: () => undefined,
  };
}

/** A database table's rows as events (SQLite datasources). */
export function databaseEvents(
  path: string,
  schema: StreamSchema,
  config: {
    readonly tableName: string;
    readonly columnNamesList: readonly string[];
    readonly timestampAttribute?: string | undefined;
  },
): EventGenerator {
  if (config.columnNamesList.length !== schema.length) {
    throw new GeneratorError(
      `columnNamesList has ${String(config.columnNamesList.length)} column(s) but the stream has ${String(schema.length)} attribute(s)`,
    );
  }
  let db: SqliteDatabase;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new GeneratorError(
      `cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const table = quoteIdentifier(config.tableName);
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    if (columns.length === 0) throw new GeneratorError(`there is no table '${config.tableName}'`);
    const wanted = [
      ...config.columnNamesList,
      ...(config.timestampAttribute === undefined ? [] : [config.timestampAttribute]),
    ];
    const missing = wanted.filter((c) => !columns.includes(c));
    if (missing.length > 0) {
      throw new GeneratorError(
        `table '${config.tableName}' has no column ${missing.map((c) => `'${c}'`).join(', ')} (columns: ${columns.join(', ')})`,
      );
    }
    const selected = wanted.map(quoteIdentifier).join(', ');
    const order =
      config.timestampAttribute === undefined
        ? 'rowid'
        : quoteIdentifier(config.timestampAttribute);
    const total = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const rows = db
      .prepare(`SELECT ${selected} FROM ${table} ORDER BY ${order}`)
      .raw(true)
      .iterate();
    let row = 0;
    return {
      total,
      next() {
        const read = rows.next();
        if (read.done === true) return Promise.resolve(undefined);
        row += 1;
        const values = read.value as RawValue[];
        const where = `row ${String(row)}`;
        const data = schema.map((a, i) => convertValue(values[i], a.type, `${where}, ${a.name}`));
        if (config.timestampAttribute === undefined) return Promise.resolve({ data });
        return Promise.resolve({ data, timestamp: Number(values[schema.length]) });
      },
      close() {
        rows.return?.();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
