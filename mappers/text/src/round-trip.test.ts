// Round trips: events → sink mapper → source mapper give the same events, for csv, text and
// keyvalue, with their default formats and their custom mappings.

import fc from 'fast-check';
import { describeMapperRoundTrip } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import {
  csvSinkMapper,
  csvSourceMapper,
  keyvalueSinkMapper,
  keyvalueSourceMapper,
  textSinkMapper,
  textSourceMapper,
} from './index.js';
import {
  eventsOf,
  rowsArbitrary,
  runSink,
  runSource,
  sinkMapperFor,
  sourceMapperFor,
  type ValueOptions,
} from './mapper-harness.test-support.js';

const STREAM =
  'define stream S (symbol string, price float, volume long, ok bool, n int, d double);';
const TYPES = ['string', 'float', 'long', 'bool', 'int', 'double'];

interface Case {
  readonly name: string;
  readonly sink: string;
  readonly source: string;
  readonly values?: ValueOptions;
  readonly stream?: string;
  readonly types?: readonly string[];
}

// The text format cannot carry a string holding `,` + line break (its attribute separator).
const noLineBreaks = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));

const CASES: readonly Case[] = [
  { name: 'csv default', sink: "@map(type='csv')", source: "@map(type='csv')" },
  {
    name: 'csv grouped, custom columns, tab delimiter',
    sink: "@map(type='csv', event.grouping.enabled='true', delimiter='\\t', @payload(symbol='5', price='4', volume='3', ok='2', n='1', d='0'))",
    source:
      "@map(type='csv', event.grouping.enabled='true', delimiter='\\t', @attributes(symbol='5', price='4', volume='3', ok='2', n='1', d='0'))",
  },
  {
    name: 'text default',
    sink: "@map(type='text')",
    source: "@map(type='text')",
    values: { string: noLineBreaks },
  },
  {
    name: 'text grouped, CRLF',
    sink: "@map(type='text', event.grouping.enabled='true', new.line.character='\\r\\n')",
    source: "@map(type='text', event.grouping.enabled='true', new.line.character='\\r\\n')",
    values: { string: noLineBreaks },
  },
  {
    name: 'text template → regex',
    sink: "@map(type='text', event.grouping.enabled='true', @payload(\"{{n}}|{{volume}}|{{ok}}|{{price}}|{{d}}|{{symbol}}\"))",
    source:
      "@map(type='text', event.grouping.enabled='true', regex.A='^(-?\\d+)\\|(-?\\d+)\\|(true|false)\\|([^|]+)\\|([^|]+)\\|(.*)$', " +
      "@attributes(n='A[1]', volume='A[2]', ok='A[3]', price='A[4]', d='A[5]', symbol='A[6]'))",
    values: { string: noLineBreaks.filter((s) => s !== 'null'), nulls: false },
  },
  {
    name: 'keyvalue default (with objects)',
    sink: "@map(type='keyvalue')",
    source: "@map(type='keyvalue', fail.on.missing.attribute='false')",
    stream:
      'define stream S (symbol string, price float, volume long, ok bool, n int, d double, o object);',
    types: [...TYPES, 'object'],
  },
  {
    name: 'keyvalue custom keys',
    sink: "@map(type='keyvalue', @payload(a='symbol', b='price', c='volume', e='ok', f='n', g='d'))",
    source:
      "@map(type='keyvalue', fail.on.missing.attribute='false', @attributes(symbol='a', price='b', volume='c', ok='e', n='f', d='g'))",
  },
];

describe('round trips', { timeout: 30_000 }, () => {
  for (const c of CASES) {
    it(c.name, () => {
      const stream = c.stream ?? STREAM;
      const sink = sinkMapperFor(
        extensions,
        `@sink(type='inMemory', topic='t', ${c.sink}) ${stream}`,
      );
      const source = sourceMapperFor(
        extensions,
        `@source(type='inMemory', topic='t', ${c.source}) ${stream}`,
      );
      fc.assert(
        fc.property(rowsArbitrary(c.types ?? TYPES, c.values), (rows) => {
          const out = runSink(sink, eventsOf(rows));
          expect(out.error).toBeUndefined();
          const back = out.payloads.flatMap((p) => {
            const run = runSource(source, p);
            expect(run.error?.message).toBeUndefined();
            expect(run.reported).toEqual([]);
            return run.rows;
          });
          expect(back).toEqual(rows);
        }),
        { numRuns: 200 },
      );
    });
  }
});

// The engine's contract suite for mapper round trips, on fixed events (nulls included).
const CONTRACT_ATTRIBUTES = [
  { name: 'symbol', type: 'string' },
  { name: 'price', type: 'float' },
  { name: 'volume', type: 'long' },
  { name: 'ok', type: 'bool' },
  { name: 'n', type: 'int' },
  { name: 'd', type: 'double' },
] as const;
const CONTRACT_ROWS = [
  ['WSO2', Math.fround(55.6), 100, true, -7, 0.1],
  ['IBM, Inc "quoted"', Math.fround(-1.5), -9007199254740991, false, 2147483647, 1e300],
  [null, null, null, null, null, null],
];

describeMapperRoundTrip(csvSinkMapper, csvSourceMapper, CONTRACT_ROWS, {
  attributes: CONTRACT_ATTRIBUTES,
});
describeMapperRoundTrip(textSinkMapper, textSourceMapper, CONTRACT_ROWS, {
  attributes: CONTRACT_ATTRIBUTES,
  sinkOptions: { 'event.grouping.enabled': 'true' },
  sourceOptions: { 'event.grouping.enabled': 'true' },
});
describeMapperRoundTrip(keyvalueSinkMapper, keyvalueSourceMapper, CONTRACT_ROWS, {
  attributes: CONTRACT_ATTRIBUTES,
  sourceOptions: { 'fail.on.missing.attribute': 'false' },
});
