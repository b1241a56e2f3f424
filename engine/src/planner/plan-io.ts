// Plans the io of an app: one source runtime per `@source` and one sink runtime per `@sink` of
// each stream (mappers, `@attributes`, `@payload`, dynamic options, `@distribution`), and the
// error-store hook of streams with `@OnError(action='STORE')`. Every problem is a diagnostic
// naming the extension and the stream.

import type { Diagnostic } from '../compiler/diagnostic.js';
import { didYouMean } from '../compiler/did-you-mean.js';
import { elementValue, findAnnotations } from '../compiler/validation/annotations.js';
import { ioMessages, optionMessages, semanticMessages } from '../errors/messages.js';
import type { ExtensionKindName } from '../extension-api/define.js';
import type { IoAttribute, PayloadTemplate } from '../extension-api/io-contracts.js';
import type { ParamMap } from '../extension-api/param.js';
import { parseOptions } from '../extension-api/parse-options.js';
import type { Registry, SpecOf } from '../extension-api/registry-types.js';
import type { Annotation, SiddhiApp, Span, StreamDefinition } from '../query-api/index.js';
import type { StreamInfo } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';
import { attributeMappingsOf } from '../runtime/io/attribute-mappings.js';
import type { BackoffOptions } from '../runtime/io/backoff.js';
import { errorDetails, type ErrorStore } from '../runtime/io/error-store.js';
import { saveErrorEntry, type IoEnvironment } from '../runtime/io/io-environment.js';
import { IoRuntime } from '../runtime/io/io-runtime.js';
import type { SinkOnError } from '../runtime/io/sink-destination.js';
import { SinkRuntime, type SinkDestinationConfig } from '../runtime/io/sink-runtime.js';
import { SourceRuntime } from '../runtime/io/source-runtime.js';
import { compileTemplate } from '../runtime/io/template.js';
import type { StateRegistry } from '../runtime/state/state-registry.js';
import type { Clock, Scheduler } from '../runtime/time/time-service.js';
import {
  systemParametersFor,
  type SystemParameterKind,
  type SystemParameters,
} from './system-parameters.js';

/** What io planning needs. */
export interface PlanIoOptions {
  readonly appName: string;
  /** Where source, sink, mapper and strategy types are found. */
  readonly extensions: Pick<Registry, 'find' | 'extensions'>;
  readonly logger: Logger;
  readonly time: Clock & Scheduler;
  readonly errorStore?: ErrorStore;
  readonly backoff?: BackoffOptions;
  /** Where connections with position state (offsets…) register for app snapshots. */
  readonly state?: StateRegistry;
  /** Values configured per extension (`'source:kafka'`…), under the values apps give. */
  readonly systemParameters?: SystemParameters;
}

/** The io of an app, or why it cannot be built. */
export interface PlannedIo {
  readonly io: IoRuntime;
  readonly diagnostics: readonly Diagnostic[];
}

const KIND_LABEL: Partial<Record<ExtensionKindName, string>> = {
  source: 'source',
  sink: 'sink',
  sourceMapper: 'source mapper',
  sinkMapper: 'sink mapper',
  distributionStrategy: 'distribution strategy',
};

const ON_ERROR: readonly SinkOnError[] = ['LOG', 'WAIT', 'STREAM', 'STORE'];

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function error(code: string, message: string, span: Span, hint?: string): Diagnostic {
  return hint === undefined
    ? { severity: 'error', code, message, span }
    : { severity: 'error', code, message, span, hint };
}

/** An annotation with no elements, so that defaults are parsed like given options. */
function bare(name: string, span: Span): Annotation {
  return { kind: 'annotation', name, elements: [], annotations: [], span };
}

/** Plans the io of every stream of one app. */
class IoPlanner {
  readonly diagnostics: Diagnostic[] = [];
  readonly io: IoRuntime;
  readonly env: IoEnvironment;

  constructor(private readonly options: PlanIoOptions) {
    this.env = {
      appName: options.appName,
      logger: options.logger,
      clock: options.time,
      scheduler: options.time,
      errorStore: options.errorStore,
      backoff: options.backoff ?? {},
    };
    this.io = new IoRuntime(this.env);
  }

