// #reorder:kslack(timestamp[, timeout][, max.k][, discard.late.arrival]): reorders events by a
// timestamp attribute with the K-slack algorithm: K is the greatest lateness seen (capped by
// max.k), and an event is released once an event K newer has arrived.

import {
  defineStreamProcessor,
  type Extension,
  type ParameterSpec,
} from '@tributary/engine/extension-api';
import {
  boolConstant,
  numberConstant,
  ReorderProcessor,
  timestampReader,
} from './reorder-processor.js';

/** K-slack reordering (see `kslackProcessor`). */
export class KSlackProcessor extends ReorderProcessor {
  protected observe(): void {
    // plain K-slack keeps no statistics
  }

  protected accepted(): void {
    // plain K-slack keeps no statistics
  }

  protected nextK(lateness: number): number {
    return lateness;
  }

  snapshot(): unknown {
    return { buffer: this.buffer.snapshot() };
  }

  restore(state: unknown): void {
    this.restoreBuffer((state as { buffer?: unknown } | null)?.buffer);
  }
}

/** The parameters both reorder processors share. */
export const timestampParameter: ParameterSpec = {
  name: 'timestamp',
  types: ['long'],
  description: 'The event timestamp the events are ordered by.',
};

export const timeoutParameter: ParameterSpec = {
  name: 'timeout',
  types: ['int', 'long'],
  constant: true,
  optional: true,
  description:
    'Milliseconds after which an event still buffered is released anyway (with the events ' +
    'older than it), by a timer. Default: -1 (no timeout).',
};

export const maxKParameter: ParameterSpec = {
  name: 'max.k',
  types: ['int', 'long'],
  constant: true,
  optional: true,
  description: 'The greatest K (ms of slack). Default: no limit.',
};

export const discardParameter: ParameterSpec = {
  name: 'discard.late.arrival',
  types: ['bool'],
  constant: true,
  optional: true,
  description:
    'If true, events older than the last released one are dropped instead of being emitted ' +
    'out of order. Default: false.',
};

/** Reads `max.k`: -1 (or absent) is no limit. */
export function maxKOf(value: number): number {
  return value < 0 ? Infinity : value;
}

/** #reorder:kslack. */
export const kslackProcessor: Extension = defineStreamProcessor({
  namespace: 'reorder',
  name: 'kslack',
  status: 'stable',
  summary: 'Reorders out-of-order events by a timestamp attribute (K-slack algorithm).',
  description:
    'Buffers events and emits them in `timestamp` order. K, the slack, grows to the greatest ' +
    'lateness observed (at most `max.k`); an event is released once an event K milliseconds ' +
    'newer has arrived. With `timeout` events buffered that long are released anyway; with ' +
    '`discard.late.arrival` events older than the last released one are dropped.',
  parameters: [timestampParameter, timeoutParameter, maxKParameter, discardParameter],
  overloads: [
    ['timestamp'],
    ['timestamp', 'timeout'],
    ['timestamp', 'discard.late.arrival'],
    ['timestamp', 'timeout', 'max.k'],
    ['timestamp', 'timeout', 'discard.late.arrival'],
    ['timestamp', 'timeout', 'max.k', 'discard.late.arrival'],
  ],
  appends: [],
  examples: [
    {
      description: 'Reorders events by eventTime, releasing events buffered for 5 seconds anyway.',
      siddhi:
        'define stream StockStream (eventTime long, symbol string, volume long);\n' +
        "@info(name = 'query1')\nfrom StockStream#reorder:kslack(eventTime, 5000)\n" +
        'select eventTime, symbol, volume\ninsert into OutputStream;',
    },
    {
      description: 'Reorders by eventTime and drops events arriving after their turn.',
      siddhi:
        'define stream StockStream (eventTime long, symbol string, volume long);\n' +
        'from StockStream#reorder:kslack(eventTime, true)\n' +
        'select eventTime, symbol, volume\ninsert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const rest = args.slice(1);
    const timeoutArg = rest.find((a) => a.type !== 'bool');
    const maxKArg = rest.filter((a) => a.type !== 'bool')[1];
    const discardArg = rest.find((a) => a.type === 'bool');
    return new KSlackProcessor(
      {
        timeOf: timestampReader(args[0]),
        timeout: numberConstant(timeoutArg, 'timeout', -1),
        maxK: maxKOf(numberConstant(maxKArg, 'max.k', -1)),
        discardLate: boolConstant(discardArg, 'discard.late.arrival', false),
      },
      ctx,
    );
  },
});
