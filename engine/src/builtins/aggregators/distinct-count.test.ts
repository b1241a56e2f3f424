// Unit tests for `distinctCount`, including the reference engine's distinctCountTest
// (a 5-second time window grouped by user) simulated by hand.

import { describe, expect, it } from 'vitest';
import type { AggregatorState } from './aggregator.js';
import { distinctCount } from './distinct-count.js';

describe('distinctCount', () => {
  it('is a long over one argument of any type', () => {
    expect(distinctCount.create(['object']).returnType).toBe('long');
    expect(() => distinctCount.create([])).toThrow(/exactly 1/);
  });

  it('counts distinct values, null included, and undoes removes', () => {
    const state = distinctCount.create(['string']).newState();
    expect(state.add('a')).toBe(1);
    expect(state.add('a')).toBe(1);
    expect(state.add(null)).toBe(2);
    expect(state.remove('a')).toBe(2);
    expect(state.remove('a')).toBe(1);
    expect(state.remove('never')).toBe(1);
    expect(state.reset()).toBe(0);
  });

  it('reaches 4 pages only once for USER_1 (distinctCountTest)', () => {
    // [time s, user, page]; the window expires events 5 s old before the next current event.
    const events: [number, string, string][] = [
      [0, 'USER_1', 'WEB_PAGE_1'],
      [1, 'USER_2', 'WEB_PAGE_1'],
      [2, 'USER_1', 'WEB_PAGE_2'],
      [3, 'USER_2', 'WEB_PAGE_2'],
      [4, 'USER_1', 'WEB_PAGE_3'],
      [5, 'USER_1', 'WEB_PAGE_1'],
      [6, 'USER_1', 'WEB_PAGE_4'],
      [7, 'USER_2', 'WEB_PAGE_2'],
      [8, 'USER_1', 'WEB_PAGE_1'],
      [9, 'USER_2', 'WEB_PAGE_1'],
    ];
    const impl = distinctCount.create(['string']);
    const states = new Map<string, AggregatorState>();
    const stateOf = (user: string): AggregatorState => {
      let state = states.get(user);
      if (state === undefined) {
        state = impl.newState();
        states.set(user, state);
      }
      return state;
    };
    const window: [number, string, string][] = [];
    const outputs: [string, string, unknown][] = [];
    for (const event of events) {
      while (window[0] !== undefined && window[0][0] + 5 <= event[0]) {
        const [, user, page] = window[0];
        stateOf(user).remove(page);
        window.shift();
      }
      window.push(event);
      const value = stateOf(event[1]).add(event[2]);
      if (typeof value === 'number' && value > 3) outputs.push([event[1], event[2], value]);
    }
    expect(outputs).toEqual([['USER_1', 'WEB_PAGE_4', 4]]);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = distinctCount.create(['int']).newState();
    state.add(1);
    state.add(1);
    state.add(2);
    const copy = distinctCount.create(['int']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.remove(1)).toBe(2);
    expect(copy.remove(1)).toBe(1);
  });
});
