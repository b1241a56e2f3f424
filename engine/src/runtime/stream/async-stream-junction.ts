// The junction of an `@Async(buffer.size, workers, batch.size.max)` stream: publishers enqueue
// events and return at once; the buffer is drained on a later macrotask in chunks of up to
// `batch.size.max` events, in order. JS cannot block a sender, so back-pressure is explicit:
// input handlers ask `hasRoom` (a full buffer makes `send` return false) or await `whenRoom`.

import type { Logger } from '../app/logger.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import { StreamJunction, type StreamJunctionOptions } from './stream-junction.js';

/** The settings of `@Async`. */
export interface AsyncSettings {
  /** Events the buffer holds before senders must wait (default 1024). */
  readonly bufferSize: number;
  /** Accepted for Siddhi compatibility; one JS thread drains the buffer in order. */
  readonly workers: number;
  /** The most events handed downstream as one chunk (default: the buffer size). */
  readonly batchSizeMax: number;
}

/** Runs `task` on a later macrotask (after pending I/O and promise callbacks). */
function later(task: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(task);
  else setTimeout(task, 0);
}

/**
 * An asynchronous stream junction.
 * @example
 * const junction = new AsyncStreamJunction('S', 3, logger, { bufferSize: 16, workers: 1, batchSizeMax: 4 });
 * junction.send([event]); // returns at once; receivers get it on a later macrotask
 * await junction.whenIdle();
 */
export class AsyncStreamJunction extends StreamJunction {
  #queue: StreamEvent[] = [];
  #head = 0;
  #scheduled = false;
  #roomWaiters: { readonly count: number; readonly resolve: () => void }[] = [];
  #idleWaiters: (() => void)[] = [];

  constructor(
    id: string,
    width: number,
    logger: Logger,
    readonly settings: AsyncSettings,
    options: StreamJunctionOptions = {},
  ) {
    super(id, width, logger, options);
  }

  /** Events waiting to be processed. */
  get buffered(): number {
    return this.#queue.length - this.#head;
  }

  /**
   * Enqueues `chunk` (always accepted: queries inserting into the stream cannot wait; input
   * handlers check `hasRoom` first).
   */
  override send(chunk: EventChunk): void {
    for (const event of chunk) this.#queue.push(event);
    this.#schedule();
  }

  /**
   * Whether `count` more events fit and nobody is waiting for room before them. An empty
   * buffer takes any number (a batch larger than the buffer must not wait forever).
   */
  hasRoom(count: number): boolean {
    if (this.#roomWaiters.length > 0) return false;
    const buffered = this.buffered;
    return buffered === 0 || buffered + count <= this.settings.bufferSize;
  }

  /** Resolves (in request order) once `count` events fit. */
  whenRoom(count: number): Promise<void> {
    if (this.hasRoom(count)) return Promise.resolve();
    return new Promise((resolve) => {
      this.#roomWaiters.push({ count, resolve });
    });
  }

  /** Resolves once every buffered event has been processed. */
  whenIdle(): Promise<void> {
    if (this.buffered === 0 && this.#roomWaiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idleWaiters.push(resolve);
    });
  }

  /** Processes everything buffered now, synchronously (at shutdown). */
  flush(): void {
    while (this.buffered > 0) this.#drainOnce(Infinity);
    this.#wake();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    later(() => {
      this.#scheduled = false;
      // Events published while draining wait for the next turn (a query feeding its own input
      // must not starve the rest of the program).
      this.#drainOnce(this.buffered);
      this.#wake();
      if (this.buffered > 0) this.#schedule();
    });
  }

  /** Hands downstream up to `limit` events, in chunks of up to `batch.size.max`. */
  #drainOnce(limit: number): void {
    const batch = Math.max(1, this.settings.batchSizeMax);
    let left = limit;
    while (left > 0 && this.buffered > 0) {
      const size = Math.min(batch, left, this.buffered);
      const chunk = this.#queue.slice(this.#head, this.#head + size);
      this.#head += size;
      left -= size;
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      }
      super.send(chunk);
    }
  }

  /** Lets waiting senders in while there is room; resolves idle waiters when empty. */
  #wake(): void {
    // Resolved senders enqueue on a microtask: count what they will add before the next one.
    let reserved = this.buffered;
    for (let first = this.#roomWaiters[0]; first !== undefined; first = this.#roomWaiters[0]) {
      if (reserved > 0 && reserved + first.count > this.settings.bufferSize) break;
      this.#roomWaiters.shift();
      reserved += first.count;
      first.resolve();
    }
    if (this.buffered === 0 && this.#roomWaiters.length === 0) {
      const idle = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }
}
