// Parses XML messages safely into a small read-only tree with namespaces resolved, for XPath.
// fast-xml-parser does the parsing; a DOCTYPE is refused before it runs, so no entity (internal
// or external) is ever expanded; XML's (and HTML's) named entities and character references decode.

import { MappingError } from '@tributary/engine/extension-api';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The namespace of `xml:` names, bound by definition. */
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
/** The deepest element nesting accepted; deeper messages are refused, not walked. */
export const MAX_DEPTH = 512;

/** The document: its one child is the root element. */
export interface XmlDocument {
  readonly kind: 'document';
  readonly order: number;
  readonly parent: undefined;
  readonly children: readonly XmlElement[];
}

/** An element; `namespace` is undefined when it has none (or its prefix is not declared). */
export interface XmlElement {
  readonly kind: 'element';
  readonly order: number;
  readonly parent: XmlElement | XmlDocument;
  /** The name as written, with its prefix. */
  readonly name: string;
  readonly localName: string;
  readonly prefix: string | undefined;
  readonly namespace: string | undefined;
  /** Attributes, without `xmlns` declarations. */
  readonly attributes: readonly XmlAttribute[];
  /** Element and text children in document order (adjacent text and CDATA merged). */
  readonly children: readonly (XmlElement | XmlText)[];
  /** Namespace bindings in scope (prefix → URI, `''` for the default namespace). */
  readonly scope: ReadonlyMap<string, string>;
}

export interface XmlAttribute {
  readonly kind: 'attribute';
  readonly order: number;
  readonly parent: XmlElement;
  readonly name: string;
  readonly localName: string;
  readonly prefix: string | undefined;
  readonly namespace: string | undefined;
  readonly value: string;
}

export interface XmlText {
  readonly kind: 'text';
  readonly order: number;
  readonly parent: XmlElement;
  readonly value: string;
}

export type XmlNode = XmlDocument | XmlElement | XmlAttribute | XmlText;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_DEPTH,
  // predefined entities and character references only (HTML's names too, leniently)
  processEntities: true,
  htmlEntities: true,
});

const DOCTYPE = /<!DOCTYPE/i;

interface ValidationError {
  readonly err: { readonly msg: string; readonly line?: number; readonly col?: number };
}

/** Why a text is not one well-formed XML element: the reason, and the parser's report. */
export interface XmlProblem {
  readonly reason: string;
  readonly report: unknown;
}

/**
 * Checks that `text` is one well-formed XML element (no DOCTYPE); returns the problem or
 * undefined.
 * @example
 * xmlProblem('<a><b></a>')?.reason; // "Expected closing tag 'b' … (line 1, column 7)"
 */
export function xmlProblem(text: string): XmlProblem | undefined {
  if (DOCTYPE.test(text)) {
    return {
      reason: 'a DOCTYPE is not accepted (entity declarations are never processed)',
      report: { code: 'DoctypeRefused' },
    };
  }
  // fast-xml-parser points to fast-xml-validator, which is not installed; this one is the same
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const result = XMLValidator.validate(text) as true | ValidationError;
  if (result !== true) {
    const { msg, line, col } = result.err;
    const at =
      line === undefined
        ? ''
        : ` (line ${String(line)}${col === undefined ? '' : `, column ${String(col)}`})`;
    return { reason: `${msg}${at}`, report: result.err };
  }
  return undefined;
}

type Entry = Record<string, unknown>;

class TreeBuilder {
  #order = 0;

