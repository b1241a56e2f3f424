import { mkdtemp, readdir, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilePersistenceStore } from './file-persistence-store.js';
import { revisionName } from './persistence-store.js';

const F = (n: number): string => revisionName(n, 5000, 'full');
const I = (n: number): string => revisionName(n, 5000, 'incremental');

describe('FilePersistenceStore', () => {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tributary-store-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes each revision through a temporary file and keeps the newest ones', async () => {
    const store = new FilePersistenceStore(directory, { keep: 2 });
    for (const n of [1, 2, 3]) await store.save('My App/1', F(n), new Uint8Array([n, n]));
    expect(await store.list('My App/1')).toEqual([F(2), F(3)]);
    const files = await readdir(join(directory, 'My%20App%2F1'));
    expect(files.sort()).toEqual([`${F(2)}.snapshot`, `${F(3)}.snapshot`]);
    expect(await store.load('My App/1')).toEqual(new Uint8Array([3, 3]));
    expect(await store.load('My App/1', F(1))).toBeUndefined();
    expect(await store.list('unknown')).toEqual([]);
  });

  it('keeps the full revision an increment needs', async () => {
    const store = new FilePersistenceStore(directory, { keep: 1 });
    await store.save('A', F(1), new Uint8Array([1]));
    await store.save('A', I(2), new Uint8Array([2]));
    expect(await store.list('A')).toEqual([F(1), I(2)]);
    await store.save('A', F(3), new Uint8Array([3]));
    expect(await store.list('A')).toEqual([F(3)]);
  });

  it('leaves the previous revisions intact and no temporary file when a write fails', async () => {
    const store = new FilePersistenceStore(directory);
    await store.save('A', F(1), new Uint8Array([1]));
    // A directory where the revision's file should go makes the rename fail.
    await mkdir(join(directory, 'A', `${F(2)}.snapshot`));
    await expect(store.save('A', F(2), new Uint8Array([2]))).rejects.toThrow();
    const files = await readdir(join(directory, 'A'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await store.load('A', F(1))).toEqual(new Uint8Array([1]));
  });

  it('clears one app or everything', async () => {
    const store = new FilePersistenceStore(directory);
    await store.save('A', F(1), new Uint8Array([1]));
    await store.save('B', F(1), new Uint8Array([1]));
    await store.clear('A');
    expect(await store.list('A')).toEqual([]);
    expect(await store.list('B')).toEqual([F(1)]);
    await store.clear();
    expect(await store.list('B')).toEqual([]);
  });
});
