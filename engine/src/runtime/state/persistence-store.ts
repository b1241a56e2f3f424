// Where persisted app snapshots go: the `PersistenceStore` interface (revisions of bytes per
// app, oldest first) and revision names that sort in time order and tell full from incremental
// snapshots, so a restore can find the last full one and the increments after it.

/**
 * A store of persisted snapshots. Revisions are opaque to a store except for their order: the
 * names `revisionName` makes sort lexicographically in the order they were taken.
 * @example
 * const store = new InMemoryPersistenceStore({ keep: 3 });
 * await store.save('App', revisionName(1, Date.now(), 'full'), bytes);
 */
export interface PersistenceStore {
  /** Stores `bytes` as `revision` of `app` (replacing one of the same name). */
  save(app: string, revision: string, bytes: Uint8Array): Promise<void>;
  /** The bytes of `revision`, or of the newest revision when it is absent; undefined if none. */
  load(app: string, revision?: string): Promise<Uint8Array | undefined>;
  /** The revisions of `app`, oldest first. */
  list(app: string): Promise<readonly string[]>;
  /** Removes the revisions of `app`, or of every app. */
  clear(app?: string): Promise<void>;
  /**
   * Optional streaming save: a writer the snapshot is written to chunk by chunk as it is taken
   * (so a big state is never held whole as bytes), named and kept by `commit`. A store that has
   * it gets binary snapshots by default.
   */
  createWriter?(app: string): RevisionWriter;
  /** Optional streaming load: the bytes of `revision`, read chunk by chunk; undefined if absent. */
  openReader?(app: string, revision: string): RevisionReader | undefined;
}

/** A revision being written (see `PersistenceStore.createWriter`). */
export interface RevisionWriter {
  /** Appends `chunk` (synchronously: the snapshot is consistent only while it is being taken). */
  write(chunk: Uint8Array): void;
  /** Keeps what was written as `revision` of the app (and prunes old revisions). */
  commit(revision: string): Promise<void>;
  /** Drops what was written. */
  abort(): Promise<void>;
}

/** A revision being read (see `PersistenceStore.openReader`). */
export interface RevisionReader {
  /** Fills `into` from its start; returns how many bytes (0 at the end). */
  read(into: Uint8Array): number;
  close(): void;
}

/** A revision's parts: a sequence number, the app time it was taken at and its kind. */
export interface RevisionInfo {
  readonly sequence: number;
  readonly time: number;
  readonly kind: 'full' | 'incremental';
}

const REVISION = /^(\d{10})_(\d{16})_([FI])$/;

/**
 * `0000000001_0001577836800000_F`: sequence (one more than the store's newest), the app time,
 * `F`ull or `I`ncremental; names sort in the order they were taken.
 */
export function revisionName(sequence: number, time: number, kind: RevisionInfo['kind']): string {
  const t = String(Math.max(0, Math.trunc(time))).padStart(16, '0');
  return `${String(sequence).padStart(10, '0')}_${t}_${kind === 'full' ? 'F' : 'I'}`;
}

/** The parts of a revision name; other names count as full snapshots. */
export function parseRevision(name: string): RevisionInfo {
  const m = REVISION.exec(name);
  if (m === null) return { sequence: 0, time: 0, kind: 'full' };
  return {
    sequence: Number(m[1]),
    time: Number(m[2]),
    kind: m[3] === 'F' ? 'full' : 'incremental',
  };
}

/** The revisions a restore applies, in order: the newest full one and every later increment. */
export function revisionsToRestore(revisions: readonly string[]): readonly string[] {
  for (let i = revisions.length - 1; i >= 0; i -= 1) {
    if (parseRevision(revisions[i] ?? '').kind === 'full') return revisions.slice(i);
  }
  return [];
}

/**
 * The revisions to delete so that `keep` remain, never breaking a chain: the newest `keep`
 * revisions stay, and so does everything back to the full revision the oldest of them needs.
 */
export function revisionsToPrune(revisions: readonly string[], keep: number): readonly string[] {
  let first = Math.max(0, revisions.length - Math.max(1, keep));
  while (first > 0 && parseRevision(revisions[first] ?? '').kind !== 'full') first -= 1;
  return revisions.slice(0, first);
}

/** Options of the built-in stores. */
export interface StoreOptions {
  /** How many revisions to keep per app (default 3); older ones are removed after a save. */
  readonly keep?: number;
}

/**
 * Keeps revisions in memory (tests, or restoring within one process).
 * @example
 * createEngine({ persistence: { store: new InMemoryPersistenceStore() } });
 */
export class InMemoryPersistenceStore implements PersistenceStore {
  readonly #apps = new Map<string, Map<string, Uint8Array>>();
  readonly #keep: number;

  constructor(options: StoreOptions = {}) {
    this.#keep = options.keep ?? 3;
  }

  save(app: string, revision: string, bytes: Uint8Array): Promise<void> {
    let revisions = this.#apps.get(app);
    if (revisions === undefined) {
      revisions = new Map();
      this.#apps.set(app, revisions);
    }
    revisions.set(revision, bytes.slice());
    for (const old of revisionsToPrune([...revisions.keys()].sort(), this.#keep)) {
      revisions.delete(old);
    }
    return Promise.resolve();
  }

  load(app: string, revision?: string): Promise<Uint8Array | undefined> {
    const revisions = this.#apps.get(app);
    const name = revision ?? [...(revisions?.keys() ?? [])].sort().at(-1);
    const bytes = name === undefined ? undefined : revisions?.get(name);
    return Promise.resolve(bytes?.slice());
  }

  list(app: string): Promise<readonly string[]> {
    return Promise.resolve([...(this.#apps.get(app)?.keys() ?? [])].sort());
  }

  clear(app?: string): Promise<void> {
    if (app === undefined) this.#apps.clear();
    else this.#apps.delete(app);
    return Promise.resolve();
  }
}
