// Test support (not shipped): builds a mapper from a SiddhiQL app the way the engine does —
// the stream's `@source`/`@sink` `@map` options parsed by the engine's `parseOptions`,
// `@attributes` as mappings, `@payload` as a template — and runs payloads or events through it.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualClock, parseApp, silentLogger } from '@tributary/engine';
import fc from 'fast-check';
import type { Annotation, StreamDefinition } from '@tributary/engine';
import {
  MappingError,
  parseOptions,
  type AttributeMapping,
  type Extension,
  type IoAttribute,
  type IoEvent,
  type PayloadTemplate,
  type SinkMapper,
  type SourceMapper,
} from '@tributary/engine/extension-api';

/** What one payload gave: rows, per-event errors (`reportError`) or a whole-payload error. */
export interface SourceRun {
  readonly rows: (readonly unknown[])[];
  readonly reported: readonly { readonly message: string; readonly raw: unknown }[];
  readonly error?: MappingError;
}

/** What a batch of events gave: the payloads emitted, or the error thrown. */
export interface SinkRun {
  readonly payloads: unknown[];
  readonly error?: unknown;
}

interface Found {
  readonly stream: StreamDefinition;
  readonly io: Annotation;
  readonly map: Annotation;
  readonly attributes: readonly IoAttribute[];
}

function find(app: string, kind: 'source' | 'sink'): Found {
  const parsed = parseApp(app);
  if (parsed.app === undefined) {
    throw new Error(
      `the app does not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`,
    );
  }
  for (const d of parsed.app.definitions) {
    if (d.kind !== 'stream') continue;
    const io = d.annotations.find((a) => a.name.toLowerCase() === kind);
    const map = io?.annotations.find((a) => a.name.toLowerCase() === 'map');
    if (io !== undefined && map !== undefined) {
      return {
        stream: d,
        io,
        map,
        attributes: d.attributes.map((a) => ({ name: a.name, type: a.type })),
      };
    }
  }
  throw new Error(`no stream of the app has a @${kind} with a @map`);
}

function optionsOf(
  extension: Extract<Extension, { kind: 'sourceMapper' | 'sinkMapper' }>,
  map: Annotation,
): Readonly<Record<string, unknown>> {
  const parsed = parseOptions(extension.spec.parameters, map, {
    extension: `${extension.kind} '${extension.spec.name}'`,
  });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.options;
}

function extensionFor(
  extensions: readonly Extension[],
  kind: 'sourceMapper' | 'sinkMapper',
  map: Annotation,
): Extension {
  const type = map.elements.find((e) => e.key === 'type')?.value ?? '';
  const extension = extensions.find((e) => e.kind === kind && e.spec.name === type);
  if (extension === undefined) throw new Error(`no ${kind} '${type}' among the extensions`);
  return extension;
}

function mappingsOf(
  map: Annotation,
  attributes: readonly IoAttribute[],
): AttributeMapping[] | undefined {
  const annotation = map.annotations.find((a) => a.name.toLowerCase() === 'attributes');
  if (annotation === undefined) return undefined;
  return annotation.elements.map((e, i) => {
    const index = e.key === undefined ? i : attributes.findIndex((a) => a.name === e.key);
    const attribute = attributes[index];
    if (attribute === undefined)
      throw new Error(`@attributes element ${String(i)} maps no attribute`);
    return e.value.startsWith('trp:')
      ? { attribute: attribute.name, type: attribute.type, index, transport: e.value.slice(4) }
      : { attribute: attribute.name, type: attribute.type, index, path: e.value };
  });
}

function payloadOf(map: Annotation): PayloadTemplate | undefined {
  const annotation = map.annotations.find((a) => a.name.toLowerCase() === 'payload');
  if (annotation === undefined) return undefined;
  const first = annotation.elements[0];
  if (annotation.elements.length === 1 && first !== undefined && first.key === undefined) {
    return { kind: 'template', template: first.value };
  }
  return {
    kind: 'named',
    entries: Object.fromEntries(annotation.elements.map((e) => [e.key ?? '', e.value])),
  };
}

