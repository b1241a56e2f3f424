// What connector and mapper plugins implement: small lifecycles (connect, disconnect, publish,
// pause, resume, map). The engine's io runtime owns the rest — @map pipelines, reconnect with
// backoff, on.error routing, the error store, metrics and state.

import type { AttributeType } from '../query-api/index.js';
import type { Logger } from '../runtime/app/logger.js';
import type { Clock, Scheduler } from '../runtime/time/time-service.js';

/** Transport properties of one message (`trp:` values): headers, topic, offset, file path… */
export type TransportProperties = Readonly<Record<string, string | undefined>>;

/** An attribute of the stream a source feeds or a sink reads. */
export interface IoAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/** One event as mappers and sinks see it: attribute values in stream order. */
export interface IoEvent {
  readonly timestamp: number;
  readonly data: readonly unknown[];
}

/**
 * Thrown (or rejected) by `connect`/`publish` when the server cannot be reached: the engine
 * disconnects, retries with backoff, and routes pending events by `on.error`. Any other error
 * from `connect` fails the app's start; from `publish` it is routed by `on.error` too.
 * @example
 * throw new ConnectionUnavailableError(`broker ${url} refused the connection`, { cause: e });
 */
export class ConnectionUnavailableError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionUnavailableError';
  }

  /**
   * Rendered as Siddhi renders its `ConnectionUnavailableException`, so an `_error` value of a
   * fault stream reads the same as in Siddhi apps (`convert(_error, 'string')`, logs).
   */
  override toString(): string {
    return `io.siddhi.core.exception.ConnectionUnavailableException: ${this.message}`;
  }
}

/**
 * A payload a mapper cannot turn into events (malformed, missing or mistyped attribute). The
 * engine routes it with the raw payload to the stream's `@OnError` route / the error store.
 * @example
 * throw new MappingError(`attribute 'price' expects a double, found "abc"`);
 */
export class MappingError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'MappingError';
  }
}

/** What every io plugin instance gets from the engine. */
export interface IoContext<O> {
  /** The parsed, typed options (defaults applied; system parameters merged under them). */
  readonly options: O;
  readonly appName: string;
  /** The stream the source feeds / the sink reads. */
  readonly streamId: string;
  readonly attributes: readonly IoAttribute[];
  readonly logger: Logger;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
}

/**
 * A source's view of the engine. `emit` maps one message (through the `@map` source mapper)
 * and sends the events; its promise resolves once they were processed and every sink that
 * published because of them acknowledged — commit offsets/acks only then (at-least-once).
 * A bad payload never rejects: it is routed to `@OnError`/the error store and the promise
 * resolves (the message is "handled").
 */
export interface SourceContext<O> extends IoContext<O> {
  emit(payload: unknown, transport?: TransportProperties): Promise<void>;
  /**
   * Maps several messages (in order) and sends all their events as one chunk, with one
   * promise for them all: it resolves once every event was processed and every sink that
   * published because of them acknowledged. For sources that receive messages in batches (a
   * Kafka fetch, a JetStream pull): far cheaper than one `emit` per message. `transports[i]`
   * belongs to `payloads[i]` (omitted or shorter: no properties). Bad payloads are routed as
   * by `emit` and never reject.
   * @example
   * await ctx.emitBatch(records.map((r) => r.text), records.map((r) => ({ topic: r.topic })));
   */
  emitBatch(
    payloads: readonly unknown[],
    transports?: readonly (TransportProperties | undefined)[],
  ): Promise<void>;
  /** The `trp:` names the `@map(@attributes(...))` asks for (fetch only these, if costly). */
  readonly requestedTransportProperties: readonly string[];
  /** Reports a lost connection at runtime: the engine disconnects and reconnects with backoff. */
  connectionLost(error: unknown): void;
}

