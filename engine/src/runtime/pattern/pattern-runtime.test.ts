// Unit tests of the pattern state machine without the planner: `every e1 -> e2` wired by hand,
// completed matches, the partial-match cap with its metric, and snapshot/restore of chains.

import { describe, expect, it } from 'vitest';
import { streamEvent } from '../event/event.js';
import { EveryRuntime, NextRuntime, StreamRuntime } from './inner-runtime.js';
import { PatternRuntime } from './pattern-runtime.js';
import { StateEvent, chainFromEnd, linkedCopy } from './state-event.js';
import { PostState, PreState } from './state-processors.js';

/** `every e1=A -> e2=B` with B's value greater than A's. */
function everyAThenB(maxPartialMatches?: number): {
  runtime: PatternRuntime;
  matches: unknown[][];
  logged: string[];
} {
  const size = 2;
  const fresh = (): StateEvent => new StateEvent(size);
  const pre1 = new PreState('pattern', size, fresh);
  const post1 = new PostState();
  const pre2 = new PreState('pattern', size, fresh);
  const post2 = new PostState();
  [pre1.stateId, post1.stateId, pre2.stateId, post2.stateId] = [0, 0, 1, 1];
  pre1.isStartState = true;
  for (const [pre, post] of [
    [pre1, post1],
    [pre2, post2],
  ] as const) {
    pre.thisPost = post;
    pre.thisLast = post;
    post.thisPre = pre;
  }
  pre2.filter = (s) => (s.events[1]?.data[0] as number) > (s.events[0]?.data[0] as number);
  const every = new EveryRuntime(new StreamRuntime(pre1, post1, 'A'));
  every.last.setNextEvery(every.first);
  const root = new NextRuntime(every, new StreamRuntime(pre2, post2, 'B'));
  post1.setNextPre(pre2);
  pre1.thisLast = post2;
  root.setSelector();
  const streams = new Map<string, PreState[]>();
  root.setup((id, pre) => streams.set(id, [...(streams.get(id) ?? []), pre]));
  const matches: unknown[][] = [];
  const logged: string[] = [];
  const runtime = new PatternRuntime({
    kind: 'pattern',
    root,
    states: [pre1, pre2],
    streams,
    queryName: 'q',
    logger: { log: (_level, message) => logged.push(message) },
    emit: (m) => matches.push(m.events.map((e) => e?.data[0] ?? null)),
    ...(maxPartialMatches === undefined ? {} : { maxPartialMatches }),
  });
  return { runtime, matches, logged };
}

describe('PatternRuntime', () => {
  it('completes every partial match a later event satisfies', () => {
    const { runtime, matches } = everyAThenB();
    runtime.receive('A', [streamEvent(1, [10]), streamEvent(2, [20])]);
    runtime.receive('B', [streamEvent(3, [15])]);
    expect(matches).toEqual([[10, 15]]);
    runtime.receive('B', [streamEvent(4, [25])]);
    expect(matches).toEqual([
      [10, 15],
      [20, 25],
    ]);
  });

  it('caps live partial matches, dropping the oldest, and logs once', () => {
    const { runtime, matches, logged } = everyAThenB(3);
    for (let i = 0; i < 10; i++) runtime.receive('A', [streamEvent(i, [i])]);
    expect(runtime.livePartialMatches).toBeLessThanOrEqual(3);
    expect(runtime.dropped).toBeGreaterThan(0);
    expect(logged).toHaveLength(1);
    runtime.receive('B', [streamEvent(20, [100])]);
    expect(matches.map((m) => m[0])).not.toContain(0);
  });

  it('restores partial matches from a snapshot', () => {
    const first = everyAThenB();
    first.runtime.receive('A', [streamEvent(1, [10])]);
    const snapshot = JSON.parse(JSON.stringify(first.runtime.snapshot())) as ReturnType<
      PatternRuntime['snapshot']
    >;
    const second = everyAThenB();
    second.runtime.restore(snapshot);
    second.runtime.receive('B', [streamEvent(2, [11])]);
    expect(second.matches).toEqual([[10, 11]]);
  });
});

describe('StateEvent chains', () => {
  it('appends, indexes from the end and removes the last event', () => {
    const s = new StateEvent(1);
    for (const v of [1, 2, 3]) s.addEvent(0, linkedCopy(streamEvent(v, [v])));
    expect(chainFromEnd(s.events[0] ?? null, 0)?.data).toEqual([3]);
    expect(chainFromEnd(s.events[0] ?? null, 2)?.data).toEqual([1]);
    expect(chainFromEnd(s.events[0] ?? null, 3)).toBeNull();
    s.removeLastEvent(0);
    expect(chainFromEnd(s.events[0] ?? null, 0)?.data).toEqual([2]);
    const copy = s.copy();
    expect(copy.events[0]).toBe(s.events[0]);
  });
});