function common(found: Found, options: Readonly<Record<string, unknown>>) {
  const clock = new VirtualClock(0);
  return {
    options,
    appName: 'TestApp',
    streamId: found.stream.id,
    attributes: found.attributes,
    logger: silentLogger,
    clock,
    scheduler: clock,
  };
}

/**
 * The source mapper the app's first `@source(@map(...))` stream asks for.
 * @example
 * const mapper = sourceMapperFor(extensions, "@source(type='inMemory', topic='t', @map(type='csv')) define stream S (a string);");
 */
export function sourceMapperFor(extensions: readonly Extension[], app: string): SourceMapper {
  const found = find(app, 'source');
  const extension = extensionFor(extensions, 'sourceMapper', found.map);
  if (extension.kind !== 'sourceMapper') throw new Error('not a source mapper');
  return extension.spec.create({
    ...common(found, optionsOf(extension, found.map)),
    mappings: mappingsOf(found.map, found.attributes),
  });
}

/** The sink mapper the app's first `@sink(@map(...))` stream asks for. */
export function sinkMapperFor(extensions: readonly Extension[], app: string): SinkMapper {
  const found = find(app, 'sink');
  const extension = extensionFor(extensions, 'sinkMapper', found.map);
  if (extension.kind !== 'sinkMapper') throw new Error('not a sink mapper');
  return extension.spec.create({
    ...common(found, optionsOf(extension, found.map)),
    payload: payloadOf(found.map),
  });
}

/** Maps one payload, collecting rows and errors; any throw other than MappingError escapes. */
export function runSource(
  mapper: SourceMapper,
  payload: unknown,
  transport: Readonly<Record<string, string>> = {},
): SourceRun {
  const reported: { message: string; raw: unknown }[] = [];
  try {
    const rows = mapper.map(payload, transport, (error, raw) => {
      if (!(error instanceof MappingError)) throw new Error('reportError got a non-MappingError');
      reported.push({ message: error.message, raw });
    });
    return { rows: [...rows], reported };
  } catch (error) {
    if (error instanceof MappingError) return { rows: [], reported, error };
    throw error;
  }
}

/** Maps a batch of events, collecting the payloads emitted. */
export function runSink(mapper: SinkMapper, events: readonly IoEvent[]): SinkRun {
  const payloads: unknown[] = [];
  try {
    mapper.map(events, (payload) => payloads.push(payload));
    return { payloads };
  } catch (error) {
    return { payloads, error };
  }
}

/** Events of the given rows, timestamps 1, 2, 3… */
export function eventsOf(rows: readonly (readonly unknown[])[]): IoEvent[] {
  return rows.map((data, i) => ({ timestamp: i + 1, data }));
}

// ---- golden fixtures -------------------------------------------------------------------------

/** A source fixture: payload(s) in, events (rows) or errors out. */
export interface SourceFixture {
  readonly description: string;
  readonly app: string;
  /** One payload, or several mapped in order (mapper state such as a header carries over). */
  readonly payload?: unknown;
  readonly payloads?: readonly unknown[];
  readonly transport?: Readonly<Record<string, string>>;
  /** The rows of every payload, in order (floats as written; compared as float32). */
  readonly events?: readonly (readonly unknown[])[];
  /** Substrings of the per-event errors reported, in order. */
  readonly reported?: readonly string[];
  /** A substring of the whole-payload MappingError (of the last payload). */
  readonly error?: string;
  /** A substring of the error creating the mapper (the app would fail to start). */
  readonly createError?: string;
}

