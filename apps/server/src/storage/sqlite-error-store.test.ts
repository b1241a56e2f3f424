// Tests of the SQLite error store: entries survive reopening the file, binary payloads keep
// their bytes, listing pages by app, the cap on entries, discard and purge.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorEntryInput } from '@tributary/engine';
import { SqliteErrorStore } from './sqlite-error-store.js';

function entry(
  appName: string,
  timestamp: number,
  extra: Partial<ErrorEntryInput> = {},
): ErrorEntryInput {
  return {
    timestamp,
    appName,
    streamName: 'S',
    events: [{ timestamp, data: ['IBM', 1.5] }],
    cause: 'boom',
    occurrence: 'STORE_ON_STREAM_ERROR',
    eventType: 'EVENT_ARRAY',
    errorType: 'MAPPING',
    ...extra,
  };
}

describe('SqliteErrorStore', () => {
  it('keeps entries in a file across reopening, with binary payloads intact', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tributary-errors-')), 'nested', 'errors.db');
    const store = new SqliteErrorStore(file);
    const saved = await store.saveEntry(
      entry('A', 10, {
        payload: new Uint8Array([0, 1, 255]),
        transport: { topic: 't' },
        origin: { kind: 'source', index: 0 },
        stackTrace: 'Error: boom\n    at x',
        occurrence: 'BEFORE_SOURCE_MAPPING',
        eventType: 'PAYLOAD_STRING',
      }),
    );
    expect(saved.id).toBe(1);
    store.close();
    const reopened = new SqliteErrorStore(file);
    const got = await reopened.get(saved.id);
    expect(got).toMatchObject({
      id: 1,
      appName: 'A',
      streamName: 'S',
      occurrence: 'BEFORE_SOURCE_MAPPING',
      transport: { topic: 't' },
      origin: { kind: 'source', index: 0 },
      stackTrace: 'Error: boom\n    at x',
      events: [{ timestamp: 10, data: ['IBM', 1.5] }],
    });
    expect([...(got?.payload as Uint8Array)]).toEqual([0, 1, 255]);
    expect(await reopened.get(99)).toBeUndefined();
    reopened.close();
  });

  it('lists, counts, discards, purges and caps entries', async () => {
    const store = new SqliteErrorStore(':memory:', { maxEntries: 4 });
    for (let i = 1; i <= 5; i += 1) await store.saveEntry(entry(i % 2 === 0 ? 'B' : 'A', i * 100));
    expect(await store.count()).toBe(4);
    expect((await store.list('A')).map((e) => e.timestamp)).toEqual([300, 500]);
    expect((await store.list('B', { limit: 1, offset: 1 })).map((e) => e.timestamp)).toEqual([400]);
    expect(await store.apps()).toEqual([
      { appName: 'A', count: 2 },
      { appName: 'B', count: 2 },
    ]);
    const [first] = await store.list('B');
    expect(await store.discard(first?.id ?? 0)).toBe(true);
    expect(await store.discard(first?.id ?? 0)).toBe(false);
    expect(await store.purge({ retentionMs: 150, now: 500 })).toBe(1);
    expect(await store.discardAll('A')).toBe(1);
    expect(await store.count('A')).toBe(0);
    expect(await store.count()).toBe(1);
    store.close();
  });
});