  /** The spec of an extension, or a diagnostic (with "did you mean") and undefined. */
  find<K extends 'source' | 'sink' | 'sourceMapper' | 'sinkMapper' | 'distributionStrategy'>(
    kind: K,
    name: string,
    streamId: string,
    span: Span,
  ): SpecOf<K> | undefined {
    const spec: SpecOf<K> | undefined = this.options.extensions.find(kind, '', name);
    if (spec === undefined) this.unknown(kind, name, streamId, span);
    return spec;
  }

  unknown(kind: ExtensionKindName, name: string, streamId: string, span: Span): void {
    const label = KIND_LABEL[kind] ?? kind;
    const names = this.options.extensions.extensions
      .filter((e) => e.kind === kind && (e.spec.namespace ?? '') === '')
      .map((e) => (e.kind === 'script' ? e.spec.language : e.spec.name));
    const best = didYouMean(name, names);
    this.diagnostics.push(
      error(
        'E_UNKNOWN_IO_EXTENSION',
        ioMessages.E_UNKNOWN_IO_EXTENSION(label, name, streamId),
        span,
        best === undefined
          ? ioMessages.HINT_INSTALL_PLUGIN(label)
          : semanticMessages.HINT_DID_YOU_MEAN(best),
      ),
    );
  }

  /** The system parameters configured for an extension. */
  system(kind: SystemParameterKind, name: string): Readonly<Record<string, string>> | undefined {
    return systemParametersFor(this.options.systemParameters, kind, name);
  }

  /** Parses options (over the extension's system parameters); undefined when there were problems. */
  parse(
    params: ParamMap,
    annotation: Annotation,
    extension: string,
    system: Readonly<Record<string, string>> | undefined,
    reserved: readonly string[] = [],
  ): { options: Readonly<Record<string, unknown>>; dynamic: readonly string[] } | undefined {
    const parsed = parseOptions(params, annotation, { extension, reserved }, system);
    if (!parsed.ok) {
      this.diagnostics.push(...parsed.problems);
      return undefined;
    }
    return { options: parsed.options, dynamic: parsed.dynamic };
  }

  /** Runs an extension's `create`, reporting what it throws. */
  create<T>(what: string, span: Span, make: () => T): T | undefined {
    try {
      return make();
    } catch (thrown) {
      this.diagnostics.push(
        error('E_IO_CREATE', ioMessages.E_IO_CREATE(what, describe(thrown)), span),
      );
      return undefined;
    }
  }

  stream(def: StreamDefinition, stream: StreamInfo): void {
    const attributes: IoAttribute[] = stream.attributes.map((a) => ({
      name: a.name,
      type: a.type,
    }));
    findAnnotations(def.annotations, 'source')
      .filter((a) => a.namespace === undefined)
      .forEach((a, index) => {
        this.source(a, index, def.id, attributes);
      });
    findAnnotations(def.annotations, 'sink')
      .filter((a) => a.namespace === undefined)
      .forEach((a, index) => {
        this.sink(a, index, stream, attributes);
      });
    const storing = findAnnotations(def.annotations, 'OnError').some(
      (a) => elementValue(a, 'action')?.toLowerCase() === 'store',
    );
    if (storing) this.storeStreamErrors(stream);
  }

