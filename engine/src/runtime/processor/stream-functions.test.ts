// Unit tests for the built-in stream functions: pol2Cart appends coordinates, log logs and
// forwards.

import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../app/logger.js';
import { streamEvent, type EventChunk } from '../event/event.js';
import { LogProcessor, logLevelOf } from './log-processor.js';
import { Pol2CartProcessor } from './pol2cart-processor.js';

describe('Pol2CartProcessor', () => {
  it('appends x and y (theta in degrees) and z when given', () => {
    const seen: EventChunk[] = [];
    const p = new Pol2CartProcessor(
      (e) => e.data[0],
      (e) => e.data[1],
      (e) => e.data[2],
    );
    p.next = {
      process: (c) => {
        seen.push(c);
      },
    };
    const input = streamEvent(7, [22.6, 13, 7]);
    p.process([input]);
    const [x, y, z] = seen[0]?.[0]?.data.slice(3) as number[];
    expect(x).toBeCloseTo(12.001732822468751, 12);
    expect(y).toBeCloseTo(4.9958391945774485, 12);
    expect(z).toBe(7);
    expect(input.data).toEqual([22.6, 13, 7]);
  });

  it('fails on a non-numeric argument', () => {
    const p = new Pol2CartProcessor(
      (e) => e.data[0],
      (e) => e.data[1],
    );
    expect(() => {
      p.process([streamEvent(1, ['x', 1])]);
    }).toThrow(/theta must be a number/);
  });
});

describe('LogProcessor', () => {
  it('logs each data event at its level and forwards the chunk unchanged', () => {
    const lines: [LogLevel, string][] = [];
    const seen: EventChunk[] = [];
    const p = new LogProcessor(
      {
        log: (level, message) => {
          lines.push([level, message]);
        },
      },
      { level: logLevelOf('warn'), message: (e) => `price ${String(e.data[0])}`, logEvent: false },
    );
    p.next = {
      process: (c) => {
        seen.push(c);
      },
    };
    const chunk = [streamEvent(1, [10]), streamEvent(2, [20])];
    p.process(chunk);
    expect(lines).toEqual([
      ['warn', 'price 10'],
      ['warn', 'price 20'],
    ]);
    expect(seen).toEqual([chunk]);
  });

  it('maps priorities, OFF logging nothing', () => {
    expect(['TRACE', 'debug', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF'].map(logLevelOf)).toEqual([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      undefined,
    ]);
  });
});
