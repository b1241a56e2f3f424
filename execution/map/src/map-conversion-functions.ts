// Maps from and to text: map:createFromJSON, map:createFromXML (the root element's children
// become the entries; nested elements nested maps; `true`/`false` and numbers typed), map:toJSON
// and map:toXML (optionally wrapped in a root element).

import { defineFunction, type Extension } from '@tributary/engine/extension-api';
import { InvalidJsonError, parseJson } from '@tributary/execution-json';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { exampleApp, mapFunction } from './map-function.js';
import { asMap, javaText, mapsFromJson, toJsonValue } from './map-values.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** An XML node as fast-xml-parser gives it with `preserveOrder`. */
type XmlNode = Record<string, unknown>;

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  const children = node[tag];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

/** The text of an element: `true`/`false` as bools, numbers as numbers, else the string. */
function typedText(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  return NUMBER.test(text) ? Number(text) : text;
}

function textOfNode(text: unknown): string {
  return typeof text === 'string' ? text : '';
}

function mapOfElement(children: readonly XmlNode[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === undefined) continue;
    const grandChildren = childrenOf(child, tag);
    const hasElements = grandChildren.some((g) => tagOf(g) !== undefined);
    if (hasElements) {
      out.set(tag, mapOfElement(grandChildren));
    } else {
      const text = grandChildren.map((g) => textOfNode(g['#text'])).join('');
      out.set(tag, typedText(text));
    }
  }
  return out;
}

/**
 * The map an XML document's root element holds (see `map:createFromXML`).
 * @example
 * mapFromXml('<stock><symbol>IBM</symbol><price>200</price></stock>'); // Map { symbol: 'IBM', price: 200 }
 */
export function mapFromXml(xml: string): Map<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- its successor (fast-xml-validator) is not a dependency; the parser alone accepts malformed XML
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new Error(`map:createFromXML: input data cannot be parsed to xml: ${valid.err.msg}`);
  }
  const nodes = xmlParser.parse(xml) as XmlNode[];
  const root = nodes.find((n) => tagOf(n) !== undefined);
  if (root === undefined) throw new Error('map:createFromXML: the XML has no root element');
  const tag = tagOf(root) ?? '';
  return mapOfElement(childrenOf(root, tag));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * XML elements for the entries of a map: one element per key, nested maps nested.
 * @example
 * xmlOfMap(new Map([['symbol', 'IBM']])); // '<symbol>IBM</symbol>'
 */
export function xmlOfMap(map: ReadonlyMap<unknown, unknown>): string {
  let out = '';
  for (const [k, v] of map) {
    const tag = javaText(k);
    const body =
      v instanceof Map
        ? xmlOfMap(v as ReadonlyMap<unknown, unknown>)
        : v === null || v === undefined
          ? ''
          : escapeXml(javaText(v));
    out += `<${tag}>${body}</${tag}>`;
  }
  return out;
}

/** map:createFromJSON. */
export const createFromJSONFunction: Extension = mapFunction({
  name: 'createFromJSON',
  summary: 'Creates a map from the keys and values of a JSON object string.',
  description:
    'Parses `json.string` (strict or permissive JSON, e.g. single-quoted); nested objects ' +
    'become nested maps, arrays lists. Text that is not a JSON object fails the event.',
  parameters: [
    { name: 'json.string', types: ['string'], description: 'The JSON object as a string.' },
  ],
  returnType: 'object',
  returnDescription: 'The map.',
  example: {
    description: 'Returns a map with keys `symbol`, `price` and `volume`.',
    select: `map:createFromJSON("{'symbol' : 'IBM', 'price' : 200, 'volume' : 100}")`,
  },
  call: (args) => {
    const text = args[0];
    if (typeof text !== 'string')
      throw new TypeError('map:createFromJSON: data should be a string');
    const value = parseMapJson(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`map:createFromJSON: '${text}' is not a JSON object`);
    }
    return mapsFromJson(value);
  },
});

/** JSON text for a map; the json package's reader, with the map function's wording on errors. */
function parseMapJson(text: string): ReturnType<typeof parseJson> {
  try {
    return parseJson(text);
  } catch (error) {
    if (!(error instanceof InvalidJsonError)) throw error;
    throw new Error(`Cannot create a map from '${text}': not valid JSON (${error.message})`, {
      cause: error,
    });
  }
}

/** map:createFromXML. */
export const createFromXMLFunction: Extension = mapFunction({
  name: 'createFromXML',
  summary: "Creates a map from the child elements of an XML string's root element.",
  description:
    'Each child element of the root becomes an entry keyed by its tag: an element with child ' +
    'elements becomes a nested map, text `true`/`false` a bool, a number a number, other text a ' +
    'string. Attributes are ignored; a repeated tag keeps its last value.',
  parameters: [{ name: 'xml.string', types: ['string'], description: 'The XML as a string.' }],
  returnType: 'object',
  returnDescription: 'The map.',
  example: {
    description: 'Returns a map with keys `symbol`, `price` and `volume`.',
    select:
      "map:createFromXML('<stock><symbol>IBM</symbol><price>200</price><volume>100</volume></stock>')",
  },
  call: (args) => {
    const text = args[0];
    if (typeof text !== 'string') throw new TypeError('map:createFromXML: data should be a string');
    return mapFromXml(text);
  },
});

/** map:toJSON. */
export const toJSONFunction: Extension = mapFunction({
  name: 'toJSON',
  summary: 'Converts a map into a JSON object string.',
  parameters: [{ name: 'map', types: ['object'], description: 'The map to convert.' }],
  returnType: 'string',
  returnDescription: 'The JSON text (nested maps as objects, keys as strings).',
  example: {
    description: 'Returns JSON like `{"IBM":200.5}`.',
    select: 'map:toJSON(map:create(symbol, price))',
  },
  call: (args) => JSON.stringify(toJsonValue(asMap('map:toJSON', args[0]))),
});

/** map:toXML. */
export const toXMLFunction: Extension = defineFunction({
  namespace: 'map',
  name: 'toXML',
  status: 'stable',
  summary: 'Converts a map into an XML string, optionally inside a root element.',
  description:
    'Writes one element per key (nested maps as nested elements, other values as text, null as ' +
    'an empty element), wrapped in `root.element.name` when given.',
  parameters: [
    { name: 'map', types: ['object'], description: 'The map to convert.' },
    {
      name: 'root.element.name',
      types: ['string'],
      constant: true,
      optional: true,
      description: 'The root element. Default: no root element.',
    },
  ],
  returnType: 'string',
  returnDescription: 'The XML text.',
  examples: [
    {
      description: 'Returns XML like `<stock><IBM>200.5</IBM></stock>`.',
      siddhi: exampleApp("map:toXML(map:create(symbol, price), 'stock')"),
    },
    {
      description: 'Returns the elements without a root element.',
      siddhi: exampleApp('map:toXML(map:create(symbol, price))'),
    },
  ],
  create: (args) => {
    const rootArg = args[1];
    let root: string | undefined;
    if (rootArg !== undefined) {
      if (!rootArg.constant || typeof rootArg.value !== 'string') {
        throw new Error('map:toXML: root.element.name must be a constant string');
      }
      root = rootArg.value;
    }
    return {
      type: 'string',
      call: (values) => {
        const body = xmlOfMap(asMap('map:toXML', values[0]));
        return root === undefined ? body : `<${root}>${body}</${root}>`;
      },
    };
  },
});

/** The conversion functions. */
export const conversionFunctions: readonly Extension[] = [
  createFromJSONFunction,
  createFromXMLFunction,
  toJSONFunction,
  toXMLFunction,
];