  source(a: Annotation, index: number, streamId: string, attributes: IoAttribute[]): void {
    const type = elementValue(a, 'type');
    if (type === undefined) return; // reported by the validator
    const spec = this.find('source', type, streamId, a.span);
    if (spec === undefined) return;
    const options = this.parse(spec.parameters, a, `source '${type}'`, this.system('source', type));
    const map = findAnnotations(a.annotations, 'map')[0];
    const mapperType =
      (map === undefined ? undefined : elementValue(map, 'type')) ??
      spec.defaultMapper ??
      'passThrough';
    const mapperSpec = this.find('sourceMapper', mapperType, streamId, map?.span ?? a.span);
    const mapperOptions =
      mapperSpec === undefined
        ? undefined
        : this.parse(
            mapperSpec.parameters,
            map ?? bare('map', a.span),
            `source mapper '${mapperType}'`,
            this.system('sourceMapper', mapperType),
          );
    const mappings = attributeMappingsOf(map, attributes, streamId);
    if (!mappings.ok) this.diagnostics.push(...mappings.problems);
    if (
      options === undefined ||
      mapperSpec === undefined ||
      mapperOptions === undefined ||
      !mappings.ok
    ) {
      return;
    }
    const env = this.env;
    const mapper = this.create(
      `source mapper '${mapperType}' of stream '${streamId}'`,
      map?.span ?? a.span,
      () =>
        mapperSpec.create({
          options: mapperOptions.options,
          appName: env.appName,
          streamId,
          attributes,
          logger: env.logger,
          clock: env.clock,
          scheduler: env.scheduler,
          mappings: mappings.mappings,
        }),
    );
    if (mapper === undefined) return;
    const source = this.create(
      `source '${type}' of stream '${streamId}'`,
      a.span,
      () =>
        new SourceRuntime({
          env,
          streamId,
          index,
          type,
          attributes,
          spec,
          options: options.options,
          mapper,
          mappings: mappings.mappings,
          transport: mappings.transport,
        }),
    );
    if (source === undefined) return;
    this.io.addSource(source);
    this.keepState(`source:${streamId}/${String(index)}`, source.connection);
  }

  sink(a: Annotation, index: number, stream: StreamInfo, attributes: IoAttribute[]): void {
    const streamId = stream.id;
    const type = elementValue(a, 'type');
    if (type === undefined) return; // reported by the validator
    const spec = this.find('sink', type, streamId, a.span);
    const onError = this.onError(a, type);
    const map = findAnnotations(a.annotations, 'map')[0];
    const mapperType =
      (map === undefined ? undefined : elementValue(map, 'type')) ??
      spec?.defaultMapper ??
      'passThrough';
    const mapperSpec = this.find('sinkMapper', mapperType, streamId, map?.span ?? a.span);
    const mapperOptions =
      mapperSpec === undefined
        ? undefined
        : this.parse(
            mapperSpec.parameters,
            map ?? bare('map', a.span),
            `sink mapper '${mapperType}'`,
            this.system('sinkMapper', mapperType),
          );
    const payload = this.payload(map, streamId);
    if (spec === undefined) return;
    const distribution = findAnnotations(a.annotations, 'distribution')[0];
    const destinations = this.destinations(
      a,
      distribution,
      type,
      streamId,
      spec.parameters,
      attributes,
    );
    const strategy =
      distribution === undefined || destinations === undefined
        ? undefined
        : this.strategy(distribution, streamId, attributes, destinations.length);
    if (
      onError === undefined ||
      mapperSpec === undefined ||
      mapperOptions === undefined ||
      payload === null ||
      destinations === undefined ||
      strategy === null
    ) {
      return;
    }
    this.warnWithoutStore(onError === 'STORE', `sink '${type}' of stream '${streamId}'`);
    const env = this.env;
    const mapper = this.create(
      `sink mapper '${mapperType}' of stream '${streamId}'`,
      map?.span ?? a.span,
      () =>
        mapperSpec.create({
          options: mapperOptions.options,
          appName: env.appName,
          streamId,
          attributes,
          logger: env.logger,
          clock: env.clock,
          scheduler: env.scheduler,
          payload,
        }),
    );
    if (mapper === undefined) return;
    const sink = this.create(
      `sink '${type}' of stream '${streamId}'`,
      a.span,
      () =>
        new SinkRuntime({
          env,
          streamId,
          attributes,
          junction: stream.junction,
          index,
          type,
          spec,
          mapper,
          ...(mapperSpec.contentType === undefined ? {} : { contentType: mapperSpec.contentType }),
          onError,
          destinations,
          strategy,
          backpressure: this.io.backpressure,
        }),
    );
    if (sink === undefined) return;
    this.io.addSink(sink);
    sink.destinations.forEach((destination, d) => {
      this.keepState(`sink:${streamId}/${String(index)}/${String(d)}`, destination.connection);
    });
  }

