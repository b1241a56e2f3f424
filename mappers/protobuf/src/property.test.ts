// Property tests: random bytes, random objects and truncated messages never make the protobuf
// source mapper throw anything but MappingError, and a payload that gives no event says why.
// (A message cut at a field boundary is a valid, shorter message: it decodes.)

import { join } from 'node:path';
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

const FILE = join(import.meta.dirname, '__fixtures__', 'protobuf', 'sample.proto');
const ORDER = `define stream S (customer string, side string, quantity long, signature string, note string, delta int, small long, big double, units long, orderId string);`;
const REQUEST =
  'define stream S (stringValue string, intValue int, longValue long, booleanValue bool, floatValue float, doubleValue double);';

describe('protobuf source mapper under random input', { timeout: 30_000 }, () => {
  const apps = [
    `@source(type='inMemory', topic='t', @map(type='protobuf', file='${FILE}', class='tributary.test.Request')) ${REQUEST}`,
    `@source(type='inMemory', topic='t', @map(type='protobuf', file='${FILE}', class='tributary.test.Order', @attributes(customer='customer.name', side='side', quantity='quantity', signature='signature', note='note', delta='delta', small='small', big='big', units='price.units', orderId='order_id'))) ${ORDER}`,
  ];
  apps.forEach((app, n) => {
    it(`#${String(n + 1)}: random bytes and objects give a row or a MappingError with a message`, () => {
      const mapper = sourceMapperFor(extensions, app);
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.anything()), (payload) => {
          const run = runSource(mapper, payload);
          return run.rows.length === 1 || (run.error?.message ?? '').length > 0;
        }),
        { numRuns: 1000 },
      );
    });
  });

  it('prefixes of valid messages decode or give a MappingError', () => {
    const sink = sinkMapperFor(
      extensions,
      `@sink(type='inMemory', topic='t', @map(type='protobuf', file='${FILE}', class='tributary.test.Request')) ${REQUEST}`,
    );
    const source = sourceMapperFor(extensions, apps[0] ?? '');
    fc.assert(
      fc.property(
        rowsArbitrary(['string', 'int', 'long', 'bool', 'float', 'double'], { nulls: false }, 1),
        fc.nat(),
        (rows, cut) => {
          const [message] = runSink(sink, eventsOf(rows)).payloads as Buffer[];
          const bytes = message ?? Buffer.alloc(0);
          const run = runSource(
            source,
            bytes.subarray(0, bytes.length === 0 ? 0 : cut % bytes.length),
          );
          expect(run.rows.length === 1 || (run.error?.message ?? '').length > 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
