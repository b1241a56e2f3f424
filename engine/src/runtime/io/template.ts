// Siddhi's TemplateBuilder for dynamic sink options: `'{{symbol}}-{{region}}'` is split once
// into literal parts and attribute positions, then filled per event from its data.

import type { IoAttribute } from '../../extension-api/io-contracts.js';

/** `{{ name }}`: an attribute placeholder (whitespace around the name is allowed). */
const PLACEHOLDER = /\{\{\s*(.*?)\s*\}\}/g;

/**
 * True when `text` holds at least one `{{…}}` placeholder.
 * @example
 * isTemplate('stocks/{{symbol}}'); // true
 */
export function isTemplate(text: string): boolean {
  return /\{\{.*?\}\}/s.test(text);
}

/** A compiled template, or the placeholders that name no attribute. */
export type TemplateResult =
  | { readonly ok: true; readonly render: (data: readonly unknown[]) => string }
  | { readonly ok: false; readonly unknown: readonly string[] };

/**
 * How a value is written into a template (Java's `String.valueOf`: null is `null`).
 * @example
 * templateValue(null); // 'null'
 */
export function templateValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value instanceof Error) return value.toString();
  if (typeof value === 'symbol' || typeof value === 'function') return value.toString();
  try {
    // Not undefined: functions, symbols and undefined were handled above.
    return JSON.stringify(value);
  } catch {
    // Cycles or bigints inside: no JSON form.
    return Object.prototype.toString.call(value);
  }
}

/**
 * Compiles `text` against the stream's attributes.
 * @example
 * const t = compileTemplate('stocks/{{symbol}}', [{ name: 'symbol', type: 'string' }]);
 * if (t.ok) t.render(['IBM']); // 'stocks/IBM'
 */
export function compileTemplate(text: string, attributes: readonly IoAttribute[]): TemplateResult {
  const literals: string[] = [];
  const positions: number[] = [];
  const unknown: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    const index = attributes.findIndex((a) => a.name === name);
    if (index < 0) unknown.push(name);
    literals.push(text.slice(last, match.index));
    positions.push(index);
    last = match.index + match[0].length;
  }
  if (unknown.length > 0) return { ok: false, unknown };
  const tail = text.slice(last);
  return {
    ok: true,
    render: (data) => {
      let out = '';
      for (let i = 0; i < positions.length; i += 1) {
        out += (literals[i] ?? '') + templateValue(data[positions[i] ?? -1]);
      }
      return out + tail;
    },
  };
}
