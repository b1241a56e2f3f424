// #window.unique:lengthBatch(unique.key, window.length) and unique:firstLengthBatch(…):
// tumbling batches of `window.length` unique keys. Within a batch an event with a collected key
// replaces it (lengthBatch) or is ignored (firstLengthBatch).

import type { Clock, StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension } from '@tributary/engine/extension-api';
import { KeyedBatch } from './keyed-batch.js';
import {
  keyReader,
  lengthParameter,
  numberArgument,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** Tumbling batches of `length` unique keys (see `uniqueLengthBatchWindow`). */
export class UniqueLengthBatchWindow extends UniqueWindow {
  readonly #batch: KeyedBatch;

  constructor(
    keyOf: (event: StreamEvent) => unknown,
    keepFirst: boolean,
    private readonly length: number,
    private readonly clock: Clock,
  ) {
    super();
    this.#batch = new KeyedBatch(keyOf, keepFirst);
  }

  process(chunk: StreamEvent[]): void {
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      this.#batch.add(event);
      if (this.#batch.size >= this.length) this.emit(this.#batch.flush(this.clock.now()));
    }
  }

  contents(): readonly StreamEvent[] {
    return this.#batch.emitted;
  }

  snapshot(): WindowSnapshot {
    return this.#batch.snapshot();
  }

  restore(state: WindowSnapshot): void {
    this.#batch.restore(state);
  }
}

function lengthBatch(first: boolean): Extension {
  const name = first ? 'firstLengthBatch' : 'lengthBatch';
  return defineWindow({
    namespace: 'unique',
    name,
    status: 'stable',
    summary: first
      ? 'Tumbling batches of N unique keys, keeping the first event of each key.'
      : 'Tumbling batches of N unique keys, keeping the latest event of each key.',
    description:
      'Collects events until `window.length` distinct keys are held, then emits the batch ' +
      '(the previous batch expires, stamped with the current time, as do the new events). ' +
      (first
        ? 'An event whose key is already in the batch is not processed.'
        : 'An event whose key is already in the batch replaces the collected one.'),
    parameters: [uniqueKey, lengthParameter],
    examples: [
      {
        description: `Emits batches of 10 unique symbols (the ${first ? 'first' : 'latest'} event of each).`,
        siddhi:
          'define stream CseEventStream (symbol string, price float, volume int);\n' +
          `from CseEventStream#window.unique:${name}(symbol, 10)\n` +
          'select symbol, price, volume\ninsert all events into OutputStream;',
      },
    ],
    create: (args, ctx) =>
      new UniqueLengthBatchWindow(
        keyReader(args.slice(0, 1)),
        first,
        numberArgument(args, 1, 'window.length', 1),
        ctx.clock,
      ),
  });
}

/** #window.unique:lengthBatch. */
export const uniqueLengthBatchWindow: Extension = lengthBatch(false);

/** #window.unique:firstLengthBatch. */
export const uniqueFirstLengthBatchWindow: Extension = lengthBatch(true);
