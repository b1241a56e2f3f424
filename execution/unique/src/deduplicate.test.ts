// Tests of unique:deduplicate: duplicates within the interval (inclusive, by event time) are
// dropped, keys are forgotten after it, timers purge idle keys, snapshot/restore.

import type { StreamProcessorInstance } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { deduplicateProcessor } from './deduplicate.js';
import { attributeArgument, constantArgument, harness } from './test-kit.js';

const sensor = attributeArgument('sensorId', 0, 'string');

describe('unique:deduplicate', () => {
  it('drops events of a key within the interval of the one that passed', () => {
    const h = harness<StreamProcessorInstance>(deduplicateProcessor, [
      sensor,
      constantArgument(1000),
    ]);
    h.sendAt(0, ['s1', 1]);
    h.sendAt(500, ['s1', 2]);
    h.sendAt(600, ['s2', 3]);
    h.sendAt(1000, ['s1', 4]);
    h.sendAt(1001, ['s1', 5]);
    expect(h.take()).toEqual([
      [['current', 's1', 1]],
      [['current', 's2', 3]],
      [['current', 's1', 5]],
    ]);
  });

  it('forgets idle keys when its timer fires', () => {
    const h = harness<StreamProcessorInstance>(deduplicateProcessor, [
      sensor,
      constantArgument(1000),
    ]);
    h.send(['s1', 1]);
    expect(h.processor.snapshot()).toEqual({ seen: [['s1', 0]] });
    h.sleep(1001);
    expect(h.processor.snapshot()).toEqual({ seen: [] });
    expect(h.take()).toEqual([[['current', 's1', 1]]]);
  });

  it('restores its state', () => {
    const h = harness<StreamProcessorInstance>(deduplicateProcessor, [
      sensor,
      constantArgument(1000),
    ]);
    h.send(['s1', 1]);
    const g = harness<StreamProcessorInstance>(deduplicateProcessor, [
      sensor,
      constantArgument(1000),
    ]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.send(['s1', 2], ['s2', 3]);
    expect(g.take()).toEqual([[['current', 's2', 3]]]);
    expect(() => {
      g.processor.restore(null);
    }).toThrow(/not a snapshot/);
  });
});
