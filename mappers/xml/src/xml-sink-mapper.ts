// The `xml` sink mapper: events to XML text, in the default `<events><event>…</event></events>`
// format or through a `@payload` template with `{{attr}}` slots. Values are escaped, numbers are
// written as Siddhi writes them, and nulls as `xsi:nil` elements the source mapper reads back.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSinkMapper,
  javaDoubleToString,
  javaFloatToString,
  param,
  type OptionsOf,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import { compileTemplate, payloadText, type CompiledTemplate } from './payload-template.js';
import { escapeXml, xmlProblem } from './xml-document.js';

const parameters = {
  'validate.xml': param.bool({
    description:
      'When true, each message built from a `@payload` template is checked to be well-formed ' +
      "XML; a malformed one is a mapping error (routed by the sink's `on.error`), never sent.",
    optional: true,
    default: false,
  }),
  'enclosing.element': param.string({
    description:
      'A start tag (`<portfolio>` or `<p:portfolio xmlns:p="urn:p">`) wrapping the events ' +
      'published together in one message. Without it the default format uses `<events>`, and ' +
      'a `@payload` template makes one message per event.',
    optional: true,
  }),
};

type XmlSinkOptions = OptionsOf<typeof parameters>;

const XSI_NIL = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>';
/** Characters XML 1.0 cannot carry, even escaped (controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to find
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const START_TAG = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(\s[^<>]*)?>$/;

/** `<portfolio a="1">` (or `portfolio`) → the start and end tags. */
function enclosingTags(text: string): readonly [string, string] {
  const t = text.trim();
  const tag = t.startsWith('<') ? t : `<${t}>`;
  const match = START_TAG.exec(tag);
  if (match === null) {
    throw new Error(
      `xml sink mapper: enclosing.element '${text}' is not a start tag like <portfolio>`,
    );
  }
  return [tag, `</${match[1] ?? ''}>`];
}

function checkedText(name: string, text: string, attribute: boolean): string {
  const bad = NOT_XML.exec(text);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new MappingError(`attribute '${name}' holds U+${code}, which XML cannot carry`);
  }
  return escapeXml(text, attribute);
}

/**
 * A value as escaped XML text (null handled by the caller); `attribute` also escapes newlines
 * and tabs, for template slots that may sit in an XML attribute value.
 */
function valueText(type: AttributeType, name: string, value: unknown, attribute: boolean): string {
  switch (typeof value) {
    case 'string':
      return checkedText(name, value, attribute);
    case 'number':
      return type === 'float'
        ? javaFloatToString(value)
        : type === 'double'
          ? javaDoubleToString(value)
          : type === 'int' || type === 'long'
            ? integerText(value)
            : String(value);
    case 'boolean':
    case 'bigint':
      return value.toString();
    default: {
      let json: string | undefined;
      try {
        json = jsonStringify(value);
      } catch (error) {
        throw new MappingError(`attribute '${name}' cannot be written as text: ${String(error)}`, {
          cause: error,
        });
      }
      return checkedText(name, json ?? String(value), attribute);
    }
  }
}

/** An int or long as digits, never in exponent form (even beyond 2^53). */
function integerText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** `JSON.stringify`, typed as it behaves: undefined for functions and symbols. */
function jsonStringify(value: unknown): string | undefined {
  return JSON.stringify(value);
}

