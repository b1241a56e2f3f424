// Contract suites for plugin packages (vitest): every source and sink must connect, move a batch,
// disconnect and reconnect through the engine; every mapper pair must round-trip events. Run
// them in unit tests (in-process transports) and in `*.it.test.ts` against real servers.

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../compiler/diagnostic.js';
import { createEngine } from '../engine.js';
import type { Extension } from '../extension-api/define.js';
import {
  ConnectionUnavailableError,
  type IoAttribute,
  type IoEvent,
  type PayloadTemplate,
  type SourceContext,
} from '../extension-api/io-contracts.js';
import { parseOptions } from '../extension-api/parse-options.js';
import type { AttributeType, Annotation } from '../query-api/index.js';
import { NO_SPAN } from '../query-api/index.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';
import { builtinRegistry } from '../builtins/catalog/index.js';
import { createRegistry } from '../extension-api/registry.js';

/** Rows of attribute values, in stream order. */
export type Rows = readonly (readonly unknown[])[];

/** What both io contract suites share. */
export interface IoContractOptions {
  /** The plugin's extensions (already built-in ones may be left out). */
  readonly extensions: readonly Extension[];
  /** The app: stream `stream` carrying the `@source`/`@sink` under test. */
  readonly app: string;
  /** The stream of the source or sink (default `S`). */
  readonly stream?: string;
  /** The events to move (default: two). */
  readonly batch: Rows;
  /** Compare as multisets (transports that do not keep order). */
  readonly unordered?: boolean;
  /** Real-time limit for connecting and delivering (default 10 s). */
  readonly timeoutMs?: number;
  /** Before each case (start a server, create a topic…) and after it. */
  readonly setup?: () => Promise<void> | void;
  readonly teardown?: () => Promise<void> | void;
}

/** Options of `describeSourceContract`. */
export interface SourceContractOptions extends IoContractOptions {
  /** Makes the external system send `rows` to the source (publish them to the topic, POST…). */
  readonly deliver: (rows: Rows) => Promise<void> | void;
}

/** What the external system received, as rows (decoded by the suite's author). */
export interface SinkCollector {
  received(): Rows;
  close(): Promise<void> | void;
}

/** Options of `describeSinkContract`. */
export interface SinkContractOptions extends IoContractOptions {
  /** Starts reading what the sink publishes (subscribe to the topic, listen on a port…). */
  readonly collect: () => Promise<SinkCollector> | SinkCollector;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A logger that keeps errors, so a failed case can say what the engine saw. */
function recordingLogger(lines: string[]): Logger {
  return {
    log(level, message) {
      if (level === 'error' || level === 'fatal' || level === 'warn') lines.push(message);
    },
  };
}

function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
}

/** Resolves once `ready()` holds, polling every few ms; rejects after `timeoutMs`. */
async function until(ready: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${String(timeoutMs)} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function expectRows(actual: Rows, expected: Rows, unordered: boolean): void {
  if (!unordered) {
    expect(actual).toEqual(expected);
    return;
  }
  const key = (row: readonly unknown[]): string => JSON.stringify(row);
  expect([...actual].map(key).sort()).toEqual([...expected].map(key).sort());
}

/** Wraps the source and sink specs of `extensions` to see their contexts and connections. */
interface Probe {
  sourceContexts: SourceContext<unknown>[];
  disconnects: number;
  connects: number;
}

function probed(extensions: readonly Extension[], probe: Probe): Extension[] {
  return extensions.map((registered): Extension => {
    // Registered entries carry their package; the new registry gets plain extensions.
    const extension = { kind: registered.kind, spec: registered.spec } as Extension;
    if (extension.kind === 'source') {
      const spec = extension.spec;
      return {
        kind: 'source',
        spec: {
          ...spec,
          create: (ctx) => {
            probe.sourceContexts.push(ctx);
            const connection = spec.create(ctx);
            // Methods are called on the plugin's object: it may be a class instance.
            return {
              connect: async () => {
                await connection.connect();
                probe.connects += 1;
              },
              disconnect: async () => {
                probe.disconnects += 1;
                await connection.disconnect();
              },
              pause: () => connection.pause?.(),
              resume: () => connection.resume?.(),
            };
          },
        },
      };
    }
    if (extension.kind === 'sink') {
      const spec = extension.spec;
      return {
        kind: 'sink',
        spec: {
          ...spec,
          create: (ctx) => {
            const connection = spec.create(ctx);
            return {
              connect: async () => {
                await connection.connect();
                probe.connects += 1;
              },
              disconnect: async () => {
                probe.disconnects += 1;
                await connection.disconnect();
              },
              publish: (payload, options, transport, event) =>
                connection.publish(payload, options, transport, event),
              stopping: () => connection.stopping?.(),
            };
          },
        },
      };
    }
    return extension;
  });
}

function createApp(options: IoContractOptions, probe: Probe, logs: string[]): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      // The built-ins too: a suite may test one of them.
      {
        package: 'tributary-builtins',
        version: '0.0.0',
        extensions: probed(builtinRegistry.extensions, probe),
      },
      {
        package: 'tributary-under-test',
        version: '0.0.0',
        extensions: probed(options.extensions, probe),
      },
    ),
    logger: recordingLogger(logs),
    // Reconnect quickly: the suites run in real time.
    backoff: { delays: [20], jitter: 0 },
  });
  const created = engine.createApp(options.app);
  if (!created.ok) {
    throw new Error(`the app cannot be created:\n${describeDiagnostics(created.diagnostics)}`);
  }
  return created.app;
}

