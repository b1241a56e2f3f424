// Test support for the file connector: temporary directories removed after each test, and a
// real-time wait on a condition (file system notifications arrive in real time).

import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Temporary directories of the running test file; `removeTempDirs` deletes them. */
const created: string[] = [];

/**
 * A new empty directory under the OS temp folder.
 * @example
 * const dir = await tempDir(); // '/tmp/tributary-file-Xa81…'
 */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-file-'));
  created.push(dir);
  return dir;
}

/** Deletes every directory `tempDir` made (call in afterEach). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/**
 * Resolves once `ready()` holds, checking every 5 ms; rejects after `timeoutMs` saying `what`.
 * @example
 * await waitFor(() => rows.length === 2, () => `rows: ${JSON.stringify(rows)}`);
 */
export async function waitFor(
  ready: () => boolean | Promise<boolean>,
  what: () => string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${String(timeoutMs)} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Whether a path exists. */
export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
