// A stream junction: the fan-out point of one stream. Publishers send chunks; every
// subscribed receiver (query input, stream callback, inserting into another stream) gets them.
// An error thrown by a receiver is caught here: logged, or routed to the fault stream `!S`.

import { runtimeMessages } from '../../errors/messages.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Logger } from '../app/logger.js';

/** Something that consumes the chunks of a stream. */
export interface ChunkReceiver {
  receive(chunk: EventChunk): void;
}

/** What a stream does with an error raised while its events are processed. */
export type OnErrorAction = 'log' | 'stream';

/**
 * One stream's junction.
 * @example
 * const junction = new StreamJunction('S', 2, consoleLogger);
 * junction.subscribe({ receive: (chunk) => console.log(chunk) });
 * junction.send([streamEvent(Date.now(), ['IBM', 10])]);
 */
export class StreamJunction {
  private receivers: ChunkReceiver[] = [];
  /** `!S`, when the stream has `@OnError(action='stream')`. */
  faultJunction: StreamJunction | undefined;

  /**
   * @param width the number of attributes of the stream (a fault event carries them, then
   *   `_error`).
   */
  constructor(
    readonly id: string,
    readonly width: number,
    private readonly logger: Logger,
  ) {}

  /** Adds a receiver; returns a function that removes it. */
  subscribe(receiver: ChunkReceiver): () => void {
    this.receivers = [...this.receivers, receiver];
    return () => {
      this.receivers = this.receivers.filter((r) => r !== receiver);
    };
  }

  /** True when something listens to this stream. */
  get hasReceivers(): boolean {
    return this.receivers.length > 0;
  }

  /** Delivers a chunk to every receiver, in subscription order. */
  send(chunk: EventChunk): void {
    // `receivers` is replaced, never mutated, so subscribing inside a callback is safe.
    for (const receiver of this.receivers) {
      try {
        receiver.receive(chunk);
      } catch (error) {
        this.handleError(chunk, error);
      }
    }
  }

  private handleError(chunk: EventChunk, error: unknown): void {
    const fault = this.faultJunction;
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
