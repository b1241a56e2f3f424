// SystemTimeService on Node's fake timers: order, past timers, cancel, errors, shutdown.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SystemTimeService } from './system-time-service.js';

const T0 = 1_577_836_800_000;

describe('SystemTimeService', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads Date.now()', () => {
    expect(new SystemTimeService().now()).toBe(T0);
  });

  it('fires tasks at their times in time order, ties in scheduling order', () => {
    const time = new SystemTimeService();
    const log: string[] = [];
    time.schedule(T0 + 200, (at) => log.push(`b${String(at - T0)}`));
    time.schedule(T0 + 100, (at) => log.push(`a1-${String(at - T0)}`));
    time.schedule(T0 + 100, (at) => log.push(`a2-${String(at - T0)}`));
    vi.advanceTimersByTime(99);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['a1-100', 'a2-100']);
    vi.advanceTimersByTime(100);
    expect(log).toEqual(['a1-100', 'a2-100', 'b200']);
    expect(time.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs a past task asynchronously, soon after scheduling', () => {
    const time = new SystemTimeService();
    const log: number[] = [];
    time.schedule(T0 - 1000, (at) => log.push(at));
    expect(log).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(log).toEqual([T0 - 1000]);
  });

  it('re-arms for an earlier task and for periodic re-scheduling', () => {
    const time = new SystemTimeService();
    const log: number[] = [];
    time.schedule(T0 + 1000, (at) => log.push(at - T0));
    time.schedule(T0 + 10, (at) => {
      log.push(at - T0);
      time.schedule(at + 10, (at2) => log.push(at2 - T0));
    });
    vi.advanceTimersByTime(1000);
    expect(log).toEqual([10, 20, 1000]);
  });

  it('keeps no Node timer once every task is cancelled', () => {
    const time = new SystemTimeService();
    const log: number[] = [];
    const cancel = time.schedule(T0 + 100, (at) => log.push(at));
    expect(vi.getTimerCount()).toBe(1);
    cancel();
    cancel();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(200);
    expect(log).toEqual([]);
  });

  it('waits longer than the longest setTimeout delay', () => {
    const time = new SystemTimeService();
    const log: number[] = [];
    const far = T0 + 40 * 86_400_000;
    time.schedule(far, (at) => log.push(at));
    vi.advanceTimersByTime(30 * 86_400_000);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(10 * 86_400_000);
    expect(log).toEqual([far]);
  });

  it('reports a throwing task and keeps running the others', () => {
    const errors: number[] = [];
    const time = new SystemTimeService({ onError: (_e, at) => errors.push(at) });
    const log: number[] = [];
    time.schedule(T0 + 5, () => {
      throw new Error('boom');
    });
    time.schedule(T0 + 5, (at) => log.push(at));
    vi.advanceTimersByTime(5);
    expect(errors).toEqual([T0 + 5]);
    expect(log).toEqual([T0 + 5]);
  });

  it('shutdown cancels every pending task and leaves no Node timer', () => {
    const time = new SystemTimeService();
    const log: number[] = [];
    time.schedule(T0 + 10, (at) => log.push(at));
    time.schedule(T0 + 20, (at) => log.push(at));
    time.shutdown();
    expect(time.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    time.schedule(T0 + 30, (at) => log.push(at));
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(log).toEqual([]);
  });
});
