// One `@source` of a stream: the plugin's connection kept connected with backoff, and the
// `emit` path — payload → source mapper → `trp:` values → the stream's input handler — whose
// promise resolves once the sinks that published because of it acknowledged.

import { ioMessages, runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { SourceSpec } from '../../extension-api/define.js';
import {
  MappingError,
  type AttributeMapping,
  type IoAttribute,
  type SourceConnection,
  type SourceContext,
  type SourceMapper,
  type TransportProperties,
} from '../../extension-api/io-contracts.js';
import type { ParamMap } from '../../extension-api/param.js';
import type { InputHandler } from '../stream/input-handler.js';
import { collectAcks } from './ack-scope.js';
import { Backoff } from './backoff.js';
import { ConnectionKeeper } from './connection-keeper.js';
import { errorDetails } from './error-store.js';
import {
  describeConnector,
  saveErrorEntry,
  type IoEnvironment,
  type IoHost,
} from './io-environment.js';
import { transportConverter, type TransportConverter } from './transport-values.js';

/** One `trp:` mapping: where its value goes, which property it reads, how it is typed. */
interface TransportSlot {
  readonly index: number;
  readonly name: string;
  readonly attribute: string;
  readonly convert: TransportConverter;
}

/** Everything a source runtime is built from (the planner parses and checks it). */
export interface SourceRuntimeParts {
  readonly env: IoEnvironment;
  readonly streamId: string;
  /** Position among the stream's `@source` annotations. */
  readonly index: number;
  /** The `type` as written. */
  readonly type: string;
  readonly attributes: readonly IoAttribute[];
  readonly spec: SourceSpec<ParamMap>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly mapper: SourceMapper;
  /** `@attributes` mappings, when given. */
  readonly mappings: readonly AttributeMapping[] | undefined;
  /** The `trp:` names the mappings ask for. */
  readonly transport: readonly string[];
}

const RESOLVED: Promise<void> = Promise.resolve();
const NO_TRANSPORT: TransportProperties = Object.freeze({});

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A running source.
 * @example
 * const source = new SourceRuntime(parts);
 * source.start(host);   // connects in the background, with backoff
 * await source.stop();
 */
export class SourceRuntime {
  readonly connection: SourceConnection;
  readonly keeper: ConnectionKeeper;
  readonly what: string;
  #input: InputHandler | undefined;
  #host: IoHost | undefined;
  #stopped = false;
  #paused = false;
  /** The `trp:` mappings. */
  readonly #transportSlots: readonly TransportSlot[];

  constructor(private readonly parts: SourceRuntimeParts) {
    const env = parts.env;
    this.what = describeConnector('source', parts.type, parts.streamId, env.appName);
    this.#transportSlots = (parts.mappings ?? []).flatMap((m) =>
      m.transport === undefined
        ? []
        : [
            {
              index: m.index,
              name: m.transport,
              attribute: m.attribute,
              convert: transportConverter(m.type),
            },
          ],
    );
    const context: SourceContext<Readonly<Record<string, unknown>>> = {
      options: parts.options,
      appName: env.appName,
      streamId: parts.streamId,
      attributes: parts.attributes,
      logger: env.logger,
      clock: env.clock,
      scheduler: env.scheduler,
      requestedTransportProperties: parts.transport,
      emit: (payload, transport) => this.emit(payload, transport ?? {}),
      emitBatch: (payloads, transports) => this.emitBatch(payloads, transports),
      connectionLost: (error) => {
        this.keeper.lost(error);
      },
    };
    this.connection = parts.spec.create(context);
    this.keeper = new ConnectionKeeper({
      what: this.what,
      connect: () => this.connection.connect(),
      disconnect: () => this.connection.disconnect(),
      clock: env.clock,
      scheduler: env.scheduler,
      logger: env.logger,
      backoff: new Backoff(env.backoff),
      onConnected: () => {
        // A source that reconnects while the app is paused must stay paused.
        if (this.#paused) this.connection.pause?.();
      },
      onFatal: (error, everConnected) => {
        if (!everConnected) this.#host?.fail(error);
      },
    });
  }

  get streamId(): string {
    return this.parts.streamId;
  }

  get index(): number {
    return this.parts.index;
  }

  /** The `type` as written in the app. */
  get type(): string {
    return this.parts.type;
  }

  /** Connects in the background (the app is running from now on). */
  start(host: IoHost): void {
    this.#host = host;
    this.#input = host.input(this.parts.streamId);
    const init = this.parts.mapper.init?.();
    if (init === undefined) {
      this.keeper.start();
      return;
    }
    // The mapper fetches what it needs first (a schema…); the source connects after it.
    init.then(
      () => {
        if (!this.#stopped) this.keeper.start();
      },
      (error: unknown) => {
        this.parts.env.logger.log(
          'error',
          ioMessages.E_CONNECT_FAILED(this.what, describe(error)),
          error,
        );
        host.fail(error);
      },
    );
  }

  /** Stops delivering events (back-pressure or app paused). */
  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    if (this.keeper.connected) this.connection.pause?.();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.keeper.connected) this.connection.resume?.();
  }

  /** Disconnects; `emit` rejects from now on. */
  stop(): Promise<void> {
    this.#stopped = true;
    return this.keeper.stop();
  }

  /**
   * Maps one payload and sends its events. Never rejects for a bad payload (it is logged and
   * kept in the error store); rejects when the app is not running.
   */
  emit(payload: unknown, transport: TransportProperties): Promise<void> {
    const input = this.#runningInput();
    if (input === undefined) return this.#notRunning();
    const failures: Promise<void>[] = [];
    let rows: readonly (readonly unknown[])[];
    try {
      rows = this.parts.mapper.map(payload, transport, (error, raw) => {
        failures.push(this.#mappingFailed(raw, transport, error));
      });
    } catch (error) {
      return this.#mappingFailed(payload, transport, error);
    }
    if (this.#transportSlots.length > 0) {
      rows = this.#fillTransport(rows, transport, payload, failures);
    }
    const sent = rows.length === 0 ? RESOLVED : this.#send(input, rows);
    return failures.length === 0 ? sent : Promise.all([sent, ...failures]).then(() => undefined);
  }

  /**
   * Maps several payloads (in order) and sends all their events as one chunk: one ack scope
   * and one promise for the batch. Bad payloads are routed as by `emit`.
   */
  emitBatch(
    payloads: readonly unknown[],
    transports: readonly (TransportProperties | undefined)[] | undefined,
  ): Promise<void> {
    const input = this.#runningInput();
    if (input === undefined) return this.#notRunning();
    const mapper = this.parts.mapper;
    const withTransport = this.#transportSlots.length > 0;
    const failures: Promise<void>[] = [];
    const rows: (readonly unknown[])[] = [];
    for (let i = 0; i < payloads.length; i += 1) {
      const payload = payloads[i];
      const transport = transports?.[i] ?? NO_TRANSPORT;
      let mapped: readonly (readonly unknown[])[];
      try {
        mapped = mapper.map(payload, transport, (error, raw) => {
          failures.push(this.#mappingFailed(raw, transport, error));
        });
      } catch (error) {
        failures.push(this.#mappingFailed(payload, transport, error));
        continue;
      }
      if (withTransport) mapped = this.#fillTransport(mapped, transport, payload, failures);
      for (const row of mapped) rows.push(row);
    }
    const sent = rows.length === 0 ? RESOLVED : this.#send(input, rows);
    return failures.length === 0 ? sent : Promise.all([sent, ...failures]).then(() => undefined);
  }

  /**
   * Replays a stored payload: like `emit`, but a payload that still cannot be mapped rejects
   * (the entry is kept) instead of being stored again.
   */
  replay(payload: unknown, transport: TransportProperties): Promise<void> {
    const input = this.#runningInput();
    if (input === undefined) return this.#notRunning();
    let bad: MappingError | undefined;
    let rows: readonly (readonly unknown[])[];
    try {
      rows = this.parts.mapper.map(payload, transport, (error) => {
        bad ??= error;
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new MappingError(String(error)));
    }
    if (bad !== undefined) return Promise.reject(bad);
    if (this.#transportSlots.length > 0) {
      const values = this.#transportValues(transport);
      if (values instanceof MappingError) return Promise.reject(values);
      rows = this.#withTransport(rows, values);
    }
    return rows.length === 0 ? RESOLVED : this.#send(input, rows);
  }

  #runningInput(): InputHandler | undefined {
    return this.#stopped ? undefined : this.#input;
  }

  #notRunning(): Promise<void> {
    return Promise.reject(
      new TributaryError(
        'E_APP_NOT_RUNNING',
        runtimeMessages.E_APP_NOT_RUNNING(this.parts.env.appName, this.parts.streamId),
      ),
    );
  }

  #send(input: InputHandler, rows: readonly (readonly unknown[])[]): Promise<void> {
    const { result: taken, acks } = collectAcks(() => input.sendBatch(rows));
    // An @Async stream's buffer was full: wait for room (its events are acknowledged once
    // buffered; the sinks run later, outside this emit).
    return taken ? acks : input.sendBatchAsync(rows);
  }

  /**
   * Puts the requested transport properties into the rows. When one is missing or not a value
   * of its attribute's type, the payload is routed as a mapping error and no row is sent.
   */
  #fillTransport(
    rows: readonly (readonly unknown[])[],
    transport: TransportProperties,
    payload: unknown,
    failures: Promise<void>[],
  ): readonly (readonly unknown[])[] {
    const values = this.#transportValues(transport);
    if (values instanceof MappingError) {
      // Siddhi drops events whose requested transport properties are null; never silently.
      if (rows.length > 0) failures.push(this.#mappingFailed(payload, transport, values));
      return [];
    }
    return this.#withTransport(rows, values);
  }

  /** The `trp:` values of one payload in their attributes' types (slot order), or why not. */
  #transportValues(transport: TransportProperties): unknown[] | MappingError {
    const slots = this.#transportSlots;
    const values = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[i];
      if (slot === undefined) continue;
      // Plain JavaScript plugins may hand over values already typed: those are kept.
      const text: unknown = transport[slot.name];
      if (text === undefined || text === null) {
        return new MappingError(ioMessages.E_MISSING_TRANSPORT_PROPERTY(slot.name));
      }
      if (typeof text !== 'string') {
        values[i] = text;
        continue;
      }
      const converted = slot.convert(text);
      if (!converted.ok) {
        return new MappingError(
          ioMessages.E_TRANSPORT_PROPERTY_TYPE(slot.name, slot.attribute, converted.detail),
        );
      }
      values[i] = converted.value;
    }
    return values;
  }

  #withTransport(
    rows: readonly (readonly unknown[])[],
    values: readonly unknown[],
  ): (readonly unknown[])[] {
    const slots = this.#transportSlots;
    return rows.map((row) => {
      const filled = [...row];
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[i];
        if (slot !== undefined) filled[slot.index] = values[i];
      }
      return filled;
    });
  }

  /** A payload (or one event of it) could not be mapped: logged, and stored when configured. */
  #mappingFailed(raw: unknown, transport: TransportProperties, error: unknown): Promise<void> {
    const env = this.parts.env;
    env.logger.log('error', ioMessages.E_MAPPING(this.what, describe(error)), error);
    return saveErrorEntry(env, {
      timestamp: env.clock.now(),
      appName: env.appName,
      streamName: this.parts.streamId,
      events: [],
      payload: raw,
      transport,
      ...errorDetails(error),
      occurrence: 'BEFORE_SOURCE_MAPPING',
      eventType: 'PAYLOAD_STRING',
      errorType: 'MAPPING',
      origin: { kind: 'source', index: this.parts.index },
    });
  }
}
