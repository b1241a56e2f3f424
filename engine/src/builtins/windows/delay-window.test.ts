// Unit tests for `delay`: events held, released as current at ts + t, never expired.

import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { delayWindow } from './delay-window.js';

describe('delay window', () => {
  it('emits each event as current once the delay has passed, stamped with the release time', () => {
    const h = windowHarness(delayWindow, [constantArgument(1000, 'long')]);
    h.send(['a']);
    h.sleep(300);
    h.send(['b']);
    expect(h.take()).toEqual([]);
    expect(h.window.contents().map((e) => e.data)).toEqual([['a'], ['b']]);
    h.sleep(700);
    expect(h.take()).toEqual([[['current', 'a']]]);
    expect(h.chunks).toEqual([]);
    h.sleep(300);
    expect(h.take()).toEqual([[['current', 'b']]]);
    expect(h.window.contents()).toEqual([]);
  });

  it('releases due events before holding a new one, in one chunk', () => {
    const h = windowHarness(delayWindow, [constantArgument(100, 'long')]);
    let seen: number[] = [];
    h.window.next = { process: (chunk) => (seen = chunk.map((e) => e.timestamp)) };
    h.send(['a']);
    h.stop();
    h.sleep(150);
    h.send(['b']);
    expect(seen).toEqual([150]);
  });

  it('sets one timer per increasing timestamp', () => {
    const h = windowHarness(delayWindow, [constantArgument(100, 'long')]);
    h.sendChunk([['a'], ['b']]);
    expect(h.clock.pending()).toBe(1);
    h.sleep(100);
    expect(h.take()).toEqual([
      [
        ['current', 'a'],
        ['current', 'b'],
      ],
    ]);
  });
});
