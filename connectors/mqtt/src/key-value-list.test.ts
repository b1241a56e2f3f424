import { describe, expect, it } from 'vitest';
import { cachedKeyValueList, parseKeyValueList } from './key-value-list.js';

describe('parseKeyValueList', () => {
  it("reads Siddhi's 'k:v','k:v' format, splitting each entry at its first colon", () => {
    expect(parseKeyValueList("'region:eu', 'url:http://x:1'")).toEqual([
      ['region', 'eu'],
      ['url', 'http://x:1'],
    ]);
    expect(parseKeyValueList('a:1')).toEqual([['a', '1']]);
  });

  it('reads empty, - and null as no entries', () => {
    expect(parseKeyValueList('')).toEqual([]);
    expect(parseKeyValueList('-')).toEqual([]);
    expect(parseKeyValueList('null')).toEqual([]);
    expect(parseKeyValueList("''")).toEqual([]);
  });

  it('refuses an entry without a key', () => {
    expect(() => parseKeyValueList("'novalue'")).toThrow(/key:value/);
    expect(() => parseKeyValueList("':x'")).toThrow(/key:value/);
  });

  it('parses a repeated text once', () => {
    const entriesOf = cachedKeyValueList();
    const first = entriesOf("'a:1'");
    expect(entriesOf("'a:1'")).toBe(first);
    expect(entriesOf("'a:2'")).toEqual([['a', '2']]);
  });
});
