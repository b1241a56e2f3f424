import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('commits the highest sequence below which every delivered message completed', () => {
    const t = new SequenceTracker();
    for (const s of [1, 2, 3, 4]) expect(t.delivered(s)).toBe(true);
    t.completed(2);
    t.completed(4);
    expect(t.committed).toBe(0);
    t.completed(1);
    expect(t.committed).toBe(2);
    t.completed(3);
    expect(t.committed).toBe(4);
    expect(t.inFlight).toBe(0);
  });

  it('follows delivered sequences, not consecutive numbers (a consumer may start anywhere)', () => {
    const t = new SequenceTracker();
    t.delivered(100);
    t.delivered(105);
    t.completed(105);
    expect(t.committed).toBe(0);
    t.completed(100);
    expect(t.committed).toBe(105);
  });

  it('refuses messages at or below the committed position and messages already running', () => {
    const t = new SequenceTracker(10);
    expect(t.delivered(9)).toBe(false);
    expect(t.delivered(10)).toBe(false);
    expect(t.delivered(11)).toBe(true);
    expect(t.delivered(11)).toBe(false);
  });

  it('keeps a redelivered older message in order', () => {
    const t = new SequenceTracker();
    t.delivered(1);
    t.delivered(3);
    t.completed(1);
    expect(t.delivered(2)).toBe(true);
    t.completed(3);
    expect(t.committed).toBe(1);
    t.completed(2);
    expect(t.committed).toBe(3);
  });

  it('forgets running messages on reset and keeps (or sets) the committed position', () => {
    const t = new SequenceTracker();
    t.delivered(1);
    t.completed(1);
    t.delivered(2);
    t.reset();
    expect(t.committed).toBe(1);
    expect(t.inFlight).toBe(0);
    expect(t.delivered(2)).toBe(true);
    t.reset(50);
    expect(t.committed).toBe(50);
  });

  it('stays correct over many messages completed in reverse blocks', () => {
    const t = new SequenceTracker();
    for (let block = 0; block < 50; block += 1) {
      const seqs = Array.from({ length: 100 }, (_, i) => block * 100 + i + 1);
      for (const s of seqs) t.delivered(s);
      for (const s of [...seqs].reverse()) t.completed(s);
      expect(t.committed).toBe((block + 1) * 100);
    }
  });
});
