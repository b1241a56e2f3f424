// Unit tests for an app's scheduler: cancelling everything at shutdown and containing errors.

import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../time/index.js';
import { AppScheduler } from './app-scheduler.js';

describe('AppScheduler', () => {
  it('runs due timers, counts pending ones and cancels all of them at shutdown', () => {
    const clock = new VirtualClock(0);
    const time = new AppScheduler(clock, { log: () => undefined });
    const fired: number[] = [];
    time.schedule(10, (at) => fired.push(at));
    time.schedule(20, (at) => fired.push(at));
    expect(time.pendingCount).toBe(2);
    clock.advanceTo(15);
    expect(fired).toEqual([10]);
    expect(time.pendingCount).toBe(1);
    time.shutdown();
    expect(time.pendingCount).toBe(0);
    expect(clock.pending()).toBe(0);
    time.schedule(30, (at) => fired.push(at));
    clock.advanceTo(40);
    expect(fired).toEqual([10]);
  });

  it('logs what a task throws and keeps firing the others', () => {
    const clock = new VirtualClock(0);
    const messages: string[] = [];
    const time = new AppScheduler(clock, {
      log: (_l, m) => {
        messages.push(m);
      },
    });
    const fired: number[] = [];
    time.schedule(1, () => {
      throw new Error('kaput');
    });
    time.schedule(2, (at) => fired.push(at));
    clock.advanceTo(5);
    expect(fired).toEqual([2]);
    expect(messages).toEqual(['error in a timer task at 1: kaput']);
  });
});
