// #window.unique:timeBatch(unique.key, window.time[, start.time]) and unique:firstTimeBatch(…):
// tumbling batches flushed every `window.time` (the first one `window.time` after the first
// event, or aligned to `start.time`), holding one event per key: the latest, or the first.

import type { StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension, type WindowContext } from '@tributary/engine/extension-api';
import { KeyedBatch } from './keyed-batch.js';
import {
  keyReader,
  numberArgument,
  numberField,
  startTimeParameter,
  timeParameter,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/**
 * The tick of a time batch: the first one `duration` after `now`, or the next boundary aligned
 * to `startTime`.
 */
export function firstTick(now: number, duration: number, startTime: number | undefined): number {
  if (startTime === undefined) return now + duration;
  return now + (duration - ((now - startTime) % duration));
}

/** Tumbling batches of unique keys every `duration` ms (see `uniqueTimeBatchWindow`). */
export class UniqueTimeBatchWindow extends UniqueWindow {
  readonly #batch: KeyedBatch;
  #nextEmit = -1;
  #armed = false;

  constructor(
    keyOf: (event: StreamEvent) => unknown,
    keepFirst: boolean,
    private readonly duration: number,
    private readonly startTime: number | undefined,
    private readonly ctx: WindowContext,
  ) {
    super();
    this.#batch = new KeyedBatch(keyOf, keepFirst);
  }

  process(chunk: StreamEvent[]): void {
    const now = this.ctx.clock.now();
    if (this.#nextEmit === -1) {
      this.#nextEmit = firstTick(now, this.duration, this.startTime);
      this.#schedule();
    }
    let send = false;
    if (now >= this.#nextEmit) {
      this.#nextEmit += this.duration;
      this.#schedule();
      send = true;
    }
    for (const event of chunk) if (event.type === 'current') this.#batch.add(event);
    if (send) this.emit(this.#batch.flush(now));
  }

  #schedule(): void {
    this.#armed = true;
    this.ctx.scheduleTimer(this.#nextEmit);
  }

  override start(): void {
    if (!this.#armed && this.#nextEmit !== -1) this.#schedule();
  }

  override stop(): void {
    this.#armed = false;
  }

  contents(): readonly StreamEvent[] {
    return this.#batch.emitted;
  }

  snapshot(): WindowSnapshot {
    return { ...this.#batch.snapshot(), nextEmit: this.#nextEmit };
  }

  restore(state: WindowSnapshot): void {
    this.#batch.restore(state);
    this.#nextEmit = numberField(state, 'nextEmit', -1);
    this.#armed = false;
    this.start();
  }
}

function timeBatch(first: boolean): Extension {
  const name = first ? 'firstTimeBatch' : 'timeBatch';
  return defineWindow({
    namespace: 'unique',
    name,
    status: 'stable',
    summary: first
      ? 'Tumbling time batches keeping the first event of each unique key.'
      : 'Tumbling time batches keeping the latest event of each unique key.',
    description:
      'Collects events for `window.time` and emits them as a batch (the previous batch expires; ' +
      'all stamped with the flush time). The first batch ends `window.time` after the first ' +
      'event, or at a boundary aligned to `start.time`. ' +
      (first
        ? 'An event whose key is already in the batch is not processed.'
        : 'An event whose key is already in the batch replaces the collected one.'),
    parameters: [
      uniqueKey,
      timeParameter('window.time', 'The tumbling period of the batches.'),
      startTimeParameter,
    ],
    examples: [
      {
        description: `Emits every second the ${first ? 'first' : 'latest'} event of each symbol.`,
        siddhi:
          'define stream CseEventStream (symbol string, price float, volume int);\n' +
          `from CseEventStream#window.unique:${name}(symbol, 1 sec)\n` +
          'select symbol, price, volume\ninsert all events into OutputStream;',
      },
      {
        description: 'Aligns the one-second batches to whole seconds.',
        siddhi:
          'define stream CseEventStream (symbol string, price float, volume int);\n' +
          `from CseEventStream#window.unique:${name}(symbol, 1 sec, 0)\n` +
          'select symbol, price, volume\ninsert into OutputStream;',
      },
    ],
    create: (args, ctx) =>
      new UniqueTimeBatchWindow(
        keyReader(args.slice(0, 1)),
        first,
        numberArgument(args, 1, 'window.time', 1),
        args[2] === undefined ? undefined : numberArgument(args, 2, 'start.time', -Infinity),
        ctx,
      ),
  });
}

/** #window.unique:timeBatch. */
export const uniqueTimeBatchWindow: Extension = timeBatch(false);

/** #window.unique:firstTimeBatch. */
export const uniqueFirstTimeBatchWindow: Extension = timeBatch(true);
