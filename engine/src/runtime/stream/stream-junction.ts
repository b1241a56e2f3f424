// A stream junction: the fan-out point of one stream. Publishers send chunks; every
// subscribed receiver (query input, stream callback, inserting into another stream) gets them.
// An error thrown by a receiver is caught here: logged, or routed to the fault stream `!S`.
// Queries filtering one attribute against constants share a predicate index (fanout-dispatch.ts).

import { runtimeMessages } from '../../errors/messages.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Logger } from '../app/logger.js';
import { FanoutDispatch, type FilteredSubscription } from './fanout-dispatch.js';

/** Something that consumes the chunks of a stream. */
export interface ChunkReceiver {
  receive(chunk: EventChunk): void;
}

export type { FilteredSubscription } from './fanout-dispatch.js';

/** What a stream does with an error raised while its events are processed. */
export type OnErrorAction = 'log' | 'stream';

/** Options of a junction. */
export interface StreamJunctionOptions {
  /**
   * Share the evaluation of indexable filters between the queries of this stream (default
   * true); false evaluates every query's filter on its own.
   */
  readonly predicateIndex?: boolean;
}

interface Subscription {
  readonly receiver: ChunkReceiver;
  readonly filtered: FilteredSubscription | undefined;
}

/**
 * One stream's junction.
 * @example
 * const junction = new StreamJunction('S', 2, consoleLogger);
 * junction.subscribe({ receive: (chunk) => console.log(chunk) });
 * junction.send([streamEvent(Date.now(), ['IBM', 10])]);
 */
export class StreamJunction {
  private subscriptions: readonly Subscription[] = [];
  private receivers: readonly ChunkReceiver[] = [];
  /** Set when some subscriptions are indexed; rebuilt lazily after (un)subscribing. */
  private fanout: FanoutDispatch | undefined;
  private stale = false;
  private readonly predicateIndex: boolean;
  /** `!S`, when the stream has `@OnError(action='stream')`. */
  faultJunction: StreamJunction | undefined;
  /** `@OnError(action='store')`: where failed chunks go (the app's error store). */
  storeError: ((chunk: EventChunk, error: unknown) => void) | undefined;

  /**
   * @param width the number of attributes of the stream (a fault event carries them, then
   *   `_error`).
   */
  constructor(
    readonly id: string,
    readonly width: number,
    private readonly logger: Logger,
    options: StreamJunctionOptions = {},
  ) {
    this.predicateIndex = options.predicateIndex ?? true;
  }

  /**
   * Adds a receiver; returns a function that removes it. With `filtered`, the receiver is a
   * query input whose filter starts with `filtered`'s constraints: the junction may then send
   * only the matching events to `filtered.matched` instead of every chunk to `receiver`.
   */
  subscribe(receiver: ChunkReceiver, filtered?: FilteredSubscription): () => void {
    const subscription: Subscription = { receiver, filtered };
    this.update([...this.subscriptions, subscription]);
    return () => {
      this.update(this.subscriptions.filter((s) => s !== subscription));
    };
  }

  /** True when something listens to this stream. */
  get hasReceivers(): boolean {
    return this.receivers.length > 0;
  }

  /** Delivers a chunk to every receiver, in subscription order. */
  send(chunk: EventChunk): void {
    if (this.stale) this.rebuild();
    const fanout = this.fanout;
    if (fanout?.dispatch(chunk, this) !== true) {
      // `receivers` is replaced, never mutated, so subscribing inside a callback is safe.
      for (const receiver of this.receivers) this.deliver(receiver, chunk, chunk);
    }
  }

  /** Hands `part` (all or some events of `chunk`) to `receiver`, catching what it throws. */
  deliver(receiver: ChunkReceiver, part: EventChunk, chunk: EventChunk): void {
    try {
      receiver.receive(part);
    } catch (error) {
      this.handleError(chunk, error);
    }
  }

  private update(subscriptions: readonly Subscription[]): void {
    this.subscriptions = subscriptions;
    this.receivers = subscriptions.map((s) => s.receiver);
    this.stale = this.predicateIndex && subscriptions.some((s) => s.filtered !== undefined);
    this.fanout = undefined;
  }

  private rebuild(): void {
    this.stale = false;
    this.fanout = FanoutDispatch.build(
      this.subscriptions.map((s) => s.receiver),
      this.subscriptions.map((s) => s.filtered),
    );
  }

  private handleError(chunk: EventChunk, error: unknown): void {
    const fault = this.faultJunction;
    if (fault === undefined && this.storeError !== undefined) {
      this.storeError(chunk, error);
      return;
    }
    if (fault === undefined) {
      this.logger.log(
        'error',
        runtimeMessages.E_PROCESSING(this.id, chunk.length, describe(error)),
        error,
      );
      return;
    }
    const width = this.width;
    const faults: StreamEvent[] = chunk.map((e) => {
      const data: unknown[] = new Array<unknown>(width + 1);
      for (let i = 0; i < width; i += 1) data[i] = e.data[i] ?? null;
      data[width] = error;
      return { timestamp: e.timestamp, type: 'current', data };
    });
    fault.send(faults);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
