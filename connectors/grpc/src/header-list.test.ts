import { describe, expect, it } from 'vitest';
import { HeaderListError, parseHeaderList } from './header-list.js';

describe('parseHeaderList', () => {
  it("reads Siddhi's quoted key:value list", () => {
    expect(parseHeaderList("'Content-Type:json','sequence:inSeq'")).toEqual({
      'Content-Type': 'json',
      sequence: 'inSeq',
    });
  });

  it('trims entries and keeps colons inside values', () => {
    expect(parseHeaderList("'a:1', ' b : 2 ', 'Authorization:Basic x:y'")).toEqual({
      a: '1',
      b: '2',
      Authorization: 'Basic x:y',
    });
  });

  it('is empty for an empty text', () => {
    expect(parseHeaderList("''")).toEqual({});
  });

  it('names the option and the entry without a key', () => {
    expect(() => parseHeaderList("'json'", 'metadata')).toThrow(HeaderListError);
    expect(() => parseHeaderList("'a:1','json'", 'metadata')).toThrow(
      "metadata: expected 'key:value' entries separated by commas, found 'json'",
    );
  });
});
