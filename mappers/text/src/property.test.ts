// Property tests: random and truncated payloads never make a csv, text or keyvalue source
// mapper throw anything but MappingError, and every payload that gives no event says why.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import {
  eventsOf,
  rowsArbitrary,
  runSink,
  runSource,
  sinkMapperFor,
  sourceMapperFor,
  type SourceRun,
} from './mapper-harness.test-support.js';

const STREAM =
  'define stream S (symbol string, price float, volume long, ok bool, n int, d double);';
const TYPES = ['string', 'float', 'long', 'bool', 'int', 'double'];

/** A run that gave nothing must carry a reason; every reason has a message. */
function explained(run: SourceRun): boolean {
  const messages = [
    ...run.reported.map((r) => r.message),
    ...(run.error ? [run.error.message] : []),
  ];
  return messages.every((m) => m.length > 0) && (run.rows.length > 0 || messages.length > 0);
}

const textPayloads = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
  fc.anything(),
);

const APPS = {
  csv: [
    "@source(type='inMemory', topic='t', @map(type='csv')) " + STREAM,
    "@source(type='inMemory', topic='t', @map(type='csv', event.grouping.enabled='true', fail.on.unknown.attribute='false', delimiter=';')) " +
      STREAM,
  ],
  text: [
    "@source(type='inMemory', topic='t', @map(type='text')) " + STREAM,
    "@source(type='inMemory', topic='t', @map(type='text', event.grouping.enabled='true', fail.on.missing.attribute='false')) " +
      STREAM,
    "@source(type='inMemory', topic='t', @map(type='text', regex.A='(\\w+),([^,]*),([^,]*),(\\w*),(-?\\d*),(.*)', " +
      "@attributes(symbol='A[1]', price='A[2]', volume='A[3]', ok='A[4]', n='A[5]', d='A[6]'))) " +
      STREAM,
  ],
  keyvalue: [
    "@source(type='inMemory', topic='t', @map(type='keyvalue')) " + STREAM,
    "@source(type='inMemory', topic='t', @map(type='keyvalue', implicit.cast.enable='true', fail.on.missing.attribute='false')) " +
      STREAM,
  ],
} as const;

/** Payloads that give no event legitimately: blank CSV, blank text groups, empty batches. */
function legitimatelyEmpty(mapper: string, payload: unknown): boolean {
  const text =
    typeof payload === 'string'
      ? payload
      : payload instanceof Uint8Array
        ? Buffer.from(payload).toString()
        : undefined;
  if (mapper === 'keyvalue') return Array.isArray(payload) && payload.length === 0;
  if (text === undefined) return false;
  if (mapper === 'csv') return /^[\r\n]*$/.test(text);
  return text.split(/~~~~~~~~~~\n/).every((p) => p.trim() === '');
}

describe(
  'source mappers never throw anything but MappingError, and explain every failure',
  { timeout: 30_000 },
  () => {
    for (const [mapper, apps] of Object.entries(APPS)) {
      apps.forEach((app, i) => {
        it(`${mapper} #${String(i + 1)}: random payloads`, () => {
          const source = sourceMapperFor(extensions, app);
          const payloads =
            mapper === 'keyvalue'
              ? fc.oneof(
                  fc.dictionary(
                    fc.constantFrom('symbol', 'price', 'volume', 'ok', 'n', 'd', 'x'),
                    fc.anything(),
                  ),
                  fc.array(fc.anything(), { maxLength: 4 }),
                  fc.anything(),
                )
              : textPayloads;
          fc.assert(
            fc.property(payloads, (payload) => {
              const run = runSource(source, payload);
              return explained(run) || legitimatelyEmpty(mapper, payload);
            }),
            { numRuns: 300 },
          );
        });
      });
    }

    for (const mapper of ['csv', 'text'] as const) {
      it(`${mapper}: truncated payloads of valid events`, () => {
        const sink = sinkMapperFor(
          extensions,
          `@sink(type='inMemory', topic='t', @map(type='${mapper}', event.grouping.enabled='true')) ${STREAM}`,
        );
        const source = sourceMapperFor(
          extensions,
          `@source(type='inMemory', topic='t', @map(type='${mapper}', event.grouping.enabled='true')) ${STREAM}`,
        );
        fc.assert(
          fc.property(
            rowsArbitrary(TYPES, {
              string: fc.string({ maxLength: 8 }).filter((s) => !s.includes('\n')),
            }),
            fc.nat(),
            (rows, cut) => {
              const [payload] = runSink(sink, eventsOf(rows)).payloads;
              expect(typeof payload).toBe('string');
              const text = String(payload);
              const truncated = text.slice(0, cut % (text.length + 1));
              const run = runSource(source, truncated);
              return explained(run) || legitimatelyEmpty(mapper, truncated);
            },
          ),
          { numRuns: 300 },
        );
      });
    }
  },
);
