// The `headers` and `metadata` options: Siddhi's `'key:value','key2:value2'` lists (quotes
// removed, entries split on commas, each at its first colon).

/**
 * A `headers`/`metadata` value that is not a list of `key:value` entries.
 * @example
 * throw new HeaderListError("headers: expected 'key:value' entries");
 */
export class HeaderListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeaderListError';
  }
}

/**
 * Parses `'Content-Type:json','sequence:inSeq'` into entries. Keys and values are trimmed; a
 * value keeps any further colons (`'Authorization:Basic a:b'`), where Siddhi would cut it.
 * @example
 * parseHeaderList("'Content-Type:json', 'x:1'"); // { 'Content-Type': 'json', x: '1' }
 */
export function parseHeaderList(text: string, option = 'headers'): Record<string, string> {
  const entries: Record<string, string> = {};
  const cleaned = text.replaceAll("'", '');
  if (cleaned.trim() === '') return entries;
  for (const entry of cleaned.split(',')) {
    const colon = entry.indexOf(':');
    const key = colon < 0 ? '' : entry.slice(0, colon).trim();
    if (key === '') {
      throw new HeaderListError(
        `${option}: expected 'key:value' entries separated by commas, found '${entry.trim()}' in "${text}"`,
      );
    }
    entries[key] = entry.slice(colon + 1).trim();
  }
  return entries;
}
