// Property tests: random text, random JSON, random bytes and truncated valid messages fed to
// the json source mapper (default format and @attributes). Nothing but a MappingError may
// escape, every error has a reason, and a truncated message is always refused with its cause.

import fc from 'fast-check';
import { MappingError } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { jsonSinkMapperSpec, jsonSourceMapperSpec } from './index.js';
import {
  anyText,
  sinkHarness,
  sourceHarness,
  type SourceHarness,
} from './mapper-harness.test-support.js';

const ATTRIBUTES = 'symbol string, price float, volume long, ok bool, extra object';

const mappers: readonly [string, SourceHarness][] = [
  ['default format', sourceHarness(jsonSourceMapperSpec, ATTRIBUTES)],
  [
    'default format, nulls for missing',
    sourceHarness(jsonSourceMapperSpec, ATTRIBUTES, { 'fail.on.missing.attribute': 'false' }),
  ],
  [
    '@attributes with an enclosing element',
    sourceHarness(
      jsonSourceMapperSpec,
      ATTRIBUTES,
      { 'enclosing.element': '$.events' },
      { symbol: 's', price: '$.p', volume: 'v[0]', ok: '$..ok', extra: '$.x[*]' },
    ),
  ],
];

/** Maps a payload; returns what escaped (if anything) after checking every reported error. */
function attempt(mapper: SourceHarness, payload: unknown): unknown {
  try {
    const { rows, reported } = mapper.map(payload);
    for (const row of rows) expect(row).toHaveLength(5);
    for (const { error, raw } of reported) {
      expect(error).toBeInstanceOf(MappingError);
      expect(error.message.length).toBeGreaterThan(0);
      expect(raw).toBeDefined();
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

const eventArb = fc.record({
  symbol: anyText(),
  price: fc.float({ noNaN: true, noDefaultInfinity: true }),
  volume: fc.maxSafeInteger(),
  ok: fc.boolean(),
  extra: fc.jsonValue(),
});

describe('json source mapper properties', () => {
  for (const [label, mapper] of mappers) {
    describe(label, () => {
      it('lets only MappingError escape for random text', () => {
        fc.assert(
          fc.property(anyText(), (text) => {
            expectOnlyMappingErrors(mapper, text);
          }),
          { numRuns: 300 },
        );
      });

      it('lets only MappingError escape for random JSON values, as text and parsed', () => {
        fc.assert(
          fc.property(fc.jsonValue(), (value) => {
            expectOnlyMappingErrors(mapper, JSON.stringify(value));
            expectOnlyMappingErrors(mapper, value);
          }),
          { numRuns: 300 },
        );
      });

      it('lets only MappingError escape for random bytes and non-text payloads', () => {
        fc.assert(
          fc.property(
            fc.oneof(
              fc.uint8Array().map((b) => Buffer.from(b)),
              fc.constantFrom(null, undefined, 42, true, Symbol('x')),
            ),
            (payload) => {
              expectOnlyMappingErrors(mapper, payload);
            },
          ),
          { numRuns: 200 },
        );
      });
    });
  }

  it('refuses every truncated message with the parser error as its cause', () => {
    const sink = sinkHarness(jsonSinkMapperSpec, ATTRIBUTES, {
      'enable.null.attribute.value': 'true',
    });
    const [, mapper] = mappers[0] ?? [];
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (events, cut) => {
          const rows = events.map((e) => [e.symbol, e.price, e.volume, e.ok, e.extra]);
          const [{ payload } = { payload: '' }] = sink.map(rows);
          const text = String(payload);
          const truncated = text.slice(0, Math.floor(cut * (text.length - 1)));
          const escaped = mapper === undefined ? undefined : attempt(mapper, truncated);
          expect(escaped).toBeInstanceOf(MappingError);
          expect((escaped as MappingError).cause).toBeInstanceOf(SyntaxError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
