// Persistence of one app: `persist()` takes a snapshot now and saves it as the next revision
// in the store (full, or incremental between full ones; binary and streamed, or JSON),
// `restoreLast()` applies the newest full revision and the increments after it, and an
// optional interval persists periodically.

import { TributaryError } from '../../errors/tributary-error.js';
import { runtimeMessages } from '../../errors/messages.js';
import type { Logger } from '../app/logger.js';
import type { CancelTimer, Clock, Scheduler } from '../time/time-service.js';
import { SnapshotBaseline, type AppSnapshot, type AppSnapshots } from './app-snapshot.js';
import { BinarySnapshotSink, concat, readSnapshot, readSnapshotBytes } from './binary-snapshot.js';
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
  /**
   * How revisions are written: `binary` (binary-snapshot.ts, streamed as it is taken) or `json`
   * (UTF-8 JSON text). Default: binary when the store can stream (`createWriter`, as
   * `FilePersistenceStore`), else json. Both are read whatever is set.
   */
  readonly codec?: 'binary' | 'json';
}

/** A snapshot as UTF-8 JSON bytes. */
export function snapshotToBytes(snapshot: AppSnapshot): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(snapshot));
}

/** The snapshot in `bytes`, binary or JSON (checked when restored). */
export function snapshotFromBytes(bytes: Uint8Array): unknown {
  return readSnapshotBytes(bytes);
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
    const { store } = this.options;
    const binary = (this.options.codec ?? (store.createWriter ? 'binary' : 'json')) === 'binary';
    // The snapshot is taken (and, streaming, written) now; naming and keeping it waits its turn.
    let header: { readonly takenAt: number; readonly kind: 'full' | 'incremental' };
    let keep: (revision: string) => Promise<void>;
    if (!binary) {
      const snapshot = this.snapshots.take({ incremental }, this.#baseline);
      header = snapshot;
      keep = (revision) => store.save(this.appName, revision, snapshotToBytes(snapshot));
    } else {
      const writer = store.createWriter?.(this.appName);
      const chunks: Uint8Array[] = [];
      const sink = new BinarySnapshotSink((chunk) => {
        if (writer === undefined) chunks.push(chunk);
        else writer.write(chunk);
      });
      try {
        header = this.snapshots.write({ incremental }, this.#baseline, sink);
      } catch (error) {
        void writer?.abort();
        throw error;
      }
      keep = async (revision) => {
        if (writer === undefined) await store.save(this.appName, revision, concat(chunks));
        else await writer.commit(revision);
      };
    }
    this.#sinceFull = incremental ? this.#sinceFull + 1 : 0;
    const save = this.#chain.then(async () => {
      const revisions = await store.list(this.appName);
      const last = revisions.at(-1);
      const sequence = (last === undefined ? 0 : parseRevision(last).sequence) + 1;
      const revision = revisionName(sequence, header.takenAt, header.kind);
      await keep(revision);
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
    return this.restore();
  }

  /**
   * Restores `revision` (with the full revision and increments it builds on), or the newest
   * when `revision` is undefined; resolves with the revision applied, or undefined when the
   * store has no such revision for the app.
   */
  async restore(revision?: string): Promise<string | undefined> {
    await this.#chain;
    const { store } = this.options;
    let revisions = await store.list(this.appName);
    if (revision !== undefined) {
      const index = revisions.indexOf(revision);
      if (index < 0) return undefined;
      revisions = revisions.slice(0, index + 1);
    }
    const chain = revisionsToRestore(revisions);
    const snapshots: unknown[] = [];
    for (const revision of chain) {
      const snapshot = await this.#load(store, revision);
      if (snapshot !== undefined) snapshots.push(snapshot);
    }
    if (snapshots.length === 0) return undefined;
    this.snapshots.restore(snapshots);
    this.#sinceFull = Infinity;
    return chain.at(-1);
  }

  /** One revision, streamed from the store when it can, else loaded whole. */
  async #load(store: PersistenceStore, revision: string): Promise<unknown> {
    const reader = store.openReader?.(this.appName, revision);
    if (reader === undefined) {
      const bytes = await store.load(this.appName, revision);
      return bytes === undefined ? undefined : snapshotFromBytes(bytes);
    }
    try {
      return readSnapshot(reader);
    } finally {
      reader.close();
    }
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
