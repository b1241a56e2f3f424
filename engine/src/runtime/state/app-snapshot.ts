// App snapshots: the versioned, JSON-serialisable state of every registered holder of an app,
// full or incremental (only the holders whose state changed since the previous snapshot), and
// restoring them after checking that the app's structure is the one the snapshot was taken of.

import { TributaryError } from '../../errors/tributary-error.js';
import { runtimeMessages } from '../../errors/messages.js';
import { createHash } from 'node:crypto';
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

/**
 * A snapshot read from the binary format (binary-snapshot.ts): the holders' states are decoded
 * values already (the JSON format's tagged encoding does not apply).
 * @example
 * new DecodedSnapshot(header, { 'query:q1/window': { timestamps, rows } });
 */
export class DecodedSnapshot implements AppSnapshot {
  readonly format: AppSnapshot['format'];
  readonly version: AppSnapshot['version'];
  readonly app: string;
  readonly kind: AppSnapshot['kind'];
  readonly takenAt: number;
  readonly fingerprint: AppSnapshot['fingerprint'];

  constructor(
    header: SnapshotHeader,
    readonly holders: Readonly<Record<string, unknown>>,
  ) {
    this.format = header.format;
    this.version = header.version;
    this.app = header.app;
    this.kind = header.kind;
    this.takenAt = header.takenAt;
    this.fingerprint = header.fingerprint;
  }
}

/** Options of `app.snapshot()`. */
export interface SnapshotOptions {
  /** Only the holders whose state changed since the previous snapshot (default false). */
  readonly incremental?: boolean;
}

/** A snapshot without its holders: what a `SnapshotSink` gets first. */
export type SnapshotHeader = Omit<AppSnapshot, 'holders'>;

/**
 * Receives a snapshot as it is taken, in some format: the header, then each holder's state.
 * `holder` and `digest` return the same digest for the same state, so an incremental snapshot
 * can leave out a holder whose encoding did not change.
 */
export interface SnapshotSink {
  begin(header: SnapshotHeader): void;
  /** Writes one holder's state; returns a digest of its encoding. */
  holder(id: string, state: unknown): string;
  /** The digest `holder` would return for `state`, writing nothing. */
  digest(state: unknown): string;
  end(): void;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Builds the JSON `AppSnapshot` (holders in the tagged encoding of snapshot-codec.ts). */
class JsonSnapshotSink implements SnapshotSink {
  #header: SnapshotHeader | undefined;
  readonly #holders: Record<string, unknown> = {};

  begin(header: SnapshotHeader): void {
    this.#header = header;
  }

  holder(id: string, state: unknown): string {
    const encoded = encodeValue(state);
    this.#holders[id] = encoded;
    return sha1(JSON.stringify(encoded));
  }

  digest(state: unknown): string {
    return sha1(JSON.stringify(encodeValue(state)));
  }

  end(): void {
    // the snapshot is built in memory
  }

  snapshot(): AppSnapshot {
    if (this.#header === undefined) throw new Error('the snapshot was not begun');
    return { ...this.#header, holders: this.#holders };
  }
}

interface Seen {
  readonly version: number | undefined;
  /** A digest of the holder's encoded state (the state itself is not kept). */
  readonly digest: string;
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
    const sink = new JsonSnapshotSink();
    this.write(options, baseline, sink);
    return sink.snapshot();
  }

  /**
   * Takes a snapshot into `sink` (a format writing as it goes): the header, then every holder,
   * or (incremental) those whose state changed since the previous snapshot of `baseline`.
   */
  write(options: SnapshotOptions, baseline: SnapshotBaseline, sink: SnapshotSink): SnapshotHeader {
    const incremental = options.incremental === true;
    if (baseline.epoch !== this.#epoch) {
      baseline.seen.clear();
      baseline.epoch = this.#epoch;
    }
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      app: this.appName,
      kind: incremental ? 'incremental' : 'full',
      takenAt: this.now(),
      fingerprint: this.fingerprint,
    };
    sink.begin(header);
    for (const holder of this.registry.holders()) {
      const before = baseline.seen.get(holder.id);
      const version = holder.version?.();
      if (incremental && before !== undefined && version !== undefined) {
        if (before.version === version) continue;
      }
      const state = holder.snapshot();
      if (incremental && before !== undefined && version === undefined) {
        // no change counter: compare digests before writing anything
        if (sink.digest(state) === before.digest) continue;
      }
      baseline.seen.set(holder.id, { version, digest: sink.holder(holder.id, state) });
    }
    sink.end();
    return header;
  }

  /**
   * Restores a full snapshot followed by later incremental ones (or one incremental snapshot
   * on top of the current state). Everything is checked before any state changes.
   */
  restore(snapshots: readonly unknown[]): void {
    const checked = snapshots.map((s) => this.check(s));
    for (const snapshot of checked) {
      // a binary snapshot's states are decoded already; a JSON one's are tagged
      const decoded = snapshot instanceof DecodedSnapshot;
      for (const holder of this.registry.holders()) {
        if (!Object.hasOwn(snapshot.holders, holder.id)) continue;
        const state = snapshot.holders[holder.id];
        holder.restore(decoded ? state : decodeValue(state));
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
