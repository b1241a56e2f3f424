// The files CSV feed simulations read: kept in one folder (`simulation.filesFolder`), named by
// plain file names only, so a request can never reach outside it.

import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../http/api-error.js';

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}$/;

/**
 * The simulation files folder.
 * @example
 * const files = new SimulationFiles('data/simulation');
 * await files.write('trades.csv', 'IBM,75.5,100\n');
 */
export class SimulationFiles {
  constructor(readonly folder: string) {}

  /** The path of a file; throws `E_INVALID_FILE_NAME` for anything but a plain name. */
  path(name: string): string {
    if (!FILE_NAME.test(name) || name.includes('..'))
      throw ApiError.of('E_INVALID_FILE_NAME', name);
    return join(this.folder, name);
  }

  /** The path of a file that exists; throws `E_FILE_NOT_FOUND` otherwise. */
  async existing(name: string): Promise<string> {
    const path = this.path(name);
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // reported below
    }
    throw ApiError.of('E_FILE_NOT_FOUND', name);
  }

  async list(): Promise<{ name: string; size: number; modified: number }[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const files = [];
    for (const name of names.filter((n) => FILE_NAME.test(n)).sort()) {
      const info = await stat(join(this.folder, name));
      if (info.isFile()) files.push({ name, size: info.size, modified: info.mtimeMs });
    }
    return files;
  }

  /** Writes a file (atomically); resolves true when it is new. */
  async write(name: string, content: string): Promise<boolean> {
    const path = this.path(name);
    await mkdir(this.folder, { recursive: true });
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    const temporary = `${path}.${String(process.pid)}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, path);
    return !existed;
  }

  async remove(name: string): Promise<void> {
    await rm(await this.existing(name));
  }
}
