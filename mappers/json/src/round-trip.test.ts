// Round trips: events → json sink mapper → json source mapper give back the same events: the
// engine's contract suite on a fixed batch, then properties over random events in the default
// format (grouped and one by one, nulls included) and through a @payload template read back
// with @attributes JSON Paths.

import fc from 'fast-check';
import { describeMapperRoundTrip } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { jsonSinkMapperSpec, jsonSourceMapperSpec } from './index.js';
import { anyText, sinkHarness, sourceHarness } from './mapper-harness.test-support.js';

const ATTRIBUTES = 's string, i int, l long, f float, d double, b bool, o object';

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });

const rowArb = fc.tuple(
  nullable(anyText()),
  nullable(fc.integer()),
  nullable(fc.maxSafeInteger()),
  nullable(fc.float().map(Math.fround)),
  nullable(fc.double()),
  nullable(fc.boolean()),
  // an object attribute holds JSON values (what survives JSON: -0 becomes 0)
  nullable(fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown)),
);

describeMapperRoundTrip(
  jsonSinkMapperSpec,
  jsonSourceMapperSpec,
  [
    ['IBM', 75, 100, Math.fround(75.5), 0.1, true, { tags: ['a', 'b'] }],
    ['Zürich "€"\n', -1, 2 ** 53 - 1, null, Number.NaN, false, null],
    [null, null, null, Math.fround(-0.25), -Infinity, null, [1, 'x', null]],
  ],
  {
    attributes: [
      { name: 's', type: 'string' },
      { name: 'i', type: 'int' },
      { name: 'l', type: 'long' },
      { name: 'f', type: 'float' },
      { name: 'd', type: 'double' },
      { name: 'b', type: 'bool' },
      { name: 'o', type: 'object' },
    ],
    sinkOptions: { 'enable.null.attribute.value': 'true' },
  },
);

describe('json mapper round trip', () => {
  it('default format, grouped: one message holding the events', () => {
    const sink = sinkHarness(jsonSinkMapperSpec, ATTRIBUTES, {
      'enable.null.attribute.value': 'true',
    });
    const source = sourceHarness(jsonSourceMapperSpec, ATTRIBUTES);
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 5 }), (rows) => {
        const out = sink.map(rows);
        expect(out).toHaveLength(1);
        const mapped = out.flatMap(({ payload }) => source.map(payload).rows);
        expect(mapped).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('default format, one message per event, wrapped in an enclosing element', () => {
    const sink = sinkHarness(jsonSinkMapperSpec, ATTRIBUTES, {
      'enable.null.attribute.value': 'true',
      'event.grouping.enabled': 'false',
      'enclosing.element': '$.wrapper',
    });
    const source = sourceHarness(jsonSourceMapperSpec, ATTRIBUTES, {
      'enclosing.element': '$.wrapper',
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 5 }), (rows) => {
        const out = sink.map(rows);
        expect(out).toHaveLength(rows.length);
        expect(out.flatMap(({ payload }) => source.map(payload).rows)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('@payload template read back through @attributes', () => {
    const attributes = 'symbol string, price double, volume long';
    const sink = sinkHarness(
      jsonSinkMapperSpec,
      attributes,
      { 'validate.json': 'true' },
      '{"stock":{"name":"{{symbol}}","price":{{price}}},"volume":{{volume}}}',
    );
    const source = sourceHarness(
      jsonSourceMapperSpec,
      attributes,
      {},
      {
        symbol: '$.stock.name',
        price: 'stock.price',
        volume: '$.volume',
      },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            anyText(),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.maxSafeInteger(),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (rows) => {
          const out = sink.map(rows);
          expect(out.flatMap(({ payload }) => source.map(payload).rows)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
