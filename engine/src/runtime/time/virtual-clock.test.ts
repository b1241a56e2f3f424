// VirtualClock: timer order, ties, past timers, re-entrant scheduling, cancel, errors, shutdown.

import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';

const T0 = 1_577_836_800_000;

describe('VirtualClock', () => {
  it('starts at the given time and stands still', () => {
    const clock = new VirtualClock(T0);
    expect(clock.now()).toBe(T0);
    expect(new VirtualClock().now()).toBe(0);
  });

  it('fires due timers in time order, ties in scheduling order, with now() at the timer time', () => {
    const clock = new VirtualClock(T0);
    const log: string[] = [];
    const add = (offset: number, name: string): void => {
      clock.schedule(T0 + offset, (at) =>
        log.push(`${name}@${String(at - T0)}/${String(clock.now() - T0)}`),
      );
    };
    add(300, 'c');
    add(100, 'a1');
    add(200, 'b');
    add(100, 'a2');
    add(500, 'late');
    clock.advanceBy(300);
    expect(log).toEqual(['a1@100/100', 'a2@100/100', 'b@200/200', 'c@300/300']);
    expect(clock.now()).toBe(T0 + 300);
    expect(clock.pending()).toBe(1);
    clock.advanceTo(T0 + 1000);
    expect(log.at(-1)).toBe('late@500/500');
    expect(clock.now()).toBe(T0 + 1000);
  });

  it('fires timers scheduled while firing when they fall due within the advance', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    const tick = (at: number): void => {
      log.push(at);
      clock.schedule(at + 100, tick);
    };
    clock.schedule(100, tick);
    clock.advanceTo(450);
    expect(log).toEqual([100, 200, 300, 400]);
    expect(clock.pending()).toBe(1);
    expect(clock.nextTimerTime()).toBe(500);
  });

  it('fires a timer scheduled in the past at the next advance, without moving time back', () => {
    const clock = new VirtualClock(1000);
    const seen: [number, number][] = [];
    clock.schedule(400, (at) => seen.push([at, clock.now()]));
    clock.schedule(1000, (at) => seen.push([at, clock.now()]));
    expect(seen).toEqual([]);
    clock.advanceBy(0);
    expect(seen).toEqual([
      [400, 1000],
      [1000, 1000],
    ]);
    // scheduled in the past while firing: runs in the same advance
    clock.schedule(1100, () => clock.schedule(900, (at) => seen.push([at, clock.now()])));
    clock.advanceBy(200);
    expect(seen.at(-1)).toEqual([900, 1100]);
  });

  it('cancels timers, idempotently and harmlessly after firing', () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    const cancelA = clock.schedule(10, () => log.push('a'));
    const cancelB = clock.schedule(20, () => log.push('b'));
    clock.schedule(15, () => {
      cancelB();
    });
    cancelA();
    cancelA();
    expect(clock.pending()).toBe(2);
    clock.advanceTo(100);
    expect(log).toEqual([]);
    expect(clock.pending()).toBe(0);
    const cancelC = clock.schedule(150, () => log.push('c'));
    clock.advanceTo(200);
    cancelC();
    expect(log).toEqual(['c']);
    expect(clock.pending()).toBe(0);
  });

  it('keeps order through many cancellations (heap compaction)', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    const cancels: (() => void)[] = [];
    for (let i = 0; i < 500; i++) {
      const at = (i * 7919) % 1000;
      cancels.push(clock.schedule(at, () => fired.push(at)));
    }
    cancels.forEach((cancel, i) => {
      if (i % 3 !== 0) cancel();
    });
    expect(clock.pending()).toBe(167);
    clock.advanceTo(1000);
    expect(fired).toHaveLength(167);
    expect([...fired].sort((a, b) => a - b)).toEqual(fired);
  });

  it('refuses to move back and to advance by a negative amount', () => {
    const clock = new VirtualClock(100);
    expect(() => {
      clock.advanceTo(50);
    }).toThrow(RangeError);
    expect(() => {
      clock.advanceBy(-1);
    }).toThrow(RangeError);
  });

  it('supports advancing from inside a task (the outer advance continues to the farther target)', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    clock.schedule(10, () => {
      clock.advanceBy(100);
    });
    clock.schedule(50, (at) => log.push(at));
    clock.schedule(200, (at) => log.push(at));
    clock.advanceTo(20);
    expect(log).toEqual([50]);
    expect(clock.now()).toBe(110);
  });

  it('finishes the advance when a task throws, then rethrows the first error', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    clock.schedule(10, () => {
      throw new Error('boom');
    });
    clock.schedule(20, (at) => log.push(at));
    expect(() => {
      clock.advanceTo(30);
    }).toThrow('boom');
    expect(log).toEqual([20]);
    expect(clock.now()).toBe(30);
  });

  it('sends task errors to onError when given', () => {
    const errors: [unknown, number][] = [];
    const clock = new VirtualClock(0, { onError: (e, at) => errors.push([e, at]) });
    clock.schedule(10, () => {
      throw new Error('x');
    });
    clock.advanceTo(10);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe(10);
  });

  it('shutdown cancels every pending timer and ignores later ones', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    clock.schedule(10, (at) => log.push(at));
    clock.schedule(20, (at) => log.push(at));
    clock.shutdown();
    expect(clock.pending()).toBe(0);
    const cancel = clock.schedule(5, (at) => log.push(at));
    cancel();
    expect(clock.pending()).toBe(0);
    clock.advanceTo(100);
    expect(log).toEqual([]);
  });

  it('stops firing when a task shuts the clock down', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    clock.schedule(10, () => {
      clock.shutdown();
    });
    clock.schedule(20, (at) => log.push(at));
    clock.advanceTo(100);
    expect(log).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
