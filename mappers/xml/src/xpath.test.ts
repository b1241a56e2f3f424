import { describe, expect, it } from 'vitest';
import { parseXml, stringValue, type XmlNode } from './xml-document.js';
import { XPathError, compileXPath } from './xpath.js';

const DOC = parseXml(
  '<shop xmlns:p="urn:p" xmlns="urn:default">' +
    '<p:item id="1" p:kind="a"><name>apple</name><price>1.5</price></p:item>' +
    '<p:item id="2" p:kind="b"><name>pear</name><price>2</price><tag>x</tag><tag>y</tag></p:item>' +
    '<p:item id="3"><name>plum</name><price>10</price></p:item>' +
    '<note>t1<b>bold</b>t2</note>' +
    '</shop>',
);
const NS = new Map([
  ['p', 'urn:p'],
  ['d', 'urn:default'],
]);
const root = DOC.children[0] as XmlNode;

function values(path: string, context: XmlNode = root): string[] {
  return compileXPath(path, NS).select(context).map(stringValue);
}

describe('compileXPath', () => {
  it('walks absolute and relative paths with prefixes', () => {
    expect(values('/d:shop/p:item/d:name')).toEqual(['apple', 'pear', 'plum']);
    expect(values('p:item/d:name')).toEqual(['apple', 'pear', 'plum']);
    expect(values('./p:item[1]/./d:price')).toEqual(['1.5']);
  });

  it('matches unprefixed names only outside namespaces (XPath 1.0)', () => {
    expect(values('p:item/name')).toEqual([]);
    expect(values('//*[local-name() = "name"]')).toEqual(['apple', 'pear', 'plum']);
  });

  it('selects attributes, wildcards and text nodes', () => {
    expect(values('p:item/@id')).toEqual(['1', '2', '3']);
    expect(values('p:item/@p:kind')).toEqual(['a', 'b']);
    expect(values('p:item[2]/@*')).toEqual(['2', 'b']);
    expect(values('p:*[3]/d:name')).toEqual(['plum']);
    expect(values('d:note/text()')).toEqual(['t1', 't2']);
    expect(values('d:note')).toEqual(['t1boldt2']);
    expect(values('d:note/node()')).toEqual(['t1', 'bold', 't2']);
  });

  it('finds descendants with // in document order, without duplicates', () => {
    expect(values('//d:tag')).toEqual(['x', 'y']);
    expect(values('//p:item//d:name')).toEqual(['apple', 'pear', 'plum']);
    expect(values('//d:price | //d:name')).toEqual(['apple', '1.5', 'pear', '2', 'plum', '10']);
  });

  it('applies positional and boolean predicates', () => {
    expect(values('p:item[last()]/@id')).toEqual(['3']);
    expect(values('p:item[position() > 1]/@id')).toEqual(['2', '3']);
    expect(values('p:item[d:price > 1.8]/@id')).toEqual(['2', '3']);
    expect(values("p:item[@p:kind = 'b' or d:name = 'plum']/@id")).toEqual(['2', '3']);
    expect(values('p:item[d:tag and not(@p:kind = "a")]/@id')).toEqual(['2']);
    expect(values('p:item[count(d:tag) = 2]/@id')).toEqual(['2']);
    expect(values('p:item[contains(d:name, "l")]/@id')).toEqual(['1', '3']);
    expect(values('p:item[starts-with(d:name, "p")][2]/@id')).toEqual(['3']);
    expect(values('p:item[d:tag = "y"]/@id')).toEqual(['2']);
    expect(values('p:item[d:tag != "x"]/@id')).toEqual(['2']);
    expect(values('p:item[normalize-space(string(d:name)) = "pear"]/@id')).toEqual(['2']);
  });

  it('moves along the other axes', () => {
    const [pear = root] = compileXPath('p:item[2]/d:name', NS).select(root);
    expect(pear).not.toBe(root);
    expect(values('..', pear)).toEqual(['pear2xy']);
    expect(values('ancestor::*[1]/@id', pear)).toEqual(['2']);
    expect(values('ancestor-or-self::*[2]/@id', pear)).toEqual(['2']);
    expect(values('following-sibling::*[1]', pear)).toEqual(['2']);
    expect(values('../preceding-sibling::*[1]/@id', pear)).toEqual(['1']);
    expect(values('descendant::d:tag[2]', root)).toEqual(['y']);
    expect(values('self::node()', pear)).toEqual(['pear']);
    expect(values('/')).toHaveLength(1);
  });

  it('refuses malformed and unsupported expressions with the position', () => {
    expect(() => compileXPath('a[', NS)).toThrow(XPathError);
    expect(() => compileXPath("a[@b='x]", NS)).toThrow('unterminated string');
    expect(() => compileXPath('a/q:b', NS)).toThrow("the namespace prefix 'q' is not declared");
    expect(() => compileXPath('substring(a, 1)', NS)).toThrow(
      "the function 'substring()' is not supported",
    );
    expect(() => compileXPath('following::a', NS)).toThrow("the axis 'following' is not supported");
    expect(() => compileXPath('count(a)', NS)).toThrow('must select nodes');
    expect(() => compileXPath('a b', NS)).toThrow("unexpected 'b' at position 3");
    expect(() => compileXPath('', NS)).toThrow('empty');
  });
});
