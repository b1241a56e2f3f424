// The request event's attributes as the text `trp:` values hold (Java's renderings of floats),
// handed by `grpc-call` to its response source beside the reply.

import {
  javaDoubleToString,
  javaFloatToString,
  type IoAttribute,
  type IoEvent,
} from '@tributary/engine/extension-api';

/**
 * One attribute value as text; undefined for null.
 * @example
 * attributeText({ name: 'p', type: 'double' }, 1); // '1.0'
 */
export function attributeText(attribute: IoAttribute, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    if (attribute.type === 'double') return javaDoubleToString(value);
    if (attribute.type === 'float') return javaFloatToString(value);
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * The attributes of an event by name, as text (nulls left out).
 * @example
 * attributeTexts([{ name: 'id', type: 'int' }], { timestamp: 0, data: [7] }); // Map { 'id' => '7' }
 */
export function attributeTexts(
  attributes: readonly IoAttribute[],
  event: IoEvent | undefined,
): Map<string, string> {
  const texts = new Map<string, string>();
  if (event === undefined) return texts;
  attributes.forEach((attribute, i) => {
    const text = attributeText(attribute, event.data[i]);
    if (text !== undefined) texts.set(attribute.name, text);
  });
  return texts;
}
