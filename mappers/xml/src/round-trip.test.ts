// Round trips: events → xml sink mapper → xml source mapper give back the same events: the
// engine's contract suite on a fixed batch, then properties over random events in the default
// format (nulls as xsi:nil, NaN and infinities, any XML-legal text), inside an enclosing
// element, and through a @payload template read back with XPath @attributes.

import fc from 'fast-check';
import { describeMapperRoundTrip } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { xmlSinkMapperSpec, xmlSourceMapperSpec } from './index.js';
import { sinkHarness, sourceHarness, xmlText } from './mapper-harness.test-support.js';

const ATTRIBUTES = 's string, i int, l long, f float, d double, b bool';

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });

const rowArb = fc.tuple(
  nullable(xmlText()),
  nullable(fc.integer()),
  nullable(fc.maxSafeInteger()),
  nullable(fc.float().map(Math.fround)),
  nullable(fc.double()),
  nullable(fc.boolean()),
);

describeMapperRoundTrip(
  xmlSinkMapperSpec,
  xmlSourceMapperSpec,
  [
    ['IBM <&> "x"', 75, 100, Math.fround(75.5), 0.1, true],
    ['  Zürich €\n\t', -1, 2 ** 53 - 1, null, Number.NaN, false],
    [null, null, null, Math.fround(-0.25), -Infinity, null],
  ],
  {
    attributes: [
      { name: 's', type: 'string' },
      { name: 'i', type: 'int' },
      { name: 'l', type: 'long' },
      { name: 'f', type: 'float' },
      { name: 'd', type: 'double' },
      { name: 'b', type: 'bool' },
    ],
  },
);

describe('xml mapper round trip', () => {
  it('default format', () => {
    const sink = sinkHarness(xmlSinkMapperSpec, ATTRIBUTES);
    const source = sourceHarness(xmlSourceMapperSpec, ATTRIBUTES);
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 5 }), (rows) => {
        const out = sink.map(rows);
        expect(out).toHaveLength(1);
        expect(out.flatMap(({ payload }) => source.map(payload).rows)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('default format inside an enclosing element', () => {
    const sink = sinkHarness(xmlSinkMapperSpec, ATTRIBUTES, {
      'enclosing.element': '<p:batch xmlns:p="urn:p">',
    });
    const source = sourceHarness(xmlSourceMapperSpec, ATTRIBUTES, {
      'enclosing.element': '/q:batch',
      namespaces: 'q=urn:p',
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 5 }), (rows) => {
        expect(sink.map(rows).flatMap(({ payload }) => source.map(payload).rows)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('@payload template read back through XPath @attributes', () => {
    const attributes = 'symbol string, price double, volume long';
    const sink = sinkHarness(
      xmlSinkMapperSpec,
      attributes,
      { 'validate.xml': 'true' },
      '<stock name="{{symbol}}"><price>{{price}}</price><volume>{{volume}}</volume></stock>',
    );
    const source = sourceHarness(
      xmlSourceMapperSpec,
      attributes,
      {},
      {
        symbol: '/stock/@name',
        price: 'price',
        volume: './volume/text()',
      },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(xmlText(), fc.double(), fc.maxSafeInteger()), {
          minLength: 1,
          maxLength: 4,
        }),
        (rows) => {
          const out = sink.map(rows);
          expect(out).toHaveLength(rows.length);
          expect(out.flatMap(({ payload }) => source.map(payload).rows)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
