// The entry point for events of one stream: stamps them (the clock's time unless given) and
// sends them through the stream's junction, synchronously, as one chunk per call.

import { runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { Clock } from '../time/time-service.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
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
 * Sends events into a stream.
 * @example
 * const input = app.input('StockStream');
 * input.send(['IBM', 75.5, 100]);
 * input.sendBatch([['IBM', 75.5, 100], ['WSO2', 57.2, 10]]);
 */
export class InputHandler {
  constructor(
    readonly streamId: string,
    private readonly junction: StreamJunction,
    private readonly clock: Clock,
    private readonly gate: InputGate,
  ) {}

  /**
   * Sends one event. The engine keeps `row` (do not modify it afterwards); values are not
   * coerced to the attribute types.
   */
  send(row: readonly unknown[], timestamp?: number): void {
    this.check();
    const ts = timestamp ?? this.clock.now();
    this.gate.observeTimestamp?.(ts);
    const event: StreamEvent = { timestamp: ts, type: 'current', data: row as unknown[] };
    this.junction.send([event]);
  }

  /** Sends several events as one chunk, all stamped with `timestamp` (default: now). */
  sendBatch(rows: readonly (readonly unknown[])[], timestamp?: number): void {
    this.check();
    if (rows.length === 0) return;
    const ts = timestamp ?? this.clock.now();
    this.gate.observeTimestamp?.(ts);
    const chunk: EventChunk = rows.map((row) => ({
      timestamp: ts,
      type: 'current',
      data: row as unknown[],
    }));
    this.junction.send(chunk);
  }

  /** Sends events with their own timestamps as one chunk. */
  sendEvents(events: readonly InputEvent[]): void {
    this.check();
    if (events.length === 0) return;
    const chunk: EventChunk = events.map((e) => {
      const ts = e.timestamp ?? this.clock.now();
      this.gate.observeTimestamp?.(ts);
      return { timestamp: ts, type: 'current', data: e.data as unknown[] };
    });
    this.junction.send(chunk);
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
