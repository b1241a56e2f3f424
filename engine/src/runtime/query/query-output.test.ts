// Unit tests for query outputs: callbacks split current/expired, `insert into` picks event types
// and turns expired events into current ones.

import { describe, expect, it } from 'vitest';
import { streamEvent, type EventChunk } from '../event/event.js';
import { QueryOutput, selectEvents } from './query-output.js';

const current = streamEvent(1, ['c']);
const expired = streamEvent(2, ['e'], 'expired');

describe('QueryOutput', () => {
  it('calls callbacks with current events as in and expired as remove, skipping empty chunks', () => {
    const calls: [unknown[], unknown[]][] = [];
    const forwarded: EventChunk[] = [];
    const output = new QueryOutput({
      process: (c) => {
        forwarded.push(c);
      },
    });
    output.callbacks = [
      (i, r) => {
        calls.push([i.map((e) => e.data), r.map((e) => e.data)]);
      },
    ];
    output.process([current, expired]);
    output.process([streamEvent(3, [], 'timer')]);
    expect(calls).toEqual([[[['c']], [['e']]]]);
    expect(forwarded).toHaveLength(2);
  });
});

describe('selectEvents', () => {
  it('returns the chunk itself when every event is kept as is', () => {
    const chunk = [current];
    expect(selectEvents(chunk, 'current')).toBe(chunk);
  });

  it('filters by event type and makes expired events current', () => {
    expect(selectEvents([current, expired], 'current')).toEqual([current]);
    expect(selectEvents([current, expired], 'expired')).toEqual([
      { timestamp: 2, type: 'current', data: ['e'] },
    ]);
    expect(selectEvents([current, expired], 'all').map((e) => e.type)).toEqual([
      'current',
      'current',
    ]);
    expect(expired.type).toBe('expired');
  });
});
