// Unit tests for the ConcurrentHashMap iteration-order model: orders recorded from a real JVM
// (OpenJDK, `ConcurrentHashMap<String, Integer>` with the same operations).

import { describe, expect, it } from 'vitest';
import { JavaConcurrentHashMap, javaStringHash } from './java-concurrent-hash-map.js';

describe('javaStringHash', () => {
  it("matches Java's String.hashCode", () => {
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    expect(javaStringHash('')).toBe(0);
  });
});

describe('JavaConcurrentHashMap', () => {
  it('iterates as the JVM does, through resizes, removals and collisions', () => {
    const m = new JavaConcurrentHashMap<number>();
    for (let i = 0; i < 30; i += 1) m.set(`key${String(i)}`, i);
    m.delete('key3');
    m.delete('key17');
    m.set('key3', 3);
    m.set('zz', 1);
    m.set('Aa', 1);
    m.set('BB', 2);
    expect(m.keys().join(',')).toBe(
      'key1,zz,Aa,BB,key2,key0,key5,key6,key3,key4,key9,key7,key8,key22,key21,key20,key15,' +
        'key14,key13,key12,key19,key18,key16,key11,key10,key26,key25,key24,key23,key29,key28,key27',
    );
    expect(m.size).toBe(32);
  });

  it('replaces values in place and reports the previous value', () => {
    const m = new JavaConcurrentHashMap<number>();
    m.set('3234-3244-2432-412473.36', 1);
    m.set('1234-3244-2432-12346.36', 1);
    expect(m.set('3234-3244-2432-412473.36', 2)).toBe(1);
    expect(m.keys()).toEqual(['1234-3244-2432-12346.36', '3234-3244-2432-412473.36']);
    expect(m.values()).toEqual([1, 2]);
    expect(m.delete('nope')).toBeUndefined();
    m.clear();
    expect(m.keys()).toEqual([]);
  });
});
