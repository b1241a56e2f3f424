// Round trips: events → avro sink mapper → avro source mapper give the same events, with a
// generated schema, an inline schema of nullable unions and logical types, and a template.

import fc from 'fast-check';
import { describeMapperRoundTrip } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { avroSinkMapper, avroSourceMapper, extensions } from './index.js';
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
const NULLABLE = JSON.stringify({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'symbol', type: ['null', 'string'] },
    { name: 'price', type: ['null', 'float'] },
    { name: 'volume', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }] },
    { name: 'ok', type: ['null', 'boolean'] },
    { name: 'n', type: ['null', 'int'] },
    { name: 'd', type: ['null', 'double'] },
  ],
});

interface Case {
  readonly name: string;
  readonly map: string;
  readonly sinkExtra?: string;
  readonly values: ValueOptions;
}

const CASES: readonly Case[] = [
  { name: 'generated schema', map: "@map(type='avro')", values: { nulls: false } },
  {
    name: 'nullable unions, timestamp-millis',
    map: `@map(type='avro', schema.def="""${NULLABLE}""")`,
    values: {},
  },
  {
    name: 'Confluent framing without a registry',
    map: `@map(type='avro', schema.def="""${NULLABLE}""", schema.id='5', use.avro.serializer='true', use.avro.deserializer='true')`,
    values: {},
  },
  {
    name: 'JSON template',
    map: `@map(type='avro', schema.def="""${NULLABLE}""")`,
    sinkExtra:
      '@payload("""{"d":{{d}},"n":{{n}},"ok":{{ok}},"volume":{{volume}},"price":{{price}},"symbol":"{{symbol}}"}""")',
    values: {
      string: fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => s !== 'null'),
      nulls: false,
    },
  },
];

function sourceMap(map: string): string {
  // the sink-only option is not one of the source's
  return map.replace(", use.avro.serializer='true'", '').replace(", schema.id='5'", '');
}

describe('avro round trips', { timeout: 30_000 }, () => {
  for (const c of CASES) {
    it(c.name, () => {
      const sinkMap = c.sinkExtra === undefined ? c.map : c.map.replace(/\)$/, `, ${c.sinkExtra})`);
      const sink = sinkMapperFor(
        extensions,
        `@sink(type='inMemory', topic='t', ${sinkMap.replace(", use.avro.deserializer='true'", '')}) ${STREAM}`,
      );
      const source = sourceMapperFor(
        extensions,
        `@source(type='inMemory', topic='t', ${sourceMap(c.map)}) ${STREAM}`,
      );
      // NaN in a JSON template is not JSON; JSON templates take finite numbers
      const values: ValueOptions = c.sinkExtra === undefined ? c.values : { ...c.values };
      fc.assert(
        fc.property(rowsArbitrary(TYPES, values), (rows) => {
          const usable =
            c.sinkExtra === undefined
              ? rows
              : rows.filter((r) => r.every((v) => typeof v !== 'number' || Number.isFinite(v)));
          const out = runSink(sink, eventsOf(usable));
          expect(out.error).toBeUndefined();
          const back = out.payloads.flatMap((p) => {
            const run = runSource(source, p);
            expect(run.error?.message).toBeUndefined();
            return run.rows;
          });
          expect(back).toEqual(usable);
        }),
        { numRuns: 150 },
      );
    });
  }
});

// The engine's contract suite for mapper round trips, on fixed events.
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

describeMapperRoundTrip(avroSinkMapper, avroSourceMapper, CONTRACT_ROWS, {
  attributes: CONTRACT_ATTRIBUTES,
  sinkOptions: { 'schema.def': NULLABLE },
  sourceOptions: { 'schema.def': NULLABLE },
});
