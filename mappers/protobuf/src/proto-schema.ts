// Protobuf message types for the mappers: loaded once from .proto files with protobufjs (field
// names kept as written), fields found by name (or by camelCase, as Siddhi's Java getters
// match them) along dotted paths, and the conversions between field and attribute values,
// checked for compatibility when the app starts.

import { resolve } from 'node:path';
import type { AttributeType } from '@tributary/engine';
import protobuf from 'protobufjs';

/** The scalar kinds of protobuf fields, grouped by how their values convert. */
type FieldKind =
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float'
  | 'double'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'enum'
  | 'message'
  | 'repeated';

const KIND: Readonly<Record<string, FieldKind>> = {
  int32: 'int32',
  sint32: 'int32',
  sfixed32: 'int32',
  uint32: 'uint32',
  fixed32: 'uint32',
  int64: 'int64',
  sint64: 'int64',
  sfixed64: 'int64',
  uint64: 'int64',
  fixed64: 'int64',
  float: 'float',
  double: 'double',
  bool: 'bool',
  string: 'string',
  bytes: 'bytes',
};

/** The attribute types each field kind may fill (and be filled from). */
const COMPATIBLE: Readonly<Record<FieldKind, readonly AttributeType[]>> = {
  int32: ['int', 'long', 'float', 'double', 'object'],
  uint32: ['int', 'long', 'double', 'object'],
  int64: ['long', 'double', 'float', 'object'],
  float: ['float', 'double', 'object'],
  double: ['double', 'float', 'object'],
  bool: ['bool', 'object'],
  string: ['string', 'object'],
  bytes: ['string', 'object'],
  enum: ['string', 'int', 'object'],
  message: ['object'],
  repeated: ['object'],
};

/**
 * Loads the message type `className` (its full name, `package.Message`) from .proto files.
 * Relative paths are resolved against the working directory; imports against the importing file.
 * @example
 * loadMessageType(['protos/stock.proto'], 'org.example.Stock').name // 'Stock'
 */
