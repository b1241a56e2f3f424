// Tests of #map:tokenize: one event per key; with several maps the values listed per key.

import { describe, expect, it } from 'vitest';
import { tokenRows } from './tokenize.js';

describe('#map:tokenize rows', () => {
  it('gives each key with its value', () => {
    expect(
      tokenRows([
        new Map<unknown, unknown>([
          ['IBM', 10],
          ['WSO2', 20],
        ]),
      ]),
    ).toEqual([
      ['IBM', 10],
      ['WSO2', 20],
    ]);
    expect(tokenRows([new Map()])).toEqual([]);
  });

  it('lists the values of every map per key', () => {
    expect(tokenRows([new Map([['a', 1]]), new Map([['b', 2]])])).toEqual([
      ['a', [1, null]],
      ['b', [null, 2]],
    ]);
  });
});
