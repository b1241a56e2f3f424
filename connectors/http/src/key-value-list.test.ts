import { describe, expect, it } from 'vitest';
import { cachedKeyValueList, KeyValueListError, parseKeyValueList } from './key-value-list.js';

describe('parseKeyValueList', () => {
  it("reads Siddhi's \"'name:value','name:value'\" format", () => {
    expect(parseKeyValueList("'Content-Type:application/json','X-Id: 7'")).toEqual([
      ['Content-Type', 'application/json'],
      ['X-Id', '7'],
    ]);
  });

  it('splits each entry on its first colon only', () => {
    expect(parseKeyValueList("'Link:http://a/b','X:1:2'")).toEqual([
      ['Link', 'http://a/b'],
      ['X', '1:2'],
    ]);
  });

  it('treats empty, auto and - as no entries', () => {
    for (const text of ['', '  ', 'auto', 'AUTO', '-', "''"]) {
      expect(parseKeyValueList(text)).toEqual([]);
    }
  });

  it('refuses an entry without a name and a colon', () => {
    expect(() => parseKeyValueList("'nocolon'")).toThrow(KeyValueListError);
    expect(() => parseKeyValueList("':value'")).toThrow(/not in the format 'name:value'/);
  });
});

describe('cachedKeyValueList', () => {
  it('parses a repeated text once', () => {
    const parse = cachedKeyValueList();
    const first = parse("'A:1'");
    expect(parse("'A:1'")).toBe(first);
    expect(parse("'A:2'")).toEqual([['A', '2']]);
  });
});