export function loadMessageType(files: readonly string[], className: string): protobuf.Type {
  const root = new protobuf.Root();
  try {
    root.loadSync(
      files.map((f) => resolve(f)),
      { keepCase: true },
    );
    root.resolveAll();
  } catch (error) {
    throw new Error(
      `cannot load ${files.join(', ')}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  const found = root.lookup(className.replace(/^\./, ''));
  if (!(found instanceof protobuf.Type)) {
    const types: string[] = [];
    const collect = (ns: protobuf.NamespaceBase): void => {
      for (const nested of ns.nestedArray) {
        if (nested instanceof protobuf.Type) types.push(nested.fullName.replace(/^\./, ''));
        if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type)
          collect(nested);
      }
    };
    collect(root);
    throw new Error(
      `${files.join(', ')} defines no message '${className}' (messages: ${types.join(', ')})`,
    );
  }
  return found;
}

function camel(name: string): string {
  return name
    .replace(/_+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase())
    .replace(/^./, (c) => c.toLowerCase());
}

/** A field of a message by its name, or by the same camelCase (`order_id` ~ `orderId`). */
export function fieldNamed(type: protobuf.Type, name: string): protobuf.Field | undefined {
  const exact = type.fields[name];
  if (exact !== undefined) return exact;
  const wanted = camel(name);
  return type.fieldsArray.find((f) => camel(f.name) === wanted);
}

/** How one attribute reads from / writes to a (possibly nested) field. */
export interface FieldSlot {
  /** The field names from the message down to the field. */
  readonly path: readonly string[];
  readonly field: protobuf.Field;
  readonly kind: FieldKind;
}

/**
 * Resolves a dotted field path (`customer.name`) in a message type and checks that the leaf
 * field can carry the attribute type; returns the reason when it cannot.
 * @example
 * fieldSlot(orderType, 'customer.name', 'string') // { path: ['customer', 'name'], … }
 */
export function fieldSlot(
  type: protobuf.Type,
  path: string,
  attributeType: AttributeType,
): FieldSlot | string {
  const names: string[] = [];
  let at: protobuf.Type = type;
  const steps = path.trim().replace(/^\$\./, '').split('.');
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i] ?? '';
    const field = fieldNamed(at, step);
    if (field === undefined) {
      return `message ${at.name} has no field '${step}' (fields: ${at.fieldsArray.map((f) => f.name).join(', ')})`;
    }
    names.push(field.name);
    const last = i === steps.length - 1;
    const resolved = field.resolvedType;
    if (!last) {
      if (!(resolved instanceof protobuf.Type) || field.repeated || field.map) {
        return `field '${field.name}' of message ${at.name} is not a message a path can go into`;
      }
      at = resolved;
      continue;
    }
    const kind: FieldKind =
      field.repeated || field.map
        ? 'repeated'
        : resolved instanceof protobuf.Enum
          ? 'enum'
          : resolved instanceof protobuf.Type
            ? 'message'
            : (KIND[field.type] ?? 'message');
    if (!COMPATIBLE[kind].includes(attributeType)) {
      return (
        `field '${field.name}' (${field.repeated ? 'repeated ' : ''}${field.map ? 'map' : field.type}) cannot carry ` +
        `an attribute of type ${attributeType} (it carries ${COMPATIBLE[kind].join(', ')})`
      );
    }
    return { path: names, field, kind };
  }
  return `'${path}' is not a field path`;
}

/** A field value (from `toObject` with longs as strings) as an attribute, or an error text. */
export function toAttribute(
  value: unknown,
  slot: FieldSlot,
  type: AttributeType,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (type === 'object') return { ok: true, value };
  switch (slot.kind) {
    case 'int64': {
      // toObject gives 64-bit integers as decimal strings (longs: String)
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const n = Number(text);
      if (type === 'long') {
        return Number.isSafeInteger(n)
          ? { ok: true, value: n }
          : { ok: false, reason: `${text} is outside the exact range of a long here (±2^53)` };
      }
      return { ok: true, value: type === 'float' ? Math.fround(n) : n };
    }
    case 'uint32':
      if (type === 'int' && (value as number) > 2_147_483_647) {
        return { ok: false, reason: `${JSON.stringify(value)} does not fit an int` };
      }
      return { ok: true, value };
    case 'float':
    case 'double':
    case 'int32':
      return { ok: true, value: type === 'float' ? Math.fround(value as number) : value };
    case 'bytes':
      return { ok: true, value: Buffer.from(value as Uint8Array).toString('base64') };
    case 'enum': {
      if (type === 'string') return { ok: true, value };
      const values = (slot.field.resolvedType as protobuf.Enum).values;
      return { ok: true, value: typeof value === 'string' ? (values[value] ?? value) : value };
    }
    default:
      return { ok: true, value };
  }
}

const UINT64 = /^(uint64|fixed64)$/;

/**
 * An attribute value as `fromObject` takes it for the field, or an error text where protobufjs
 * would silently wrap or truncate it (out-of-range or fractional integers, negative unsigned).
 * @example
 * toFieldValue(-1, uint32Slot) // { ok: false, reason: '-1 does not fit uint32' }
 */
export function toFieldValue(
  value: unknown,
  slot: FieldSlot,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const type = slot.field.type;
  const misfit = (): { ok: false; reason: string } => ({
    ok: false,
    reason: `${String(value)} does not fit ${type}`,
  });
  if (slot.kind === 'enum' && typeof value === 'string') {
    // protobufjs's fromObject drops an unknown name without a word
    const values = (slot.field.resolvedType as protobuf.Enum).values;
    return Object.hasOwn(values, value)
      ? { ok: true, value }
      : {
          ok: false,
          reason: `'${value}' is not a value of enum ${type} (${Object.keys(values).join(', ')})`,
        };
  }
  if (typeof value !== 'number') return { ok: true, value };
  switch (slot.kind) {
    case 'int32':
      return Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647
        ? { ok: true, value }
        : misfit();
    case 'uint32':
      return Number.isInteger(value) && value >= 0 && value <= 4_294_967_295
        ? { ok: true, value }
        : misfit();
    case 'int64':
      if (!Number.isSafeInteger(value) || (UINT64.test(type) && value < 0)) return misfit();
      return { ok: true, value };
    default:
      return { ok: true, value };
  }
}
