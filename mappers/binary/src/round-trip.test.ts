// Round trip: events → binary sink mapper → binary source mapper give the same events.

import fc from 'fast-check';
import { describeMapperRoundTrip } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { binarySinkMapper, binarySourceMapper, extensions } from './index.js';
import {
  eventsOf,
  rowsArbitrary,
  runSink,
  runSource,
  sinkMapperFor,
  sourceMapperFor,
} from './mapper-harness.test-support.js';

const STREAM =
  'define stream S (symbol string, price float, volume long, ok bool, n int, d double);';
const TYPES = ['string', 'float', 'long', 'bool', 'int', 'double'];

describe('binary round trip', { timeout: 30_000 }, () => {
  it('events → message → events (strings non-empty or null: length 0 reads back as null)', () => {
    const sink = sinkMapperFor(
      extensions,
      `@sink(type='inMemory', topic='t', @map(type='binary')) ${STREAM}`,
    );
    const source = sourceMapperFor(
      extensions,
      `@source(type='inMemory', topic='t', @map(type='binary')) ${STREAM}`,
    );
    const row = fc.tuple(
      fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { nil: null }),
      ...TYPES.slice(1).map((t) => rowsArbitrary([t], { nulls: false }, 1).map((r) => r[0]?.[0])),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (rows) => {
        const out = runSink(sink, eventsOf(rows));
        expect(out.error).toBeUndefined();
        const back = out.payloads.flatMap((p) => runSource(source, p).rows);
        expect(back).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});

// The engine's contract suite for mapper round trips, on fixed events (null strings only:
// the format has no other null).
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
  [null, 0, 0, false, 0, 0],
];

describeMapperRoundTrip(binarySinkMapper, binarySourceMapper, CONTRACT_ROWS, {
  attributes: CONTRACT_ATTRIBUTES,
});