/** A sink fixture: events in (one batch, or several), payloads or an error out. */
export interface SinkFixture {
  readonly description: string;
  readonly app: string;
  readonly events?: readonly (readonly unknown[])[];
  readonly batches?: readonly (readonly (readonly unknown[])[])[];
  readonly output?: readonly unknown[];
  readonly error?: string;
  readonly createError?: string;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A fixture value as the mapper sees it: `{"$bytes":"0a0b"}` → bytes, `{"$utf8":"text"}` →
 * UTF-8 bytes, `{"$map":[[k,v]…]}` → Map, `{"$date":"iso"}` → Date, `{"$bigint":"12"}` → bigint;
 * everything else as it is (recursively).
 */
export function decodeFixtureValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeFixtureValue);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const v = value[keys[0] ?? ''];
    if (keys[0] === '$bytes' && typeof v === 'string') return Buffer.from(v, 'hex');
    if (keys[0] === '$utf8' && typeof v === 'string') return Buffer.from(v, 'utf8');
    if (keys[0] === '$date' && typeof v === 'string') return new Date(v);
    if (keys[0] === '$bigint' && typeof v === 'string') return BigInt(v);
    if (keys[0] === '$map' && Array.isArray(v)) {
      return new Map(
        (v as unknown[]).map((entry) => {
          const [k, x] = Array.isArray(entry) ? (entry as unknown[]) : [];
          return [k, decodeFixtureValue(x)];
        }),
      );
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeFixtureValue(v)]));
}

/** A mapper's output as fixtures write it: bytes as `{"$bytes":hex}`, Maps as `{"$map":…}`. */
export function encodeFixtureValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (value instanceof Map) {
    return {
      $map: [...(value as Map<unknown, unknown>)].map(([k, v]) => [k, encodeFixtureValue(v)]),
    };
  }
  if (typeof value === 'bigint') return { $bigint: String(value) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeFixtureValue);
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeFixtureValue(v)]));
  }
  return value;
}

/** The attribute types of the app's first stream with a `@kind(@map)`. */
export function attributeTypesOf(app: string, kind: 'source' | 'sink'): readonly string[] {
  return find(app, kind).attributes.map((a) => a.type);
}

/** Rows with float attributes rounded to float32, as the engine holds them. */
export function asFloat32(
  rows: readonly (readonly unknown[])[],
  types: readonly string[],
): unknown[][] {
  return rows.map((row) =>
    row.map((v, i) => (types[i] === 'float' && typeof v === 'number' ? Math.fround(v) : v)),
  );
}

/** Every `*.json` fixture under `dir` (recursively), sorted by path. */
function loadFixtures(dir: string): { readonly name: string; readonly fixture: unknown }[] {
  const out: { name: string; fixture: unknown }[] = [];
  const walk = (at: string, prefix: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.json')) {
        out.push({
          name: prefix + entry.name,
          fixture: JSON.parse(readFileSync(path, 'utf8')) as unknown,
        });
      }
    }
  };
  walk(dir, '');
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The source fixtures under `dir`. */
export function loadSourceFixtures(
  dir: string,
): { readonly name: string; readonly fixture: SourceFixture }[] {
  return loadFixtures(dir).map(({ name, fixture }) => ({
    name,
    fixture: fixture as SourceFixture,
  }));
}

/** The sink fixtures under `dir`. */
export function loadSinkFixtures(
  dir: string,
): { readonly name: string; readonly fixture: SinkFixture }[] {
  return loadFixtures(dir).map(({ name, fixture }) => ({ name, fixture: fixture as SinkFixture }));
}

