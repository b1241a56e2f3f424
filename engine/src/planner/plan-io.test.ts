import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import { silentLogger } from '../runtime/app/logger.js';
import { VirtualClock } from '../runtime/time/index.js';

function diagnosticsOf(text: string): { code: string; message: string; hint?: string }[] {
  const result = createEngine({ timeService: new VirtualClock(0), logger: silentLogger }).createApp(
    text,
  );
  if (result.ok) return [];
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) =>
      d.hint === undefined
        ? { code: d.code, message: d.message }
        : { code: d.code, message: d.message, hint: d.hint },
    );
}

const STREAM = 'define stream S (symbol string, price double);';

describe('planIo', () => {
  it('names an unknown source, sink, mapper or strategy with the stream, and suggests one', () => {
    expect(diagnosticsOf(`@source(type='inMemmory', topic='t') ${STREAM}`)).toEqual([
      {
        code: 'E_UNKNOWN_IO_EXTENSION',
        message: "no source 'inMemmory' is available (used by stream 'S')",
        hint: "did you mean 'inMemory'?",
      },
    ]);
    expect(diagnosticsOf(`@sink(type='kafka', topic='t') ${STREAM}`)).toEqual([
      {
        code: 'E_UNKNOWN_IO_EXTENSION',
        message: "no sink 'kafka' is available (used by stream 'S')",
        hint: 'install and register the plugin that provides this sink',
      },
    ]);
    expect(diagnosticsOf(`@sink(type='log', @map(type='jsn')) ${STREAM}`)[0]?.message).toBe(
      "no sink mapper 'jsn' is available (used by stream 'S')",
    );
    expect(
      diagnosticsOf(
        `@sink(type='inMemory', @distribution(strategy='roundRobbin', @destination(topic='a'))) ${STREAM}`,
      )[0]?.hint,
    ).toBe("did you mean 'roundRobin'?");
  });

  it('checks options, dynamic templates and on.error', () => {
    expect(diagnosticsOf(`@sink(type='log', prefx='p') ${STREAM}`)[0]).toMatchObject({
      code: 'E_UNKNOWN_OPTION',
      hint: "did you mean 'prefix'?",
    });
    expect(diagnosticsOf(`@sink(type='log', prefix='{{symbol}}') ${STREAM}`)[0]?.code).toBe(
      'E_OPTION_NOT_DYNAMIC',
    );
    expect(diagnosticsOf(`@sink(type='inMemory', topic='{{symbl}}') ${STREAM}`)[0]).toEqual({
      code: 'E_TEMPLATE_ATTRIBUTE',
      message:
        "sink 'inMemory' of stream 'S': option 'topic' refers to '{{symbl}}', which is not an attribute of the stream",
      hint: "did you mean 'symbol'?",
    });
    expect(
      diagnosticsOf(`@sink(type='inMemory', topic='t', on.error='RETRY') ${STREAM}`)[0]?.message,
    ).toBe(
      "sink 'inMemory': option 'on.error' must be one of LOG, WAIT, STREAM, STORE, found 'RETRY'",
    );
    expect(diagnosticsOf(`@source(type='inMemory') ${STREAM}`)[0]?.code).toBe('E_MISSING_OPTION');
  });

  it('checks @attributes, @payload and @distribution', () => {
    expect(
      diagnosticsOf(
        `@source(type='inMemory', topic='t', @map(type='passThrough', @attributes(symbol='a', 'b'))) ${STREAM}`,
      )[0]?.code,
    ).toBe('E_ATTRIBUTE_MAPPING');
    expect(
      diagnosticsOf(
        `@sink(type='log', @map(type='passThrough', @payload('a', k='b'))) ${STREAM}`,
      )[0]?.code,
    ).toBe('E_INVALID_PAYLOAD_MAPPING');
    expect(
      diagnosticsOf(
        `@sink(type='inMemory', topic='t', @distribution(strategy='broadcast')) ${STREAM}`,
      )[0]?.message,
    ).toBe("@distribution of stream 'S': it needs at least one @destination(...)");
    expect(
      diagnosticsOf(
        `@sink(type='inMemory', @distribution(strategy='partitioned', partitionKey='sym', @destination(topic='a'))) ${STREAM}`,
      )[0]?.message,
    ).toBe(
      "distribution strategy 'partitioned' of stream 'S' could not be created: partitionKey 'sym' is not an attribute of stream 'S'",
    );
  });

  it('merges @destination options over the @sink ones', () => {
    expect(
      diagnosticsOf(
        `@sink(type='inMemory', topic='base', @distribution(strategy='roundRobin', @destination(topic='a'), @destination(topic='b'))) ${STREAM}`,
      ),
    ).toEqual([]);
  });
});
