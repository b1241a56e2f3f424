// #window.unique:timeLengthBatch(unique.key, window.time[, start.time], window.length): batches of
// the latest event per key, flushed every `window.time` or at `window.length` keys; after a count
// flush events are skipped until the next tick, which starts a new batch (Siddhi's behaviour).

import type { StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension, type WindowContext } from '@tributary/engine/extension-api';
import { KeyedBatch } from './keyed-batch.js';
import { firstTick } from './time-batch-window.js';
import {
  keyReader,
  lengthParameter,
  numberArgument,
  numberField,
  startTimeParameter,
  timeParameter,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** Batches by time or unique count (see `uniqueTimeLengthBatchWindow`). */
export class UniqueTimeLengthBatchWindow extends UniqueWindow {
  readonly #batch: KeyedBatch;
  #nextEmit = -1;
  #armed = false;
  /** A batch was flushed by length: skip events until the next tick. */
  #sentByLength = false;

  constructor(
    keyOf: (event: StreamEvent) => unknown,
    private readonly duration: number,
    private readonly startTime: number | undefined,
    private readonly length: number,
    private readonly ctx: WindowContext,
  ) {
    super();
    this.#batch = new KeyedBatch(keyOf, false);
  }

  process(chunk: StreamEvent[]): void {
    const now = this.ctx.clock.now();
    if (this.#nextEmit === -1) {
      this.#nextEmit = firstTick(now, this.duration, this.startTime);
      this.#schedule();
    }
    let byTime = false;
    if (now >= this.#nextEmit) {
      this.#nextEmit += this.duration;
      this.#schedule();
      if (this.#sentByLength) {
        this.#sentByLength = false;
        return;
      }
      byTime = true;
    }
    if (this.#sentByLength) return;
    let byLength = false;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      this.#batch.add(event);
      if (this.#batch.size >= this.length) {
        byLength = true;
        break;
      }
    }
    if (byTime || byLength) this.emit(this.#batch.flush(now));
    if (byLength) this.#sentByLength = true;
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
    return {
      ...this.#batch.snapshot(),
      nextEmit: this.#nextEmit,
      sentByLength: this.#sentByLength,
    };
  }

  restore(state: WindowSnapshot): void {
    this.#batch.restore(state);
    this.#nextEmit = numberField(state, 'nextEmit', -1);
    this.#sentByLength = state.sentByLength === true;
    this.#armed = false;
    this.start();
  }
}

/** #window.unique:timeLengthBatch. */
export const uniqueTimeLengthBatchWindow: Extension = defineWindow({
  namespace: 'unique',
  name: 'timeLengthBatch',
  status: 'stable',
  summary: 'Tumbling batches of the latest event per unique key, by time or by count.',
  description:
    'Collects the latest event of each unique key and emits the batch every `window.time`, or ' +
    'as soon as `window.length` keys are held (the previous batch expires; all stamped with ' +
    'the flush time). After a batch is emitted by count, further events are skipped until the ' +
    'next time boundary, which then starts a new batch.',
  parameters: [
    uniqueKey,
    timeParameter('window.time', 'The tumbling period of the batches.'),
    startTimeParameter,
    lengthParameter,
  ],
  overloads: [
    ['unique.key', 'window.time', 'window.length'],
    ['unique.key', 'window.time', 'start.time', 'window.length'],
  ],
  examples: [
    {
      description: 'Emits the latest event of each symbol every second, or after 20 symbols.',
      siddhi:
        'define stream CseEventStream (symbol string, price float, volume int);\n' +
        'from CseEventStream#window.unique:timeLengthBatch(symbol, 1 sec, 20)\n' +
        'select symbol, price, volume\ninsert all events into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const aligned = args.length === 4;
    return new UniqueTimeLengthBatchWindow(
      keyReader(args.slice(0, 1)),
      numberArgument(args, 1, 'window.time', 1),
      aligned ? numberArgument(args, 2, 'start.time', -Infinity) : undefined,
      numberArgument(args, aligned ? 3 : 2, 'window.length', 1),
      ctx,
    );
  },
});
