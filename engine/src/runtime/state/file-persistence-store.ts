// Persists snapshots as files: `<directory>/<app>/<revision>.snapshot`, each written to a
// temporary file first and renamed into place (atomic on POSIX file systems), keeping a
// configurable number of revisions per app. Snapshots stream to and from the files in chunks.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  revisionsToPrune,
  type PersistenceStore,
  type RevisionReader,
  type RevisionWriter,
  type StoreOptions,
} from './persistence-store.js';

const SUFFIX = '.snapshot';

/** An app name or revision as a safe file name (other characters become `%xx`). */
function safeName(name: string): string {
  return encodeURIComponent(name)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/^\./, '%2E');
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

/**
 * A persistence store on the file system.
 * @example
 * createEngine({ persistence: { store: new FilePersistenceStore('/var/lib/tributary', { keep: 5 }) } });
 */
export class FilePersistenceStore implements PersistenceStore {
  readonly #keep: number;

  constructor(
    readonly directory: string,
    options: StoreOptions = {},
  ) {
    this.#keep = options.keep ?? 3;
  }

  async save(app: string, revision: string, bytes: Uint8Array): Promise<void> {
    const folder = this.#folder(app);
    await mkdir(folder, { recursive: true });
    const target = join(folder, safeName(revision) + SUFFIX);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, bytes, { flush: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await this.#prune(app);
  }

  createWriter(app: string): RevisionWriter {
    const folder = this.#folder(app);
    mkdirSync(folder, { recursive: true });
    const temporary = join(folder, `${randomBytes(6).toString('hex')}.tmp`);
    let fd: number | undefined = openSync(temporary, 'w');
    const close = (): void => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    };
    return {
      write: (chunk) => {
        if (fd === undefined) throw new Error('the revision was committed or aborted');
        for (let offset = 0; offset < chunk.length;) {
          offset += writeSync(fd, chunk, offset, chunk.length - offset);
        }
      },
      commit: async (revision) => {
        try {
          if (fd !== undefined) fsyncSync(fd);
          close();
          await rename(temporary, join(folder, safeName(revision) + SUFFIX));
        } catch (error) {
          close();
          await rm(temporary, { force: true });
          throw error;
        }
        await this.#prune(app);
      },
      abort: () => {
        close();
        rmSync(temporary, { force: true });
        return Promise.resolve();
      },
    };
  }

  openReader(app: string, revision: string): RevisionReader | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(join(this.#folder(app), safeName(revision) + SUFFIX), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const file = fd;
    return {
      read: (into) => readSync(file, into, 0, into.length, null),
      close: () => {
        closeSync(file);
      },
    };
  }

  async #prune(app: string): Promise<void> {
    const folder = this.#folder(app);
    for (const old of revisionsToPrune(await this.list(app), this.#keep)) {
      await rm(join(folder, safeName(old) + SUFFIX), { force: true });
    }
  }

  async load(app: string, revision?: string): Promise<Uint8Array | undefined> {
    const name = revision ?? (await this.list(app)).at(-1);
    if (name === undefined) return undefined;
    try {
      return new Uint8Array(await readFile(join(this.#folder(app), safeName(name) + SUFFIX)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(app: string): Promise<readonly string[]> {
    let files: string[];
    try {
      files = await readdir(this.#folder(app));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return files
      .filter((f) => f.endsWith(SUFFIX))
      .map((f) => decodeURIComponent(f.slice(0, -SUFFIX.length)))
      .sort();
  }

  async clear(app?: string): Promise<void> {
    await rm(app === undefined ? this.directory : this.#folder(app), {
      recursive: true,
      force: true,
    });
  }

  #folder(app: string): string {
    return join(this.directory, safeName(app));
  }
}
