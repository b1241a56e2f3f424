// A running app: its stream junctions, queries and triggers, wired by the planner. Hosts send
// events through input handlers and listen with query and stream callbacks; processing is
// synchronous, so a `send` returns once every downstream query and callback has run.

import { runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { Attribute, AttributeType } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import type { OnDemandQueries, OnDemandResult } from '../on-demand/on-demand-runtime.js';
import type { QueryCallback, QueryOutput } from '../query/query-output.js';
import { AsyncStreamJunction } from '../stream/async-stream-junction.js';
import { InputHandler, type InputGate } from '../stream/input-handler.js';
import type { StreamJunction } from '../stream/stream-junction.js';
import {
  AppPersistence,
  AppSnapshots,
  noPersistenceStore,
  StateRegistry,
  type AppFingerprint,
  type AppSnapshot,
  type PersistenceOptions,
  type SnapshotOptions,
} from '../state/index.js';
import type { ErrorReplayer } from '../io/error-replayer.js';
import type { IoConnection, IoRuntime } from '../io/io-runtime.js';
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
  /** The app's stateful elements (for `snapshot`/`restore`). */
  readonly state?: StateRegistry;
  /** The app's structure, carried by its snapshots. */
  readonly fingerprint?: AppFingerprint;
  /** Where `persist()` saves revisions, and how often it runs by itself. */
  readonly persistence?: PersistenceOptions;
  /** The app's sources and sinks (started after the queries, stopped first). */
  readonly io?: IoRuntime;
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
  readonly #snapshots: AppSnapshots;
  readonly #persistence: AppPersistence | undefined;
  #ioStopped: Promise<void> | undefined;
  readonly #tablesClosed: Promise<void>[] = [];

  constructor(private readonly parts: AppParts) {
    this.#snapshots = new AppSnapshots(
      parts.name,
      parts.state ?? new StateRegistry(),
      parts.fingerprint ?? { app: '', elements: {} },
      () => parts.clock.now(),
    );
    this.#persistence =
      parts.persistence === undefined
        ? undefined
        : new AppPersistence(
            parts.name,
            this.#snapshots,
            parts.persistence,
            parts.scheduler,
            parts.logger,
          );
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
    return this.#onDemand().run(text);
  }

  /**
   * Runs an on-demand query like `query`, returning its output attributes (names and types, in
   * row order) with the rows; table actions give no attributes and no rows.
   * @example
   * const { attributes, rows } = app.queryResult('from StockTable select symbol, price');
   * // attributes: [{ name: 'symbol', type: 'string' }, { name: 'price', type: 'float' }]
   */
  queryResult(text: string): OnDemandResult {
    return this.#onDemand().result(text);
  }

  #onDemand(): OnDemandQueries {
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
    return onDemand;
  }

  /** Starts triggers and timers; events may be sent from now on. Idempotent. */
  start(): void {
    if (this.#state === 'running') return;
    if (this.#state === 'shut down') {
      throw new TributaryError('E_APP_SHUT_DOWN', runtimeMessages.E_APP_SHUT_DOWN(this.name));
    }
    this.#state = 'running';
    for (const lifecycle of this.parts.lifecycles) lifecycle.start();
    this.#persistence?.start();
    this.parts.io?.start({
      input: (streamId) => this.input(streamId),
      fail: (error) => {
        this.parts.logger.log(
          'fatal',
          error instanceof Error ? error.message : String(error),
          error,
        );
        void this.shutdown();
      },
    });
  }

  /**
   * The state of every stateful element (windows, aggregators, rate limiters, tables, named
   * windows, patterns, partitions, aggregations) as JSON-serialisable data, with the app's
   * fingerprint. `incremental` keeps only what changed since the previous `snapshot()`.
   * @example
   * const saved = JSON.stringify(app.snapshot());
   * // later, on an app created from the same text:
   * other.restore(JSON.parse(saved));
   */
  snapshot(options?: SnapshotOptions): AppSnapshot {
    this.#checkNotShutDown();
    return this.#snapshots.take(options);
  }

  /**
   * Puts back the state of a snapshot (or of a full snapshot followed by later incremental
   * ones), re-arming the timers it needs. Throws `E_SNAPSHOT_MISMATCH`, naming the elements
   * that differ, when the snapshot was taken of a different app text, and `E_SNAPSHOT_INVALID`
   * for data that is not a snapshot; nothing is restored then.
   */
  restore(snapshot: AppSnapshot | readonly AppSnapshot[]): void {
    this.#checkNotShutDown();
    this.#snapshots.restore(Array.isArray(snapshot) ? snapshot : [snapshot]);
  }

  /**
   * Saves a snapshot taken now in the engine's persistence store; resolves with its revision.
   * Rejects with `E_NO_PERSISTENCE_STORE` when the engine has none.
   */
  persist(): Promise<string> {
    this.#checkNotShutDown();
    if (this.#persistence === undefined) return Promise.reject(noPersistenceStore(this.name));
    return this.#persistence.persist();
  }

  /**
   * Restores the newest persisted revision (the newest full one and the increments after it);
   * resolves with the revision, or undefined when nothing was persisted for this app.
   */
  restoreLastRevision(): Promise<string | undefined> {
    this.#checkNotShutDown();
    if (this.#persistence === undefined) return Promise.reject(noPersistenceStore(this.name));
    return this.#persistence.restoreLast();
  }

  /**
   * Restores one persisted revision (with the full revision and increments it builds on);
   * resolves with it, or undefined when the store has no such revision for this app.
   * @example
   * const [first] = await store.list('StockAlerts'); await app.restoreRevision(first);
   */
  restoreRevision(revision: string): Promise<string | undefined> {
    this.#checkNotShutDown();
    if (this.#persistence === undefined) return Promise.reject(noPersistenceStore(this.name));
    return this.#persistence.restore(revision);
  }

  /**
   * Pauses the app's sources (they stop delivering events until `resume`); sinks pause them
   * too while they cannot keep up. Events sent through input handlers are still processed.
   */
  pause(): void {
    this.#checkNotShutDown();
    this.parts.io?.pause();
  }

  /** Resumes the sources paused by `pause`. */
  resume(): void {
    this.#checkNotShutDown();
    this.parts.io?.resume();
  }

  /**
   * The app's entries in the engine's error store: list, count, replay, discard.
   * @example
   * for (const entry of await app.errors.list()) await app.errors.replay(entry.id);
   */
  get errors(): ErrorReplayer | undefined {
    return this.parts.io?.errors;
  }

  /**
   * Every source and sink destination of the app with its connection's state (`connecting`,
   * `connected`, `waiting` for a retry, `disconnected`, `failed`), the failed attempts since
   * it last connected and the last connection error; empty for apps without io.
   * @example
   * for (const c of app.connections()) console.log(c.kind, c.stream, c.type, c.state, c.retries);
   */
  connections(): IoConnection[] {
    return this.parts.io?.connections() ?? [];
  }

  /**
   * Resolves once every source and sink has connected (they connect in the background after
   * `start`); rejects with `E_IO_START_FAILED` when one failed for good first (the app is then
   * shut down).
   */
  whenConnected(): Promise<void> {
    return this.parts.io?.whenConnected() ?? Promise.resolve();
  }

  /**
   * Resolves once the buffers of `@Async` streams are empty (every event sent so far has been
   * processed) and no sink is connecting or publishing; at once for apps without them.
   */
  async idle(): Promise<void> {
    const buffers = this.#asyncJunctions();
    while (buffers.some((b) => b.buffered > 0)) {
      await Promise.all(buffers.map((b) => b.whenIdle()));
    }
    // Sinks still connecting or publishing (a WAIT retry asleep until its timer aside).
    await this.parts.io?.whenIdle();
  }

  #asyncJunctions(): AsyncStreamJunction[] {
    const out: AsyncStreamJunction[] = [];
    for (const stream of this.parts.streams.values()) {
      if (stream.junction instanceof AsyncStreamJunction) out.push(stream.junction);
    }
    return out;
  }

  #checkNotShutDown(): void {
    if (this.#state === 'shut down') {
      throw new TributaryError('E_APP_SHUT_DOWN', runtimeMessages.E_APP_SHUT_DOWN(this.name));
    }
  }

  /** Stops everything and cancels every pending timer of the app. Idempotent. */
  shutdown(): Promise<void> {
    if (this.#state !== 'shut down') {
      const wasRunning = this.#state === 'running';
      // What @Async streams still buffer is processed before the app stops.
      const buffers = wasRunning ? this.#asyncJunctions() : [];
      while (buffers.some((b) => b.buffered > 0)) for (const b of buffers) b.flush();
      this.#state = 'shut down';
      // Sources stop first; sinks publish what they hold, then disconnect. The synchronous
      // part runs before the app's timers are cancelled below.
      if (wasRunning && this.parts.io !== undefined) this.#ioStopped = this.parts.io.stop();
      this.#persistence?.stop();
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
      // External stores release their connections once processing has stopped.
      for (const table of this.parts.tables?.values() ?? []) {
        const closed = table.close?.();
        if (closed !== undefined) this.#tablesClosed.push(closed);
      }
    }
    // Saves already started still complete; sinks finish publishing.
    return Promise.all([this.#persistence?.settled(), this.#ioStopped, ...this.#tablesClosed]).then(
      () => undefined,
    );
  }

  /** Timers of the app still pending (0 after shutdown). */
  get pendingTimers(): number {
    return this.parts.scheduler.pendingCount;
  }
}
