// Quartz-style cron evaluation through croner.

import { describe, expect, it } from 'vitest';
import { checkCron, parseCron } from './cron-schedule.js';

const T0 = Date.UTC(2020, 0, 1); // a Wednesday

describe('cron schedules', () => {
  it('computes the next firing strictly after a time', () => {
    const everySecond = parseCron('* * * * * ?');
    expect(everySecond.nextAfter(T0)).toBe(T0 + 1000);
    expect(everySecond.nextAfter(T0 + 1)).toBe(T0 + 1000);
    expect(parseCron('0 0 12 ? * MON', { timezone: 'UTC' }).nextAfter(T0)).toBe(
      Date.UTC(2020, 0, 6, 12),
    );
    expect(parseCron('0 0 12 ? * 1', { timezone: 'UTC' }).nextAfter(T0)).toBe(
      Date.UTC(2020, 0, 5, 12),
    );
    expect(parseCron('0 0 12 L * ?', { timezone: 'UTC' }).nextAfter(T0)).toBe(
      Date.UTC(2020, 0, 31, 12),
    );
  });

  it('reports what is wrong with an invalid expression', () => {
    expect(checkCron('0 * * * * ?')).toBeUndefined();
    expect(checkCron('0 0 12 * * ? 2030')).toBeUndefined();
    expect(checkCron('* * * * *')).toMatch(/^invalid cron expression '\* \* \* \* \*'/);
    expect(checkCron('61 * * * * ?')).toMatch(/invalid cron expression/);
  });
});
