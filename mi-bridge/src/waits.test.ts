import { VirtualClock } from '@tributary/engine';
import { describe, expect, it } from 'vitest';
import { StoppedError, Waits } from './waits.js';

describe('Waits', () => {
  it('delays and fires deadlines on the app clock', async () => {
    const clock = new VirtualClock(0);
    const waits = new Waits(clock, clock, 'stopping');
    let delayed = false;
    const delay = waits.delay(100).then(() => {
      delayed = true;
    });
    const fired: number[] = [];
    waits.deadline(50, () => fired.push(clock.now()));
    const cleared = waits.deadline(60, () => fired.push(-1));
    cleared();
    clock.advanceBy(99);
    await Promise.resolve();
    expect([delayed, fired]).toEqual([false, [50]]);
    clock.advanceBy(1);
    await delay;
    expect(delayed).toBe(true);
  });

  it('fails delays at once when stopped and moves deadlines to short real-time timers', async () => {
    const clock = new VirtualClock(0);
    const waits = new Waits(clock, clock, 'the app is stopping');
    const delay = waits.delay(60_000);
    let fired = false;
    const done = new Promise<void>((resolve) => {
      waits.deadline(60_000, () => {
        fired = true;
        resolve();
      });
    });
    // The app cancels its timers: the virtual clock never gets there.
    clock.shutdown();
    waits.stop(10);
    await expect(delay).rejects.toThrow(StoppedError);
    await expect(waits.delay(1)).rejects.toThrow('the app is stopping');
    await done;
    expect(fired).toBe(true);
  });
});