  /** Registers a connection's position state (offsets, file positions) for snapshots. */
  keepState(
    id: string,
    connection: { snapshot?(): unknown; restore?(state: unknown): void },
  ): void {
    const state = this.options.state;
    if (
      state === undefined ||
      connection.snapshot === undefined ||
      connection.restore === undefined
    ) {
      return;
    }
    state.register(id, {
      snapshot: () => connection.snapshot?.(),
      restore: (saved) => {
        connection.restore?.(saved);
      },
    });
  }

  /** `on.error` of a sink (default LOG). */
  onError(a: Annotation, type: string): SinkOnError | undefined {
    const element = a.elements.find((e) => e.key?.toLowerCase() === 'on.error');
    if (element === undefined) return 'LOG';
    const value = ON_ERROR.find((v) => v === element.value.trim().toUpperCase());
    if (value !== undefined) return value;
    this.diagnostics.push(
      error(
        'E_INVALID_OPTION',
        optionMessages.E_INVALID_OPTION(
          `sink '${type}'`,
          'on.error',
          `must be one of ${ON_ERROR.join(', ')}, found '${element.value}'`,
        ),
        element.span,
      ),
    );
    return undefined;
  }

  /** `@payload` of a sink's `@map`: undefined when absent, null when invalid. */
  payload(map: Annotation | undefined, streamId: string): PayloadTemplate | undefined | null {
    const annotation =
      map === undefined ? undefined : findAnnotations(map.annotations, 'payload')[0];
    if (annotation === undefined) return undefined;
    const elements = annotation.elements;
    const named = elements.filter((e) => e.key !== undefined);
    if (named.length === 0 && elements.length === 1) {
      return { kind: 'template', template: elements[0]?.value ?? '' };
    }
    if (named.length > 0 && named.length === elements.length) {
      const entries: Record<string, string> = {};
      for (const e of named) entries[e.key ?? ''] = e.value;
      return { kind: 'named', entries };
    }
    this.diagnostics.push(
      error(
        'E_INVALID_PAYLOAD_MAPPING',
        ioMessages.E_INVALID_PAYLOAD_MAPPING(
          streamId,
          elements.length === 0
            ? 'give a template or named entries'
            : "give one unnamed template or only named entries (key='…'), not both",
        ),
        annotation.span,
      ),
    );
    return null;
  }

  /** The destinations' options: the `@sink`'s, each `@destination`'s merged over them. */
  destinations(
    a: Annotation,
    distribution: Annotation | undefined,
    type: string,
    streamId: string,
    params: ParamMap,
    attributes: readonly IoAttribute[],
  ): SinkDestinationConfig[] | undefined {
    const parts: Annotation[] = [];
    if (distribution === undefined) parts.push({ ...a, annotations: [] });
    else {
      const list = findAnnotations(distribution.annotations, 'destination');
      if (list.length === 0) {
        this.diagnostics.push(
          error(
            'E_DISTRIBUTION',
            ioMessages.E_DISTRIBUTION(streamId, 'it needs at least one @destination(...)'),
            distribution.span,
          ),
        );
        return undefined;
      }
      for (const destination of list) {
        const overridden = new Set(destination.elements.map((e) => e.key));
        parts.push({
          ...destination,
          elements: [...a.elements.filter((e) => !overridden.has(e.key)), ...destination.elements],
          annotations: [],
        });
      }
    }
    const what = `sink '${type}'`;
    const system = this.system('sink', type);
    const configs: SinkDestinationConfig[] = [];
    let ok = true;
    for (const part of parts) {
      const parsed = this.parse(params, part, what, system, ['on.error']);
      if (parsed === undefined) {
        ok = false;
        continue;
      }
      const templates = new Map<string, (data: readonly unknown[]) => string>();
      for (const key of parsed.dynamic) {
        const text = parsed.options[key];
        const compiled = compileTemplate(typeof text === 'string' ? text : '', attributes);
        if (compiled.ok) templates.set(key, compiled.render);
        else {
          ok = false;
          const span = part.elements.find((e) => e.key === key)?.span ?? part.span;
          for (const name of compiled.unknown) {
            const best = didYouMean(
              name,
              attributes.map((x) => x.name),
            );
            this.diagnostics.push(
              error(
                'E_TEMPLATE_ATTRIBUTE',
                ioMessages.E_TEMPLATE_ATTRIBUTE(`${what} of stream '${streamId}'`, key, name),
                span,
                best === undefined ? undefined : semanticMessages.HINT_DID_YOU_MEAN(best),
              ),
            );
          }
        }
      }
      configs.push({
        options: parsed.options,
        texts: optionTexts(params, part, system),
        templates,
      });
    }
    return ok ? configs : undefined;
  }

