// `@payload` templates of the JSON sink mapper, split once into literal text and `{{attr}}`
// slots the way Siddhi's TemplateBuilder splits them (`{{{a}}}` is `{`, the slot, `}`). Each slot
// knows whether it sits inside a JSON string literal, so a value there can be escaped.

import type { IoAttribute, PayloadTemplate } from '@tributary/engine/extension-api';

/** One `{{attr}}` of a template. */
export interface TemplateSlot {
  /** Index of the attribute in the event's data. */
  readonly index: number;
  /** True when the slot is inside a JSON string literal of the template (`"{{symbol}}"`). */
  readonly inString: boolean;
}

/** A template as literal texts around slots: `literals.length === slots.length + 1`. */
export interface CompiledTemplate {
  readonly literals: readonly string[];
  readonly slots: readonly TemplateSlot[];
}

const SLOT = /\{\{([^{}]*)\}\}/g;

/** Whether the JSON text ends inside a string literal, given whether it started inside one. */
function endsInString(text: string, inString: boolean): boolean {
  let inside = inString;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inside && ch === 92 /* \ */) i += 1;
    else if (ch === 34 /* " */) inside = !inside;
  }
  return inside;
}

/**
 * The template text of a sink's `@payload`: an unnamed template, or the one entry of a named
 * `@payload` (Siddhi's JSON and XML mappers accept exactly one). Throws when there are more.
 * @example
 * payloadText({ kind: 'template', template: '{"s":"{{symbol}}"}' }, 'json'); // '{"s":"{{symbol}}"}'
 */
export function payloadText(payload: PayloadTemplate, mapper: string): string {
  if (payload.kind === 'template') return payload.template;
  const entries = Object.values(payload.entries);
  const [only] = entries;
  if (entries.length !== 1 || only === undefined) {
    throw new Error(
      `the ${mapper} sink mapper takes one @payload template, found ${String(entries.length)}`,
    );
  }
  return only;
}

/**
 * Splits a template into literals and slots; throws when a slot names no attribute or the
 * template is only an attribute name (an "object" payload, which JSON and XML do not support).
 * @example
 * compileTemplate('{"p":{{price}}}', [{ name: 'price', type: 'double' }], 'json');
 * // { literals: ['{"p":', '}'], slots: [{ index: 0, inString: false }] }
 */
export function compileTemplate(
  template: string,
  attributes: readonly IoAttribute[],
  mapper: string,
): CompiledTemplate {
  const names = attributes.map((a) => a.name);
  if (names.includes(template.trim())) {
    throw new Error(
      `the ${mapper} sink mapper does not support a @payload that is only the attribute name ` +
        `'${template.trim()}'; write '{{${template.trim()}}}' inside a template`,
    );
  }
  // Siddhi strips the backticks of a template written as `…` (without blanks)
  const text = /^`\S*`$/.test(template) ? template.slice(1, -1) : template;
  const literals: string[] = [];
  const slots: TemplateSlot[] = [];
  let last = 0;
  let inString = false;
  for (const match of text.matchAll(SLOT)) {
    const literal = text.slice(last, match.index);
    inString = endsInString(literal, inString);
    const name = (match[1] ?? '').trim();
    const index = names.indexOf(name);
    if (index < 0) {
      throw new Error(
        `@payload refers to '{{${name}}}', which is not an attribute (attributes: ${names.join(', ')})`,
      );
    }
    literals.push(literal);
    slots.push({ index, inString });
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  return { literals, slots };
}
