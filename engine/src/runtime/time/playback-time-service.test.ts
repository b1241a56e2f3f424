// PlaybackTimeService: event timestamps drive time, never back; the idle heartbeat on a
// virtual wall clock advances time by the increment; shutdown leaves nothing scheduled.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.js';
import { PlaybackTimeService, readPlaybackConfig } from './playback-time-service.js';
import { VirtualClock } from './virtual-clock.js';

function appOf(text: string): Parameters<typeof readPlaybackConfig>[0] {
  const result = compile(text);
  if (result.app === undefined) throw new Error(JSON.stringify(result.diagnostics));
  return result.app;
}

describe('PlaybackTimeService', () => {
  it('takes time from event timestamps and never moves back', () => {
    const playback = new PlaybackTimeService({ wall: new VirtualClock(5_000) });
    expect(playback.now()).toBe(0);
    playback.onEventTime(1000);
    expect(playback.now()).toBe(1000);
    playback.onEventTime(500);
    expect(playback.now()).toBe(1000);
    playback.onEventTime(1000);
    expect(playback.now()).toBe(1000);
    expect(new PlaybackTimeService({ wall: new VirtualClock(), startTime: 42 }).now()).toBe(42);
  });

  it('fires due timers in time order when event time passes them (now() is already the event time)', () => {
    const playback = new PlaybackTimeService({ wall: new VirtualClock() });
    const log: string[] = [];
    const add = (at: number, name: string): void => {
      playback.schedule(at, (t) => log.push(`${name}@${String(t)}/${String(playback.now())}`));
    };
    add(3000, 'c');
    add(1000, 'a1');
    add(2000, 'b');
    add(1000, 'a2');
    playback.onEventTime(999);
    expect(log).toEqual([]);
    playback.onEventTime(2500);
    expect(log).toEqual(['a1@1000/2500', 'a2@1000/2500', 'b@2000/2500']);
    playback.onEventTime(2000); // older: nothing moves
    expect(log).toHaveLength(3);
    expect(playback.pending()).toBe(1);
  });

  it('fires chained timers that fall due within the same jump', () => {
    const playback = new PlaybackTimeService({ wall: new VirtualClock() });
    const fired: number[] = [];
    const tick = (at: number): void => {
      fired.push(at);
      playback.schedule(at + 2000, tick);
    };
    playback.schedule(2000, tick);
    playback.onEventTime(8500);
    expect(fired).toEqual([2000, 4000, 6000, 8000]);
    expect(playback.pending()).toBe(1);
  });

  it('fires a timer at the current time at the next event, even with the same timestamp', () => {
    const playback = new PlaybackTimeService({ wall: new VirtualClock() });
    playback.onEventTime(100);
    const fired: number[] = [];
    playback.schedule(100, (at) => fired.push(at));
    playback.schedule(50, (at) => fired.push(at));
    expect(fired).toEqual([]);
    playback.onEventTime(100);
    expect(fired).toEqual([50, 100]);
  });

  it('without idle.time, time stands still between events and nothing is scheduled on the wall', () => {
    const wall = new VirtualClock(0);
    const playback = new PlaybackTimeService({ wall });
    playback.onEventTime(100);
    wall.advanceBy(10_000);
    expect(playback.now()).toBe(100);
    expect(wall.pending()).toBe(0);
  });

  it('advances by the increment after each idle period of wall time', () => {
    const wall = new VirtualClock(0);
    const playback = new PlaybackTimeService({ wall, idleTime: 100, increment: 2000 });
    wall.advanceBy(500);
    expect(playback.now()).toBe(0); // the heartbeat starts with the first event
    expect(wall.pending()).toBe(0);
    playback.onEventTime(21_500);
    const fired: number[] = [];
    playback.schedule(22_000, (at) => fired.push(at));
    wall.advanceBy(99);
    expect(playback.now()).toBe(21_500);
    wall.advanceBy(1);
    expect(playback.now()).toBe(23_500);
    expect(fired).toEqual([22_000]);
    wall.advanceBy(100);
    expect(playback.now()).toBe(25_500);
    wall.advanceBy(250);
    expect(playback.now()).toBe(29_500);
  });

  it('restarts the idle countdown on each newer event, not on older ones', () => {
    // As playbackTest11: events at ts 100 and 200, idle 100 ms, increment 1 sec.
    const wall = new VirtualClock(0);
    const playback = new PlaybackTimeService({ wall, idleTime: 100, increment: 1000 });
    playback.onEventTime(100);
    playback.onEventTime(200);
    wall.advanceBy(100);
    expect(playback.now()).toBe(1200);
    wall.advanceBy(50);
    playback.onEventTime(1150); // older than now: does not reset the countdown
    wall.advanceBy(50); // wall 200: idle since 100
    expect(playback.now()).toBe(2200);
    wall.advanceBy(30);
    playback.onEventTime(2300); // wall 230: newer, resets the countdown
    wall.advanceBy(70); // wall 300: idle only 70 ms
    expect(playback.now()).toBe(2300);
    wall.advanceBy(30); // wall 330
    expect(playback.now()).toBe(3300);
  });

  it('shutdown cancels the heartbeat and every pending timer', () => {
    const wall = new VirtualClock(0);
    const playback = new PlaybackTimeService({ wall, idleTime: 100, increment: 1000 });
    const fired: number[] = [];
    playback.schedule(5000, (at) => fired.push(at));
    playback.onEventTime(0);
    expect(playback.heartbeatPending()).toBe(true);
    expect(wall.pending()).toBe(1);
    playback.shutdown();
    expect(wall.pending()).toBe(0);
    expect(playback.pending()).toBe(0);
    expect(playback.heartbeatPending()).toBe(false);
    wall.advanceBy(10_000);
    playback.onEventTime(10_000);
    playback.schedule(10_000, (at) => fired.push(at));
    playback.onEventTime(20_000);
    expect(fired).toEqual([]);
    expect(wall.pending()).toBe(0);
  });

  it('reads @app:playback from an app', () => {
    expect(readPlaybackConfig(appOf('define stream S (a int);'))).toBeUndefined();
    expect(readPlaybackConfig(appOf('@app:playback define stream S (a int);'))).toEqual({});
    expect(
      readPlaybackConfig(
        appOf(
          "@app:playback(idle.time = '100 millisecond', increment = '2 sec') define stream S (a int);",
        ),
      ),
    ).toEqual({ idleTime: 100, increment: 2000 });
  });

  it('rejects a non-positive idle time', () => {
    expect(
      () => new PlaybackTimeService({ wall: new VirtualClock(), idleTime: 0, increment: 1 }),
    ).toThrow(RangeError);
  });
});
