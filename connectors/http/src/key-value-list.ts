// Siddhi's `"'<key>:<value>','<key>:<value>'"` option format (http `headers`,
// `ssl.configurations`): parsed once per distinct text, with the same splitting rules.

/** One `key:value` entry, in the order written. */
export type KeyValue = readonly [key: string, value: string];

/** A value that is not in the `'key:value','key:value'` format. */
export class KeyValueListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyValueListError';
  }
}

/**
 * Parses `"'Content-Type:application/json','X-Id:7'"` into its entries: the outer quotes are
 * dropped, entries are split on `','`, each entry on its first `:`. `''`, `'auto'` (Siddhi's
 * default for headers) and `'-'` mean no entries.
 * @example
 * parseKeyValueList("'Content-Type:text/plain','X-A:1:2'") // [['Content-Type','text/plain'],['X-A','1:2']]
 */
export function parseKeyValueList(text: string): KeyValue[] {
  let body = text.trim();
  if (body === '' || body === '-' || body.toLowerCase() === 'auto') return [];
  if (body.startsWith("'") || body.startsWith('"')) body = body.slice(1);
  if (body.endsWith("'") || body.endsWith('"')) body = body.slice(0, -1);
  if (body.trim() === '') return [];
  return body.split(/['"]\s*,\s*['"]/).map((entry): KeyValue => {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new KeyValueListError(
        `'${entry}' is not in the format 'name:value' (expected "'name:value','name2:value2'")`,
      );
    }
    return [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()];
  });
}

/**
 * A parser that remembers the last text it parsed: dynamic `headers` usually repeat, so the
 * common case costs one string comparison per event.
 * @example
 * const headersOf = cachedKeyValueList();
 * headersOf("'X:1'"); // parsed
 * headersOf("'X:1'"); // the same array, not parsed again
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
