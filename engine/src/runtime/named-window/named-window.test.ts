// Unit tests for named windows: events enter as current, the output event type filters what
// readers get, resets never leave, and the contents are the window's.

import { describe, expect, it } from 'vitest';
import type { EventChunk, StreamEvent } from '../event/event.js';
import { streamEvent } from '../event/event.js';
import { StreamJunction } from '../stream/stream-junction.js';
import { BaseWindow, resetEvent, withType, type WindowSnapshot } from '../window/window.js';
import { InsertIntoWindow, NamedWindow } from './named-window.js';

/** length(1) with a reset after each expiry, to see what gets through. */
class LastOne extends BaseWindow {
  private held: StreamEvent[] = [];
  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      for (const old of this.held) out.push(withType(old, 'expired', event.timestamp));
      if (this.held.length > 0) out.push(resetEvent(event.timestamp));
      this.held = [event];
      out.push(event);
    }
    this.emit(out);
  }
  contents(): readonly StreamEvent[] {
    return this.held;
  }
  snapshot(): WindowSnapshot {
    return {};
  }
  restore(): void {
    this.held = [];
  }
}

const quietLogger = { log: () => undefined };
const noLifecycle = { start: () => undefined, stop: () => undefined };

function run(type: 'all' | 'current' | 'expired'): string[][] {
  const junction = new StreamJunction('W', 1, quietLogger);
  const window = new NamedWindow('W', new LastOne(), junction, type, noLifecycle);
  const seen: string[][] = [];
  junction.subscribe({
    receive: (chunk) => seen.push(chunk.map((e) => `${e.type}:${String(e.data[0])}`)),
  });
  const insert = new InsertIntoWindow(window, 'all');
  insert.process([streamEvent(1, ['a'])]);
  insert.process([streamEvent(2, ['b']), streamEvent(2, ['x'], 'expired')]);
  expect(window.contents().map((e) => e.data[0])).toEqual(['x']);
  return seen;
}

describe('NamedWindow', () => {
  it('publishes current and expired events by default, never resets', () => {
    expect(run('all')).toEqual([
      ['current:a'],
      ['expired:a', 'current:b', 'expired:b', 'current:x'],
    ]);
  });

  it('filters by the output event type', () => {
    expect(run('current')).toEqual([['current:a'], ['current:b', 'current:x']]);
    expect(run('expired')).toEqual([['expired:a', 'expired:b']]);
  });

  it('takes only the events the insert clause names', () => {
    const junction = new StreamJunction('W', 1, quietLogger);
    const window = new NamedWindow('W', new LastOne(), junction, 'all', noLifecycle);
    new InsertIntoWindow(window, 'current').process([streamEvent(1, ['gone'], 'expired')]);
    expect(window.contents()).toEqual([]);
  });
});
