// Polling mode: every `polling.interval` seconds, the rows whose `polling.column` is above the
// last value read become events (`<column>` keys, lower case, as Siddhi gives them). The last
// value advances only once the events were processed and acknowledged, and is kept in app
// snapshots; `wait.on.missed.record` holds back at a gap in a numeric sequence.

import type { Logger } from '@tributary/engine';
import type { SourceConnection, SourceContext } from '@tributary/engine/extension-api';
import { connectFailure, isUnreachable } from './db-errors.js';
import type { PollingDatabase, PollingPosition } from './polling-database.js';

/** How the poller runs. */
export interface PollingSettings {
  /** Seconds between polls. */
  readonly interval: number;
  readonly waitOnMissedRecord: boolean;
  /** Seconds to wait for a missing record (-1: for ever). */
  readonly missedRecordTimeout: number;
  readonly column: string;
  /** Rows per query (the next page follows at once). */
  readonly pageSize: number;
}

/** Position state kept in app snapshots. */
interface PollingState {
  readonly position: PollingPosition | null;
}

function isState(value: unknown): value is PollingState {
  const position = (value as { position?: unknown } | null)?.position;
  return position === null || typeof position === 'string' || typeof position === 'number';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads a position as an integer, for the gap check. */
function sequenceNumber(position: PollingPosition): number | undefined {
  const n = typeof position === 'number' ? position : Number(position);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The `cdc` source in polling mode. */
export class PollingConnection implements SourceConnection {
  readonly #where: string;
  #database: PollingDatabase | undefined;
  /** undefined: not known yet (the first poll starts after the table's current maximum). */
  #position: PollingPosition | undefined;
  /** True once `#position` is meaningful (restored, or read at the first connect). */
  #positioned = false;
  #timer: (() => void) | undefined;
  #polling: Promise<void> | undefined;
  #paused = false;
  #waiting: { readonly for: number; readonly since: number } | undefined;

  constructor(
    private readonly ctx: SourceContext<unknown>,
    private readonly settings: PollingSettings,
    private readonly open: () => PollingDatabase,
  ) {
    this.#where = `source 'cdc' (polling) of stream '${ctx.streamId}' in app '${ctx.appName}'`;
  }

  get #logger(): Logger {
    return this.ctx.logger;
  }

  async connect(): Promise<void> {
    const database = this.open();
    try {
      await database.open();
      if (!this.#positioned) {
        // As Siddhi: rows present at the first start are not events; later ones are.
        this.#position = await database.maxPosition();
        this.#positioned = true;
      } else {
        await database.maxPosition(); // checks the table and column are there
      }
    } catch (error) {
      await database.close().catch(() => undefined);
      throw connectFailure(error, this.#where);
    }
    this.#database = database;
    this.#schedule(0);
  }

  async disconnect(): Promise<void> {
    const database = this.#database;
    this.#database = undefined;
    this.#timer?.();
    this.#timer = undefined;
    await this.#polling?.catch(() => undefined);
    await database?.close();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#database !== undefined && this.#polling === undefined) this.#schedule(0);
  }

  snapshot(): PollingState {
    return { position: this.#position ?? null };
  }

  restore(state: unknown): void {
    if (!isState(state)) return;
    this.#position = state.position ?? undefined;
    this.#positioned = true;
  }

  #schedule(delayMs: number): void {
    this.#timer?.();
    this.#timer = this.ctx.scheduler.schedule(this.ctx.clock.now() + delayMs, () => {
      this.#timer = undefined;
      const database = this.#database;
      if (database === undefined || this.#paused) return;
      const polling = this.#poll(database);
      this.#polling = polling;
      void polling.then(() => {
        this.#polling = undefined;
        if (this.#database === database && !this.#paused) {
          this.#schedule(this.settings.interval * 1000);
        }
      });
    });
  }

  /** Reads pages until none is full (or a missing record holds the poll back). */
  async #poll(database: PollingDatabase): Promise<void> {
    const { pageSize } = this.settings;
    try {
      for (;;) {
        const page = await database.rowsAfter(this.#position, pageSize);
        const take = this.#uptoGap(page.positions);
        if (take > 0) {
          await this.ctx.emit(page.events.slice(0, take));
          if (this.#database !== database) return;
          this.#position = page.positions[take - 1];
        }
        if (take < page.positions.length || page.positions.length < pageSize) return;
      }
    } catch (error) {
      if (this.#database !== database) return;
      if (isUnreachable(error)) {
        this.ctx.connectionLost(connectFailure(error, this.#where));
        return;
      }
      this.#logger.log('error', `${this.#where}: polling failed: ${describe(error)}`, error);
    }
  }

  /**
   * How many of a page's rows to take: all, unless `wait.on.missed.record` is on and a number
   * is skipped (a row written out of order may still be committed); the wait ends when the
   * row appears or after `missed.record.waiting.timeout` seconds.
   */
  #uptoGap(positions: readonly PollingPosition[]): number {
    if (!this.settings.waitOnMissedRecord) return positions.length;
    let last = this.#position === undefined ? undefined : sequenceNumber(this.#position);
    for (const [i, position] of positions.entries()) {
      const current = sequenceNumber(position);
      if (last !== undefined && current !== undefined && current - last > 1) {
        const now = this.ctx.clock.now();
        const waiting =
          this.#waiting?.for === last + 1 ? this.#waiting : { for: last + 1, since: now };
        this.#waiting = waiting;
        const timeout = this.settings.missedRecordTimeout;
        if (timeout < 0 || now - waiting.since < timeout * 1000) {
          this.#logger.log(
            'debug',
            `${this.#where}: record ${String(waiting.for)} of '${this.settings.column}' is missing; waiting for it`,
          );
          return i;
        }
        this.#logger.log(
          'warn',
          `${this.#where}: gave up waiting for record ${String(waiting.for)} of '${this.settings.column}'`,
        );
      }
      if (this.#waiting !== undefined && current !== undefined && current > this.#waiting.for - 1) {
        this.#waiting = undefined;
      }
      last = current;
    }
    return positions.length;
  }
}
