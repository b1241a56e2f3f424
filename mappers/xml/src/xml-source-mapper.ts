// The `xml` source mapper: XML text (or bytes) to events, in the default
// `<events><event><attr>…</attr></event></events>` format or through XPath `@attributes`
// (xpath.ts), with Siddhi's enclosing-element, leaf-node and streamed-content options.

import type { AttributeType, Logger } from '@tributary/engine';
import {
  MappingError,
  defineSourceMapper,
  param,
  type AttributeMapping,
  type IoAttribute,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import { leafRecords } from './leaf-node-data.js';
import {
  childElements,
  directText,
  hasChildElements,
  isNil,
  parseXml,
  serializeElement,
  type XmlElement,
  type XmlNode,
} from './xml-document.js';
import { XmlElementChunker } from './xml-element-chunker.js';
import { convertText } from './xml-value-conversion.js';
import { compileXPath, type CompiledXPath } from './xpath.js';

const parameters = {
  namespaces: param.string({
    description:
      'Namespace prefixes the XPaths use, as `prefix=uri` pairs separated by commas ' +
      '(`dt=urn:schemas-microsoft-com:datatypes,p=urn:p`). An XPath using an undeclared ' +
      'prefix is an error when the app starts.',
    optional: true,
  }),
  'enclosing.element': param.string({
    description:
      'XPath (evaluated from the root element) of the elements holding the events: their child ' +
      'elements are the events, or the elements themselves with `enclosing.element.as.event`. ' +
      'Without it the root element is the event (with `@attributes`) or `<events>` holds ' +
      '`<event>` elements (default format).',
    optional: true,
  }),
  'enclosing.element.as.event': param.bool({
    description:
      'When true, the elements selected by `enclosing.element` are the events themselves ' +
      '(XPaths are relative to them), not their children.',
    optional: true,
    default: false,
  }),
  'fail.on.missing.attribute': param.bool({
    description:
      'When true, an event whose XPath selects nothing (or, with `@attributes`, whose element ' +
      'text does not convert) is an error routed to `@OnError`; when false the attribute is null.',
    optional: true,
    default: true,
  }),
  'enable.streaming.xml.content': param.bool({
    description:
      'For XML arriving in pieces (a file read line by line): pieces are buffered and every ' +
      'complete element named by the last step of `enclosing.element` (required) becomes an ' +
      'event, as with `enclosing.element.as.event`. Each element is parsed on its own, so its ' +
      'XPaths may be absolute from it (`/child/@id`).',
    optional: true,
    default: false,
  }),
  'extract.leaf.node.data': param.bool({
    description:
      'With `@attributes`, makes one event per leaf branch of each event element, carrying the ' +
      "values of the branch's ancestors too; attribute paths are Siddhi's flattened keys " +
      '(`/child/@id`, `/child/detail/@key`, `/child/name` for leaf text), not evaluated XPaths.',
    optional: true,
    default: false,
  }),
};

type XmlSourceOptions = OptionsOf<typeof parameters>;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_WARNED_NAMES = 64;

function fail(message: string, cause?: unknown): never {
  throw new Error(`xml source mapper: ${message}`, cause === undefined ? undefined : { cause });
}

function decode(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array || payload instanceof ArrayBuffer) {
    try {
      return utf8.decode(payload);
    } catch (error) {
      throw new MappingError('the XML message is not valid UTF-8', { cause: error });
    }
  }
  throw new MappingError(
    `expected XML text or bytes, found ${payload === null ? 'null' : typeof payload}`,
  );
}