/** A running source: the engine calls `connect` (with backoff), `disconnect`, `pause`/`resume`. */
export interface SourceConnection {
  /** Throws/rejects `ConnectionUnavailableError` when the server is unreachable (retried). */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Stop delivering (back-pressure, app paused); `resume` continues. Optional. */
  pause?(): void;
  resume?(): void;
  /** Position state (offsets, file positions) kept in app snapshots. Plain data. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/** A sink's view of the engine. */
export interface SinkContext<O> extends IoContext<O> {
  /** Option keys whose values hold `{{attr}}` templates (resolved per event into `publish`). */
  readonly dynamicOptions: readonly string[];
  /**
   * The content type of the payloads the sink's mapper makes (its spec's `contentType`, e.g.
   * `application/json`); undefined when the mapper declares none. The http family labels
   * requests with it.
   */
  readonly contentType?: string;
}

/** Per-event option values for a sink's dynamic options (`topic='{{symbol}}'`). */
export type DynamicOptions = Readonly<Record<string, string>>;

/** One payload of a batch handed to `SinkConnection.publishBatch`. */
export interface SinkPublication {
  readonly payload: unknown;
  /** The sink's options, dynamic ones filled from `event`. */
  readonly options: DynamicOptions;
  /** The event that produced the payload (a group's last event). */
  readonly event: IoEvent;
}

/** A running sink. */
export interface SinkConnection {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Sends one mapped payload. `options` holds every option of the sink with dynamic ones
   * filled from the event that produced the payload. Resolve once the server acknowledged;
   * throw/reject `ConnectionUnavailableError` when it is unreachable (routed by `on.error`).
   * `event` is the event that produced the payload (a group's last event), for sinks that
   * hand its attributes on (the `http-call` sink gives them to its response sources as `trp:`).
   */
  publish(
    payload: unknown,
    options: DynamicOptions,
    transport: TransportProperties,
    event?: IoEvent,
  ): Promise<void> | void;
  /**
   * Optional: sends several payloads at once, in order — those one chunk of events produced,
   * or those that queued while earlier publishes were in flight. Resolve once the server
   * acknowledged all of them; throw/reject as `publish` does, which fails the whole batch
   * (reconnect + one retry of the batch, then `on.error` for each payload; `WAIT` keeps the
   * batch at the head of the queue), so a partly sent batch may be sent again (at-least-once).
   * Without it the engine calls `publish` once per payload.
   */
  publishBatch?(publications: readonly SinkPublication[]): Promise<void> | void;
  /**
   * Optional: the app is stopping. Called before the engine waits for the publishes in
   * flight and before the app's timers are cancelled: settle what waits on the scheduler
   * (retry delays, timeouts) now, or those publishes would never finish.
   */
  stopping?(): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/**
 * How `@attributes(...)` maps one stream attribute: `path` is the mapper-specific expression
 * (JSON Path, XPath, regex group, csv index, key). Attributes read from `trp:` properties are
 * filled by the engine and never passed to the mapper (their `path` is undefined).
 */
export interface AttributeMapping {
  readonly attribute: string;
  readonly type: AttributeType;
  /** Index in the event's `data`. */
  readonly index: number;
  readonly path?: string;
  /** `trp:<name>`: the transport property filled in by the engine. */
  readonly transport?: string;
}

/** A source mapper's view of the engine. */
export interface SourceMapperContext<O> extends IoContext<O> {
  /** One entry per stream attribute when `@attributes` is given; undefined for the default format. */
  readonly mappings: readonly AttributeMapping[] | undefined;
}

/**
 * Turns one payload into events' data (attribute values in stream order). Throw `MappingError`
 * when the whole payload is bad; call `reportError` for one bad event of a batch and go on.
 */
export interface SourceMapper {
  /**
   * Optional: what must be fetched before mapping (an Avro schema from a schema registry).
   * The engine awaits it once before the source connects; a rejection fails the start.
   */
  init?(): Promise<void>;
  map(
    payload: unknown,
    transport: TransportProperties,
    reportError: (error: MappingError, rawEvent: unknown) => void,
  ): readonly (readonly unknown[])[];
}

/** The `@payload(...)` of a sink's `@map`: an unnamed template or named entries. */
export type PayloadTemplate =
  | { readonly kind: 'template'; readonly template: string }
  | { readonly kind: 'named'; readonly entries: Readonly<Record<string, string>> };

/** A sink mapper's view of the engine. */
export interface SinkMapperContext<O> extends IoContext<O> {
  readonly payload: PayloadTemplate | undefined;
}

/**
 * Turns events into payloads: call `emit` once per event, or once per group (then pass the
 * group's last event, whose attributes fill the sink's dynamic options). Throw `MappingError`
 * for events that cannot be mapped.
 */
export interface SinkMapper {
  /**
   * Optional: what must be fetched before mapping (an Avro schema from a schema registry).
   * The engine awaits it once before the sink connects; a rejection fails the start.
   */
  init?(): Promise<void>;
  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void;
}

/** A `@distribution` strategy instance. */
export interface DistributionStrategy {
  /**
   * The destinations (indexes into the `@destination` list) one event goes to; `connected[i]`
   * tells whether destination i is connected now.
   */
  destinationsFor(event: IoEvent, connected: readonly boolean[]): readonly number[];
}

/** What a distribution strategy gets. */
export interface DistributionContext<O> extends IoContext<O> {
  readonly destinationCount: number;
}
