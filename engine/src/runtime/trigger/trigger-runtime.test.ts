// TriggerRuntime on a VirtualClock: periodic, start and cron triggers; stop leaves no timer.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.js';
import type { TriggerDefinition } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import { VirtualClock } from '../time/index.js';
import { TriggerRuntime } from './trigger-runtime.js';

const T0 = 1_577_836_800_000; // 2020-01-01T00:00:00Z, a Wednesday

function trigger(at: string): TriggerDefinition {
  const result = compile(`define trigger T at ${at};`);
  const def = result.app?.definitions[0];
  if (def?.kind !== 'trigger') throw new Error(JSON.stringify(result.diagnostics));
  return def;
}

function run(at: string, start = T0, timezone?: string) {
  const clock = new VirtualClock(start);
  const events: StreamEvent[] = [];
  const runtime = new TriggerRuntime(
    trigger(at),
    clock,
    (e) => events.push(e),
    timezone === undefined ? {} : { timezone },
  );
  const times = (): number[] => events.map((e) => e.timestamp);
  return { clock, events, runtime, times };
}

describe('TriggerRuntime', () => {
  it("emits [triggered_time] events, timestamped with the firing time, for 'at every'", () => {
    const { clock, events, runtime, times } = run('every 500 milliseconds');
    expect(runtime.id).toBe('T');
    runtime.start();
    expect(events).toEqual([]);
    clock.advanceBy(1100);
    expect(times()).toEqual([T0 + 500, T0 + 1000]);
    expect(events[0]).toEqual({ timestamp: T0 + 500, type: 'current', data: [T0 + 500] });
    clock.advanceBy(400);
    expect(times()).toEqual([T0 + 500, T0 + 1000, T0 + 1500]);
    expect(clock.pending()).toBe(1);
  });

  it("keeps a fixed rate across long advances ('at every 1 min 30 sec')", () => {
    const { clock, runtime, times } = run('every 1 min 30 sec');
    runtime.start();
    clock.advanceBy(5 * 90_000);
    expect(times()).toEqual([1, 2, 3, 4, 5].map((i) => T0 + i * 90_000));
  });

  it("fires 'at start' once, synchronously in start()", () => {
    const { clock, events, runtime } = run("'start'");
    runtime.start();
    expect(events).toEqual([{ timestamp: T0, type: 'current', data: [T0] }]);
    clock.advanceBy(100_000);
    runtime.start(); // already running: nothing
    expect(events).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('fires a cron trigger every second, aligned to the wall clock', () => {
    const { clock, runtime, times } = run("'*/1 * * * * ?'", T0 + 250);
    runtime.start();
    clock.advanceBy(750);
    expect(times()).toEqual([T0 + 1000]);
    clock.advanceTo(T0 + 3500);
    expect(times()).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
  });

  it('fires a cron trigger every minute at second 0', () => {
    const { clock, runtime, times } = run("'0 * * * * ?'", T0 + 30_000);
    runtime.start();
    clock.advanceBy(29_999);
    expect(times()).toEqual([]);
    clock.advanceTo(T0 + 180_000);
    expect(times()).toEqual([T0 + 60_000, T0 + 120_000, T0 + 180_000]);
  });

  it('reads cron expressions the Quartz way (Sunday = 1, ?, L, step from a start)', () => {
    const monday = run("'0 0 12 ? * 2'", T0, 'UTC');
    monday.runtime.start();
    monday.clock.advanceBy(14 * 86_400_000);
    expect(monday.times().map((t) => new Date(t).toISOString())).toEqual([
      '2020-01-06T12:00:00.000Z',
      '2020-01-13T12:00:00.000Z',
    ]);
    const lastFriday = run("'0 15 10 ? * 6L'", T0, 'UTC');
    lastFriday.runtime.start();
    lastFriday.clock.advanceBy(40 * 86_400_000);
    expect(lastFriday.times().map((t) => new Date(t).toISOString())).toEqual([
      '2020-01-31T10:15:00.000Z',
    ]);
    const stepped = run("'5/20 * * * * ?'", T0);
    stepped.runtime.start();
    stepped.clock.advanceBy(60_000);
    expect(stepped.times()).toEqual([T0 + 5000, T0 + 25_000, T0 + 45_000]);
  });

  it('stops a cron trigger whose expression has no more firing times', () => {
    const { clock, runtime, times } = run("'0 0 0 1 1 ? 2020'", T0 - 1000, 'UTC');
    runtime.start();
    clock.advanceBy(2 * 365 * 86_400_000);
    expect(times()).toEqual([T0]);
    expect(clock.pending()).toBe(0);
  });

  it('rejects an invalid cron expression', () => {
    const clock = new VirtualClock(T0);
    expect(() => new TriggerRuntime(trigger("'not a cron'"), clock, () => undefined)).toThrow(
      /invalid cron expression 'not a cron'/,
    );
    expect(() => new TriggerRuntime(trigger("'* * * * *'"), clock, () => undefined)).toThrow(
      /invalid cron/,
    );
  });

  it.each(['every 500 milliseconds', "'*/1 * * * * ?'"])('fires nothing after stop (%s)', (at) => {
    const { clock, runtime, times } = run(at);
    runtime.start();
    clock.advanceBy(1000);
    const before = times().length;
    expect(before).toBeGreaterThan(0);
    runtime.stop();
    expect(runtime.running).toBe(false);
    expect(clock.pending()).toBe(0);
    clock.advanceBy(10_000);
    expect(times()).toHaveLength(before);
  });

  it('can be stopped from its own listener and restarted afresh', () => {
    const clock = new VirtualClock(T0);
    const times: number[] = [];
    const runtime = new TriggerRuntime(trigger('every 1 sec'), clock, (e) => {
      times.push(e.timestamp);
      if (times.length === 2) runtime.stop();
    });
    runtime.start();
    clock.advanceBy(5000);
    expect(times).toEqual([T0 + 1000, T0 + 2000]);
    expect(clock.pending()).toBe(0);
    runtime.start();
    clock.advanceBy(1000);
    expect(times).toEqual([T0 + 1000, T0 + 2000, T0 + 6000]);
  });

  it('leaves no pending timer when the time service shuts down', () => {
    const { clock, runtime, times } = run('every 1 sec');
    runtime.start();
    clock.shutdown();
    clock.advanceBy(5000);
    expect(times()).toEqual([]);
    runtime.stop();
    expect(clock.pending()).toBe(0);
  });
});
