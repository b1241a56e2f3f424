// Property tests: random bytes, truncated messages and random decoded objects never make the
// avro source mapper throw anything but MappingError, and every failure says why.

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

const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'R',
  fields: [
    { name: 's', type: ['null', 'string'] },
    { name: 'f', type: 'float' },
    { name: 'l', type: 'long' },
    { name: 'b', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'd', type: 'double' },
    { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
    {
      name: 'dec',
      type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 },
      default: '',
    },
  ],
});
const STREAM = 'define stream S (s string, f float, l long, b bool, i int, d double);';

describe('avro source mapper under random input', { timeout: 30_000 }, () => {
  const apps = [
    `@source(type='inMemory', topic='t', @map(type='avro', schema.def="""${SCHEMA}""")) ${STREAM}`,
    `@source(type='inMemory', topic='t', @map(type='avro', use.avro.deserializer='true', schema.def="""${SCHEMA}""", @attributes(s='s', f='f', l='l', b='b', i='i', d='tags[0]'))) ${STREAM}`,
    `@source(type='inMemory', topic='t', @map(type='avro', schema.def="""{"type":"array","items":${SCHEMA}}""", fail.on.missing.attribute='false')) ${STREAM}`,
  ];
  apps.forEach((app, n) => {
    it(`#${String(n + 1)}: random bytes and values give rows or MappingErrors with a message`, () => {
      const mapper = sourceMapperFor(extensions, app);
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 96 }).map((b) => Buffer.from(b)),
            fc.anything(),
          ),
          (payload) => {
            const run = runSource(mapper, payload);
            const messages = [
              ...run.reported.map((r) => r.message),
              run.error?.message ?? '',
            ].filter((m) => m !== '');
            // an empty array message is a batch of no records
            return run.rows.length > 0 || messages.length > 0 || n === 2;
          },
        ),
        { numRuns: 1000 },
      );
    });
  });

  it('every proper prefix of a valid message is a MappingError', () => {
    const sink = sinkMapperFor(
      extensions,
      `@sink(type='inMemory', topic='t', @map(type='avro', schema.def="""${SCHEMA}""")) ${STREAM}`,
    );
    const source = sourceMapperFor(extensions, apps[0] ?? '');
    fc.assert(
      fc.property(
        rowsArbitrary(['string', 'float', 'long', 'bool', 'int', 'double'], { nulls: false }, 1),
        fc.nat(),
        (rows, cut) => {
          const [message] = runSink(sink, eventsOf(rows)).payloads as Buffer[];
          expect(message).toBeInstanceOf(Buffer);
          const bytes = message ?? Buffer.alloc(0);
          expect(runSource(source, bytes.subarray(0, cut % bytes.length)).error?.message).toMatch(
            /not valid Avro/,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
