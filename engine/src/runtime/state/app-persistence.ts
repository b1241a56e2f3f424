// Persistence of one app: `persist()` takes a snapshot now and saves it as the next revision
// in the store (full, or incremental between full ones), `restoreLast()` applies the newest
// full revision and the increments after it, and an optional interval persists periodically.

import { TributaryError } from '../../errors/tributary-error.js';
import { runtimeMessages } from '../../errors/messages.js';
import type { Logger } from '../app/logger.js';
import type { CancelTimer, Clock, Scheduler } from '../time/time-service.js';
import { SnapshotBaseline, type AppSnapshot, type AppSnapshots } from './app-snapshot.js';
import {
  parseRevision,
  revisionName,
  revisionsToRestore,
  type PersistenceStore,
} from './persistence-store.js';

/** How an engine persists its apps (`createEngine({ persistence })`). */
export interface PersistenceOptions {
  readonly store: PersistenceStore;
  /** Persist every `interval` ms of app time (wall, virtual or playback); off when absent. */
  readonly interval?: number;
  /**
   * Save only what changed since the previous revision, with a full revision every
   * `fullEvery` persists (default false: every revision is full).
   */
  readonly incremental?: boolean;
  /** With `incremental`: how often a full revision is written (default every 10th). */
  readonly fullEvery?: number;
}

/** A snapshot as the bytes a store keeps (UTF-8 JSON). */
export function snapshotToBytes(snapshot: AppSnapshot): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(snapshot));
}

/** The inverse of `snapshotToBytes` (checked when restored). */
export function snapshotFromBytes(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

/**
 * Persists one app's snapshots.
 * @example
 * const persistence = new AppPersistence('App', snapshots, { store }, time, logger);
 * const revision = await persistence.persist();
 */
export class AppPersistence {
  readonly #baseline = new SnapshotBaseline();
  /** Saves run one after the other, in the order `persist` was called. */
  #chain: Promise<unknown> = Promise.resolve();
  #cancelTimer: CancelTimer | undefined;
  #sinceFull = Infinity;

  constructor(
    private readonly appName: string,
    private readonly snapshots: AppSnapshots,
    private readonly options: PersistenceOptions,
    private readonly time: Clock & Scheduler,
    private readonly logger: Logger,
  ) {}

  /** Takes a snapshot now; resolves with the revision once the store has saved it. */
  persist(): Promise<string> {
    const fullEvery = Math.max(1, this.options.fullEvery ?? 10);
    const incremental = this.options.incremental === true && this.#sinceFull + 1 < fullEvery;
    const snapshot = this.snapshots.take({ incremental }, this.#baseline);
    this.#sinceFull = incremental ? this.#sinceFull + 1 : 0;
    const save = this.#chain.then(async () => {
      const { store } = this.options;
      const revisions = await store.list(this.appName);
      const last = revisions.at(-1);
      const sequence = (last === undefined ? 0 : parseRevision(last).sequence) + 1;
      const revision = revisionName(sequence, snapshot.takenAt, snapshot.kind);
      await store.save(this.appName, revision, snapshotToBytes(snapshot));
      return revision;
    });
    this.#chain = save.catch(() => undefined);
    return save.catch((error: unknown) => {
      // The baseline moved past state that was never saved: the next revision is full.
      this.#baseline.seen.clear();
      this.#sinceFull = Infinity;
      throw new TributaryError(
        'E_PERSISTENCE',
        runtimeMessages.E_PERSISTENCE(this.appName, describe(error)),
        true,
        { cause: error },
      );
    });
  }

  /**
   * Restores the newest full revision and the increments saved after it; resolves with the
   * newest revision applied, or undefined when the store has none for the app.
   */
  async restoreLast(): Promise<string | undefined> {
    await this.#chain;
    const { store } = this.options;
    const chain = revisionsToRestore(await store.list(this.appName));
    const snapshots: unknown[] = [];
    for (const revision of chain) {
      const bytes = await store.load(this.appName, revision);
      if (bytes !== undefined) snapshots.push(snapshotFromBytes(bytes));
    }
    if (snapshots.length === 0) return undefined;
    this.snapshots.restore(snapshots);
    this.#sinceFull = Infinity;
    return chain.at(-1);
  }

  /** Starts periodic persistence (when an interval is set). */
  start(): void {
    const interval = this.options.interval;
    if (interval === undefined || interval <= 0 || this.#cancelTimer !== undefined) return;
    const tick = (at: number): void => {
      this.#cancelTimer = this.time.schedule(at + interval, tick);
      this.persist().catch((error: unknown) => {
        this.logger.log('error', describe(error), error);
      });
    };
    this.#cancelTimer = this.time.schedule(this.time.now() + interval, tick);
  }

  stop(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  /** Resolves once every save started so far has finished. */
  settled(): Promise<void> {
    return this.#chain.then(() => undefined);
  }
}

/** `E_NO_PERSISTENCE_STORE` for `app.persist()` without a store. */
export function noPersistenceStore(appName: string): TributaryError {
  return new TributaryError(
    'E_NO_PERSISTENCE_STORE',
    runtimeMessages.E_NO_PERSISTENCE_STORE(appName),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
