// The entry point for events of one stream: stamps them (the clock's time unless given) and
// sends them through the stream's junction, synchronously, as one chunk per call.

import { runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { Clock } from '../time/time-service.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import { AsyncStreamJunction } from './async-stream-junction.js';
import type { StreamJunction } from './stream-junction.js';

/** An event as a host sends it: attribute values in definition order, and optionally a time. */
export interface InputEvent {
  readonly data: readonly unknown[];
  readonly timestamp?: number;
}

/** What the input handler needs from the app: whether it runs, and time hooks (playback). */
export interface InputGate {
  isRunning(): boolean;
  readonly appName: string;
  /** Called with each event's timestamp before it is processed (playback moves time). */
  readonly observeTimestamp?: (timestamp: number) => void;
}

/**
 * Sends events into a stream. For a stream without `@Async`, a send returns once every
 * downstream query and callback has run, and always returns true. For an `@Async` stream the
 * events are buffered and processed on a later macrotask; when the buffer is full, `send*`
 * returns false WITHOUT taking the events (JS cannot block the caller): retry later, or use
 * `sendAsync`/`sendBatchAsync`, whose promise resolves once the events are in the buffer.
 * @example
 * const input = app.input('StockStream');
 * input.send(['IBM', 75.5, 100]);
 * input.sendBatch([['IBM', 75.5, 100], ['WSO2', 57.2, 10]]);
 * await input.sendAsync(['IBM', 75.5, 100]); // waits for room in an @Async buffer
 */
export class InputHandler {
  readonly #async: AsyncStreamJunction | undefined;

  constructor(
    readonly streamId: string,
    private readonly junction: StreamJunction,
    private readonly clock: Clock,
    private readonly gate: InputGate,
  ) {
    this.#async = junction instanceof AsyncStreamJunction ? junction : undefined;
  }

  /**
   * Sends one event; false when an `@Async` buffer is full (the event was not taken). The
   * engine keeps `row` (do not modify it afterwards); values are not coerced to the attribute
   * types.
   */
  send(row: readonly unknown[], timestamp?: number): boolean {
    this.check();
    if (this.#async?.hasRoom(1) === false) return false;
    const ts = timestamp ?? this.clock.now();
    this.gate.observeTimestamp?.(ts);
    const event: StreamEvent = { timestamp: ts, type: 'current', data: row as unknown[] };
    this.junction.send([event]);
    return true;
  }

  /** Sends one event, waiting for room in an `@Async` buffer. */
  async sendAsync(row: readonly unknown[], timestamp?: number): Promise<void> {
    this.check();
    const ts = timestamp ?? this.clock.now();
    await this.#async?.whenRoom(1);
    this.check();
    this.gate.observeTimestamp?.(ts);
    this.junction.send([{ timestamp: ts, type: 'current', data: row as unknown[] }]);
  }

  /** `sendBatch`, waiting for room in an `@Async` buffer. */
  async sendBatchAsync(rows: readonly (readonly unknown[])[], timestamp?: number): Promise<void> {
    this.check();
    const ts = timestamp ?? this.clock.now();
    await this.#async?.whenRoom(rows.length);
    this.#sendRows(rows, ts);
  }

  /**
   * Sends several events as one chunk, all stamped with `timestamp` (default: now); false when
   * an `@Async` buffer has no room for them (none was taken).
   */
  sendBatch(rows: readonly (readonly unknown[])[], timestamp?: number): boolean {
    this.check();
    if (this.#async?.hasRoom(rows.length) === false) return false;
    this.#sendRows(rows, timestamp ?? this.clock.now());
    return true;
  }

  #sendRows(rows: readonly (readonly unknown[])[], ts: number): void {
    this.check();
    if (rows.length === 0) return;
    this.gate.observeTimestamp?.(ts);
    const chunk: EventChunk = rows.map((row) => ({
      timestamp: ts,
      type: 'current',
      data: row as unknown[],
    }));
    this.junction.send(chunk);
  }

  /** Sends events with their own timestamps as one chunk; false as `sendBatch`. */
  sendEvents(events: readonly InputEvent[]): boolean {
    this.check();
    if (this.#async?.hasRoom(events.length) === false) return false;
    if (events.length === 0) return true;
    const chunk: EventChunk = events.map((e) => {
      const ts = e.timestamp ?? this.clock.now();
      this.gate.observeTimestamp?.(ts);
      return { timestamp: ts, type: 'current', data: e.data as unknown[] };
    });
    this.junction.send(chunk);
    return true;
  }

  private check(): void {
    if (!this.gate.isRunning()) {
      throw new TributaryError(
        'E_APP_NOT_RUNNING',
        runtimeMessages.E_APP_NOT_RUNNING(this.gate.appName, this.streamId),
      );
    }
  }
}
