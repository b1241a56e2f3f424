// App snapshots: the versioned, JSON-serialisable state of every registered holder of an app,
// full or incremental (only the holders whose state changed since the previous snapshot), and
// restoring them after checking that the app's structure is the one the snapshot was taken of.

import { TributaryError } from '../../errors/tributary-error.js';
import { runtimeMessages } from '../../errors/messages.js';
import { fingerprintDifferences, type AppFingerprint } from './app-fingerprint.js';
import { decodeValue, encodeValue } from './snapshot-codec.js';
import type { StateRegistry } from './state-registry.js';

/** The format tag and version of `AppSnapshot`; bump the version when the shape changes. */
export const SNAPSHOT_FORMAT = 'tributary-state';
export const SNAPSHOT_VERSION = 1;

/** A snapshot of an app's state; plain JSON data (`JSON.stringify` safe). */
export interface AppSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** The app's name. */
  readonly app: string;
  /** `full`: every holder; `incremental`: the holders changed since the previous snapshot. */
  readonly kind: 'full' | 'incremental';
  /** The app's time when it was taken. */
  readonly takenAt: number;
  readonly fingerprint: AppFingerprint;
  /** Each holder's state by holder id, encoded (see snapshot-codec.ts). */
  readonly holders: Readonly<Record<string, unknown>>;
}

/** Options of `app.snapshot()`. */
export interface SnapshotOptions {
  /** Only the holders whose state changed since the previous snapshot (default false). */
  readonly incremental?: boolean;
}

interface Seen {
  readonly version: number | undefined;
  readonly encoded: string;
}

/**
 * What each holder looked like in the previous snapshot of one series (the app's own
 * `snapshot()` calls, or its persistence), for incremental snapshots.
 */
export class SnapshotBaseline {
  readonly seen = new Map<string, Seen>();
  epoch = 0;
}

/**
 * Takes and restores the snapshots of one app.
 * @example
 * const snapshots = new AppSnapshots('App', registry, fingerprint, clock);
 * const s = snapshots.take(); snapshots.restore([s]);
 */
export class AppSnapshots {
  /** The baseline of `take()` calls that pass none. */
  readonly #baseline = new SnapshotBaseline();
  /** Increases at every restore: baselines of an earlier epoch are void. */
  #epoch = 0;

  constructor(
    private readonly appName: string,
    private readonly registry: StateRegistry,
    readonly fingerprint: AppFingerprint,
    private readonly now: () => number,
  ) {}

  /** A snapshot of every holder, or (incremental) of those changed since the previous one. */
  take(options: SnapshotOptions = {}, baseline = this.#baseline): AppSnapshot {
    const incremental = options.incremental === true;
    if (baseline.epoch !== this.#epoch) {
      baseline.seen.clear();
      baseline.epoch = this.#epoch;
    }
    const holders: Record<string, unknown> = {};
    for (const holder of this.registry.holders()) {
      const before = baseline.seen.get(holder.id);
      const version = holder.version?.();
      if (
        incremental &&
        before !== undefined &&
        version !== undefined &&
        before.version === version
      ) {
        continue;
      }
      const encoded = encodeValue(holder.snapshot());
      const text = JSON.stringify(encoded);
      if (incremental && before?.encoded === text) continue;
      baseline.seen.set(holder.id, { version, encoded: text });
      holders[holder.id] = encoded;
    }
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      app: this.appName,
      kind: incremental ? 'incremental' : 'full',
      takenAt: this.now(),
      fingerprint: this.fingerprint,
      holders,
    };
  }

  /**
   * Restores a full snapshot followed by later incremental ones (or one incremental snapshot
   * on top of the current state). Everything is checked before any state changes.
   */
  restore(snapshots: readonly unknown[]): void {
    const checked = snapshots.map((s) => this.check(s));
    for (const snapshot of checked) {
      for (const holder of this.registry.holders()) {
        if (!Object.hasOwn(snapshot.holders, holder.id)) continue;
        holder.restore(decodeValue(snapshot.holders[holder.id]));
      }
    }
    // Incremental snapshots after a restore are taken against the restored state: start over.
    this.#epoch += 1;
  }

  /** Validates `value` as a snapshot of this app; throws `E_SNAPSHOT_INVALID` / `_MISMATCH`. */
  check(value: unknown): AppSnapshot {
    const invalid = (why: string): TributaryError =>
      new TributaryError(
        'E_SNAPSHOT_INVALID',
        runtimeMessages.E_SNAPSHOT_INVALID(this.appName, why),
      );
    if (typeof value !== 'object' || value === null) throw invalid('not a snapshot object');
    const s = value as Partial<Record<keyof AppSnapshot, unknown>>;
    const fingerprint = s.fingerprint as { app?: unknown; elements?: unknown } | undefined;
    if (s.format !== SNAPSHOT_FORMAT) throw invalid(`unknown format '${String(s.format)}'`);
    if (s.version !== SNAPSHOT_VERSION) {
      throw invalid(
        `format version ${String(s.version)} (this engine reads version ${String(SNAPSHOT_VERSION)})`,
      );
    }
    if (
      typeof s.holders !== 'object' ||
      s.holders === null ||
      typeof fingerprint?.app !== 'string' ||
      typeof fingerprint.elements !== 'object' ||
      fingerprint.elements === null
    ) {
      throw invalid('holders or fingerprint missing');
    }
    const snapshot = value as AppSnapshot;
    const differences = fingerprintDifferences(snapshot.fingerprint, this.fingerprint);
    if (differences.length > 0) {
      throw new TributaryError(
        'E_SNAPSHOT_MISMATCH',
        runtimeMessages.E_SNAPSHOT_MISMATCH(this.appName, differences.join('; ')),
      );
    }
    return snapshot;
  }
}
