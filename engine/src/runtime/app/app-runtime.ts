// A running app: its stream junctions, queries and triggers, wired by the planner. Hosts send
// events through input handlers and listen with query and stream callbacks; processing is
// synchronous, so a `send` returns once every downstream query and callback has run.

import { runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { Attribute, AttributeType } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import type { OnDemandQueries } from '../on-demand/on-demand-runtime.js';
import type { QueryCallback, QueryOutput } from '../query/query-output.js';
import { InputHandler, type InputGate } from '../stream/input-handler.js';
import type { StreamJunction } from '../stream/stream-junction.js';
import type { Table } from '../table/table.js';
import type { Clock } from '../time/time-service.js';
import type { AppScheduler } from './app-scheduler.js';
import type { Logger } from './logger.js';

/** A stream callback: the events of one chunk inserted into (or sent to) the stream. */
export type StreamCallback = (events: readonly StreamEvent[]) => void;

/** Something started with the app and stopped at shutdown (triggers, timers, sources). */
export interface Lifecycle {
  start(): void;
  stop(): void;
}

/** A stream of the running app with its schema. */
export interface StreamInfo {
  readonly id: string;
  readonly attributes: readonly Pick<Attribute, 'name' | 'type'>[];
  readonly junction: StreamJunction;
}

/** Everything the planner builds for an app. */
export interface AppParts {
  readonly name: string;
  readonly streams: ReadonlyMap<string, StreamInfo>;
  /** Queries by name (`@info(name=…)`, or generated), with the stage their callbacks hang on. */
  readonly queries: ReadonlyMap<string, QueryOutput>;
  readonly lifecycles: readonly Lifecycle[];
  readonly clock: Clock;
  readonly scheduler: AppScheduler;
  readonly logger: Logger;
  /** Playback apps: event timestamps move time forward. */
  readonly observeTimestamp?: (timestamp: number) => void;
  /** The app's tables, by id. */
  readonly tables?: ReadonlyMap<string, Table>;
  /** Runs on-demand queries against the app's stores (`app.query`). */
  readonly onDemand?: OnDemandQueries;
  /** Called once at shutdown after the app's own timers are cancelled (e.g. its time service). */
  readonly release?: () => void;
}

type State = 'created' | 'running' | 'shut down';

/**
 * A running SiddhiQL app.
 * @example
 * const result = createEngine().createApp(text);
 * if (result.ok) {
 *   const app = result.app;
 *   app.on('query1', (inEvents) => console.log(inEvents.map((e) => e.data)));
 *   app.start();
 *   app.input('StockStream').send(['IBM', 75.5, 100]);
 *   await app.shutdown();
 * }
 */
export class AppRuntime {
  #state: State = 'created';
  readonly #inputs = new Map<string, InputHandler>();
  readonly #gate: InputGate;

  constructor(private readonly parts: AppParts) {
    this.#gate = {
      isRunning: () => this.#state === 'running',
      appName: parts.name,
      ...(parts.observeTimestamp === undefined ? {} : { observeTimestamp: parts.observeTimestamp }),
    };
  }

  /** The app's name (`@app:name`, or one the engine generated). */
  get name(): string {
    return this.parts.name;
  }

  /** Whether the app has been started and not yet shut down. */
  get running(): boolean {
    return this.#state === 'running';
  }

  /** Ids of every stream (defined, inferred, trigger and fault streams). */
  get streamIds(): readonly string[] {
    return [...this.parts.streams.keys()];
  }

  /** Names of every query. */
  get queryNames(): readonly string[] {
    return [...this.parts.queries.keys()];
  }

  /** The attributes of a stream, or undefined when there is no such stream. */
  streamAttributes(streamId: string): readonly { name: string; type: AttributeType }[] | undefined {
    return this.parts.streams.get(streamId)?.attributes;
  }

  /** Registers a query callback; returns a function that removes it. */
  on(queryName: string, callback: QueryCallback): () => void {
    const output = this.parts.queries.get(queryName);
    if (output === undefined) {
      throw new TributaryError(
        'E_UNKNOWN_QUERY',
        runtimeMessages.E_UNKNOWN_QUERY(queryName, this.queryNames.join(', ')),
      );
    }
    output.callbacks = [...output.callbacks, callback];
    return () => {
      output.callbacks = output.callbacks.filter((c) => c !== callback);
    };
  }

  /** Registers a stream callback; returns a function that removes it. */
  onStream(streamId: string, callback: StreamCallback): () => void {
    const stream = this.parts.streams.get(streamId);
    if (stream === undefined) {
      throw new TributaryError(
        'E_UNKNOWN_CALLBACK_STREAM',
        runtimeMessages.E_UNKNOWN_CALLBACK_STREAM(streamId, this.streamIds.join(', ')),
      );
    }
    return stream.junction.subscribe({ receive: callback });
  }

  /** The input handler of a stream (the same object on every call). */
  input(streamId: string): InputHandler {
    let handler = this.#inputs.get(streamId);
    if (handler === undefined) {
      const stream = this.parts.streams.get(streamId);
      if (stream === undefined) {
        throw new TributaryError(
          'E_UNKNOWN_INPUT_STREAM',
          runtimeMessages.E_UNKNOWN_INPUT_STREAM(streamId, this.streamIds.join(', ')),
        );
      }
      handler = new InputHandler(streamId, stream.junction, this.parts.clock, this.#gate);
      this.#inputs.set(streamId, handler);
    }
    return handler;
  }

  /** A table of the app (for inspection and tests), or undefined. */
  table(tableId: string): Table | undefined {
    return this.parts.tables?.get(tableId);
  }

  /**
   * Runs an on-demand (store) query and returns the selected rows (none for `insert`, `delete`,
   * `update` and `update or insert` queries). Throws `OnDemandQueryError` (with diagnostics)
   * when the query is invalid or uses a store the runtime cannot query yet.
   * @example
   * app.query("from StockTable on price > 10 select symbol, price order by price limit 5");
   */
  query(text: string): unknown[][] {
    if (this.#state === 'shut down') {
      throw new TributaryError('E_APP_SHUT_DOWN', runtimeMessages.E_APP_SHUT_DOWN(this.name));
    }
    const onDemand = this.parts.onDemand;
    if (onDemand === undefined) {
      throw new TributaryError(
        'E_UNSUPPORTED_FEATURE',
        runtimeMessages.E_UNSUPPORTED_FEATURE('on-demand queries'),
      );
    }
    return onDemand.run(text);
  }

  /** Starts triggers and timers; events may be sent from now on. Idempotent. */
  start(): void {
    if (this.#state === 'running') return;
    if (this.#state === 'shut down') {
      throw new TributaryError('E_APP_SHUT_DOWN', runtimeMessages.E_APP_SHUT_DOWN(this.name));
    }
    this.#state = 'running';
    for (const lifecycle of this.parts.lifecycles) lifecycle.start();
  }

  /** Stops everything and cancels every pending timer of the app. Idempotent. */
  shutdown(): Promise<void> {
    if (this.#state !== 'shut down') {
      const wasRunning = this.#state === 'running';
      this.#state = 'shut down';
      if (wasRunning) {
        for (const lifecycle of this.parts.lifecycles) {
          try {
            lifecycle.stop();
          } catch (error) {
            this.parts.logger.log('error', `error while stopping app '${this.name}'`, error);
          }
        }
      }
      this.parts.scheduler.cancelAll();
      this.parts.release?.();
    }
    return Promise.resolve();
  }

  /** Timers of the app still pending (0 after shutdown). */
  get pendingTimers(): number {
    return this.parts.scheduler.pendingCount;
  }
}
