// `#window.cron('*/5 * * * * ?')`: collects events and, at each firing of the Quartz cron
// expression (wall-clock aligned), emits the previous batch as expired (stamped with the firing
// time) then the collected events as current — only when something was collected. No reset.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { CancelTimer, Clock } from '../../runtime/time/time-service.js';
import { parseCron, type CronSchedule } from '../../runtime/trigger/cron-schedule.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  withType,
  WindowArgumentError,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';

/** The cron window (see `cronWindow`). */
export class CronWindow extends BaseWindow {
  #collected: StreamEvent[] = [];
  /** The last emitted batch, which expires at the next firing with new events. */
  #emitted: StreamEvent[] = [];
  #cancel: CancelTimer | undefined;

  constructor(
    private readonly schedule: CronSchedule,
    private readonly clock: Clock,
    private readonly scheduleTimer: (at: number) => CancelTimer,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    for (const event of chunk) {
      if (event.type === 'current') this.#collected.push(withType(event, 'current'));
      else if (event.type === 'timer') this.#fire(event.timestamp);
    }
  }

  #fire(at: number): void {
    this.#cancel = undefined;
    this.#arm(at);
    if (this.#collected.length === 0) return;
    const now = this.clock.now();
    const out: StreamEvent[] = [];
    for (const event of this.#emitted) out.push(withType(event, 'expired', now));
    for (const event of this.#collected) out.push(event);
    this.#emitted = this.#collected;
    this.#collected = [];
    this.emit(out);
  }

  #arm(after: number): void {
    if (this.#cancel !== undefined) return;
    const next = this.schedule.nextAfter(after);
    if (next !== undefined) this.#cancel = this.scheduleTimer(next);
  }

  override start(): void {
    this.#arm(this.clock.now());
  }

  override stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  contents(): readonly StreamEvent[] {
    return this.#emitted;
  }

  snapshot(): WindowSnapshot {
    return { collected: eventsToData(this.#collected), emitted: eventsToData(this.#emitted) };
  }

  restore(state: WindowSnapshot): void {
    this.#collected = eventsFromData(state.collected);
    this.#emitted = eventsFromData(state.emitted);
  }
}

/**
 * `cron(expression)` with a Quartz expression (`sec min hour dom month dow [year]`).
 * @example
 * from S#window.cron('*\/5 * * * * ?') select symbol, sum(price) as total insert into Out;
 */
export const cronWindow: WindowImplementation = {
  namespace: '',
  name: 'cron',
  create: (args, ctx) => {
    const arg = args[0];
    if (arg?.constant !== true || typeof arg.value !== 'string') {
      throw new WindowArgumentError('cron.expression must be a constant string');
    }
    let schedule: CronSchedule;
    try {
      schedule = parseCron(arg.value);
    } catch (error) {
      throw new WindowArgumentError(error instanceof Error ? error.message : String(error));
    }
    return new CronWindow(schedule, ctx.clock, (at) => ctx.scheduleTimer(at));
  },
};
