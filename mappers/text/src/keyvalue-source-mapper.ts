// The `keyvalue` source mapper: a key-value map (a plain object or a `Map`) → one event, keys
// being attribute names or the keys `@attributes` names; values must have the attribute's type
// unless `implicit.cast.enable` lets strings, numbers and booleans convert.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSourceMapper,
  param,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import { formatAttributeValue, parseAttributeValue } from './attribute-values.js';
import { kindOf } from './payload-text.js';

const parameters = {
  'fail.on.missing.attribute': param.bool({
    description:
      'When true, a map without a (non-null) value for an attribute is an error; when false ' +
      'the attribute becomes null.',
    optional: true,
    default: true,
  }),
  'implicit.cast.enable': param.bool({
    description:
      'Convert values of another type: strings are parsed as numbers/booleans (`"55.6"` → ' +
      '55.6), numbers and booleans become strings, integral doubles become ints/longs. When ' +
      'false a value must already have its attribute’s type.',
    optional: true,
    default: false,
  }),
};

type Options = OptionsOf<typeof parameters>;

interface Slot {
  readonly attribute: string;
  readonly type: AttributeType;
  readonly index: number;
  readonly key: string;
}

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** A value of the attribute's type as it is, or `undefined` when it is not one. */
function exact(value: unknown, type: AttributeType): unknown {
  switch (type) {
    case 'object':
      return value;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'int':
      if (typeof value === 'bigint') return exact(Number(value), type);
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= INT_MIN &&
        value <= INT_MAX
        ? value
        : undefined;
    case 'long':
      if (value instanceof Date) return value.getTime();
      if (typeof value === 'bigint') return exact(Number(value), type);
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    case 'float':
    case 'double':
      if (typeof value === 'bigint') return exact(Number(value), type);
      if (typeof value !== 'number') return undefined;
      return type === 'float' ? Math.fround(value) : value;
  }
}

/** A value converted to the attribute's type (implicit casting), or `undefined`. */
function cast(value: unknown, type: AttributeType): unknown {
  const direct = exact(value, type);
  if (direct !== undefined) return direct;
  if (typeof value === 'string') {
    const parsed = parseAttributeValue(value, type);
    return parsed.ok ? parsed.value : undefined;
  }
  if (type === 'string' && ['number', 'boolean', 'bigint'].includes(typeof value)) {
    return formatAttributeValue(value, typeof value === 'number' ? 'double' : 'object');
  }
  if (value instanceof Date && type === 'string') return value.toISOString();
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  return kindOf(value);
}

class KeyValueSourceMapper implements SourceMapper {
  private readonly slots: readonly Slot[];
  private readonly width: number;
  private readonly convert: (value: unknown, type: AttributeType) => unknown;

  constructor(private readonly ctx: SourceMapperContext<Options>) {
    this.width = ctx.attributes.length;
    this.convert = ctx.options['implicit.cast.enable'] ? cast : exact;
    this.slots =
      ctx.mappings === undefined
        ? ctx.attributes.map((a, i) => ({ attribute: a.name, type: a.type, index: i, key: a.name }))
        : ctx.mappings.flatMap((m) =>
            m.path === undefined
              ? []
              : [{ attribute: m.attribute, type: m.type, index: m.index, key: m.path }],
          );
  }

  map(
    payload: unknown,
    _transport: unknown,
    reportError: (error: MappingError, rawEvent: unknown) => void,
  ): (readonly unknown[])[] {
    if (Array.isArray(payload)) {
      const rows: (readonly unknown[])[] = [];
      for (const item of payload as readonly unknown[]) {
        const row = this.event(item);
        if (row instanceof MappingError) reportError(row, item);
        else rows.push(row);
      }
      return rows;
    }
    const row = this.event(payload);
    if (row instanceof MappingError) throw row;
    return [row];
  }

  private event(payload: unknown): unknown[] | MappingError {
    let map: ReadonlyMap<unknown, unknown> | undefined;
    let record: Readonly<Record<string, unknown>> | undefined;
    if (payload instanceof Map) map = payload as ReadonlyMap<unknown, unknown>;
    else if (typeof payload === 'object' && payload !== null && !(payload instanceof Uint8Array)) {
      record = payload as Readonly<Record<string, unknown>>;
    } else {
      return new MappingError(
        `the keyvalue mapper of stream '${this.ctx.streamId}' expects a key-value map ` +
          `(an object or a Map), found ${kindOf(payload)}`,
      );
    }
    const row = new Array<unknown>(this.width).fill(null);
    for (const slot of this.slots) {
      const value =
        record === undefined
          ? map?.get(slot.key)
          : Object.hasOwn(record, slot.key)
            ? record[slot.key]
            : undefined;
      if (value === undefined || value === null) {
        if (this.ctx.options['fail.on.missing.attribute']) {
          return new MappingError(
            `key-value event for stream '${this.ctx.streamId}' has no value for key ` +
              `'${slot.key}' (attribute '${slot.attribute}')`,
          );
        }
        continue;
      }
      const converted = this.convert(value, slot.type);
      if (converted === undefined) {
        return new MappingError(
          `key-value event for stream '${this.ctx.streamId}': key '${slot.key}' holds ` +
            `${describe(value)}, which is not ${slot.type === 'int' ? 'an' : 'a'} ${slot.type} ` +
            `(attribute '${slot.attribute}')` +
            (this.ctx.options['implicit.cast.enable']
              ? ''
              : "; implicit.cast.enable='true' converts it"),
        );
      }
      row[slot.index] = converted;
    }
    return row;
  }
}

/**
 * The `keyvalue` source mapper.
 * @example
 * // @source(type='inMemory', topic='t', @map(type='keyvalue')) define stream S (symbol string, price double);
 * // payload { symbol: 'WSO2', price: 55.6 } → event ['WSO2', 55.6]
 */
export const keyvalueSourceMapper = defineSourceMapper({
  name: 'keyvalue',
  status: 'stable',
  summary: 'Converts key-value maps (objects or Maps) to events.',
  description:
    'Without `@attributes`, each attribute is read from the key of its name; with ' +
    "`@attributes(symbol='s', price='p')` from the key given. A value must have its " +
    'attribute’s type (ints and longs are integral numbers, a long may also be a `Date`); ' +
    'set `implicit.cast.enable` to convert strings and numbers. An array of maps is a batch: ' +
    'a bad map of it is reported alone.',
  parameters,
  examples: [
    {
      description:
        "Default mapping: { symbol: 'WSO2', price: 55.6, volume: 100 } becomes (WSO2, 55.6, 100).",
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='keyvalue'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        "Custom keys with casting: { s: 'WSO2', p: '55.6', v: '100' } becomes (WSO2, 55.6, 100).",
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='keyvalue', fail.on.missing.attribute='true', " +
        "implicit.cast.enable='true', @attributes(symbol='s', price='p', volume='v')))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new KeyValueSourceMapper(ctx),
});