  document(entries: readonly unknown[]): XmlDocument {
    const children: XmlElement[] = [];
    const doc: XmlDocument = {
      kind: 'document',
      order: this.#order++,
      parent: undefined,
      children,
    };
    for (const entry of entries) {
      const tag = tagOf(entry);
      if (tag === undefined) continue;
      if (tag === '#text' || tag === '#cdata') {
        if (textOf(entry, tag).trim() !== '')
          throw new MappingError('malformed XML: text outside the root element');
        continue;
      }
      children.push(this.#element(entry as Entry, tag, doc, new Map(), 1));
    }
    if (children.length !== 1) {
      throw new MappingError(
        `malformed XML: expected one root element, found ${String(children.length)}`,
      );
    }
    return doc;
  }

  #element(
    entry: Entry,
    name: string,
    parent: XmlElement | XmlDocument,
    outer: ReadonlyMap<string, string>,
    depth: number,
  ): XmlElement {
    if (depth > MAX_DEPTH) {
      throw new MappingError(`XML nested deeper than ${String(MAX_DEPTH)} elements`);
    }
    const rawAttributes = (entry[':@'] ?? {}) as Record<string, unknown>;
    let scope = outer;
    for (const [key, value] of Object.entries(rawAttributes)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (scope === outer) scope = new Map(outer);
        (scope as Map<string, string>).set(key === 'xmlns' ? '' : key.slice(6), String(value));
      }
    }
    const [prefix, localName] = splitName(name);
    const attributes: XmlAttribute[] = [];
    const children: (XmlElement | XmlText)[] = [];
    const element: XmlElement = {
      kind: 'element',
      order: this.#order++,
      parent,
      name,
      localName,
      prefix,
      namespace: resolve(scope, prefix, true),
      attributes,
      children,
      scope,
    };
    for (const [key, value] of Object.entries(rawAttributes)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      const [aPrefix, aLocal] = splitName(key);
      attributes.push({
        kind: 'attribute',
        order: this.#order++,
        parent: element,
        name: key,
        localName: aLocal,
        prefix: aPrefix,
        namespace: resolve(scope, aPrefix, false),
        value: String(value),
      });
    }
    const content = entry[name];
    if (Array.isArray(content)) {
      let pending: string | undefined;
      const flush = (): void => {
        if (pending !== undefined) {
          children.push({ kind: 'text', order: this.#order++, parent: element, value: pending });
          pending = undefined;
        }
      };
      for (const child of content) {
        const tag = tagOf(child);
        if (tag === undefined) continue;
        if (tag === '#text' || tag === '#cdata') {
          pending = (pending ?? '') + textOf(child, tag);
        } else {
          flush();
          children.push(this.#element(child as Entry, tag, element, scope, depth + 1));
        }
      }
      flush();
    }
    return element;
  }
}

function tagOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  for (const key of Object.keys(entry)) if (key !== ':@') return key;
  return undefined;
}

function textOf(entry: unknown, tag: string): string {
  const value = (entry as Entry)[tag];
  if (tag === '#text') return typeof value === 'string' ? value : String(value);
  // CDATA: [{ '#text': '…' }]
  if (!Array.isArray(value)) return '';
  return value.map((part) => textOf(part, '#text')).join('');
}

function splitName(name: string): [string | undefined, string] {
  const colon = name.indexOf(':');
  return colon < 0 ? [undefined, name] : [name.slice(0, colon), name.slice(colon + 1)];
}

function resolve(
  scope: ReadonlyMap<string, string>,
  prefix: string | undefined,
  useDefault: boolean,
): string | undefined {
  if (prefix === undefined) {
    if (!useDefault) return undefined;
    const uri = scope.get('');
    return uri === undefined || uri === '' ? undefined : uri;
  }
  if (prefix === 'xml') return XML_NAMESPACE;
  return scope.get(prefix);
}

/**
 * Parses one XML message into a tree; throws `MappingError` with the reason when it is not one
 * well-formed element, has a DOCTYPE, or nests deeper than `MAX_DEPTH`.
 * @example
 * parseXml('<events><event><a>1</a></event></events>').children[0]?.localName; // 'events'
 */
export function parseXml(text: string): XmlDocument {
  const problem = xmlProblem(text);
  if (problem !== undefined) {
    throw new MappingError(`malformed XML: ${problem.reason}`, { cause: problem.report });
  }
  let entries: unknown;
  try {
    entries = parser.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MappingError(`malformed XML: ${reason}`, { cause: error });
  }
  return new TreeBuilder().document(Array.isArray(entries) ? entries : []);
}

/** The root element of the document holding `node`. */
export function rootOf(node: XmlNode): XmlDocument {
  let n: XmlNode = node;
  while (n.parent !== undefined) n = n.parent;
  return n;
}

/** Child elements of an element. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** True when the element has an element child. */
export function hasChildElements(element: XmlElement): boolean {
  return element.children.some((c) => c.kind === 'element');
}

/** The text directly inside an element (what Siddhi's `getText()` gives). */
export function directText(element: XmlElement): string {
  let text = '';
  for (const c of element.children) if (c.kind === 'text') text += c.value;
  return text;
}

/** XPath's string value: all text below the node, or an attribute's or text's value. */
export function stringValue(node: XmlNode): string {
  switch (node.kind) {
    case 'attribute':
    case 'text':
      return node.value;
    case 'document':
      return node.children.map(stringValue).join('');
    case 'element':
      return node.children.map((c) => (c.kind === 'text' ? c.value : stringValue(c))).join('');
  }
}

const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** `xsi:nil="true"` marks a null value (written by the xml sink mapper for nulls). */
export function isNil(element: XmlElement): boolean {
  return element.attributes.some(
    (a) =>
      a.localName === 'nil' &&
      (a.namespace === XSI_NAMESPACE || (a.namespace === undefined && a.prefix === 'xsi')) &&
      a.value.trim() === 'true',
  );
}

const TEXT_SPECIALS = /[&<>"'\r]/g;
const ATTRIBUTE_SPECIALS = /[&<>"'\r\n\t]/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/**
 * Escapes text for XML. Element content keeps newlines and tabs; `attribute` escapes them too
 * (a parser would turn them into blanks in an attribute value).
 * @example
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string, attribute = false): string {
  return text.replace(attribute ? ATTRIBUTE_SPECIALS : TEXT_SPECIALS, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * An element as XML text, with the namespace declarations in scope on its start tag so the text
 * parses on its own (a string attribute given a structure, and the raw event of an error).
 * @example
 * serializeElement(parseXml('<a x="1"><b>2</b></a>').children[0]!); // '<a x="1"><b>2</b></a>'
 */
export function serializeElement(element: XmlElement): string {
  // every binding in scope, including those declared higher up: the text stands alone
  let declarations = '';
  for (const [prefix, uri] of element.scope) {
    declarations += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeXml(uri, true)}"`;
  }
  return writeElement(element, declarations);
}

function writeElement(element: XmlElement, declarations: string): string {
  let out = `<${element.name}${declarations}`;
  for (const a of element.attributes) out += ` ${a.name}="${escapeXml(a.value, true)}"`;
  if (element.children.length === 0) return `${out}/>`;
  out += '>';
  for (const c of element.children) {
    out += c.kind === 'text' ? escapeXml(c.value) : writeElement(c, ownDeclarations(c));
  }
  return `${out}</${element.name}>`;
}

/** The declarations an element adds to its parent's scope. */
function ownDeclarations(element: XmlElement): string {
  if (element.parent.kind !== 'element' || element.scope === element.parent.scope) return '';
  const parentScope = element.parent.scope;
  let declarations = '';
  for (const [prefix, uri] of element.scope) {
    if (parentScope.get(prefix) !== uri) {
      declarations += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeXml(uri, true)}"`;
    }
  }
  return declarations;
}