/** Checks one source fixture; returns the problems found (none when it holds). */
export function checkSourceFixture(extensions: readonly Extension[], f: SourceFixture): string[] {
  let mapper: SourceMapper;
  try {
    mapper = sourceMapperFor(extensions, f.app);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (f.createError !== undefined && message.includes(f.createError)) return [];
    return [`creating the mapper failed: ${message}`];
  }
  if (f.createError !== undefined)
    return [`expected the mapper creation to fail: ${f.createError}`];
  const payloads = (f.payloads ?? [f.payload]).map(decodeFixtureValue);
  const rows: (readonly unknown[])[] = [];
  const reported: string[] = [];
  let error: MappingError | undefined;
  for (const payload of payloads) {
    const run = runSource(mapper, payload, f.transport);
    rows.push(...run.rows);
    reported.push(...run.reported.map((r) => r.message));
    error = run.error;
  }
  const problems: string[] = [];
  const types = attributeTypesOf(f.app, 'source');
  const actual = JSON.stringify(encodeFixtureValue(rows));
  const expected = JSON.stringify(
    encodeFixtureValue(asFloat32(decodeFixtureValue(f.events ?? []) as unknown[][], types)),
  );
  if (actual !== expected) problems.push(`events: expected ${expected}, got ${actual}`);
  const wanted = f.reported ?? [];
  if (
    reported.length !== wanted.length ||
    wanted.some((w, i) => !(reported[i] ?? '').includes(w))
  ) {
    problems.push(`reported: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(reported)}`);
  }
  if (f.error === undefined && error !== undefined)
    problems.push(`unexpected error: ${error.message}`);
  if (f.error !== undefined && !(error?.message ?? '').includes(f.error)) {
    problems.push(
      `error: expected '${f.error}', got ${error === undefined ? 'none' : `'${error.message}'`}`,
    );
  }
  return problems;
}

/** Checks one sink fixture; returns the problems found (none when it holds). */
export function checkSinkFixture(extensions: readonly Extension[], f: SinkFixture): string[] {
  let mapper: SinkMapper;
  try {
    mapper = sinkMapperFor(extensions, f.app);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (f.createError !== undefined && message.includes(f.createError)) return [];
    return [`creating the mapper failed: ${message}`];
  }
  if (f.createError !== undefined)
    return [`expected the mapper creation to fail: ${f.createError}`];
  const types = attributeTypesOf(f.app, 'sink');
  const batches = f.batches ?? [f.events ?? []];
  const payloads: unknown[] = [];
  let error: unknown;
  for (const batch of batches) {
    const run = runSink(
      mapper,
      eventsOf(asFloat32(decodeFixtureValue(batch) as unknown[][], types)),
    );
    payloads.push(...run.payloads);
    error ??= run.error;
  }
  const problems: string[] = [];
  const actual = JSON.stringify(encodeFixtureValue(payloads));
  const expected = JSON.stringify(f.output ?? []);
  if (actual !== expected) problems.push(`output: expected ${expected}, got ${actual}`);
  const message =
    error instanceof Error
      ? error.message
      : error === undefined
        ? undefined
        : `non-Error thrown: ${JSON.stringify(error)}`;
  if (f.error === undefined && message !== undefined) problems.push(`unexpected error: ${message}`);
  if (f.error !== undefined && !(message ?? '').includes(f.error)) {
    problems.push(`error: expected '${f.error}', got ${message ?? 'none'}`);
  }
  return problems;
}

// ---- arbitraries for property and round-trip tests ---------------------------------------------

/** What values an attribute type may take in generated events. */
export interface ValueOptions {
  /** Strings to use (default: any code points, up to 12). */
  readonly string?: fc.Arbitrary<string>;
  /** Whether null may appear (default true). */
  readonly nulls?: boolean;
}

/** Generated values of one attribute type, as the engine holds them (floats are float32). */
export function valueArbitrary(type: string, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const zero = (x: number): number => (Object.is(x, -0) ? 0 : x);
  let arb: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string':
      arb = options.string ?? fc.string({ unit: 'binary', maxLength: 12 });
      break;
    case 'int':
      arb = fc.integer();
      break;
    case 'long':
      arb = fc.maxSafeInteger();
      break;
    case 'float':
      arb = fc.float().map(zero);
      break;
    case 'double':
      arb = fc.double().map(zero);
      break;
    case 'bool':
      arb = fc.boolean();
      break;
    default:
      arb = fc.jsonValue();
  }
  return options.nulls === false ? arb : fc.option(arb, { nil: null, freq: 8 });
}

/** Generated rows of the given attribute types. */
export function rowsArbitrary(
  types: readonly string[],
  options: ValueOptions = {},
  maxRows = 5,
): fc.Arbitrary<unknown[][]> {
  return fc.array(fc.tuple(...types.map((t) => valueArbitrary(t, options))), {
    minLength: 1,
    maxLength: maxRows,
  });
}
