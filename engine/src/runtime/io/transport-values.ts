// `trp:` values are text (headers, topics, file paths); an attribute they fill takes them in its
// own type, parsed as Siddhi's `AttributeConverter.getPropertyValue` does (Java's parse* rules).
// Text that is not a value of the type is a mapping error, never a silent null or `false`.

import {
  parseJavaDouble,
  parseJavaFloat,
  parseJavaInt,
  parseJavaLong,
} from '../expression/java-numbers.js';
import type { AttributeType } from '../../query-api/index.js';

/** A transport property converted to an attribute's type, or why it cannot be. */
export type TransportValue =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

/** Converts one transport property's text into an attribute value. */
export type TransportConverter = (text: string) => TransportValue;

function parsed(value: number | null, text: string, type: string): TransportValue {
  return value === null ? invalid(text, type) : { ok: true, value };
}

function invalid(text: string, type: string): TransportValue {
  return { ok: false, detail: `'${text}' is not ${type}` };
}

const KEEP: TransportConverter = (text) => ({ ok: true, value: text });

const CONVERTERS: Readonly<Record<AttributeType, TransportConverter>> = {
  string: KEEP,
  object: KEEP,
  // Integer.parseInt / Long.parseLong: digits with an optional sign, nothing around them.
  int: (text) => parsed(parseJavaInt(text), text, 'an int'),
  long: (text) => parsed(parseJavaLong(text), text, 'a long'),
  // Float/Double.parseFloat: surrounding blanks, exponents, f/d suffixes, NaN, Infinity.
  float: (text) => parsed(parseJavaFloat(text), text, 'a float'),
  double: (text) => parsed(parseJavaDouble(text), text, 'a double'),
  // Boolean.parseBoolean would read anything but "true" as false: only true/false are taken.
  bool: (text) => {
    const lower = text.trim().toLowerCase();
    if (lower === 'true') return { ok: true, value: true };
    if (lower === 'false') return { ok: true, value: false };
    return invalid(text, 'a bool (true or false)');
  },
};

/**
 * The converter of transport property text into values of `type`.
 * @example
 * transportConverter('int')('42')   // { ok: true, value: 42 }
 * transportConverter('int')('4.2')  // { ok: false, detail: "'4.2' is not an int" }
 * transportConverter('bool')('TRUE') // { ok: true, value: true }
 */
export function transportConverter(type: AttributeType): TransportConverter {
  return CONVERTERS[type];
}
