// A bounds check run before avsc decodes a message whose schema has arrays or maps: avsc trusts
// a block's item count (`new Array(n)`, then n reads past the end), so one corrupt count can
// allocate gigabytes or spin for minutes. This walk reads only lengths and counts and refuses
// any the remaining bytes cannot hold, so a bad message costs one linear pass.

import type avro from 'avsc';

class OutOfBounds extends Error {}

/** At most this many array items and map entries in one message (for items of size 0). */
const MAX_ITEMS = 10_000_000;

interface Walkable {
  readonly typeName: string;
  readonly itemsType?: avro.Type;
  readonly valuesType?: avro.Type;
  readonly fields?: readonly { readonly type: avro.Type }[];
  readonly types?: readonly avro.Type[];
  readonly size?: number;
  readonly underlyingType?: avro.Type;
}

const hasBlocks = new WeakMap<avro.Type, boolean>();

function walkable(type: avro.Type): Walkable {
  return type;
}

/** Whether a type holds arrays or maps anywhere (cached per type). */
export function needsBoundsCheck(type: avro.Type): boolean {
  const cached = hasBlocks.get(type);
  if (cached !== undefined) return cached;
  const seen = new Set<avro.Type>();
  const visit = (t: avro.Type): boolean => {
    const known = hasBlocks.get(t);
    if (known !== undefined) return known;
    if (seen.has(t)) return false;
    seen.add(t);
    const w = walkable(t);
    const children = [
      w.itemsType,
      w.valuesType,
      w.underlyingType,
      ...(w.types ?? []),
      ...(w.fields ?? []).map((f) => f.type),
    ];
    const result =
      w.typeName === 'array' ||
      w.typeName === 'map' ||
      children.some((c) => c !== undefined && visit(c));
    hasBlocks.set(t, result);
    return result;
  };
  return visit(type);
}

/** The fewest bytes a value of the type takes. */
function minimumSize(type: avro.Type, depth = 0): number {
  const w = walkable(type);
  if (depth > 32) return 0;
  switch (w.typeName) {
    case 'null':
      return 0;
    case 'float':
      return 4;
    case 'double':
      return 8;
    case 'fixed':
      return w.size ?? 0;
    case 'record':
    case 'error':
      return (w.fields ?? []).reduce((sum, f) => sum + minimumSize(f.type, depth + 1), 0);
    default:
      return w.typeName.startsWith('logical:') && w.underlyingType !== undefined
        ? minimumSize(w.underlyingType, depth + 1)
        : 1;
  }
}

/**
 * Why the message cannot be a value of the type (a length or count past its end), or
 * `undefined` when every length and count fits.
 * @example
 * boundsProblem(avro.Type.forSchema({ type: 'array', items: 'int' }), Buffer.from([0xfe, 0xff, 0xff, 0x0f])) // 'an array block of … items …'
 */
export function boundsProblem(type: avro.Type, buf: Buffer): string | undefined {
  let pos = 0;
  let budget = MAX_ITEMS;
  const fail = (why: string): never => {
    throw new OutOfBounds(why);
  };
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    let byte: number;
    let count = 0;
    do {
      if (pos >= buf.length) fail(`the message ends inside a number at byte ${String(pos)}`);
      byte = buf[pos] ?? 0;
      pos += 1;
      count += 1;
      if (count > 10) fail(`a number longer than 10 bytes at byte ${String(pos)}`);
      result += (byte & 0x7f) * scale;
      scale *= 128;
    } while ((byte & 0x80) !== 0);
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  };
  const skip = (n: number, what: string): void => {
    if (n < 0 || pos + n > buf.length) {
      fail(
        `${what} of ${String(n)} bytes at byte ${String(pos)} goes past the message's ${String(buf.length)} bytes`,
      );
    }
    pos += n;
  };
  const blocks = (item: avro.Type, what: string, withKey: boolean): void => {
    const smallest = minimumSize(item) + (withKey ? 1 : 0);
    for (;;) {
      let n = varint();
      if (n === 0) return;
      if (n < 0) {
        n = -n;
        if (varint() < 0) fail(`${what} block with a negative byte size`);
      }
      if (n * smallest > buf.length - pos) {
        fail(
          `${what} block of ${String(n)} items at byte ${String(pos)} cannot fit in the ${String(buf.length - pos)} bytes left`,
        );
      }
      budget -= n;
      if (budget < 0) fail(`more than ${String(MAX_ITEMS)} array items or map entries`);
      for (let i = 0; i < n; i += 1) {
        if (withKey) skip(varint(), 'a map key');
        walk(item);
      }
    }
  };
  const walk = (type: avro.Type): void => {
    const w = walkable(type);
    switch (w.typeName) {
      case 'null':
        return;
      case 'boolean':
        skip(1, 'a boolean');
        return;
      case 'int':
      case 'long':
      case 'abstract:long':
      case 'enum':
        varint();
        return;
      case 'float':
        skip(4, 'a float');
        return;
      case 'double':
        skip(8, 'a double');
        return;
      case 'bytes':
      case 'string':
        skip(varint(), `a ${w.typeName}`);
        return;
      case 'fixed':
        skip(w.size ?? 0, 'a fixed');
        return;
      case 'array':
        if (w.itemsType !== undefined) blocks(w.itemsType, 'an array', false);
        return;
      case 'map':
        if (w.valuesType !== undefined) blocks(w.valuesType, 'a map', true);
        return;
      case 'record':
      case 'error':
        for (const field of w.fields ?? []) walk(field.type);
        return;
      default: {
        if (w.typeName.startsWith('union')) {
          const branches = w.types ?? [];
          const index = varint();
          const branch = branches[index];
          if (branch === undefined)
            fail(
              `union branch ${String(index)} of ${String(branches.length)} at byte ${String(pos)}`,
            );
          else walk(branch);
        } else if (w.underlyingType !== undefined) {
          walk(w.underlyingType);
        }
      }
    }
  };
  try {
    walk(type);
    return undefined;
  } catch (error) {
    if (error instanceof OutOfBounds) return error.message;
    throw error;
  }
}
