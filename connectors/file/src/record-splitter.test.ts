import { describe, expect, it } from 'vitest';
import {
  chunkSplitter,
  lineSplitter,
  regexSplitter,
  wholeSplitter,
  type SplitResult,
} from './record-splitter.js';

function payloads(result: SplitResult): unknown[] {
  return result.records.map((r) => (Buffer.isBuffer(r.payload) ? r.payload.toString() : r.payload));
}

describe('lineSplitter', () => {
  it('keeps an unterminated last line until the file is complete', () => {
    const bytes = Buffer.from('a\r\nbé\n\nc');
    const open = lineSplitter().split(bytes, false);
    expect(payloads(open)).toEqual(['a', 'bé', '']);
    expect(open.consumed).toBe(bytes.length - 1);
    const final = lineSplitter().split(bytes, true);
    expect(payloads(final)).toEqual(['a', 'bé', '', 'c']);
    expect(final.consumed).toBe(bytes.length);
  });

  it('reports the byte end of each line', () => {
    expect(
      lineSplitter()
        .split(Buffer.from('é\nx\n'), false)
        .records.map((r) => r.end),
    ).toEqual([3, 5]);
  });
});

describe('regexSplitter', () => {
  it('takes the texts from a begin match through the next end match', () => {
    const text = 'junk<e>1</e>\n<e>2\n</e><e>3';
    const open = regexSplitter('<e>', '</e>').split(Buffer.from(text), false);
    expect(payloads(open)).toEqual(['<e>1</e>', '<e>2\n</e>']);
    // The partial third record stays unread.
    expect(open.consumed).toBe(text.indexOf('<e>3'));
    const final = regexSplitter('<e>', '</e>').split(Buffer.from(text), true);
    expect(payloads(final)).toEqual(['<e>1</e>', '<e>2\n</e>']);
    expect(final.consumed).toBe(text.length);
  });

  it('with only begin.regex splits before each begin match', () => {
    const text = 'x\nBEGIN a\nBEGIN b\n';
    const open = regexSplitter('BEGIN', undefined).split(Buffer.from(text), false);
    expect(payloads(open)).toEqual(['BEGIN a\n']);
    const final = regexSplitter('BEGIN', undefined).split(Buffer.from(text), true);
    expect(payloads(final)).toEqual(['BEGIN a\n', 'BEGIN b\n']);
  });

  it('with only end.regex ends each record with the end match', () => {
    const final = regexSplitter(undefined, ';').split(Buffer.from('a=1;b=2;rest'), false);
    expect(payloads(final)).toEqual(['a=1;', 'b=2;']);
    expect(final.consumed).toBe(8);
  });

  it('counts bytes, not characters, of multi-byte text', () => {
    const result = regexSplitter(undefined, '!').split(Buffer.from('ééé!x'), false);
    expect(result.consumed).toBe(7);
  });

  it('needs a regex', () => {
    expect(() => regexSplitter(undefined, undefined)).toThrow(/begin.regex, end.regex/);
  });
});

describe('chunkSplitter and wholeSplitter', () => {
  it('cuts fixed chunks, the short last one only when complete', () => {
    expect(payloads(chunkSplitter(2).split(Buffer.from('abcde'), false))).toEqual(['ab', 'cd']);
    expect(payloads(chunkSplitter(2).split(Buffer.from('abcde'), true))).toEqual(['ab', 'cd', 'e']);
  });

  it('gives the whole content once complete', () => {
    expect(wholeSplitter('text').split(Buffer.from('{"a":1}'), false).records).toEqual([]);
    expect(wholeSplitter('text').split(Buffer.from('{"a":1}'), true).records[0]?.payload).toBe(
      '{"a":1}',
    );
    const binary = wholeSplitter('binary').split(Buffer.from([1, 2, 3]), true).records[0];
    expect(Buffer.isBuffer(binary?.payload)).toBe(true);
  });
});
