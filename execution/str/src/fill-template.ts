// str:fillTemplate: replaces `{{key}}` fields of a template from a map, or `{{1}}`, `{{2}}`…
// from the following arguments. The template is split as Siddhi splits it (by `{{` and `}}`,
// every second part a key), so unmatched braces behave the same.

import { compileJavaPattern, type Extension } from '@tributary/engine/extension-api';
import { javaObjectText, javaText, stringArgument, strFunction } from './str-function.js';

const SPLIT_TEMPLATE = compileJavaPattern('\\{\\{|}}');

function mapValue(map: unknown, key: string): unknown {
  if (map instanceof Map) return (map as Map<unknown, unknown>).get(key);
  if (typeof map === 'object' && map !== null && !Array.isArray(map)) {
    return Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

function isMap(v: unknown): boolean {
  return v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** `str:fillTemplate(template, replacement.type, ...)` / `str:fillTemplate(template, map)`. */
export const fillTemplate: Extension = strFunction({
  name: 'fillTemplate',
  summary:
    'Fills the {{KEY}} fields of a template from a map, or {{1}}, {{2}}… from the arguments ' +
    'that follow the template.',
  description:
    '`fillTemplate(template, map)` replaces each `{{key}}` with the map value of the trimmed ' +
    'key; `fillTemplate(template, r1, r2, …)` replaces `{{1}}` with r1, `{{2}}` with r2 and so ' +
    'on. A field whose value is null (or missing from the map) is left as its key text ' +
    'without braces, as in Siddhi. A numbered field that is not an integer or has no argument ' +
    'fails the event.',
  parameters: [
    {
      name: 'template',
      types: ['string'],
      description: 'The string with `{{KEY}}` fields to fill.',
    },
    {
      name: 'replacement.type',
      types: ['string', 'int', 'long', 'double', 'float', 'bool'],
      description: 'The values for `{{1}}`, `{{2}}`… in order.',
    },
    { name: 'map', types: ['object'], description: 'A map from keys to the values to insert.' },
  ],
  overloads: [
    ['template', 'replacement.type', '...'],
    ['template', 'map'],
  ],
  returnType: 'string',
  returnDescription: 'The filled template.',
  examples: [
    {
      description: "Outputs '200 > 100 && 300 < 10000' for (200, 300).",
      siddhi:
        'define stream In (low int, high int);\n' +
        "from In select str:fillTemplate('{{1}} > 100 && {{2}} < 10000', low, high) as rule " +
        'insert into Out;',
    },
    {
      description: 'Fills named fields from a map attribute.',
      siddhi:
        'define stream In (values object);\n' +
        "from In select str:fillTemplate('{{prize}} > 100 && {{salary}} < 10000', values) " +
        'as rule insert into Out;',
    },
  ],
  create: (args) => {
    const texts = args.map((a) => javaText(a.type));
    const template = args[0];
    const constantParts =
      template?.constant === true && typeof template.value === 'string'
        ? SPLIT_TEMPLATE.split(template.value)
        : undefined;
    return {
      type: 'string',
      call: (v) => {
        const parts = [
          ...(constantParts ?? SPLIT_TEMPLATE.split(stringArgument('fillTemplate', v, 0))),
        ];
        const source = v[1];
        if (isMap(source)) {
          for (let i = 1; i < parts.length; i += 2) {
            const value = mapValue(source, (parts[i] ?? '').trim());
            if (value !== null && value !== undefined) parts[i] = javaObjectText(value);
          }
        } else {
          for (let i = 1; i < parts.length; i += 2) {
            const key = (parts[i] ?? '').trim();
            if (!/^[+-]?\d+$/.test(key) || Math.abs(Number(key)) > 2147483647) {
              throw new Error(`For input string: "${key}"`);
            }
            const index = Number(key);
            if (index < 0 || index >= v.length) {
              throw new Error(
                `Index ${String(index)} out of bounds for length ${String(v.length)} in the ` +
                  'template of str:fillTemplate()',
              );
            }
            const value = v[index];
            if (value !== null && value !== undefined) {
              parts[i] = (texts[index] ?? javaObjectText)(value);
            }
          }
        }
        return parts.join('');
      },
    };
  },
});
