import { describe, expect, it } from 'vitest';
import { startIoApp } from '../../testing/io-app.js';
import { InMemoryErrorStore } from './error-store.js';

describe("@OnError(action='STORE')", () => {
  it('saves the events a stream failed to process and replays them into its input handler', async () => {
    const run = startIoApp("@OnError(action='STORE') define stream S (symbol string, v int);");
    let failing = true;
    const seen: unknown[][] = [];
    run.app.onStream('S', (events) => {
      if (failing) throw new Error('downstream is broken');
      for (const e of events) seen.push(e.data);
    });
    run.clock.advanceTo(1_000);
    run.app.input('S').sendBatch([
      ['A', 1],
      ['B', 2],
    ]);
    await run.app.idle();
    const errors = run.app.errors;
    if (errors === undefined) throw new Error('no error replayer');
    const [entry] = await errors.list();
    expect(entry).toMatchObject({
      streamName: 'S',
      occurrence: 'STORE_ON_STREAM_ERROR',
      eventType: 'EVENT_ARRAY',
      cause: 'downstream is broken',
      events: [
        { timestamp: 1_000, data: ['A', 1] },
        { timestamp: 1_000, data: ['B', 2] },
      ],
    });
    expect(run.messages('error')[0]).toContain('saved in the error store');
    failing = false;
    if (entry === undefined) throw new Error('no entry');
    await errors.replay(entry.id);
    expect(seen).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
    expect(await errors.count()).toBe(0);
    await run.app.shutdown();
  });

  it('logs (as without @OnError) when the engine has no error store', async () => {
    const run = startIoApp("@OnError(action='STORE') define stream S (v int);", {
      errorStore: false,
    });
    run.app.onStream('S', () => {
      throw new Error('broken');
    });
    run.app.input('S').send([1]);
    expect(run.messages('error').some((m) => m.includes('no error store'))).toBe(true);
    expect(run.messages('error').some((m) => m.includes('1 event(s) dropped: broken'))).toBe(true);
    await expect(run.app.errors?.list()).rejects.toMatchObject({ code: 'E_ERROR_STORE_MISSING' });
    await run.app.shutdown();
  });

  it('tells unknown entries and other apps’ entries apart', async () => {
    const run = startIoApp('define stream S (v int);');
    await expect(run.app.errors?.replay(99)).rejects.toMatchObject({ code: 'E_NO_ERROR_ENTRY' });
    const other = await run.errorStore?.saveEntry({
      timestamp: 0,
      appName: 'Other',
      streamName: 'S',
      events: [],
      cause: 'x',
      occurrence: 'STORE_ON_STREAM_ERROR',
      eventType: 'EVENT_ARRAY',
      errorType: 'TRANSPORT',
    });
    expect(await run.app.errors?.get(other?.id ?? -1)).toBeUndefined();
    expect(await run.app.errors?.discard(other?.id ?? -1)).toBe(false);
    await run.app.shutdown();
  });
});

describe('InMemoryErrorStore', () => {
  const entry = (appName: string, timestamp: number) =>
    ({
      timestamp,
      appName,
      streamName: 'S',
      events: [],
      cause: 'c',
      occurrence: 'BEFORE_SOURCE_MAPPING',
      eventType: 'PAYLOAD_STRING',
      errorType: 'MAPPING',
    }) as const;

  it('lists by app with paging, counts, discards and purges', async () => {
    const store = new InMemoryErrorStore();
    for (const [app, t] of [
      ['A', 1],
      ['B', 2],
      ['A', 3],
      ['A', 4],
    ] as const) {
      await store.saveEntry(entry(app, t));
    }
    expect((await store.list('A', { offset: 1, limit: 1 })).map((e) => e.timestamp)).toEqual([3]);
    expect(await store.count()).toBe(4);
    expect(await store.count('A')).toBe(3);
    expect(await store.discard(1)).toBe(true);
    expect(await store.discard(1)).toBe(false);
    expect(await store.purge({ retentionMs: 1, now: 4 })).toBe(1);
    expect(await store.discardAll('A')).toBe(2);
    expect(await store.count()).toBe(0);
  });
});