/**
 * The source contract: connect, receive a batch the external system delivers, report a lost
 * connection (the engine disconnects and reconnects) and receive again, disconnect at shutdown.
 * @example
 * describeSourceContract('inMemory', {
 *   extensions: [],
 *   app: "@source(type='inMemory', topic='t') define stream S (symbol string, price double);",
 *   batch: [['IBM', 75.5], ['WSO2', 57.2]],
 *   deliver: (rows) => inMemoryBroker.publish('t', rows),
 * });
 */
export function describeSourceContract(name: string, options: SourceContractOptions): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stream = options.stream ?? 'S';
  describe(`source contract: ${name}`, () => {
    it(
      'connects, receives a batch, reconnects after a lost connection and disconnects',
      async () => {
        await options.setup?.();
        const probe: Probe = { sourceContexts: [], connects: 0, disconnects: 0 };
        const logs: string[] = [];
        const app = createApp(options, probe, logs);
        const received: unknown[][] = [];
        app.onStream(stream, (events) => {
          for (const e of events) received.push(e.data);
        });
        const what = (): string =>
          `received ${JSON.stringify(received)}; logged: ${logs.join(' | ') || 'nothing'}`;
        try {
          app.start();
          await app.whenConnected();
          expect(probe.connects).toBeGreaterThanOrEqual(1);
          await options.deliver(options.batch);
          await until(() => received.length >= options.batch.length, timeoutMs, what);
          expectRows(received, options.batch, options.unordered === true);

          const context = probe.sourceContexts[0];
          if (context === undefined) throw new Error(`no source was created for stream ${stream}`);
          const connectsBefore = probe.connects;
          context.connectionLost(new ConnectionUnavailableError('contract: connection lost'));
          await until(
            () => probe.disconnects >= 1,
            timeoutMs,
            () => 'the source was not disconnected',
          );
          await until(
            () => probe.connects > connectsBefore,
            timeoutMs,
            () => 'no reconnect',
          );
          received.length = 0;
          await options.deliver(options.batch);
          await until(() => received.length >= options.batch.length, timeoutMs, what);
          expectRows(received, options.batch, options.unordered === true);
        } finally {
          const disconnects = probe.disconnects;
          await app.shutdown();
          expect(probe.disconnects).toBeGreaterThan(disconnects);
          await options.teardown?.();
        }
      },
      timeoutMs * 4,
    );
  });
}

/**
 * The sink contract: connect, publish a batch the external system receives, disconnect at
 * shutdown, and do it again with a new app (reconnect).
 * @example
 * describeSinkContract('inMemory', {
 *   extensions: [],
 *   app: "@sink(type='inMemory', topic='t') define stream S (symbol string, price double);",
 *   batch: [['IBM', 75.5]],
 *   collect: () => collectTopic('t'),
 * });
 */
