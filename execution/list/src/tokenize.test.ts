// Tests of #list:tokenize rows: one per index; with several lists their elements per index.

import { describe, expect, it } from 'vitest';
import { tokenRows } from './tokenize.js';

describe('#list:tokenize rows', () => {
  it('gives each index with its element', () => {
    expect(tokenRows([['WSO2', 'IBM']])).toEqual([
      [0, 'WSO2'],
      [1, 'IBM'],
    ]);
    expect(tokenRows([[]])).toEqual([]);
  });

  it('lists the elements of every list per index, null past a shorter one', () => {
    expect(tokenRows([['a', 'b'], [1]])).toEqual([
      [0, ['a', 1]],
      [1, ['b', null]],
    ]);
  });
});
