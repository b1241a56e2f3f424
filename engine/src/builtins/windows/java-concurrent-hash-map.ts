// A string-keyed map that iterates its keys in the order Java's `ConcurrentHashMap` does (bins by
// spread hash, insertion order inside a bin, Java's split on resize): Siddhi's frequent,
// lossyFrequent and session windows emit expired events in that order.

/** Java's `String.hashCode` (UTF-16 code units, 32-bit wrap-around). */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** `ConcurrentHashMap.spread`: the high bits folded into the low ones, sign bit cleared. */
function spread(hash: number): number {
  return (hash ^ (hash >>> 16)) & 0x7fffffff;
}

interface Entry<V> {
  readonly key: string;
  readonly hash: number;
  value: V;
}

const INITIAL_CAPACITY = 16;

/**
 * Java's `ConcurrentHashMap<String, V>` iteration order on a single thread (tree bins, which
 * need 8 colliding keys in a table of 64 bins or more, are not modelled).
 * @example
 * const m = new JavaConcurrentHashMap<number>(); m.set('b', 1); m.set('a', 2);
 * [...m.keys()] // the order Java iterates them in
 */
export class JavaConcurrentHashMap<V> {
  #bins: Entry<V>[][] = [];
  #byKey = new Map<string, Entry<V>>();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): V | undefined {
    return this.#byKey.get(key)?.value;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** Java's `put`: replaces in place, or appends to the key's bin; returns the previous value. */
  set(key: string, value: V): V | undefined {
    const existing = this.#byKey.get(key);
    if (existing !== undefined) {
      const previous = existing.value;
      existing.value = value;
      return previous;
    }
    if (this.#bins.length === 0) this.#bins = emptyBins<V>(INITIAL_CAPACITY);
    const entry: Entry<V> = { key, hash: spread(javaStringHash(key)), value };
    this.#bin(entry.hash).push(entry);
    this.#byKey.set(key, entry);
    const n = this.#bins.length;
    if (this.#byKey.size >= n - (n >>> 2)) this.#resize();
    return undefined;
  }

  /** Java's `remove`; returns the removed value. */
  delete(key: string): V | undefined {
    const entry = this.#byKey.get(key);
    if (entry === undefined) return undefined;
    this.#byKey.delete(key);
    const bin = this.#bin(entry.hash);
    bin.splice(bin.indexOf(entry), 1);
    return entry.value;
  }

  clear(): void {
    this.#byKey.clear();
    for (const bin of this.#bins) bin.length = 0;
  }

  /** The keys in Java's iteration order (a new array). */
  keys(): string[] {
    const out: string[] = [];
    for (const bin of this.#bins) for (const e of bin) out.push(e.key);
    return out;
  }

  /** The values in Java's iteration order (a new array). */
  values(): V[] {
    const out: V[] = [];
    for (const bin of this.#bins) for (const e of bin) out.push(e.value);
    return out;
  }

  #bin(hash: number): Entry<V>[] {
    const bin = this.#bins[hash & (this.#bins.length - 1)];
    if (bin === undefined) throw new Error('hash bin out of range');
    return bin;
  }

  /** `ConcurrentHashMap.transfer`: each bin splits into a low and a high list, Java's way. */
  #resize(): void {
    const n = this.#bins.length;
    const next = emptyBins<V>(n * 2);
    this.#bins.forEach((bin, i) => {
      if (bin.length === 0) return;
      // the longest tail going to one side keeps its order; the nodes before it are prepended
      let lastRun = 0;
      let runBit = (bin[0]?.hash ?? 0) & n;
      for (let j = 1; j < bin.length; j += 1) {
        const b = (bin[j]?.hash ?? 0) & n;
        if (b !== runBit) {
          runBit = b;
          lastRun = j;
        }
      }
      const tail = bin.slice(lastRun);
      const low: Entry<V>[] = runBit === 0 ? tail : [];
      const high: Entry<V>[] = runBit === 0 ? [] : tail;
      for (let j = 0; j < lastRun; j += 1) {
        const e = bin[j];
        if (e === undefined) continue;
        if ((e.hash & n) === 0) low.unshift(e);
        else high.unshift(e);
      }
      next[i] = low;
      next[i + n] = high;
    });
    this.#bins = next;
  }
}

function emptyBins<V>(n: number): Entry<V>[][] {
  return Array.from({ length: n }, () => []);
}
