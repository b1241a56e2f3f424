import { describe, expect, it } from 'vitest';
import {
  InMemoryPersistenceStore,
  parseRevision,
  revisionName,
  revisionsToPrune,
  revisionsToRestore,
} from './persistence-store.js';

const F = (n: number): string => revisionName(n, 1000 + n, 'full');
const I = (n: number): string => revisionName(n, 1000 + n, 'incremental');

describe('revisions', () => {
  it('names sort in the order they were taken and parse back', () => {
    const names = [F(2), I(10), F(1), I(3)];
    expect([...names].sort()).toEqual([F(1), F(2), I(3), I(10)]);
    expect(parseRevision(I(10))).toEqual({ sequence: 10, time: 1010, kind: 'incremental' });
    expect(parseRevision('other')).toEqual({ sequence: 0, time: 0, kind: 'full' });
  });

  it('restores the newest full revision and the increments after it', () => {
    expect(revisionsToRestore([F(1), I(2), F(3), I(4), I(5)])).toEqual([F(3), I(4), I(5)]);
    expect(revisionsToRestore([I(1)])).toEqual([]);
    expect(revisionsToRestore([])).toEqual([]);
  });

  it('prunes to `keep` revisions without breaking an incremental chain', () => {
    expect(revisionsToPrune([F(1), F(2), F(3), F(4)], 2)).toEqual([F(1), F(2)]);
    expect(revisionsToPrune([F(1), F(2), I(3), I(4)], 2)).toEqual([F(1)]);
    expect(revisionsToPrune([F(1), I(2)], 5)).toEqual([]);
  });
});

describe('InMemoryPersistenceStore', () => {
  it('saves, lists, loads (newest by default) and prunes', async () => {
    const store = new InMemoryPersistenceStore({ keep: 2 });
    for (const n of [1, 2, 3]) await store.save('A', F(n), new Uint8Array([n]));
    expect(await store.list('A')).toEqual([F(2), F(3)]);
    expect(await store.load('A')).toEqual(new Uint8Array([3]));
    expect(await store.load('A', F(2))).toEqual(new Uint8Array([2]));
    expect(await store.load('A', F(1))).toBeUndefined();
    expect(await store.load('B')).toBeUndefined();
    await store.clear('A');
    expect(await store.list('A')).toEqual([]);
  });
});
