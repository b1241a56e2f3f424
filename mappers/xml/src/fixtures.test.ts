// Golden payload fixtures (__fixtures__/*.json): `source-*` map a payload (or, for streamed
// content, several in turn) to rows, reported errors or an error; `sink-*` map event rows to
// payloads or an error. One test per file.

import { readFileSync, readdirSync } from 'node:fs';
import { MappingError } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { xmlSinkMapperSpec, xmlSourceMapperSpec } from './index.js';
import { attributesOf, sinkHarness, sourceHarness } from './mapper-harness.test-support.js';

interface Expectation {
  readonly rows?: unknown[][];
  readonly reported?: string[];
  readonly payloads?: string[];
  readonly error?: string;
  readonly createError?: string;
}

interface Fixture {
  readonly description: string;
  readonly attributes: string;
  readonly options?: Record<string, string>;
  readonly mappings?: Record<string, string>;
  readonly template?: string | Record<string, string>;
  readonly payload?: string;
  readonly payloadBase64?: string;
  readonly payloadValue?: unknown;
  /** Streamed content: mapped in turn by one mapper, results concatenated. */
  readonly payloads?: string[];
  readonly events?: unknown[][];
  readonly expect: Expectation;
}

const dir = new URL('./__fixtures__/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** `{"$number":"NaN"}` stands for numbers JSON cannot hold. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value === 'object' && value !== null) {
    const n = (value as Record<string, unknown>).$number;
    if (typeof n === 'string') return Number(n);
  }
  return value;
}

function payloadOf(f: Fixture): unknown {
  if (f.payloadBase64 !== undefined) return Buffer.from(f.payloadBase64, 'base64');
  if (f.payloadValue !== undefined) return f.payloadValue;
  return f.payload;
}

/** Expected rows, with float columns rounded to float as the mapper rounds them. */
function expectedRows(f: Fixture, rows: unknown[][]): unknown[][] {
  const types = attributesOf(f.attributes).map((a) => a.type);
  return rows.map((row) =>
    row.map((v, i) => {
      const value = revive(v);
      return types[i] === 'float' && typeof value === 'number' ? Math.fround(value) : value;
    }),
  );
}

function runSource(f: Fixture): void {
  const create = (): ReturnType<typeof sourceHarness> =>
    sourceHarness(xmlSourceMapperSpec, f.attributes, f.options, f.mappings);
  if (f.expect.createError !== undefined) {
    expect(create).toThrow(f.expect.createError);
    return;
  }
  const mapper = create();
  if (f.expect.error !== undefined) {
    let thrown: unknown;
    try {
      mapper.map(payloadOf(f));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MappingError);
    expect((thrown as MappingError).message).toContain(f.expect.error);
    return;
  }
  const results = (f.payloads ?? [payloadOf(f)]).map((p) => mapper.map(p));
  const result = {
    rows: results.flatMap((r) => r.rows),
    reported: results.flatMap((r) => r.reported),
  };
  expect(result.rows).toEqual(expectedRows(f, f.expect.rows ?? []));
  const reported = f.expect.reported ?? [];
  expect(result.reported).toHaveLength(reported.length);
  reported.forEach((text, i) => {
    const entry = result.reported[i];
    expect(entry?.error).toBeInstanceOf(MappingError);
    expect(entry?.error.message).toContain(text);
    expect(typeof entry?.raw).toBe('string');
  });
}

function runSink(f: Fixture): void {
  const create = (): ReturnType<typeof sinkHarness> =>
    sinkHarness(xmlSinkMapperSpec, f.attributes, f.options, f.template);
  if (f.expect.createError !== undefined) {
    expect(create).toThrow(f.expect.createError);
    return;
  }
  const mapper = create();
  const rows = expectedRows(f, f.events ?? []);
  if (f.expect.error !== undefined) {
    expect(() => mapper.map(rows)).toThrow(MappingError);
    expect(() => mapper.map(rows)).toThrow(f.expect.error);
    return;
  }
  const out = mapper.map(rows);
  expect(out.map((o) => o.payload)).toEqual(f.expect.payloads);
  // a group is published with its last event (whose attributes fill dynamic options)
  if (out.length === 1 && rows.length > 1)
    expect(out[0]?.event.data).toEqual(rows[rows.length - 1]);
}

describe('xml mapper fixtures', () => {
  it('has fixtures for both directions', () => {
    expect(files.some((f) => f.startsWith('source-'))).toBe(true);
    expect(files.some((f) => f.startsWith('sink-'))).toBe(true);
  });
  for (const file of files) {
    const fixture = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
    it(`${file}: ${fixture.description}`, () => {
      if (file.startsWith('source-')) runSource(fixture);
      else if (file.startsWith('sink-')) runSink(fixture);
      else throw new Error(`fixture '${file}' must start with source- or sink-`);
    });
  }
});
