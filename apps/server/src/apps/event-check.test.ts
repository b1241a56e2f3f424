// Tests of the event check against a stream's attributes.

import { describe, expect, it } from 'vitest';
import { eventProblem } from './event-check.js';

const schema = [
  { name: 'symbol', type: 'string' },
  { name: 'qty', type: 'int' },
  { name: 'volume', type: 'long' },
  { name: 'price', type: 'double' },
  { name: 'open', type: 'bool' },
  { name: 'meta', type: 'object' },
] as const;

describe('eventProblem', () => {
  it('accepts values of the attribute types, and nulls', () => {
    expect(eventProblem(schema, ['IBM', 1, 2 ** 40, 1.5, true, { a: 1 }])).toBeUndefined();
    expect(eventProblem(schema, [null, null, null, null, null, null])).toBeUndefined();
  });

  it('names each value that does not fit', () => {
    expect(eventProblem(schema, [1, 1.5, 2 ** 60, '1.5', 'yes', null])).toBe(
      "symbol (string) cannot be 1; qty (int) cannot be 1.5; volume (long) cannot be 1152921504606847000; price (double) cannot be '1.5'; open (bool) cannot be 'yes'",
    );
    expect(eventProblem(schema, ['IBM', 2 ** 31, 1, 1, true, null])).toBe(
      'qty (int) cannot be 2147483648',
    );
  });

  it('wants one value per attribute', () => {
    expect(eventProblem(schema, ['IBM'])).toBe(
      'expected 6 value(s) (symbol string, qty int, volume long, price double, open bool, meta object), got 1',
    );
  });
});
