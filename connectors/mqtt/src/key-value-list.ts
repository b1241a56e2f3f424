// Siddhi's `"'<key>:<value>','<key>:<value>'"` option format (message headers, user
// properties), parsed once per distinct text: dynamic values usually repeat.

/** One `key:value` entry, in the order written. */
export type KeyValue = readonly [key: string, value: string];

/**
 * Parses `"'a:1','b:x:y'"` into its entries: the outer quotes are dropped, entries are split on
 * `','`, each entry on its first `:`. `''` and `'-'` mean no entries.
 * @example
 * parseKeyValueList("'region:eu','id:7'") // [['region', 'eu'], ['id', '7']]
 */
export function parseKeyValueList(text: string): KeyValue[] {
  let body = text.trim();
  if (body === '' || body === '-' || body.toLowerCase() === 'null') return [];
  if (body.startsWith("'") || body.startsWith('"')) body = body.slice(1);
  if (body.endsWith("'") || body.endsWith('"')) body = body.slice(0, -1);
  if (body.trim() === '') return [];
  return body.split(/['"]\s*,\s*['"]/).map((entry): KeyValue => {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new Error(`'${entry}' is not in the format 'key:value' (expected "'k1:v1','k2:v2'")`);
    }
    return [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()];
  });
}

/**
 * A parser remembering the last text it parsed.
 * @example
 * const entriesOf = cachedKeyValueList();
 * entriesOf("'a:1'") === entriesOf("'a:1'") // true: parsed once
 */
export function cachedKeyValueList(): (text: string) => readonly KeyValue[] {
  let lastText: string | undefined;
  let last: readonly KeyValue[] = [];
  return (text) => {
    if (text !== lastText) {
      last = parseKeyValueList(text);
      lastText = text;
    }
    return last;
  };
}
