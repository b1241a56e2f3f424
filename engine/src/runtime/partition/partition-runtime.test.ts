// Unit tests of the partition runtime on a virtual clock: lazy per-key instances, routing of
// partitioned and broadcast streams, chunking by key, overlapping ranges, purging and snapshots.

import { describe, expect, it } from 'vitest';
import type { EventChunk, StreamEvent } from '../event/event.js';
import { StreamJunction } from '../stream/stream-junction.js';
import { VirtualClock } from '../time/index.js';
import { PartitionInputJunction } from './partition-input-junction.js';
import { rangeKey, valueKey } from './partition-key.js';
import { PartitionRuntime, type PartitionInstance } from './partition-runtime.js';

const logger = { log: (): void => undefined };

function ev(...data: unknown[]): StreamEvent {
  return { timestamp: 0, type: 'current', data };
}

interface Harness {
  readonly runtime: PartitionRuntime;
  readonly outer: Map<string, StreamJunction>;
  /** Chunks each key's instance got, as `stream:data…` strings. */
  readonly seen: Map<string, string[][]>;
  readonly stopped: string[];
  readonly clock: VirtualClock;
}

function harness(purge?: { interval: number; idlePeriod: number }): Harness {
  const clock = new VirtualClock(1000);
  const outer = new Map([
    ['S', new StreamJunction('S', 2, logger)],
    ['G', new StreamJunction('G', 1, logger)],
  ]);
  const seen = new Map<string, string[][]>();
  const stopped: string[] = [];
  const create = (key: string): PartitionInstance => {
    const inputs = new Map<string, PartitionInputJunction>();
    for (const [id, junction] of outer) {
      const view = new PartitionInputJunction(junction, logger);
      view.subscribe({
        receive: (chunk: EventChunk) => {
          const list = seen.get(key) ?? [];
          list.push(chunk.map((e) => `${id}:${e.data.join(',')}`));
          seen.set(key, list);
        },
      });
      inputs.set(id, view);
    }
    let state = 0;
    return {
      inputs,
      start: () => undefined,
      stop: () => {
        stopped.push(key);
      },
      snapshot: () => ++state,
      restore: (s) => {
        state = s as number;
      },
    };
  };
  const runtime = new PartitionRuntime({
    create,
    time: clock,
    ...(purge === undefined ? {} : { purge }),
  });
  return { runtime, outer, seen, stopped, clock };
}

describe('partition keys', () => {
  it('keys by the string of a value, dropping nulls; floats and doubles as Java prints them', () => {
    expect(valueKey((e) => e.data[0], 'string')(ev('IBM'))).toBe('IBM');
    expect(valueKey((e) => e.data[0], 'int')(ev(5))).toBe('5');
    expect(valueKey((e) => e.data[0], 'double')(ev(5))).toBe('5.0');
    expect(valueKey((e) => e.data[0], 'float')(ev(Math.fround(0.1)))).toBe('0.1');
    expect(valueKey((e) => e.data[0], 'string')(ev(null))).toBeNull();
    expect(rangeKey((e) => (e.data[0] as number) < 10, 'low')(ev(3))).toBe('low');
    expect(rangeKey((e) => (e.data[0] as number) < 10, 'low')(ev(30))).toBeNull();
  });
});

