// `#window.batch([n])`: every incoming chunk is a batch (split every n events when n is given).
// The previous chunk expires at the start of the next; each batch is preceded by the reset of
// the previous one (Siddhi 5.1's order).

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  resetEvent,
  type WindowContext,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** Chunk-sized batches (see `batchWindow`). */
export class BatchWindow extends BaseWindow {
  /** The previous chunk's events, expired at the start of the next chunk. */
  #held: StreamEvent[] = [];
  #resetAt: number | undefined;

  constructor(
    /** 0: no split. */
    private readonly length: number,
    private readonly ctx: WindowContext,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const now = this.ctx.clock.now();
    const outs: StreamEvent[][] = [];
    let out: StreamEvent[] = [];
    const wantsExpired = this.ctx.expiredEventsWanted;
    if (wantsExpired) {
      if (this.#held.length > 0) {
        for (const e of this.#held) out.push({ timestamp: now, type: 'expired', data: e.data });
        if (this.#resetAt !== undefined) {
          out.push(resetEvent(this.#resetAt));
          this.#resetAt = undefined;
        }
      }
      this.#held = [];
    }
    let batch: StreamEvent[] = [];
    const closeBatch = (): void => {
      const first = batch[0];
      if (first !== undefined) {
        if (this.#resetAt !== undefined) out.push(resetEvent(this.#resetAt));
        this.#resetAt = first.timestamp;
        out.push(...batch);
      }
      batch = [];
      if (out.length > 0) outs.push(out);
      out = [];
    };
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const copy: StreamEvent = { timestamp: event.timestamp, type: 'current', data: event.data };
      if (wantsExpired) this.#held.push(copy);
      batch.push(copy);
      if (batch.length === this.length) closeBatch();
    }
    if (batch.length > 0 || out.length > 0) closeBatch();
    for (const o of outs) this.emit(o);
  }

  contents(): readonly StreamEvent[] {
    return this.#held;
  }

  snapshot(): WindowSnapshot {
    return { held: eventsToData(this.#held), resetAt: this.#resetAt ?? null };
  }

  restore(state: WindowSnapshot): void {
    this.#held = eventsFromData(state.held);
    const resetAt = state.resetAt;
    this.#resetAt = typeof resetAt === 'number' ? resetAt : undefined;
  }
}

/**
 * `batch([n])`.
 * @example
 * from S#window.batch() select sum(v) as total insert into Out;
 */
export const batchWindow: WindowImplementation = {
  namespace: '',
  name: 'batch',
  create: (args, ctx) =>
    new BatchWindow(args.length === 0 ? 0 : numberArgument(args, 0, 'window.length'), ctx),
};
