// Unit tests for the filter processor: single events, batches, non-data events.

import { describe, expect, it } from 'vitest';
import { streamEvent, type EventChunk } from '../event/event.js';
import { FilterProcessor } from './filter-processor.js';

function collect(filter: FilterProcessor): EventChunk[] {
  const seen: EventChunk[] = [];
  filter.next = {
    process: (chunk) => {
      seen.push(chunk);
    },
  };
  return seen;
}

describe('FilterProcessor', () => {
  const positive = new FilterProcessor((e) => (e.data[0] as number) > 0);

  it('forwards a passing single-event chunk as is and drops a failing one', () => {
    const seen = collect(positive);
    const pass = [streamEvent(1, [5])];
    positive.process(pass);
    positive.process([streamEvent(2, [-5])]);
    expect(seen).toEqual([pass]);
    expect(seen[0]).toBe(pass);
  });

  it('keeps only the passing events of a batch, in order', () => {
    const seen = collect(positive);
    positive.process([streamEvent(1, [1]), streamEvent(1, [-1]), streamEvent(1, [2])]);
    positive.process([streamEvent(1, [-1]), streamEvent(1, [-2])]);
    expect(seen.map((c) => c.map((e) => e.data[0]))).toEqual([[1, 2]]);
  });

  it('passes only the value true (not truthy values) and lets timer events through', () => {
    const truthy = new FilterProcessor((e) => e.data[0]);
    const seen = collect(truthy);
    truthy.process([streamEvent(1, [1]), streamEvent(1, ['yes']), streamEvent(1, [true])]);
    truthy.process([streamEvent(3, [false], 'timer')]);
    expect(seen.map((c) => c.map((e) => e.data[0]))).toEqual([[true], [false]]);
  });
});
