// One `@sink` of a stream: subscribes to the stream's junction, maps each chunk's events with
// the sink mapper, fills the dynamic options (`{{attr}}`) per event, picks the destinations
// (`@distribution`) and queues the payloads on them; payloads that cannot be published are
// handled by `on.error` (LOG, WAIT, STREAM to `!S`, STORE in the error store).

import { ioMessages } from '../../errors/messages.js';
import type { SinkSpec } from '../../extension-api/define.js';
import {
  ConnectionUnavailableError,
  type DistributionStrategy,
  type DynamicOptions,
  type IoAttribute,
  type IoEvent,
  type SinkContext,
  type SinkMapper,
} from '../../extension-api/io-contracts.js';
import type { ParamMap } from '../../extension-api/param.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { StreamJunction } from '../stream/stream-junction.js';
import { AckGroup, inAckScope } from './ack-scope.js';
import { errorDetails } from './error-store.js';
import {
  describeConnector,
  saveErrorEntry,
  type IoEnvironment,
  type IoHost,
} from './io-environment.js';
import { SinkDestination, type PendingPublish, type SinkOnError } from './sink-destination.js';

/** The options of one destination (the `@sink`'s, with a `@destination`'s merged over them). */
export interface SinkDestinationConfig {
  /** Parsed options handed to the plugin (dynamic ones hold their template text). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Every option as text (given or default), the static part of `publish`'s options. */
  readonly texts: Readonly<Record<string, string>>;
  /** The dynamic options, filled per event. */
  readonly templates: ReadonlyMap<string, (data: readonly unknown[]) => string>;
}

/** Everything a sink runtime is built from (the planner parses and checks it). */
export interface SinkRuntimeParts {
  readonly env: IoEnvironment;
  readonly streamId: string;
  readonly attributes: readonly IoAttribute[];
  readonly junction: StreamJunction;
  /** Position among the stream's `@sink` annotations. */
  readonly index: number;
  readonly type: string;
  readonly spec: SinkSpec<ParamMap>;
  readonly mapper: SinkMapper;
  /** The content type of the mapper's payloads (its spec's `contentType`), if it declares one. */
  readonly contentType?: string;
  readonly onError: SinkOnError;
  readonly destinations: readonly SinkDestinationConfig[];
  /** With `@distribution`. */
  readonly strategy: DistributionStrategy | undefined;
  /** Pause (true) or resume (false) the app's sources. */
  readonly backpressure: (on: boolean) => void;
}

const RESOLVED: Promise<void> = Promise.resolve();

