// Encodes state snapshots as UTF-8 JSON bytes and back. Values JSON cannot carry (Map, Set,
// undefined, NaN, ±Infinity, -0, bigint, Date, Float64Array, Uint8Array) are written as tagged
// records `{ "$t": …, "v": … }`; a plain record that itself has a `$t` key is wrapped, so
// decoding is exact.

const TAG = '$t';

type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

function tagged(tag: string, v: Encoded): Encoded {
  return { [TAG]: tag, v };
}

/** Turns a value into JSON-safe data. */
export function encodeValue(value: unknown): Encoded {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return tagged('num', 'NaN');
      if (value === Infinity) return tagged('num', 'Infinity');
      if (value === -Infinity) return tagged('num', '-Infinity');
      if (Object.is(value, -0)) return tagged('num', '-0');
      return value;
    case 'undefined':
      return tagged('undef', null);
    case 'bigint':
      return tagged('big', value.toString());
    case 'function':
    case 'symbol':
      throw new TypeError(`a ${typeof value} cannot be part of a state snapshot`);
    default:
      break;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v: unknown) => encodeValue(v));
  if (value instanceof Map) {
    return tagged(
      'map',
      [...(value as Map<unknown, unknown>)].map(([k, v]) => [encodeValue(k), encodeValue(v)]),
    );
  }
  if (value instanceof Set) return tagged('set', [...(value as Set<unknown>)].map(encodeValue));
  if (value instanceof Date) return tagged('date', value.getTime());
  if (value instanceof Float64Array) {
    return tagged(
      'f64',
      Array.from(value, (v) => encodeValue(v)),
    );
  }
  if (value instanceof Uint8Array) return tagged('u8', Array.from(value));
  const record = value as Record<string, unknown>;
  const out: Record<string, Encoded> = {};
  for (const key of Object.keys(record)) out[key] = encodeValue(record[key]);
  return Object.hasOwn(out, TAG) ? tagged('obj', out) : out;
}

/** The inverse of `encodeValue`. */
export function decodeValue(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map(decodeValue);
  const record = data as Record<string, unknown>;
  const tag = record[TAG];
  if (typeof tag !== 'string') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) out[key] = decodeValue(record[key]);
    return out;
  }
  const v = record.v;
  switch (tag) {
    case 'num':
      return Number(v);
    case 'undef':
      return undefined;
    case 'big':
      return BigInt(String(v));
    case 'map':
      return new Map(
        (v as [unknown, unknown][]).map(([k, x]) => [decodeValue(k), decodeValue(x)] as const),
      );
    case 'set':
      return new Set((v as unknown[]).map(decodeValue));
    case 'date':
      return new Date(Number(v));
    case 'f64':
      return Float64Array.from(v as unknown[], (x) => Number(decodeValue(x)));
    case 'u8':
      return Uint8Array.from(v as number[]);
    case 'obj': {
      const out: Record<string, unknown> = {};
      const inner = v as Record<string, unknown>;
      for (const key of Object.keys(inner)) out[key] = decodeValue(inner[key]);
      return out;
    }
    default:
      throw new TypeError(`unknown tag '${tag}' in a state snapshot`);
  }
}
