// Per-app counters: events into every stream, current/expired events out of every query, and
// the events the server itself sent (with how long processing took). Plain numbers on the hot
// path; /metrics and /statistics read them when asked.

import type { AppRuntime } from '@tributary/engine';

export interface QueryCounts {
  current: number;
  expired: number;
}

export interface SendCounts {
  events: number;
  /** Sends (calls), each one event or a batch. */
  sends: number;
  totalMs: number;
  maxMs: number;
}

/** A copy of the counters, as `/siddhi-apps/{name}/statistics` returns them. */
export interface StatisticsReport {
  readonly enabled: boolean;
  readonly streams: Readonly<Record<string, { readonly events: number }>>;
  readonly queries: Readonly<Record<string, Readonly<QueryCounts>>>;
  readonly sent: Readonly<
    Record<string, { readonly events: number; readonly meanMs: number; readonly maxMs: number }>
  >;
}

/**
 * Counts what flows through one app.
 * @example
 * const stats = new AppStatistics();
 * const detach = stats.attach(app);
 * stats.report().streams.StockStream?.events;
 */
export class AppStatistics {
  readonly streams = new Map<string, number>();
  readonly queries = new Map<string, QueryCounts>();
  readonly sent = new Map<string, SendCounts>();
  #detach: (() => void)[] = [];

  get enabled(): boolean {
    return this.#detach.length > 0;
  }

  /** Starts counting on `app` (idempotent); returns the function that stops it. */
  attach(app: AppRuntime): () => void {
    if (this.enabled)
      return () => {
        this.detach();
      };
    for (const stream of app.streamIds) {
      this.streams.set(stream, this.streams.get(stream) ?? 0);
      this.#detach.push(
        app.onStream(stream, (events) => {
          this.streams.set(stream, (this.streams.get(stream) ?? 0) + events.length);
        }),
      );
    }
    for (const query of app.queryNames) {
      const counts = this.queries.get(query) ?? { current: 0, expired: 0 };
      this.queries.set(query, counts);
      this.#detach.push(
        app.on(query, (inEvents, removeEvents) => {
          counts.current += inEvents.length;
          counts.expired += removeEvents.length;
        }),
      );
    }
    return () => {
      this.detach();
    };
  }

  /** Stops counting; the counts so far stay. */
  detach(): void {
    for (const stop of this.#detach) stop();
    this.#detach = [];
  }

  /** Records a send of `events` events into `stream` that took `ms`. */
  recordSend(stream: string, events: number, ms: number): void {
    let counts = this.sent.get(stream);
    if (counts === undefined) {
      counts = { events: 0, sends: 0, totalMs: 0, maxMs: 0 };
      this.sent.set(stream, counts);
    }
    counts.events += events;
    counts.sends += 1;
    counts.totalMs += ms;
    counts.maxMs = Math.max(counts.maxMs, ms);
  }

  report(): StatisticsReport {
    return {
      enabled: this.enabled,
      streams: Object.fromEntries([...this.streams].map(([id, events]) => [id, { events }])),
      queries: Object.fromEntries([...this.queries].map(([name, c]) => [name, { ...c }])),
      sent: Object.fromEntries(
        [...this.sent].map(([id, c]) => [
          id,
          { events: c.events, meanMs: c.sends === 0 ? 0 : c.totalMs / c.sends, maxMs: c.maxMs },
        ]),
      ),
    };
  }
}
