// The kafkaMultiDC merge: each sequence number once and in order, gaps filled by the other
// cluster, and buffered events let through when the flush interval passes.

import { describe, expect, it } from 'vitest';
import { SourceSynchronizer } from './source-synchronizer.js';

function setup(maxBufferSize?: number) {
  const emitted: unknown[] = [];
  const lost: [number, number][] = [];
  const tasks: (() => void)[] = [];
  const sync = new SourceSynchronizer({
    sources: ['a', 'b'],
    emit: (payload) => {
      emitted.push(payload);
      return Promise.resolve();
    },
    schedule: (_delay, task) => {
      tasks.push(task);
      return () => tasks.splice(tasks.indexOf(task), 1);
    },
    lost: (from, to) => lost.push([from, to]),
    ...(maxBufferSize === undefined ? {} : { maxBufferSize }),
  });
  const runTimers = (): void => {
    for (const task of tasks.splice(0)) task();
  };
  return { sync, emitted, lost, runTimers };
}

describe('SourceSynchronizer', () => {
  it('lets each number through once, from whichever cluster delivers it first', async () => {
    const { sync, emitted } = setup();
    await Promise.all([
      sync.onEvent('a', 0, 'e0', {}),
      sync.onEvent('b', 0, 'e0', {}),
      sync.onEvent('b', 1, 'e1', {}),
      sync.onEvent('a', 1, 'e1', {}),
      sync.onEvent('a', 2, 'e2', {}),
    ]);
    expect(emitted).toEqual(['e0', 'e1', 'e2']);
  });

  it('holds a number ahead of the sequence until the other cluster fills the gap', async () => {
    const { sync, emitted } = setup();
    await sync.onEvent('a', 0, 'e0', {});
    const held = sync.onEvent('a', 2, 'e2', {});
    expect(emitted).toEqual(['e0']);
    expect(sync.buffered).toBe(1);
    await sync.onEvent('b', 1, 'e1', {});
    await held;
    expect(emitted).toEqual(['e0', 'e1', 'e2']);
    expect(sync.buffered).toBe(0);
  });

  it('lets held events through after the flush interval when nobody fills the gap', async () => {
    const { sync, emitted, lost, runTimers } = setup();
    await sync.onEvent('a', 0, 'e0', {});
    const held = sync.onEvent('a', 3, 'e3', {});
    runTimers();
    await held;
    expect(emitted).toEqual(['e0', 'e3']);
    expect(lost).toEqual([[1, 2]]);
    // What arrives late from the other cluster is a duplicate now.
    await sync.onEvent('b', 1, 'e1', {});
    expect(emitted).toEqual(['e0', 'e3']);
  });

  it('flushes up to where both clusters are once both moved past a gap', async () => {
    const { sync, emitted, runTimers } = setup();
    await sync.onEvent('a', 0, 'e0', {});
    await sync.onEvent('b', 0, 'e0', {});
    const first = sync.onEvent('a', 2, 'e2', {});
    const second = sync.onEvent('b', 3, 'e3', {});
    await first;
    expect(emitted).toEqual(['e0', 'e2']);
    expect(sync.buffered).toBe(1);
    runTimers();
    await second;
    expect(emitted).toEqual(['e0', 'e2', 'e3']);
  });

  it('keeps the buffer bounded', async () => {
    const { sync, emitted } = setup(2);
    await sync.onEvent('a', 0, 'e0', {});
    const held = [sync.onEvent('a', 2, 'e2', {}), sync.onEvent('a', 3, 'e3', {})];
    void sync.onEvent('a', 5, 'e5', {});
    await Promise.all(held);
    expect(emitted).toEqual(['e0', 'e2', 'e3']);
  });
});