function noop(): void {
  // nothing waits for this publication
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A running sink.
 * @example
 * const sink = new SinkRuntime(parts);
 * sink.start(host);   // connects in the background and subscribes to the stream
 * await sink.stop();
 */
export class SinkRuntime {
  readonly what: string;
  readonly destinations: readonly SinkDestination[];
  #unsubscribe: (() => void) | undefined;
  #host: IoHost | undefined;
  /** Chunks that arrived while the mapper's `init` ran; undefined once it is ready. */
  #waiting: EventChunk[] | undefined;
  #initializing: Promise<void> | undefined;

  constructor(private readonly parts: SinkRuntimeParts) {
    const env = parts.env;
    this.what = describeConnector('sink', parts.type, parts.streamId, env.appName);
    const many = parts.destinations.length > 1;
    this.destinations = parts.destinations.map((config, i) => {
      const context: SinkContext<Readonly<Record<string, unknown>>> = {
        options: config.options,
        appName: env.appName,
        streamId: parts.streamId,
        attributes: parts.attributes,
        logger: env.logger,
        clock: env.clock,
        scheduler: env.scheduler,
        dynamicOptions: [...config.templates.keys()],
        ...(parts.contentType === undefined ? {} : { contentType: parts.contentType }),
      };
      return new SinkDestination({
        env,
        what: many ? `${this.what} (destination ${String(i + 1)})` : this.what,
        connection: parts.spec.create(context),
        onError: parts.onError,
        route: (item, error) => this.#route(item, error),
        backpressure: parts.backpressure,
        fatal: (error) => {
          this.#host?.fail(error);
        },
      });
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

  /** Connects every destination in the background and starts taking the stream's events. */
  start(host: IoHost): void {
    this.#host = host;
    const init = this.parts.mapper.init?.();
    if (init === undefined) {
      for (const destination of this.destinations) destination.start();
    } else {
      // The mapper fetches what it needs first (a schema…); events wait for it, in order.
      this.#waiting = [];
      this.#initializing = init.then(
        () => {
          this.#initializing = undefined;
          for (const destination of this.destinations) destination.start();
          const waiting = this.#waiting ?? [];
          this.#waiting = undefined;
          for (const chunk of waiting) this.receive(chunk);
        },
        (error: unknown) => {
          this.#initializing = undefined;
          this.parts.env.logger.log(
            'error',
            ioMessages.E_CONNECT_FAILED(this.what, describe(error)),
            error,
          );
          const dropped = this.#waiting?.reduce((n, chunk) => n + chunk.length, 0) ?? 0;
          this.#waiting = undefined;
          if (dropped > 0) {
            this.parts.env.logger.log(
              'error',
              ioMessages.E_SINK_SHUTDOWN_DROPPED(this.what, dropped),
            );
          }
          host.fail(error);
        },
      );
    }
    this.#unsubscribe ??= this.parts.junction.subscribe({
      receive: (chunk) => {
        this.receive(chunk);
      },
    });
  }

  /** Stops taking events; publishes what is queued where possible, then disconnects. */
  stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    return Promise.all(this.destinations.map((d) => d.stop())).then(() => undefined);
  }

  /** Resolves once no destination is publishing or connecting right now. */
  async whenIdle(): Promise<void> {
    await this.#initializing;
    await Promise.all(this.destinations.map((d) => d.whenIdle()));
  }

  /** Maps and queues the events of one chunk of the stream. */
  receive(chunk: EventChunk): void {
    if (this.#waiting !== undefined) {
      // Copied: the junction's chunk may be reused once this call returns.
      this.#waiting.push(chunk.map((e) => ({ ...e, data: [...e.data] })));
      return;
    }
    const events: IoEvent[] = chunk.map((e: StreamEvent) => ({
      timestamp: e.timestamp,
      data: e.data,
    }));
    // One acknowledgement for what this chunk publishes (a source's emit waits for it).
    const group = inAckScope() ? new AckGroup() : undefined;
    try {
      this.parts.mapper.map(events, (payload, event) => {
        this.#dispatch(payload, event, group);
      });
    } catch (error) {
      this.parts.env.logger.log(
        'error',
        ioMessages.E_SINK_MAPPING(this.what, events.length, describe(error)),
        error,
      );
    } finally {
      group?.seal();
      // Batching connections publish the chunk's payloads together.
      for (const destination of this.destinations) destination.flush();
    }
  }

  /**
   * Publishes a stored payload again (error-store replay) to the destinations its event goes
   * to; rejects when one cannot take it.
   */
  async republish(payload: unknown, event: IoEvent): Promise<void> {
    const targets = this.#targets(event, true);
    for (const index of targets) {
      const destination = this.destinations[index];
      const config = this.parts.destinations[index];
      if (destination === undefined || config === undefined) continue;
      await destination.publishNow(payload, this.#optionsFor(config, event), event);
    }
  }

  #dispatch(payload: unknown, event: IoEvent, group: AckGroup | undefined): void {
    const targets = this.#targets(event, this.parts.onError === 'WAIT');
    if (targets.length === 0) {
      const error = new ConnectionUnavailableError(ioMessages.E_NO_DESTINATION(this.what));
      const routed = this.#route({ payload, options: {}, event, done: noop }, error);
      if (group !== undefined) void routed.then(group.add());
      return;
    }
    for (const index of targets) {
      const destination = this.destinations[index];
      const config = this.parts.destinations[index];
      if (destination === undefined || config === undefined) continue;
      const done = group === undefined ? noop : group.add();
      destination.enqueue({ payload, options: this.#optionsFor(config, event), event, done });
    }
  }

  /**
   * The destinations of an event. Strategies only consider connected destinations (as
   * Siddhi's); WAIT (and replay) queue on the chosen one even when it is down.
   */
  #targets(event: IoEvent, ignoreConnectivity: boolean): readonly number[] {
    const strategy = this.parts.strategy;
    if (strategy === undefined) return [0];
    const connected = this.destinations.map((d) => d.connected);
    const chosen = strategy.destinationsFor(event, connected);
    if (chosen.length > 0 || !ignoreConnectivity) return chosen;
    return strategy.destinationsFor(
      event,
      connected.map(() => true),
    );
  }

  #optionsFor(config: SinkDestinationConfig, event: IoEvent): DynamicOptions {
    if (config.templates.size === 0) return config.texts;
    const options: Record<string, string> = { ...config.texts };
    for (const [key, render] of config.templates) options[key] = render(event.data);
    return options;
  }

  /** `on.error` for a payload that could not be published (WAIT never gets here but for other errors). */
  #route(item: PendingPublish, error: unknown): Promise<void> {
    const env = this.parts.env;
    const event = item.event;
    if (this.parts.onError === 'STREAM') {
      const fault = this.parts.junction.faultJunction;
      if (fault !== undefined) {
        const width = this.parts.attributes.length;
        const data: unknown[] = new Array<unknown>(width + 1);
        for (let i = 0; i < width; i += 1) data[i] = event.data[i] ?? null;
        data[width] = error;
        fault.send([{ timestamp: event.timestamp, type: 'current', data }]);
        return RESOLVED;
      }
    } else if (this.parts.onError === 'STORE' && env.errorStore !== undefined) {
      env.logger.log('warn', ioMessages.W_SINK_STORED(this.what, describe(error)), error);
      return saveErrorEntry(env, {
        timestamp: env.clock.now(),
        appName: env.appName,
        streamName: this.parts.streamId,
        events: [event],
        payload: item.payload,
        ...errorDetails(error),
        occurrence: 'STORE_ON_SINK_ERROR',
        eventType: 'EVENT',
        errorType: 'TRANSPORT',
        origin: { kind: 'sink', index: this.parts.index },
      });
    }
    env.logger.log('error', ioMessages.E_SINK_DROPPED(this.what, describe(error)), error);
    return RESOLVED;
  }
}
