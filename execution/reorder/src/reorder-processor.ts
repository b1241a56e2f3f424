// The stream processor around a K-slack buffer: reads the timestamp attribute, drops late
// arrivals when asked to, forwards released events in timestamp order, and with a timeout
// releases events buffered that long (a timer armed while anything is buffered).

import type { StreamEvent } from '@tributary/engine';
import type {
  StreamProcessorContext,
  StreamProcessorInstance,
  WindowArgument,
} from '@tributary/engine/extension-api';
import { WindowArgumentError } from '@tributary/engine/extension-api';
import { ReorderBuffer } from './reorder-buffer.js';

/** What every reorder processor is configured with. */
export interface ReorderOptions {
  readonly timeOf: (event: StreamEvent) => number;
  /** Ms an event may wait before it is released anyway; 0 or less: no timeout. */
  readonly timeout: number;
  readonly maxK: number;
  readonly discardLate: boolean;
}

/** Reads the timestamp argument (a long). */
export function timestampReader(arg: WindowArgument | undefined): (event: StreamEvent) => number {
  if (arg === undefined) throw new WindowArgumentError('a timestamp is required');
  return (event) => {
    const value = arg.evaluate(event);
    if (typeof value !== 'number') {
      throw new TypeError(
        `reorder: the timestamp must be a long, got ${value === null ? 'null' : typeof value}`,
      );
    }
    return value;
  };
}

/** The constant number at `arg`, or `fallback` when absent. */
export function numberConstant(
  arg: WindowArgument | undefined,
  what: string,
  fallback: number,
): number {
  if (arg === undefined) return fallback;
  if (!arg.constant || typeof arg.value !== 'number') {
    throw new WindowArgumentError(`${what} must be a constant number`);
  }
  return arg.value;
}

/** The constant bool at `arg`, or `fallback` when absent. */
export function boolConstant(
  arg: WindowArgument | undefined,
  what: string,
  fallback: boolean,
): boolean {
  if (arg === undefined) return fallback;
  if (!arg.constant || typeof arg.value !== 'boolean') {
    throw new WindowArgumentError(`${what} must be a constant bool`);
  }
  return arg.value;
}

/**
 * A K-slack processor; subclasses observe events (alpha statistics) and choose the new K.
 */
export abstract class ReorderProcessor implements StreamProcessorInstance {
  next: StreamProcessorInstance['next'] = {
    process(): void {
      // not linked yet: nothing downstream
    },
  };
  protected readonly buffer = new ReorderBuffer();
  #timerAt: number | undefined;

  constructor(
    protected readonly options: ReorderOptions,
    protected readonly ctx: StreamProcessorContext,
  ) {}

  /** Sees every event with its timestamp before the late check (for statistics). */
  protected abstract observe(event: StreamEvent, ts: number): void;

  /** Sees every event that is buffered. */
  protected abstract accepted(ts: number): void;

  /** The new K for a lateness greater than the current K. */
  protected abstract nextK(lateness: number, k: number): number;

  process(chunk: StreamEvent[]): void {
    const out: StreamEvent[] = [];
    const now = this.ctx.clock.now();
    for (const event of chunk) {
      if (event.type === 'timer') {
        if (event.timestamp === this.#timerAt) this.#timerAt = undefined;
        if (this.options.timeout > 0)
          out.push(...this.buffer.flushOverdue(now, this.options.timeout));
        continue;
      }
      if (event.type !== 'current') continue;
      const ts = this.options.timeOf(event);
      this.observe(event, ts);
      if (this.options.discardLate && this.buffer.isLate(ts)) continue;
      const released = this.buffer.add({ ts, arrival: now, event }, (lateness, k) =>
        lateness < this.options.maxK ? this.nextK(lateness, k) : this.options.maxK,
      );
      this.accepted(ts);
      out.push(...released);
    }
    this.#arm();
    if (out.length > 0) this.next.process(out);
  }

  /** Arms the timeout timer for the oldest buffered event, if none is armed. */
  #arm(): void {
    if (this.options.timeout <= 0 || this.#timerAt !== undefined) return;
    const oldest = this.buffer.oldestArrival();
    if (oldest === undefined) return;
    this.#timerAt = Math.max(oldest + this.options.timeout, this.ctx.clock.now());
    this.ctx.scheduleTimer(this.#timerAt);
  }

  start(): void {
    this.#arm();
  }

  stop(): void {
    this.#timerAt = undefined;
  }

  abstract snapshot(): unknown;
  abstract restore(state: unknown): void;

  /** Restores the buffer and re-arms the timeout. */
  protected restoreBuffer(state: unknown): void {
    this.buffer.restore(state);
    this.#timerAt = undefined;
    this.#arm();
  }
}
