// Unit tests for stream junctions: fan-out in subscription order, error isolation between
// receivers, and routing of failed events to the fault stream.

import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../app/logger.js';
import { streamEvent, type EventChunk } from '../event/event.js';
import { StreamJunction } from './stream-junction.js';

function recorder(): { lines: [LogLevel, string][]; log: (l: LogLevel, m: string) => void } {
  const lines: [LogLevel, string][] = [];
  return {
    lines,
    log: (l, m) => {
      lines.push([l, m]);
    },
  };
}

describe('StreamJunction', () => {
  it('delivers chunks to every receiver in order, until unsubscribed', () => {
    const junction = new StreamJunction('S', 1, recorder());
    const seen: string[] = [];
    const stop = junction.subscribe({
      receive: () => {
        seen.push('a');
      },
    });
    junction.subscribe({
      receive: () => {
        seen.push('b');
      },
    });
    junction.send([streamEvent(1, [1])]);
    stop();
    junction.send([streamEvent(2, [2])]);
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  it('logs a receiver error and still serves the other receivers', () => {
    const logger = recorder();
    const junction = new StreamJunction('S', 1, logger);
    const seen: EventChunk[] = [];
    junction.subscribe({
      receive: () => {
        throw new Error('boom');
      },
    });
    junction.subscribe({
      receive: (c) => {
        seen.push(c);
      },
    });
    junction.send([streamEvent(1, [1])]);
    expect(seen).toHaveLength(1);
    expect(logger.lines).toEqual([
      ['error', "error while processing events of stream 'S'; 1 event(s) dropped: boom"],
    ]);
  });

  it('routes failed events to the fault stream with a trailing error', () => {
    const logger = recorder();
    const junction = new StreamJunction('S', 2, logger);
    const fault = new StreamJunction('!S', 3, logger);
    junction.faultJunction = fault;
    const faults: unknown[][] = [];
    fault.subscribe({
      receive: (c) => {
        for (const e of c) faults.push(e.data);
      },
    });
    const error = new Error('bad');
    junction.subscribe({
      receive: () => {
        throw error;
      },
    });
    junction.send([streamEvent(1, ['IBM'])]);
    expect(faults).toEqual([['IBM', null, error]]);
    expect(logger.lines).toEqual([]);
  });
});