describe('PartitionRuntime', () => {
  it('creates an instance per key lazily and routes events to it', () => {
    const h = harness();
    h.outer.get('S')?.subscribe(h.runtime.receiver('S', [valueKey((e) => e.data[0], 'string')]));
    h.runtime.start();
    expect(h.runtime.keys).toEqual([]);
    h.outer.get('S')?.send([ev('a', 1)]);
    h.outer.get('S')?.send([ev('b', 2)]);
    h.outer.get('S')?.send([ev('a', 3)]);
    expect(h.runtime.keys).toEqual(['a', 'b']);
    expect(h.seen.get('a')).toEqual([['S:a,1'], ['S:a,3']]);
    expect(h.seen.get('b')).toEqual([['S:b,2']]);
  });

  it('keeps consecutive events of one key in one chunk, in order', () => {
    const h = harness();
    h.outer.get('S')?.subscribe(h.runtime.receiver('S', [valueKey((e) => e.data[0], 'string')]));
    h.outer.get('S')?.send([ev('a', 1), ev('a', 2), ev('b', 3), ev(null, 4), ev('a', 5)]);
    expect(h.seen.get('a')).toEqual([['S:a,1', 'S:a,2'], ['S:a,5']]);
    expect(h.seen.get('b')).toEqual([['S:b,3']]);
  });

  it('sends an event to every range it matches, in definition order, once per label', () => {
    const h = harness();
    const n = (e: StreamEvent): number => e.data[1] as number;
    h.outer
      .get('S')
      ?.subscribe(
        h.runtime.receiver('S', [
          rangeKey((e) => n(e) >= 100, 'large'),
          rangeKey((e) => n(e) < 100, 'medium'),
          rangeKey((e) => n(e) < 50, 'small'),
          rangeKey((e) => n(e) < 10, 'small'),
        ]),
      );
    h.outer.get('S')?.send([ev('x', 5)]);
    h.outer.get('S')?.send([ev('y', 60), ev('z', 200)]);
    expect(h.runtime.keys).toEqual(['medium', 'small', 'large']);
    expect(h.seen.get('medium')).toEqual([['S:x,5'], ['S:y,60']]);
    expect(h.seen.get('small')).toEqual([['S:x,5']]);
    expect(h.seen.get('large')).toEqual([['S:z,200']]);
  });

  it('broadcasts streams it does not partition to the existing instances only', () => {
    const h = harness();
    h.outer.get('S')?.subscribe(h.runtime.receiver('S', [valueKey((e) => e.data[0], 'string')]));
    h.outer.get('G')?.subscribe(h.runtime.receiver('G', []));
    h.outer.get('G')?.send([ev('g0')]);
    expect(h.runtime.keys).toEqual([]);
    h.outer.get('S')?.send([ev('a', 1)]);
    h.outer.get('S')?.send([ev('b', 1)]);
    h.outer.get('G')?.send([ev('g1')]);
    expect(h.seen.get('a')).toEqual([['S:a,1'], ['G:g1']]);
    expect(h.seen.get('b')).toEqual([['S:b,1'], ['G:g1']]);
  });

  it('purges keys idle for strictly longer than the idle period at each tick', () => {
    const h = harness({ interval: 1000, idlePeriod: 1000 });
    h.outer.get('S')?.subscribe(h.runtime.receiver('S', [valueKey((e) => e.data[0], 'string')]));
    h.runtime.start();
    h.outer.get('S')?.send([ev('a', 1)]);
    h.clock.advanceBy(500);
    h.outer.get('S')?.send([ev('b', 1)]);
    h.clock.advanceBy(500); // tick at 2000: a last seen at 1000, 1000 + 1000 is not < 2000
    expect(h.runtime.keys).toEqual(['a', 'b']);
    h.clock.advanceBy(1000); // tick at 3000: a (1000) and b (1500) are idle
    expect(h.runtime.keys).toEqual([]);
    expect(h.stopped).toEqual(['a', 'b']);
    h.outer.get('S')?.send([ev('a', 2)]);
    expect(h.seen.get('a')).toEqual([['S:a,1'], ['S:a,2']]);
    h.runtime.stop();
    expect(h.clock.pending()).toBe(0);
  });

  it('snapshots keys with their last-seen time and state, and restores them', () => {
    const h = harness();
    h.outer.get('S')?.subscribe(h.runtime.receiver('S', [valueKey((e) => e.data[0], 'string')]));
    h.outer.get('S')?.send([ev('a', 1)]);
    h.clock.advanceBy(10);
    h.outer.get('S')?.send([ev('b', 1)]);
    const snapshot = h.runtime.snapshot();
    expect(snapshot).toEqual({
      keys: [
        ['a', 1000, 1],
        ['b', 1010, 1],
      ],
    });
    h.runtime.restore({ keys: [['c', 5, 7]] });
    expect(h.runtime.keys).toEqual(['c']);
    expect(h.stopped).toEqual(['a', 'b']);
    expect(h.runtime.snapshot()).toEqual({ keys: [['c', 5, 8]] });
  });

  it('without a factory keeps nothing per key and hands key runs to the direct receivers', () => {
    const clock = new VirtualClock(0);
    const S = new StreamJunction('S', 2, logger);
    const got: string[][] = [];
    const runtime = new PartitionRuntime({
      time: clock,
      direct: new Map([
        ['S', { receive: (c: EventChunk) => got.push(c.map((e) => String(e.data[1]))) }],
      ]),
    });
    S.subscribe(runtime.receiver('S', [valueKey((e) => e.data[0], 'string')]));
    S.send([ev('a', 1), ev('a', 2), ev('b', 3), ev(null, 4)]);
    S.send([ev('c', 5)]);
    expect(got).toEqual([['1', '2'], ['3'], ['5']]);
    expect(runtime.keys).toEqual([]);
    expect(runtime.snapshot()).toEqual({ keys: [] });
  });
});
