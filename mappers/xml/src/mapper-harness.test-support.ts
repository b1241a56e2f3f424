// Test support: builds mapper instances the way the engine does (options parsed from annotation
// text with defaults, attributes, @attributes mappings, @payload) and runs them, collecting
// events, reported errors and payloads. Used by this package's tests and the mapper bench.

import fc from 'fast-check';
import {
  NO_SPAN,
  VirtualClock,
  silentLogger,
  type Annotation,
  type AttributeType,
} from '@tributary/engine';
import {
  MappingError,
  parseOptions,
  type AttributeMapping,
  type Extension,
  type IoAttribute,
  type IoEvent,
  type ParamMap,
  type PayloadTemplate,
  type SinkMapper,
  type SinkMapperSpec,
  type SourceMapper,
  type SourceMapperSpec,
} from '@tributary/engine/extension-api';

const TYPES: readonly AttributeType[] = [
  'string',
  'int',
  'long',
  'float',
  'double',
  'bool',
  'object',
];

/**
 * `'symbol string, price float'` → attributes.
 * @example
 * attributesOf('a int, b string'); // [{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }]
 */
export function attributesOf(text: string): IoAttribute[] {
  return text.split(',').map((part) => {
    const [name = '', type = ''] = part.trim().split(/\s+/);
    if (!(TYPES as readonly string[]).includes(type)) throw new Error(`bad attribute '${part}'`);
    return { name, type: type as AttributeType };
  });
}

/** Annotation option text → typed options, parsed by the engine as it parses `@map(...)`. */
export function parseMapOptions(
  parameters: ParamMap,
  raw: Readonly<Record<string, string>> = {},
): Readonly<Record<string, unknown>> {
  const annotation: Annotation = {
    kind: 'annotation',
    name: 'map',
    elements: Object.entries(raw).map(([key, value]) => ({
      kind: 'annotationElement',
      key,
      value,
      span: NO_SPAN,
    })),
    annotations: [],
    span: NO_SPAN,
  };
  const result = parseOptions(parameters, annotation, { extension: 'mapper under test' });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.options;
}

/** `@attributes(name='path', …)` → mappings; a `trp:` value becomes a transport mapping. */
export function mappingsOf(
  attributes: readonly IoAttribute[],
  named: Readonly<Record<string, string>>,
): AttributeMapping[] {
  return attributes.map((a, index) => {
    const path = named[a.name];
    if (path === undefined) throw new Error(`no mapping for '${a.name}'`);
    return path.startsWith('trp:')
      ? { attribute: a.name, type: a.type, index, transport: path.slice(4) }
      : { attribute: a.name, type: a.type, index, path };
  });
}

/** What one `map` call of a source mapper produced. */
export interface SourceResult {
  readonly rows: readonly (readonly unknown[])[];
  readonly reported: readonly { readonly error: MappingError; readonly raw: unknown }[];
}

/** A source mapper under test. */
export interface SourceHarness {
  map(payload: unknown): SourceResult;
  /** The mapper itself, for callers that measure it without the harness around it. */
  readonly mapper: SourceMapper;
}

function sourceMapperSpec(extension: Extension): SourceMapperSpec<ParamMap> {
  if (extension.kind !== 'sourceMapper') throw new Error(`not a source mapper: ${extension.kind}`);
  return extension.spec;
}

function sinkMapperSpec(extension: Extension): SinkMapperSpec<ParamMap> {
  if (extension.kind !== 'sinkMapper') throw new Error(`not a sink mapper: ${extension.kind}`);
  return extension.spec;
}

function ioContext(options: Readonly<Record<string, unknown>>, attributes: readonly IoAttribute[]) {
  const clock = new VirtualClock();
  return {
    options,
    appName: 'TestApp',
    streamId: 'S',
    attributes,
    logger: silentLogger,
    clock,
    scheduler: clock,
  };
}

/**
 * Creates a source mapper from its extension, as the engine would.
 * @example
 * const m = sourceHarness(jsonSourceMapperSpec, 'a int', {});
 * m.map('{"a":1}').rows; // [[1]]
 */
export function sourceHarness(
  extension: Extension,
  attributesText: string,
  rawOptions: Readonly<Record<string, string>> = {},
  named?: Readonly<Record<string, string>>,
): SourceHarness {
  const spec = sourceMapperSpec(extension);
  const attributes = attributesOf(attributesText);
  const mapper = spec.create({
    ...ioContext(parseMapOptions(spec.parameters, rawOptions), attributes),
    mappings: named === undefined ? undefined : mappingsOf(attributes, named),
  });
  return {
    mapper,
    map(payload) {
      const reported: { error: MappingError; raw: unknown }[] = [];
      const rows = mapper.map(payload, {}, (error, raw) => {
        reported.push({ error, raw });
      });
      return { rows, reported };
    },
  };
}

/** A sink mapper under test: events (data rows) in, payloads with their events out. */
export interface SinkHarness {
  map(rows: readonly (readonly unknown[])[]): { payload: unknown; event: IoEvent }[];
  /** The mapper itself, for callers that measure it without the harness around it. */
  readonly mapper: SinkMapper;
}

/**
 * Creates a sink mapper from its extension, as the engine would.
 * @example
 * sinkHarness(jsonSinkMapperSpec, 'a int').map([[1]]); // [{ payload: '{"event":{"a":1}}', … }]
 */
export function sinkHarness(
  extension: Extension,
  attributesText: string,
  rawOptions: Readonly<Record<string, string>> = {},
  payload?: string | Readonly<Record<string, string>>,
): SinkHarness {
  const spec = sinkMapperSpec(extension);
  const attributes = attributesOf(attributesText);
  const template: PayloadTemplate | undefined =
    payload === undefined
      ? undefined
      : typeof payload === 'string'
        ? { kind: 'template', template: payload }
        : { kind: 'named', entries: payload };
  const mapper = spec.create({
    ...ioContext(parseMapOptions(spec.parameters, rawOptions), attributes),
    payload: template,
  });
  return {
    mapper,
    map(rows) {
      const out: { payload: unknown; event: IoEvent }[] = [];
      const events = rows.map((data, i) => ({ timestamp: 1000 + i, data }));
      mapper.map(events, (p, event) => {
        out.push({ payload: p, event });
      });
      return out;
    },
  };
}

/**
 * Any text: mostly ASCII, some of every Unicode plane, and lone surrogates. (fast-check's own
 * `unit: 'binary'` takes seconds to set up, which slows every test file using it.)
 * @example
 * fc.assert(fc.property(anyText(), (s) => …));
 */
export function anyText(): fc.Arbitrary<string> {
  const char = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) },
    {
      weight: 3,
      arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    },
  );
  return fc.array(char, { maxLength: 24 }).map((chars) => chars.join(''));
}

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to leave out
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text XML 1.0 can carry: `anyText()` without controls (but tab, newline, CR), lone surrogates
 * or U+FFFE/U+FFFF.
 * @example
 * fc.assert(fc.property(xmlText(), (s) => …));
 */
export function xmlText(): fc.Arbitrary<string> {
  return anyText().filter((s) => !NOT_XML.test(s));
}
