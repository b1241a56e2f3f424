// ColumnQueue: FIFO order across ring wrap-around and growth, and clearing.

import { describe, expect, it } from 'vitest';
import { ColumnQueue } from './column-queue.js';

describe('ColumnQueue', () => {
  it('keeps FIFO order while wrapping around and growing', () => {
    const q = new ColumnQueue();
    const model: [number, unknown[]][] = [];
    let next = 0;
    // Interleave pushes and shifts so the head wraps before and after growth.
    for (let round = 0; round < 200; round += 1) {
      for (let k = 0; k < (round % 7) + 1; k += 1) {
        const row = [next];
        q.push(next * 10, row);
        model.push([next * 10, row]);
        next += 1;
      }
      for (let k = 0; k < round % 5; k += 1) {
        const expected = model.shift();
        expect(q.shift()).toBe(expected?.[1]);
      }
      expect(q.size).toBe(model.length);
      expect(q.firstTimestamp()).toBe(model[0]?.[0] ?? NaN);
      for (let i = 0; i < model.length; i += 1) {
        expect(q.timestampAt(i)).toBe(model[i]?.[0]);
        expect(q.rowAt(i)).toBe(model[i]?.[1]);
      }
    }
  });

  it('is empty after clear and reports empty reads', () => {
    const q = new ColumnQueue();
    q.push(1, ['a']);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.firstTimestamp()).toBeNaN();
  });
});
