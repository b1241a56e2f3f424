// `@payload` templates of the avro sink mapper: JSON text with `{{attr}}` placeholders, as in
// Siddhi. A placeholder inside a JSON string (`"{{symbol}}"`) is filled with the value's
// escaped text; one outside (`{{price}}`, or Siddhi's `"Symbol":{{symbol}}`) with the value as
// a JSON literal (strings quoted, null as null), so the result is valid JSON either way.

import type { IoAttribute } from '@tributary/engine/extension-api';

/** A compiled JSON template. */
export interface JsonTemplate {
  fill(data: readonly unknown[]): string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Whether the text ends inside a JSON string, given whether it started inside one. */
function endsInString(text: string, inside: boolean): boolean {
  let within = inside;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (within && c === '\\') i += 1;
    else if (c === '"') within = !within;
  }
  return within;
}

function literal(value: unknown): string {
  if (value === undefined) return 'null';
  const json = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  ) as string | undefined;
  return json ?? 'null';
}

function inString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = typeof value === 'string' ? value : literal(value);
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Compiles a JSON template; throws naming an attribute the stream does not have.
 * @example
 * compileJsonTemplate('{"s":"{{a}}","n":{{b}}}', attrs).fill(['x"y', 1]) // '{"s":"x\\"y","n":1}'
 */
export function compileJsonTemplate(
  template: string,
  attributes: readonly IoAttribute[],
): JsonTemplate {
  const literals: string[] = [];
  const slots: { readonly index: number; readonly quoted: boolean }[] = [];
  let last = 0;
  let inside = false;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    const index = attributes.findIndex((a) => a.name === name);
    if (index < 0) {
      throw new Error(`the @payload template refers to '${name}', which is not an attribute`);
    }
    const before = template.slice(last, match.index);
    inside = endsInString(before, inside);
    literals.push(before);
    slots.push({ index, quoted: inside });
    last = match.index + match[0].length;
  }
  literals.push(template.slice(last));
  return {
    fill(data) {
      let out = literals[0] ?? '';
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[i];
        if (slot === undefined) continue;
        const value = data[slot.index];
        out += (slot.quoted ? inString(value) : literal(value)) + (literals[i + 1] ?? '');
      }
      return out;
    },
  };
}
