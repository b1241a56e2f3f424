// Converts XML text (element content, attribute values) to attribute values by type, as
// Siddhi's AttributeConverter does, except that a bool must read `true` or `false` (Java reads
// any other text as false) and blanks around numbers are ignored.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  parseJavaDouble,
  parseJavaInt,
  parseJavaLong,
} from '@tributary/engine/extension-api';

/** A short rendering of a text for error messages. */
export function describeText(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.length > 60 ? `${quoted.slice(0, 57)}..."` : quoted;
}

/**
 * Converts XML text to an attribute of `type`; throws `MappingError` naming the attribute when
 * the text does not hold a value of the type. Strings and objects take the text as it is.
 * @example
 * convertText('int', 'volume', ' 100 '); // 100
 */
export function convertText(type: AttributeType, name: string, text: string): unknown {
  if (type === 'string' || type === 'object') return text;
  const t = text.trim();
  let value: number | boolean | null = null;
  switch (type) {
    case 'int':
      value = parseJavaInt(t);
      break;
    case 'long':
      value = parseJavaLong(t);
      break;
    case 'double':
      value = parseJavaDouble(t);
      break;
    case 'float': {
      const d = parseJavaDouble(t);
      value = d === null ? null : Math.fround(d);
      break;
    }
    case 'bool': {
      const lower = t.toLowerCase();
      value = lower === 'true' ? true : lower === 'false' ? false : null;
      break;
    }
  }
  if (value === null) {
    throw new MappingError(`attribute '${name}' expects ${type}, found ${describeText(text)}`);
  }
  return value;
}