function asMappingError(error: unknown): MappingError {
  if (error instanceof MappingError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MappingError(`cannot map the XML message: ${reason}`, { cause: error });
}

function preview(element: XmlElement): string {
  const text = serializeElement(element);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `p=uri, q=uri2` → prefix → URI. */
function parseNamespaces(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (text === undefined || text.trim() === '') return map;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const prefix = eq < 0 ? '' : part.slice(0, eq).trim();
    const uri = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (prefix === '' || uri === '') {
      fail(`malformed namespaces entry '${part.trim()}': expected prefix=uri`);
    }
    map.set(prefix, uri);
  }
  return map;
}

function compile(
  text: string,
  namespaces: ReadonlyMap<string, string>,
  what: string,
): CompiledXPath {
  try {
    return compileXPath(text, namespaces);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(`${what}: ${reason}`, error);
  }
}

/** The element name the streamed content is cut at: the last step of `enclosing.element`. */
function streamedElementName(enclosing: string): string {
  const last =
    enclosing
      .split('/')
      .filter((s) => s.trim() !== '')
      .pop() ?? '';
  const name = last.replace(/\[.*\]$/, '').trim();
  if (!/^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/.test(name)) {
    fail(
      `enable.streaming.xml.content needs an enclosing.element ending in an element name, found '${enclosing}'`,
    );
  }
  return name;
}

/** Reads one event element into rows (one row, or one per leaf branch). */
type EventReader = (element: XmlElement) => unknown[][];

function defaultReader(
  attributes: readonly IoAttribute[],
  failOnMissing: boolean,
  warnUnknown: (name: string) => void,
): EventReader {
  const index = new Map(attributes.map((a, i) => [a.name, i]));
  const n = attributes.length;
  return (element) => {
    const row = new Array<unknown>(n).fill(null);
    const seen = new Uint8Array(n);
    for (const child of element.children) {
      if (child.kind !== 'element') continue;
      const i = index.get(child.localName);
      const attribute = i === undefined ? undefined : attributes[i];
      if (i === undefined || attribute === undefined) {
        warnUnknown(child.localName);
        continue;
      }
      seen[i] = 1;
      if (isNil(child)) {
        row[i] = null;
      } else if (hasChildElements(child)) {
        row[i] = structured(attribute.type, attribute.name, child, `<${child.name}>`);
      } else {
        row[i] = convertText(attribute.type, attribute.name, directText(child));
      }
    }
    if (failOnMissing) {
      const missing = attributes.findIndex((_, i) => seen[i] === 0);
      if (missing >= 0) {
        throw new MappingError(
          `missing attribute '${attributes[missing]?.name ?? ''}' in ${preview(element)}`,
        );
      }
    }
    return [row];
  };
}

/** An element with child elements: only a string (or object) attribute takes it, as XML text. */
function structured(type: AttributeType, name: string, element: XmlElement, where: string): string {
  if (type === 'string' || type === 'object') return serializeElement(element);
  throw new MappingError(
    `${where} has child elements, so only a string attribute can take it; attribute '${name}' is ${type}`,
  );
}

interface XPathMapping {
  readonly index: number;
  readonly name: string;
  readonly type: AttributeType;
  readonly text: string;
  readonly xpath: CompiledXPath;
}

function customReader(
  mappings: readonly XPathMapping[],
  size: number,
  failOnMissing: boolean,
  asEvent: boolean,
): EventReader {
  const lenient = (m: XPathMapping, text: string): unknown => {
    try {
      return convertText(m.type, m.name, text);
    } catch (error) {
      if (failOnMissing) throw error;
      return null;
    }
  };
  const valueOf = (m: XPathMapping, selected: XmlNode): unknown => {
    const node = selected.kind === 'document' ? selected.children[0] : selected;
    if (node === undefined) return null;
    switch (node.kind) {
      case 'attribute':
        return convertText(m.type, m.name, node.value);
      case 'text':
        return lenient(m, node.value);
      default:
        if (hasChildElements(node)) {
          return structured(
            m.type,
            m.name,
            node,
            `XPath '${m.text}' selects <${node.name}>, which`,
          );
        }
        return isNil(node) ? null : lenient(m, directText(node));
    }
  };
  return (element) => {
    const row = new Array<unknown>(size).fill(null);
    for (const m of mappings) {
      let [node] = m.xpath.select(element);
      // Siddhi: an event element that is itself the leaf named by the XPath gives its own text
      if (
        node === undefined &&
        asEvent &&
        element.localName.toLowerCase() === m.text.trim().toLowerCase() &&
        !hasChildElements(element)
      ) {
        node = element;
      }
      if (node === undefined) {
        if (failOnMissing) {
          throw new MappingError(
            `XPath '${m.text}' of attribute '${m.name}' selects nothing in ${preview(element)}`,
          );
        }
        continue;
      }
      row[m.index] = valueOf(m, node);
    }
    return [row];
  };
}

function leafReader(
  mappings: readonly AttributeMapping[],
  size: number,
  failOnMissing: boolean,
): EventReader {
  const keyed = mappings.filter((m) => m.path !== undefined);
  return (element) =>
    leafRecords(element).map((record) => {
      const row = new Array<unknown>(size).fill(null);
      for (const m of keyed) {
        const key = (m.path ?? '').trim();
        const value = record.get(key);
        if (value === undefined) {
          if (failOnMissing) {
            throw new MappingError(
              `no value at '${key}' for attribute '${m.attribute}' in ${preview(element)}`,
            );
          }
          continue;
        }
        try {
          row[m.index] = convertText(m.type, m.attribute, value);
        } catch (error) {
          if (failOnMissing) throw error;
        }
      }
      return row;
    });
}

/** Event elements of a message, with the elements that should have been events but are not. */
interface Selection {
  readonly events: readonly XmlElement[];
  /** True when the events came from a container (errors then concern one event, not the message). */
  readonly batch: boolean;
  readonly strays: readonly XmlElement[];
}

function warner(logger: Logger, streamId: string): (name: string) => void {
  const warned = new Set<string>();
  return (name) => {
    if (warned.has(name) || warned.size >= MAX_WARNED_NAMES) return;
    warned.add(name);
    logger.log(
      'warn',
      `xml mapper of stream '${streamId}': ignoring element <${name}>, which is not an attribute`,
    );
  };
}

function createXmlSourceMapper(ctx: SourceMapperContext<XmlSourceOptions>): SourceMapper {
  const { options } = ctx;
  const namespaces = parseNamespaces(options.namespaces);
  const failOnMissing = options['fail.on.missing.attribute'];
  const streaming = options['enable.streaming.xml.content'];
  const enclosingText = options['enclosing.element']?.trim();
  const enclosing =
    enclosingText === undefined || enclosingText === ''
      ? undefined
      : compile(enclosingText, namespaces, `enclosing.element '${enclosingText}'`);
  if (streaming && enclosing === undefined) {
    fail('enable.streaming.xml.content needs an enclosing.element');
  }
  const chunker =
    streaming && enclosingText !== undefined
      ? new XmlElementChunker(streamedElementName(enclosingText))
      : undefined;
  const asEvent = options['enclosing.element.as.event'] || streaming;
  const custom = ctx.mappings !== undefined;
  const size = ctx.attributes.length;

  let reader: EventReader;
  if (ctx.mappings === undefined) {
    reader = defaultReader(ctx.attributes, failOnMissing, warner(ctx.logger, ctx.streamId));
  } else if (options['extract.leaf.node.data']) {
    reader = leafReader(ctx.mappings, size, failOnMissing);
  } else {
    const compiled: XPathMapping[] = [];
    for (const m of ctx.mappings) {
      if (m.path === undefined) continue; // a trp: property, filled in by the engine
      compiled.push({
        index: m.index,
        name: m.attribute,
        type: m.type,
        text: m.path,
        xpath: compile(m.path, namespaces, `@attributes(${m.attribute}='${m.path}')`),
      });
    }
    reader = customReader(compiled, size, failOnMissing, asEvent);
  }

  function containers(root: XmlElement, path: CompiledXPath): XmlElement[] {
    const nodes = path.select(root);
    if (nodes.length === 0) {
      throw new MappingError(`enclosing.element '${path.text}' selects nothing in the message`);
    }
    return nodes.map((node) => {
      if (node.kind !== 'element') {
        throw new MappingError(
          `enclosing.element '${path.text}' must select elements, selected a ${node.kind}`,
        );
      }
      return node;
    });
  }

  function select(root: XmlElement): Selection {
    if (enclosing !== undefined) {
      const found = containers(root, enclosing);
      if (asEvent) return { events: found, batch: true, strays: [] };
      const children = found.flatMap(childElements);
      if (custom) return { events: children, batch: true, strays: [] };
      return {
        events: children.filter((c) => c.localName === 'event'),
        batch: true,
        strays: children.filter((c) => c.localName !== 'event'),
      };
    }
    if (custom) return { events: [root], batch: false, strays: [] };
    if (root.localName !== 'events') {
      throw new MappingError(
        `the default XML format needs the root element <events>, found <${root.name}>`,
      );
    }
    const children = childElements(root);
    return {
      events: children.filter((c) => c.localName === 'event'),
      batch: true,
      strays: children.filter((c) => c.localName !== 'event'),
    };
  }

  return {
    map(payload, _transport, reportError) {
      const rows: unknown[][] = [];
      if (chunker !== undefined) {
        let pieces: string[];
        try {
          pieces = chunker.push(decode(payload));
        } catch (error) {
          throw asMappingError(error);
        }
        for (const piece of pieces) {
          try {
            const [element] = parseXml(piece).children;
            if (element !== undefined) rows.push(...reader(element));
          } catch (error) {
            reportError(asMappingError(error), piece);
          }
        }
        return rows;
      }
      let selection: Selection;
      try {
        const [root] = parseXml(decode(payload)).children;
        if (root === undefined) throw new MappingError('the XML message has no root element');
        selection = select(root);
      } catch (error) {
        throw asMappingError(error);
      }
      for (const stray of selection.strays) {
        reportError(
          new MappingError(`<${stray.name}> is not an <event> element of the default XML format`),
          serializeElement(stray),
        );
      }
      for (const element of selection.events) {
        try {
          rows.push(...reader(element));
        } catch (error) {
          if (!selection.batch) throw asMappingError(error);
          reportError(asMappingError(error), serializeElement(element));
        }
      }
      return rows;
    },
  };
}

/**
 * The `xml` source mapper (`@source(..., @map(type='xml'))`).
 * @example
 * import { xmlSourceMapperSpec } from '@tributary/mapper-xml';
 * createRegistry({ package: 'app', version: '1.0.0', extensions: [xmlSourceMapperSpec] });
 */
export const xmlSourceMapperSpec = defineSourceMapper({
  name: 'xml',
  status: 'stable',
  summary: 'Maps XML messages to events: the default format, or XPaths in @attributes.',
  description:
    'Without `@attributes` a message is `<events><event><symbol>WSO2</symbol>…</event>…</events>`: ' +
    'child elements of each `<event>` are attributes by local name (others are ignored with a ' +
    'warning), `xsi:nil="true"` is null. With `@attributes(symbol=\'company/symbol\', ' +
    "price='@price')` each attribute is read by an XPath (a subset of XPath 1.0: location " +
    'paths, `//`, `@attr`, `text()`, `*`, prefixes from `namespaces`, predicates with ' +
    'positions, comparisons and a few functions) on each event element; the first node ' +
    'selected gives the value, an element with child elements only to a string attribute (as ' +
    'XML text).\n\n' +
    'Text converts to the attribute type as in Siddhi (`true`/`false` for bools, blanks around ' +
    "numbers ignored). A bad message goes to the stream's `@OnError` route whole, a bad event " +
    'of a multi-event message alone. A DOCTYPE is refused, so entities are never expanded. ' +
    'Messages may be strings or UTF-8 bytes.',
  parameters,
  examples: [
    {
      description:
        'Default format: `<events><event><symbol>WSO2</symbol><price>55.6</price>' +
        '<volume>100</volume></event></events>`.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='xml'))\n" +
        'define stream StockStream (symbol string, price float, volume long);\n' +
        'from StockStream[price > 10] select symbol, price insert into Expensive;',
    },
    {
      description:
        'XPaths with a namespace, relative to each `<stock>` child of `portfolio`: ' +
        '`<portfolio xmlns:dt="urn:schemas-microsoft-com:datatypes"><stock exchange="nasdaq">' +
        '<volume>100</volume><company><symbol>WSO2</symbol></company>' +
        '<price dt:type="number">55.6</price></stock></portfolio>`.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='xml', " +
        "namespaces='dt=urn:schemas-microsoft-com:datatypes', enclosing.element='//portfolio', " +
        "@attributes(symbol='company/symbol', price='price', volume='volume', " +
        "exchange='@exchange', priceType='price/@dt:type')))\n" +
        'define stream StockStream (symbol string, price float, volume long, exchange string, priceType string);\n' +
        'from StockStream select * insert into Out;',
    },
    {
      description: 'The `<event>` elements under `/events/wrapper` are the events themselves.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='xml', enclosing.element='/events/wrapper/event', " +
        "enclosing.element.as.event='true', @attributes(volume='volume', price='price', symbol='symbol')))\n" +
        'define stream StockStream (symbol string, price float, volume long);\n' +
        'from StockStream select * insert into Out;',
    },
    {
      description:
        'A file read line by line: each `<child>` under `<root>` is an event, one per leaf ' +
        'branch, with its id and the key/value of each `<detail>`.',
      siddhi:
        "@source(type='inMemory', topic='lines', @map(type='xml', enclosing.element='/root/child', " +
        "enable.streaming.xml.content='true', extract.leaf.node.data='true', fail.on.missing.attribute='false', " +
        "@attributes(id='/child/@id', timestamp='/child/@timestamp', key='/child/detail/@key', value='/child/detail/@value')))\n" +
        'define stream ChildStream (id string, timestamp string, key string, value string);\n' +
        'from ChildStream select * insert into Out;',
    },
  ],
  create: createXmlSourceMapper,
});
