import { MappingError } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { XmlElementChunker } from './xml-element-chunker.js';

describe('XmlElementChunker', () => {
  it('cuts complete elements out of pieces split anywhere', () => {
    const text =
      '<root><other/><child id="1"/><child a="x > y"><child>nested</child><b/></child>' +
      '<children/><child/></root>';
    const expected = [
      '<child id="1"/>',
      '<child a="x > y"><child>nested</child><b/></child>',
      '<child/>',
    ];
    for (let size = 1; size <= text.length; size += 1) {
      const chunker = new XmlElementChunker('child');
      const out: string[] = [];
      for (let i = 0; i < text.length; i += size)
        out.push(...chunker.push(text.slice(i, i + size)));
      expect(out, `pieces of ${String(size)}`).toEqual(expected);
    }
  });

  it('steps over comments and CDATA holding look-alike tags', () => {
    const chunker = new XmlElementChunker('p:c');
    expect(chunker.push('<r><p:c><!-- </p:c> --><![CDATA[</p:c>]]></p:c><p:cx/></r>')).toEqual([
      '<p:c><!-- </p:c> --><![CDATA[</p:c>]]></p:c>',
    ]);
  });

  it('refuses an element that never ends within the limit', () => {
    const chunker = new XmlElementChunker('c', 10);
    expect(chunker.push('<c>12345')).toEqual([]);
    expect(() => chunker.push('67890')).toThrow(MappingError);
    // the buffer was dropped: the next element is found again
    expect(chunker.push('<c/>')).toEqual(['<c/>']);
  });
});
