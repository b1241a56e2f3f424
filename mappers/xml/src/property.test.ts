// Property tests: random text, random bytes, random XML-ish token soups and truncated valid
// messages fed to the xml source mapper (default format, XPath @attributes, streamed content).
// Nothing but a MappingError may escape, every error has a reason, a truncated message is
// refused with the parser's report as cause, and streaming a message in any pieces gives the
// same events as mapping it whole.

import fc from 'fast-check';
import { MappingError } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { xmlSinkMapperSpec, xmlSourceMapperSpec } from './index.js';
import {
  anyText,
  sinkHarness,
  sourceHarness,
  xmlText,
  type SourceHarness,
} from './mapper-harness.test-support.js';

const ATTRIBUTES = 'symbol string, price float, volume long, ok bool';

const mappers: readonly [string, SourceHarness][] = [
  ['default format', sourceHarness(xmlSourceMapperSpec, ATTRIBUTES)],
  [
    'XPath @attributes under an enclosing element',
    sourceHarness(
      xmlSourceMapperSpec,
      ATTRIBUTES,
      {
        'enclosing.element': '//events',
        namespaces: 'p=urn:p',
        'fail.on.missing.attribute': 'false',
      },
      { symbol: 'symbol', price: '@price', volume: 'p:volume[1]', ok: '//ok[last()]' },
    ),
  ],
  [
    'leaf node data',
    sourceHarness(
      xmlSourceMapperSpec,
      ATTRIBUTES,
      {
        'enclosing.element': '/events/event',
        'enclosing.element.as.event': 'true',
        'extract.leaf.node.data': 'true',
      },
      { symbol: '/event/symbol', price: '/event/@price', volume: '/event/volume', ok: '/event/ok' },
    ),
  ],
];

const TOKENS = [
  '<events>',
  '</events>',
  '<event>',
  '</event>',
  '<symbol>',
  '</symbol>',
  '<price>',
  '</price>',
  '<volume>',
  '</volume>',
  '<ok>',
  '</ok>',
  '<p:volume xmlns:p="urn:p">',
  '</p:volume>',
  '<event price="1.5">',
  '<ok/>',
  'true',
  '12',
  'WSO2',
  '&amp;',
  '&lt;',
  '&#65;',
  '&bogus;',
  '<![CDATA[x<y]]>',
  '<!-- c -->',
  '<?pi x?>',
  '<!DOCTYPE x>',
  ' ',
  '\n',
  '<',
  '>',
  '"',
  "'",
  '<a b="1" b="2">',
  '</a>',
  '<xsi:nil/>',
  '<event xmlns:xsi="urn:xsi" xsi:nil="true"/>',
];

function attempt(mapper: SourceHarness, payload: unknown): unknown {
  try {
    const { rows, reported } = mapper.map(payload);
    for (const row of rows) expect(row).toHaveLength(4);
    for (const { error, raw } of reported) {
      expect(error).toBeInstanceOf(MappingError);
      expect(error.message.length).toBeGreaterThan(0);
      expect(typeof raw).toBe('string');
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectOnlyMappingErrors(mapper: SourceHarness, payload: unknown): void {
  const escaped = attempt(mapper, payload);
  if (escaped !== undefined) {
    expect(escaped).toBeInstanceOf(MappingError);
    expect((escaped as MappingError).message.length).toBeGreaterThan(0);
  }
}

const rowArb = fc.tuple(
  xmlText(),
  fc.float({ noNaN: true }).map(Math.fround),
  fc.maxSafeInteger(),
  fc.boolean(),
);

describe('xml source mapper properties', () => {
  for (const [label, mapper] of mappers) {
    describe(label, () => {
      it('lets only MappingError escape for random text and bytes', () => {
        fc.assert(
          fc.property(
            fc.oneof(
              anyText(),
              fc.uint8Array().map((b) => Buffer.from(b)),
            ),
            (payload) => {
              expectOnlyMappingErrors(mapper, payload);
            },
          ),
          { numRuns: 300 },
        );
      });

      it('lets only MappingError escape for XML-like token soups', () => {
        fc.assert(
          fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (tokens) => {
            expectOnlyMappingErrors(mapper, tokens.join(''));
            expectOnlyMappingErrors(mapper, `<events><event>${tokens.join('')}</event></events>`);
          }),
          { numRuns: 500 },
        );
      });
    });
  }

  it('refuses every truncated message with the parser report as its cause', () => {
    const sink = sinkHarness(xmlSinkMapperSpec, ATTRIBUTES);
    const [, mapper] = mappers[0] ?? [];
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, cut) => {
          const [{ payload } = { payload: '' }] = sink.map(rows);
          const text = String(payload);
          const escaped =
            mapper === undefined
              ? undefined
              : attempt(mapper, text.slice(0, Math.floor(cut * (text.length - 1))));
          expect(escaped).toBeInstanceOf(MappingError);
          expect((escaped as MappingError).message).toMatch(/^malformed XML: /);
          expect((escaped as MappingError).cause).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('maps streamed content cut into any pieces like the whole message', () => {
    const named = { symbol: 'symbol', price: 'price', volume: 'volume', ok: 'ok' };
    const whole = sourceHarness(
      xmlSourceMapperSpec,
      ATTRIBUTES,
      { 'enclosing.element': '/events/event', 'enclosing.element.as.event': 'true' },
      named,
    );
    const sink = sinkHarness(xmlSinkMapperSpec, ATTRIBUTES);
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (rows, cuts) => {
          const text = String(sink.map(rows)[0]?.payload);
          const at = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort(
            (a, b) => a - b,
          );
          const pieces = [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length));
          const streamed = sourceHarness(
            xmlSourceMapperSpec,
            ATTRIBUTES,
            { 'enclosing.element': '/events/event', 'enable.streaming.xml.content': 'true' },
            named,
          );
          const got = pieces.flatMap((p) => streamed.map(p).rows);
          expect(got).toEqual(whole.map(text).rows);
          expect(got).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});
