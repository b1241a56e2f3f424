// Unit tests of the closest-name suggestions.

import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it('stops early past the limit', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });
});

describe('didYouMean', () => {
  it('finds the closest name case-insensitively', () => {
    expect(didYouMean('StokStream', ['StockStream', 'OutStream'])).toBe('StockStream');
    expect(didYouMean('stockstream', ['StockStream'])).toBe('StockStream');
    expect(didYouMean('summ', ['sum', 'count'])).toBe('sum');
  });
  it('suggests nothing when no name is close', () => {
    expect(didYouMean('price', ['symbol', 'volume'])).toBeUndefined();
    expect(didYouMean('a', ['xyz'])).toBeUndefined();
  });
});