function createXmlSinkMapper(ctx: SinkMapperContext<XmlSinkOptions>): SinkMapper {
  const { attributes } = ctx;
  const types = attributes.map((a) => a.type);
  const names = attributes.map((a) => a.name);
  const opens = names.map((n) => `<${n}>`);
  const closes = names.map((n) => `</${n}>`);
  const nils = names.map((n) => `<${n}${XSI_NIL}`);
  const enclosingText = ctx.options['enclosing.element'];
  const enclosing =
    enclosingText === undefined || enclosingText.trim() === ''
      ? undefined
      : enclosingTags(enclosingText);
  const validate = ctx.options['validate.xml'];
  const template: CompiledTemplate | undefined =
    ctx.payload === undefined ? undefined : compileTemplate(payloadText(ctx.payload), attributes);

  function eventXml(data: readonly unknown[]): string {
    let s = '<event>';
    for (let i = 0; i < names.length; i += 1) {
      const v = data[i];
      s +=
        v === null || v === undefined
          ? (nils[i] ?? '')
          : (opens[i] ?? '') +
            valueText(types[i] ?? 'object', names[i] ?? '', v, false) +
            (closes[i] ?? '');
    }
    return `${s}</event>`;
  }

  function templateXml(t: CompiledTemplate, data: readonly unknown[]): string {
    let s = t.literals[0] ?? '';
    for (let k = 0; k < t.slots.length; k += 1) {
      const index = t.slots[k] ?? 0;
      const v = data[index];
      s +=
        (v === null || v === undefined
          ? 'null'
          : valueText(types[index] ?? 'object', names[index] ?? '', v, true)) +
        (t.literals[k + 1] ?? '');
    }
    return s;
  }

  function checked(payload: string): string {
    if (validate) {
      const problem = xmlProblem(payload);
      if (problem !== undefined) {
        const shown = payload.length > 80 ? `${payload.slice(0, 77)}...` : payload;
        throw new MappingError(
          `the @payload produced malformed XML (${problem.reason}): ${shown}`,
          {
            cause: problem.report,
          },
        );
      }
    }
    return payload;
  }

  return {
    map(events, emit) {
      const last = events.at(-1);
      if (last === undefined) return;
      if (template === undefined) {
        const [open, close] = enclosing ?? ['<events>', '</events>'];
        emit(open + events.map((e) => eventXml(e.data)).join('') + close, last);
        return;
      }
      if (enclosing !== undefined) {
        const body = events.map((e) => templateXml(template, e.data)).join('');
        emit(checked(enclosing[0] + body + enclosing[1]), last);
        return;
      }
      // every message is built and checked before any is sent: a batch fails or passes whole
      const payloads = events.map((e) => checked(templateXml(template, e.data)));
      events.forEach((event, i) => {
        emit(payloads[i], event);
      });
    },
  };
}

/**
 * The `xml` sink mapper (`@sink(..., @map(type='xml'))`).
 * @example
 * import { xmlSinkMapperSpec } from '@tributary/mapper-xml';
 * createRegistry({ package: 'app', version: '1.0.0', extensions: [xmlSinkMapperSpec] });
 */
export const xmlSinkMapperSpec = defineSinkMapper({
  name: 'xml',
  status: 'stable',
  summary: 'Maps events to XML messages: the default format, or a @payload template.',
  description:
    'Without `@payload` the events published together are one message ' +
    '`<events><event><symbol>WSO2</symbol><price>55.6</price></event>…</events>` (the ' +
    '`enclosing.element` replaces `<events>`); a null is `<price xsi:nil="true"/>` (with its ' +
    'namespace declared). With `@payload("<StockData><Symbol>{{symbol}}</Symbol></StockData>")` ' +
    'each `{{attr}}` is replaced by the value, escaped for XML (unlike Siddhi, which inserts ' +
    'it raw), null as `null`. Numbers are printed as Siddhi prints them (`100.0` for a double). ' +
    'A string holding a character XML cannot carry (a control character) is a mapping error.',
  contentType: 'application/xml',
  parameters,
  examples: [
    {
      description:
        'Default format: `<events><event><symbol>WSO2</symbol><price>55.6</price>' +
        '<volume>100</volume></event></events>`.',
      siddhi:
        'define stream StockStream (symbol string, price float, volume long);\n' +
        "@sink(type='inMemory', topic='stock', @map(type='xml'))\n" +
        'define stream Out (symbol string, price float, volume long);\n' +
        'from StockStream select * insert into Out;',
    },
    {
      description:
        'A custom message inside `<portfolio>`: ' +
        '`<portfolio><StockData><Symbol>WSO2</Symbol><Price>55.6</Price></StockData></portfolio>`.',
      siddhi:
        'define stream StockStream (symbol string, price float, volume long);\n' +
        "@sink(type='inMemory', topic='{{symbol}}', @map(type='xml', enclosing.element='<portfolio>', " +
        'validate.xml=\'true\', @payload("<StockData><Symbol>{{symbol}}</Symbol><Price>{{price}}</Price></StockData>")))\n' +
        'define stream Out (symbol string, price float, volume long);\n' +
        'from StockStream select * insert into Out;',
    },
  ],
  create: createXmlSinkMapper,
});