export function describeSinkContract(name: string, options: SinkContractOptions): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stream = options.stream ?? 'S';
  describe(`sink contract: ${name}`, () => {
    it(
      'connects, publishes a batch, disconnects, and does it again after reconnecting',
      async () => {
        await options.setup?.();
        const collector = await options.collect();
        try {
          for (const round of [1, 2]) {
            const probe: Probe = { sourceContexts: [], connects: 0, disconnects: 0 };
            const logs: string[] = [];
            const app = createApp(options, probe, logs);
            try {
              app.start();
              await app.whenConnected();
              expect(probe.connects).toBeGreaterThanOrEqual(1);
              app.input(stream).sendBatch(options.batch);
              await app.idle();
              const expected = round * options.batch.length;
              await until(
                () => collector.received().length >= expected,
                timeoutMs,
                () =>
                  `round ${String(round)}: received ${JSON.stringify(collector.received())}; logged: ${logs.join(' | ') || 'nothing'}`,
              );
              expectRows(
                collector.received().slice(expected - options.batch.length),
                options.batch,
                options.unordered === true,
              );
            } finally {
              await app.shutdown();
            }
            expect(probe.disconnects).toBeGreaterThanOrEqual(1);
          }
        } finally {
          await collector.close();
          await options.teardown?.();
        }
      },
      timeoutMs * 4,
    );
  });
}

/** Options of `describeMapperRoundTrip`. */
export interface MapperRoundTripOptions {
  /** The stream's attributes (default: inferred from the first event's values). */
  readonly attributes?: readonly IoAttribute[];
  /** `@map(...)` options of each side, as written in an app. */
  readonly sinkOptions?: Readonly<Record<string, string>>;
  readonly sourceOptions?: Readonly<Record<string, string>>;
  /** The sink side's `@payload`, if any. */
  readonly payload?: PayloadTemplate;
}

function inferType(value: unknown): AttributeType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  return 'object';
}

function optionsAnnotation(texts: Readonly<Record<string, string>>): Annotation {
  return {
    kind: 'annotation',
    name: 'map',
    elements: Object.entries(texts).map(([key, value]) => ({
      kind: 'annotationElement',
      key,
      value,
      span: NO_SPAN,
    })),
    annotations: [],
    span: NO_SPAN,
  };
}

function parsed(
  extension: Extension,
  texts: Readonly<Record<string, string>>,
): Readonly<Record<string, unknown>> {
  if (extension.kind !== 'sinkMapper' && extension.kind !== 'sourceMapper') {
    throw new Error(`expected a mapper, got a ${extension.kind}`);
  }
  const result = parseOptions(extension.spec.parameters, optionsAnnotation(texts), {
    extension: `${extension.kind} '${extension.spec.name}'`,
  });
  if (!result.ok) throw new Error(describeDiagnostics(result.problems));
  return result.options;
}

/**
 * The mapper round trip: events mapped to payloads by `sinkMapper` come back unchanged from
 * `sourceMapper`.
 * @example
 * describeMapperRoundTrip(jsonSinkMapper, jsonSourceMapper, [['IBM', 75.5, 100]], {
 *   attributes: [{ name: 'symbol', type: 'string' }, { name: 'price', type: 'double' }, { name: 'volume', type: 'long' }],
 * });
 */
export function describeMapperRoundTrip(
  sinkMapper: Extension,
  sourceMapper: Extension,
  events: Rows,
  options: MapperRoundTripOptions = {},
): void {
  if (sinkMapper.kind !== 'sinkMapper' || sourceMapper.kind !== 'sourceMapper') {
    throw new Error('describeMapperRoundTrip takes a sink mapper, then a source mapper');
  }
  const attributes =
    options.attributes ??
    (events[0] ?? []).map((value, i) => ({ name: `a${String(i)}`, type: inferType(value) }));
  describe(`mapper round trip: ${sinkMapper.spec.name} → ${sourceMapper.spec.name}`, () => {
    it('maps events to payloads and back unchanged', () => {
      const base = {
        appName: 'MapperRoundTrip',
        streamId: 'S',
        attributes,
        logger: { log: () => undefined },
        clock: { now: () => 0 },
        scheduler: { schedule: () => () => undefined },
      };
      const sink = sinkMapper.spec.create({
        ...base,
        options: parsed(sinkMapper, options.sinkOptions ?? {}),
        payload: options.payload,
      });
      const source = sourceMapper.spec.create({
        ...base,
        options: parsed(sourceMapper, options.sourceOptions ?? {}),
        mappings: undefined,
      });
      const ioEvents: IoEvent[] = events.map((data, i) => ({ timestamp: i, data }));
      const payloads: unknown[] = [];
      sink.map(ioEvents, (payload) => payloads.push(payload));
      expect(payloads.length).toBeGreaterThan(0);
      const back: unknown[][] = [];
      const problems: string[] = [];
      for (const payload of payloads) {
        const rows = source.map(payload, {}, (error) => problems.push(error.message));
        for (const row of rows) back.push([...row]);
      }
      expect(problems).toEqual([]);
      expect(back).toEqual(events);
    });
  });
}
