// Unit tests of Java hash codes and strings used to order primary-key tables like Siddhi.

import { describe, expect, it } from 'vitest';
import { javaBucket, javaCapacity, javaHash, javaString, javaStringHash } from './java-order.js';

describe('java order', () => {
  it('hashes like Java', () => {
    expect(javaStringHash('IBM')).toBe(72276);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(javaHash(true, 'bool')).toBe(1231);
    expect(javaHash(5, 'int')).toBe(5);
    expect(javaHash(2 ** 32 + 1, 'long')).toBe(0);
    expect(javaHash(-1, 'long')).toBe(0);
  });

  it('prints floats and doubles like Java', () => {
    expect(javaString(Math.fround(55.6), 'float')).toBe('55.6');
    expect(javaString(100, 'double')).toBe('100.0');
    expect(javaString(100, 'long')).toBe('100');
    expect(javaString(null, 'string')).toBe('null');
  });

  it('sizes and indexes hash maps like Java', () => {
    expect(javaCapacity(12)).toBe(16);
    expect(javaCapacity(13)).toBe(32);
    expect(javaBucket(javaStringHash('IBM'), 16)).toBe(5);
    expect(javaBucket(javaStringHash('WSO2'), 16)).toBe(7);
  });
});
