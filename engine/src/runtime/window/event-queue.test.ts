// Unit tests of the sliding windows' event FIFO: order, shifting past the cut threshold, reset.

import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../event/event.js';
import { EventQueue } from './event-queue.js';

const event = (n: number): StreamEvent => ({ timestamp: n, type: 'current', data: [n] });

describe('EventQueue', () => {
  it('gives events oldest first and empties', () => {
    const q = new EventQueue();
    expect(q.first()).toBeUndefined();
    expect(q.shift()).toBeUndefined();
    q.push(event(1));
    q.push(event(2));
    expect(q.size).toBe(2);
    expect(q.shift()?.timestamp).toBe(1);
    expect(q.toArray().map((e) => e.timestamp)).toEqual([2]);
    expect(q.shift()?.timestamp).toBe(2);
    expect(q.size).toBe(0);
    expect(q.toArray()).toEqual([]);
  });

  it('keeps order across many shifts (dead prefix cut off)', () => {
    const q = new EventQueue();
    for (let i = 0; i < 5000; i += 1) q.push(event(i));
    for (let i = 0; i < 3000; i += 1) expect(q.shift()?.timestamp).toBe(i);
    q.push(event(5000));
    expect(q.size).toBe(2001);
    expect(q.first()?.timestamp).toBe(3000);
    const all = q.toArray();
    expect(all.length).toBe(2001);
    expect(all[0]?.timestamp).toBe(3000);
    expect(all[2000]?.timestamp).toBe(5000);
  });

  it('is replaced by reset', () => {
    const q = new EventQueue();
    q.push(event(1));
    q.shift();
    q.reset([event(7), event(8)]);
    expect(q.toArray().map((e) => e.timestamp)).toEqual([7, 8]);
  });
});
