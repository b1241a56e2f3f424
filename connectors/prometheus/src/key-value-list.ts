// Siddhi's key-value list format of `headers` and `grouping.key`: "'key1:value1','key2:value2'"
// (quotes optional when values hold no commas).

/** A list value that cannot be read. */
export class KeyValueListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyValueListError';
  }
}

/**
 * Reads "'k1:v1','k2:v2'" as ordered pairs.
 * @example
 * parseKeyValueList("'job:batch','region:eu'") // [['job', 'batch'], ['region', 'eu']]
 */
export function parseKeyValueList(text: string, option: string): [string, string][] {
  const parts: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (const c of text) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (quote !== undefined)
    throw new KeyValueListError(`${option} has an unbalanced quote: ${text}`);
  parts.push(current);
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const colon = p.indexOf(':');
      if (colon <= 0) {
        throw new KeyValueListError(
          `${option} entry '${p}' is not 'key:value' (write "'key:value','key:value'")`,
        );
      }
      return [p.slice(0, colon).trim(), p.slice(colon + 1).trim()];
    });
}
