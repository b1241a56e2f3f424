// The row order of Siddhi's primary-key tables, which apps observe (scans, joins, on-demand
// queries): a numeric single key iterates in key order (a sorted map); other keys in hash-map
// order — by bucket of the key's Java hash code, then by insertion — with composite keys being
// the parts' Java strings joined by ':-:'.

import type { AttributeType } from '../../query-api/index.js';

/** Java's `String.hashCode()`. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i += 1) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The shortest decimal string that reads back as the same 32-bit float (Java's `Float.toString` digits). */
function floatDigits(v: number): string {
  for (let p = 1; p <= 9; p += 1) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

/** Java's `toString()` of a value of `type` (plain notation; what a composite key is built of). */
export function javaString(value: unknown, type: AttributeType): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' && (type === 'float' || type === 'double')) {
    const digits = type === 'float' ? floatDigits(value) : String(value);
    return Number.isInteger(value) && !digits.includes('e') ? `${digits}.0` : digits;
  }
  return text(value);
}

/** Java's `hashCode()` of a single key value of `type`. */
export function javaHash(value: unknown, type: AttributeType): number {
  if (typeof value === 'string') return javaStringHash(value);
  if (typeof value === 'boolean') return value ? 1231 : 1237;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number' && (type === 'int' || type === 'long')) {
    if (type === 'int') return value | 0;
    const big = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    return Number(BigInt.asIntN(32, big ^ (big >> 32n)));
  }
  return javaStringHash(text(value));
}

/** The bucket of a hash in a Java `HashMap` of `capacity` (a power of two). */
export function javaBucket(hash: number, capacity: number): number {
  return (hash ^ (hash >>> 16)) & (capacity - 1);
}

/** The capacity of a Java `HashMap` (default settings) that once held `maxSize` entries. */
export function javaCapacity(maxSize: number): number {
  let capacity = 16;
  while (maxSize > capacity * 0.75) capacity *= 2;
  return capacity;
}