  /** The `@distribution` strategy: undefined without one, null when invalid. */
  strategy(
    distribution: Annotation,
    streamId: string,
    attributes: readonly IoAttribute[],
    destinationCount: number,
  ): ReturnType<SpecOf<'distributionStrategy'>['create']> | null {
    const name = elementValue(distribution, 'strategy');
    if (name === undefined) {
      this.diagnostics.push(
        error(
          'E_DISTRIBUTION',
          ioMessages.E_DISTRIBUTION(streamId, "the 'strategy' option is required"),
          distribution.span,
        ),
      );
      return null;
    }
    const spec = this.find('distributionStrategy', name, streamId, distribution.span);
    if (spec === undefined) return null;
    const parsed = this.parse(
      spec.parameters,
      { ...distribution, annotations: [] },
      `distribution strategy '${name}'`,
      this.system('distributionStrategy', name),
      ['strategy'],
    );
    if (parsed === undefined) return null;
    const env = this.env;
    return (
      this.create(
        `distribution strategy '${name}' of stream '${streamId}'`,
        distribution.span,
        () =>
          spec.create({
            options: parsed.options,
            appName: env.appName,
            streamId,
            attributes,
            logger: env.logger,
            clock: env.clock,
            scheduler: env.scheduler,
            destinationCount,
          }),
      ) ?? null
    );
  }

  /** `@OnError(action='STORE')`: failed chunks of the stream go to the error store. */
  storeStreamErrors(stream: StreamInfo): void {
    const env = this.env;
    if (env.errorStore === undefined) {
      this.warnWithoutStore(true, `@OnError(action='STORE') of stream '${stream.id}'`);
      return;
    }
    stream.junction.storeError = (chunk, thrown) => {
      env.logger.log(
        'error',
        ioMessages.E_STREAM_ERROR_STORED(stream.id, chunk.length, describe(thrown)),
        thrown,
      );
      void saveErrorEntry(env, {
        timestamp: env.clock.now(),
        appName: env.appName,
        streamName: stream.id,
        events: chunk.map((e) => ({ timestamp: e.timestamp, data: [...e.data] })),
        ...errorDetails(thrown),
        occurrence: 'STORE_ON_STREAM_ERROR',
        eventType: 'EVENT_ARRAY',
        errorType: 'TRANSPORT',
      });
    };
  }

  /** Siddhi logs an error at init when STORE is asked for without an error store. */
  warnWithoutStore(storing: boolean, where: string): void {
    if (storing && this.env.errorStore === undefined) {
      this.env.logger.log('error', ioMessages.E_NO_ERROR_STORE(this.env.appName, where));
    }
  }
}

/**
 * Every option of a destination as text: given values, then the configured system values and
 * the defaults of the others.
 */
function optionTexts(
  params: ParamMap,
  annotation: Annotation,
  system: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [key, param] of Object.entries(params)) {
    const text = system?.[key] ?? param.defaultText;
    if (text !== undefined) texts[key] = text;
  }
  for (const e of annotation.elements) {
    if (e.key !== undefined && params[e.key] !== undefined) texts[e.key] = e.value;
  }
  return texts;
}

/**
 * Plans the sources and sinks of `app` over its stream junctions.
 * @example
 * const { io, diagnostics } = planIo(app, streams, { appName, extensions, logger, time });
 */
export function planIo(
  app: SiddhiApp,
  streams: ReadonlyMap<string, StreamInfo>,
  options: PlanIoOptions,
): PlannedIo {
  const planner = new IoPlanner(options);
  for (const def of app.definitions) {
    if (def.kind !== 'stream') continue;
    const stream = streams.get(def.id);
    if (stream !== undefined) planner.stream(def, stream);
  }
  return { io: planner.io, diagnostics: planner.diagnostics };
}
