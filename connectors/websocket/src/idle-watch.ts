// Closes what stayed idle for `idle.timeout`: one timer on the app's scheduler per watched
// connection, re-armed lazily (activity only records a time), so a busy connection costs no
// timer per message.

import type { Clock, Scheduler } from '@tributary/engine';

/** Watches one connection's activity. */
export class IdleWatch {
  #last: number;
  #cancel: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {
    this.#last = clock.now();
    this.#arm(this.#last + timeoutMs);
  }

  /** Something was sent or received. */
  touch(): void {
    this.#last = this.clock.now();
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #arm(at: number): void {
    this.#cancel = this.scheduler.schedule(at, (now) => {
      const due = this.#last + this.timeoutMs;
      if (due > now) {
        this.#arm(due);
        return;
      }
      this.#cancel = undefined;
      this.onIdle();
    });
  }
}
