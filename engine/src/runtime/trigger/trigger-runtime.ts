// Runs one `define trigger`: emits `[triggered_time]` events (long, the firing time) from a
// TimeService — `at every t` one period after start then every t, `at 'start'` once, or cron.

import type { TriggerDefinition } from '../../query-api/index.js';
import { streamEvent, type StreamEvent } from '../event/event.js';
import type { CancelTimer, TimeService } from '../time/index.js';
import { parseCron, type CronOptions, type CronSchedule } from './cron-schedule.js';

/** Receives each trigger event; `event.data` is `[triggered_time]`, equal to `event.timestamp`. */
export type TriggerListener = (event: StreamEvent) => void;

export type TriggerRuntimeOptions = CronOptions;

/** A started trigger keeps at most one pending timer; `stop()` cancels it. */
export class TriggerRuntime {
  readonly id: string;
  readonly #time: TimeService;
  readonly #emit: TriggerListener;
  readonly #at: TriggerDefinition['at'];
  readonly #interval: number;
  readonly #cron: CronSchedule | undefined;
  #cancel: CancelTimer | undefined;
  #running = false;

  /** Throws when the definition cannot run (a non-positive period, an invalid cron expression). */
  constructor(
    definition: TriggerDefinition,
    time: TimeService,
    emit: TriggerListener,
    options: TriggerRuntimeOptions = {},
  ) {
    this.id = definition.id;
    this.#time = time;
    this.#emit = emit;
    this.#at = definition.at;
    this.#interval = definition.at.kind === 'every' ? definition.at.interval.millis : 0;
    if (definition.at.kind === 'every' && !(this.#interval > 0)) {
      throw new RangeError(
        `trigger '${this.id}': the period must be positive, got ${String(this.#interval)} ms`,
      );
    }
    this.#cron =
      definition.at.kind === 'cron' ? parseCron(definition.at.expression, options) : undefined;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts firing; `at 'start'` emits synchronously here. Starting a running trigger does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const now = this.#time.now();
    switch (this.#at.kind) {
      case 'start':
        this.#emit(streamEvent(now, [now]));
        break;
      case 'every':
        this.#cancel = this.#time.schedule(now + this.#interval, this.#onPeriod);
        break;
      case 'cron':
        this.#scheduleCron(now);
        break;
    }
  }

  /** Stops firing and cancels the pending timer; a later `start()` starts afresh. */
  stop(): void {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  readonly #onPeriod = (at: number): void => {
    if (!this.#running) return;
    this.#cancel = this.#time.schedule(at + this.#interval, this.#onPeriod);
    this.#emit(streamEvent(at, [at]));
  };

  readonly #onCron = (at: number): void => {
    if (!this.#running) return;
    this.#scheduleCron(at);
    this.#emit(streamEvent(at, [at]));
  };

  #scheduleCron(after: number): void {
    const next = this.#cron?.nextAfter(after);
    this.#cancel = next === undefined ? undefined : this.#time.schedule(next, this.#onCron);
  }
}
