// `@payload` templates of the XML sink mapper, split once into literal text and `{{attr}}`
// slots the way Siddhi's TemplateBuilder splits them (`{{{a}}}` is `{`, the slot, `}`).

import type { IoAttribute, PayloadTemplate } from '@tributary/engine/extension-api';

/** A template as literal texts around slots (attribute indexes): `literals.length === slots.length + 1`. */
export interface CompiledTemplate {
  readonly literals: readonly string[];
  readonly slots: readonly number[];
}

const SLOT = /\{\{([^{}]*)\}\}/g;

/**
 * The template text of a sink's `@payload`: an unnamed template, or the one entry of a named
 * `@payload` (Siddhi's XML mapper accepts exactly one). Throws when there are more.
 * @example
 * payloadText({ kind: 'template', template: '<s>{{symbol}}</s>' }); // '<s>{{symbol}}</s>'
 */
export function payloadText(payload: PayloadTemplate): string {
  if (payload.kind === 'template') return payload.template;
  const entries = Object.values(payload.entries);
  const [only] = entries;
  if (entries.length !== 1 || only === undefined) {
    throw new Error(
      `the xml sink mapper takes one @payload template, found ${String(entries.length)}`,
    );
  }
  return only;
}

/**
 * Splits a template into literals and slots; throws when a slot names no attribute or the
 * template is only an attribute name (an "object" payload, which Siddhi's XML mapper rejects).
 * @example
 * compileTemplate('<p>{{price}}</p>', [{ name: 'price', type: 'double' }]);
 * // { literals: ['<p>', '</p>'], slots: [0] }
 */
export function compileTemplate(
  template: string,
  attributes: readonly IoAttribute[],
): CompiledTemplate {
  const names = attributes.map((a) => a.name);
  if (names.includes(template.trim())) {
    throw new Error(
      `the xml sink mapper does not support a @payload that is only the attribute name ` +
        `'${template.trim()}'; write '{{${template.trim()}}}' inside a template`,
    );
  }
  // Siddhi strips the backticks of a template written as `…` (without blanks)
  const text = /^`\S*`$/.test(template) ? template.slice(1, -1) : template;
  const literals: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const match of text.matchAll(SLOT)) {
    const name = (match[1] ?? '').trim();
    const index = names.indexOf(name);
    if (index < 0) {
      throw new Error(
        `@payload refers to '{{${name}}}', which is not an attribute (attributes: ${names.join(', ')})`,
      );
    }
    literals.push(text.slice(last, match.index));
    slots.push(index);
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  return { literals, slots };
}
