// What the `file` source does with a file it finished (or failed) reading: delete it, or move
// it — to a file path (`file.uri`) or into a directory (`dir.uri`), overwriting or keeping an
// existing file there (`move.if.exist.mode`, keep adds a UUID to the new name).

import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Delete, or move to `target`. */
export type AfterAction =
  | { readonly kind: 'delete' }
  | {
      readonly kind: 'move';
      /** A file path, or a directory the file moves into. */
      readonly target: string;
      readonly into: 'file' | 'directory';
      readonly ifExists: 'overwrite' | 'keep';
    };

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** `name.csv` → `name-<uuid>.csv`. */
function keptName(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${randomUUID()}${ext}`;
}

/**
 * Deletes or moves `file`; resolves with where it went (undefined when deleted).
 * @example
 * await applyAfterAction('/in/a.csv', { kind: 'move', target: '/done', into: 'directory', ifExists: 'keep' });
 */
export async function applyAfterAction(
  file: string,
  action: AfterAction,
): Promise<string | undefined> {
  if (action.kind === 'delete') {
    await rm(file, { force: true });
    return undefined;
  }
  let destination =
    action.into === 'directory' ? path.join(action.target, path.basename(file)) : action.target;
  await mkdir(path.dirname(destination), { recursive: true });
  if (action.ifExists === 'keep' && (await exists(destination))) {
    destination = keptName(destination);
  }
  try {
    await rename(file, destination);
  } catch (error) {
    // Another file system: copy, then remove the original.
    if (errorCode(error) !== 'EXDEV') throw error;
    await copyFile(file, destination);
    await rm(file, { force: true });
  }
  return destination;
}
