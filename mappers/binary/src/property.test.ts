// Property tests: random bytes and truncated messages never make the binary source mapper
// throw anything but MappingError, and every message that gives no event says why.

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
} from './mapper-harness.test-support.js';

const STREAM =
  'define stream S (symbol string, price float, volume long, ok bool, n int, d double);';
const TYPES = ['string', 'float', 'long', 'bool', 'int', 'double'];
const source = sourceMapperFor(
  extensions,
  `@source(type='inMemory', topic='t', @map(type='binary')) ${STREAM}`,
);
const sink = sinkMapperFor(
  extensions,
  `@sink(type='inMemory', topic='t', @map(type='binary')) ${STREAM}`,
);

describe('binary source mapper under random input', { timeout: 30_000 }, () => {
  it('random payloads: only MappingErrors, each with a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.anything()), (payload) => {
        const run = runSource(source, payload);
        // a message announcing 0 events is the only way to get no event without an error
        const empty =
          payload instanceof Uint8Array && payload.length === 4 && payload.every((b) => b === 0);
        return run.rows.length > 0 || (run.error?.message ?? '').length > 0 || empty;
      }),
      { numRuns: 1000 },
    );
  });

  it('every proper prefix of a valid message is a MappingError; the whole one decodes', () => {
    fc.assert(
      fc.property(
        rowsArbitrary(TYPES, { string: fc.string({ minLength: 1, maxLength: 6 }), nulls: false }),
        fc.nat(),
        (rows, cut) => {
          const [message] = runSink(sink, eventsOf(rows)).payloads;
          expect(message).toBeInstanceOf(Uint8Array);
          const bytes = message as Uint8Array;
          const prefix = bytes.subarray(0, cut % bytes.length);
          expect(runSource(source, prefix).error?.message).toMatch(/malformed binary message/);
          expect(runSource(source, bytes).rows).toHaveLength(rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
