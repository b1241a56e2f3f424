import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('keeps order across compactions and put-backs', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 5_000; i += 1) q.push(i);
    const out: number[] = [];
    for (let i = 0; i < 3_000; i += 1) out.push(q.shift() ?? -1);
    q.unshift(-5);
    expect(q.peek()).toBe(-5);
    expect(q.length).toBe(2_001);
    expect(q.shift()).toBe(-5);
    expect(out.slice(0, 3)).toEqual([0, 1, 2]);
    expect(q.drain()).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 3_000));
    expect(q.shift()).toBeUndefined();
    q.unshift(1);
    expect(q.length).toBe(1);
  });

  it('takes, peeks and puts back several items in order', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 3_000; i += 1) q.push(i);
    expect(q.take(2_000)).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
    expect(q.peekMany(3)).toEqual([2_000, 2_001, 2_002]);
    const batch = q.take(3);
    q.unshiftAll(batch);
    expect(q.peek()).toBe(2_000);
    expect(q.take(5_000)).toHaveLength(1_000);
    expect(q.length).toBe(0);
    q.push(9);
    q.unshiftAll([7, 8]);
    expect(q.drain()).toEqual([7, 8, 9]);
  });
});
