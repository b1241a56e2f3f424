// Round trips: events → protobuf sink mapper → protobuf source mapper give the same events
// (proto3 has no null for scalars, so generated values are never null there).

import { join } from 'node:path';
import fc from 'fast-check';
import { describeMapperRoundTrip } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { extensions, protobufSinkMapper, protobufSourceMapper } from './index.js';
import {
  eventsOf,
  rowsArbitrary,
  runSink,
  runSource,
  sinkMapperFor,
  sourceMapperFor,
} from './mapper-harness.test-support.js';

const FILE = join(import.meta.dirname, '__fixtures__', 'protobuf', 'sample.proto');

interface Case {
  readonly name: string;
  readonly cls: string;
  readonly stream: string;
  readonly sink?: string;
  readonly source?: string;
  readonly rows: fc.Arbitrary<unknown[][]>;
}

const CASES: readonly Case[] = [
  {
    name: 'Request, default mapping',
    cls: 'tributary.test.Request',
    stream:
      'define stream S (stringValue string, intValue int, longValue long, booleanValue bool, floatValue float, doubleValue double);',
    rows: rowsArbitrary(['string', 'int', 'long', 'bool', 'float', 'double'], { nulls: false }),
  },
  {
    name: 'Order, nested fields and an enum by @payload / @attributes',
    cls: 'tributary.test.Order',
    stream: 'define stream S (who string, side string, q long, units long, note string);',
    sink: ", @payload(customer.name='who', side='side', quantity='q', price.units='units', note='note')",
    source:
      ", @attributes(who='customer.name', side='side', q='quantity', units='price.units', note='note')",
    rows: fc.array(
      fc.tuple(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.constantFrom('BUY', 'SELL'),
        fc.maxSafeInteger().map(Math.abs),
        fc.maxSafeInteger(),
        fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  },
  {
    name: 'RequestWithList and RequestWithMap objects',
    cls: 'tributary.test.RequestWithMap',
    stream: 'define stream S (stringValue string, intValue int, map object);',
    rows: fc.array(
      fc.tuple(
        fc.string({ maxLength: 8 }),
        fc.integer(),
        fc.dictionary(fc.string({ maxLength: 4 }), fc.integer()),
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  },
];

describe('protobuf round trips', { timeout: 30_000 }, () => {
  for (const c of CASES) {
    it(c.name, () => {
      const map = `type='protobuf', file='${FILE}', class='${c.cls}'`;
      const sink = sinkMapperFor(
        extensions,
        `@sink(type='inMemory', topic='t', @map(${map}${c.sink ?? ''})) ${c.stream}`,
      );
      const source = sourceMapperFor(
        extensions,
        `@source(type='inMemory', topic='t', @map(${map}${c.source ?? ''})) ${c.stream}`,
      );
      fc.assert(
        fc.property(c.rows, (rows) => {
          const out = runSink(sink, eventsOf(rows));
          expect(out.error).toBeUndefined();
          const back = out.payloads.flatMap((p) => runSource(source, p).rows);
          expect(back).toEqual(rows);
        }),
        { numRuns: 200 },
      );
    });
  }
});

// The engine's contract suite for mapper round trips, on fixed events (proto3 scalars have no
// null).
describeMapperRoundTrip(
  protobufSinkMapper,
  protobufSourceMapper,
  [
    ['WSO2', 7, 9007199254740991, true, Math.fround(55.6), 0.1],
    ['', -1, -5, false, 0, -1e300],
  ],
  {
    attributes: [
      { name: 'stringValue', type: 'string' },
      { name: 'intValue', type: 'int' },
      { name: 'longValue', type: 'long' },
      { name: 'booleanValue', type: 'bool' },
      { name: 'floatValue', type: 'float' },
      { name: 'doubleValue', type: 'double' },
    ],
    sinkOptions: { file: FILE, class: 'tributary.test.Request' },
    sourceOptions: { file: FILE, class: 'tributary.test.Request' },
  },
);
