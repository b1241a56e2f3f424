// `{{attribute}}` templates of sink `@payload`s (Siddhi's TemplateBuilder): compiled once into
// literal parts and attribute indexes, so filling one per event is a join, never a re-parse.
// With mustache escaping on, `{{x}}` is HTML-escaped and `{{{x}}}` is written raw.

import type { IoAttribute } from '@tributary/engine/extension-api';
import { formatAttributeValue } from './attribute-values.js';

/** A compiled template: fills itself from one event's data. */
export interface CompiledTemplate {
  /** The attributes the template reads, in order of appearance. */
  readonly attributes: readonly string[];
  fill(data: readonly unknown[]): string;
}

const PLACEHOLDER = /\{\{(\{?)\s*([^{}]*?)\s*(\}?)\}\}/g;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** HTML-escapes like mustache.java does (`&`, `<`, `>`, `"`, `'`, `` ` ``, `=`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Compiles a template against the stream's attributes; throws an Error naming an unknown
 * attribute (the app then fails to start, as in Siddhi).
 * @example
 * const t = compileTemplate('{{symbol}} at {{price}}', [{ name: 'symbol', type: 'string' }, { name: 'price', type: 'double' }]);
 * t.fill(['WSO2', 55.5]) // 'WSO2 at 55.5'
 */
export function compileTemplate(
  template: string,
  attributes: readonly IoAttribute[],
  options: { readonly mustache?: boolean } = {},
): CompiledTemplate {
  const literals: string[] = [];
  const slots: { readonly index: number; readonly escape: boolean }[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, open = '', name = '', close = ''] = match;
    const index = attributes.findIndex((a) => a.name === name);
    if (index < 0) {
      throw new Error(
        `the template '${template}' refers to '${name}', which is not an attribute ` +
          `(attributes: ${attributes.map((a) => a.name).join(', ')})`,
      );
    }
    if ((open === '') !== (close === '')) {
      throw new Error(`the template '${template}' has an unbalanced placeholder '${whole}'`);
    }
    literals.push(template.slice(last, match.index));
    slots.push({ index, escape: options.mustache === true && open === '' });
    last = match.index + whole.length;
  }
  literals.push(template.slice(last));
  const types = attributes.map((a) => a.type);
  return {
    attributes: slots.map((s) => attributes[s.index]?.name ?? ''),
    fill(data) {
      let out = literals[0] ?? '';
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[i];
        if (slot === undefined) continue;
        const text = formatAttributeValue(data[slot.index], types[slot.index] ?? 'object');
        out += (slot.escape ? escapeHtml(text) : text) + (literals[i + 1] ?? '');
      }
      return out;
    },
  };
}
