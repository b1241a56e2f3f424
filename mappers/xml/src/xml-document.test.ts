import { MappingError } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import {
  MAX_DEPTH,
  escapeXml,
  parseXml,
  serializeElement,
  type XmlElement,
} from './xml-document.js';

function laughs(levels: number): string {
  let entities = '<!ENTITY l0 "lol">';
  for (let i = 1; i <= levels; i += 1) {
    entities += `<!ENTITY l${String(i)} "${`&l${String(i - 1)};`.repeat(10)}">`;
  }
  return `<?xml version="1.0"?><!DOCTYPE lolz [${entities}]><lolz>&l${String(levels)};</lolz>`;
}

describe('parseXml', () => {
  it('refuses a billion-laughs payload at once, without expanding anything', () => {
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    expect(() => parseXml(laughs(9))).toThrow('a DOCTYPE is not accepted');
    expect(performance.now() - t0).toBeLessThan(100);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('leaves undeclared entities as text rather than resolving anything external', () => {
    const [root] = parseXml('<a>&ext; &amp;</a>').children;
    expect(root?.children[0]).toMatchObject({ kind: 'text', value: '&ext; &' });
  });

  it('refuses nesting deeper than MAX_DEPTH', () => {
    const deep = `${'<a>'.repeat(MAX_DEPTH + 1)}${'</a>'.repeat(MAX_DEPTH + 1)}`;
    expect(() => parseXml(deep)).toThrow(MappingError);
    const ok = `${'<a>'.repeat(MAX_DEPTH)}${'</a>'.repeat(MAX_DEPTH)}`;
    expect(parseXml(ok).children).toHaveLength(1);
  });

  it('refuses names that would pollute prototypes', () => {
    expect(() => parseXml('<a __proto__="x"/>')).toThrow(MappingError);
  });

  it('resolves namespaces, including the default and redeclared ones', () => {
    const [root] = parseXml(
      '<a xmlns="urn:d" xmlns:p="urn:p"><p:b c="1" p:d="2"><e xmlns="" /></p:b></a>',
    ).children;
    const b = root?.children[0] as XmlElement;
    const e = b.children[0] as XmlElement;
    expect(root?.namespace).toBe('urn:d');
    expect(b).toMatchObject({ localName: 'b', prefix: 'p', namespace: 'urn:p' });
    expect(b.attributes.map((a) => [a.name, a.namespace])).toEqual([
      ['c', undefined],
      ['p:d', 'urn:p'],
    ]);
    expect(e.namespace).toBeUndefined();
  });

  it('serializes an element so that it parses alone', () => {
    const [root] = parseXml('<a xmlns:p="urn:p"><p:b x="&quot;&#10;">t &lt; u</p:b></a>').children;
    const text = serializeElement(root?.children[0] as XmlElement);
    expect(text).toBe('<p:b xmlns:p="urn:p" x="&quot;&#10;">t &lt; u</p:b>');
    expect(parseXml(text).children[0]).toMatchObject({ namespace: 'urn:p' });
  });
});

describe('escapeXml', () => {
  it('escapes markup, and line breaks in attribute values', () => {
    expect(escapeXml(`<&>"'\r\n\t`)).toBe('&lt;&amp;&gt;&quot;&apos;&#13;\n\t');
    expect(escapeXml('\n\t', true)).toBe('&#10;&#9;');
  });
});
