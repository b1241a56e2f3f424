// The `passThrough` mappers (the default `@map`): events cross unchanged. A source payload is an
// event (`{ timestamp, data }`), its data array, or an array of either; a sink publishes each
// event as an `IoEvent`.

import { defineSinkMapper, defineSourceMapper } from '../../extension-api/define.js';
import { MappingError, type IoEvent } from '../../extension-api/io-contracts.js';

function isIoEvent(value: unknown): value is IoEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { data?: unknown }).data)
  );
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The rows of a passThrough payload (not checked against the stream's width).
 * @example
 * passThroughRows([['IBM', 1], ['WSO2', 2]]) // [['IBM', 1], ['WSO2', 2]]
 */
export function passThroughRows(payload: unknown): readonly (readonly unknown[])[] {
  if (isIoEvent(payload)) return [payload.data];
  if (Array.isArray(payload)) {
    if (payload.length > 0 && payload.every(isIoEvent)) return payload.map((e) => e.data);
    if (payload.length > 0 && payload.every((p) => Array.isArray(p))) {
      return payload as readonly (readonly unknown[])[];
    }
    return [payload];
  }
  throw new MappingError(
    `passThrough expects an event, its data array or an array of them, found ${describeValue(payload)}`,
  );
}

/**
 * The `passThrough` source mapper.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [passThroughSourceMapper] });
 */
export const passThroughSourceMapper = defineSourceMapper({
  name: 'passThrough',
  status: 'stable',
  summary: 'Takes events as they come: an event, its data array, or an array of either.',
  description:
    'The default source mapper. Values are not converted: each data array must hold one value ' +
    "per attribute, in the stream's order.",
  parameters: {},
  examples: [
    {
      description: 'Events published by an inMemory sink arrive unchanged.',
      siddhi:
        "@source(type='inMemory', topic='Stocks', @map(type='passThrough'))\n" +
        'define stream StockStream (symbol string, price float);',
    },
  ],
  create: (ctx) => {
    const width = ctx.attributes.length;
    return {
      map: (payload, _transport, reportError) => {
        const rows = passThroughRows(payload);
        const good = rows.filter((row) => {
          if (row.length === width) return true;
          const error = new MappingError(
            `passThrough expects ${String(width)} value(s) per event, found ${String(row.length)}`,
          );
          if (rows.length === 1) throw error;
          reportError(error, row);
          return false;
        });
        return good;
      },
    };
  },
});

/**
 * The `passThrough` sink mapper.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [passThroughSinkMapper] });
 */
export const passThroughSinkMapper = defineSinkMapper({
  name: 'passThrough',
  status: 'stable',
  summary: 'Publishes each event unchanged, as an event object ({ timestamp, data }).',
  description: 'The default sink mapper; sinks receive one payload per event.',
  parameters: {},
  examples: [
    {
      description: 'Each event goes to the inMemory topic as is.',
      siddhi:
        "@sink(type='inMemory', topic='Stocks', @map(type='passThrough'))\n" +
        'define stream StockStream (symbol string, price float);',
    },
  ],
  create: () => ({
    map: (events, emit) => {
      // A copy: the receiving side keeps the array, the stream's event may be reused.
      for (const event of events)
        emit({ timestamp: event.timestamp, data: [...event.data] }, event);
    },
  }),
});
