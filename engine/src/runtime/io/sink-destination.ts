// One connection of a sink (one per `@destination`): an ordered queue of mapped payloads,
// published as soon as the connection is up — one at a time, or what queued as one batch when
// the connection has `publishBatch`. A `ConnectionUnavailableError` marks it down and gets one
// inline reconnect + publish (as Siddhi); then `on.error` decides: WAIT keeps the payloads at
// the head and retries every 5 s (the queue behind them waits, sources are paused);
// LOG/STREAM/STORE reconnect in the background and hand the payloads to the sink's router.
import { ioMessages } from '../../errors/messages.js';
import {
  ConnectionUnavailableError,
  type DynamicOptions,
  type IoEvent,
  type SinkConnection,
} from '../../extension-api/io-contracts.js';
import type { CancelTimer } from '../time/time-service.js';
import { Backoff } from './backoff.js';
import { ConnectionKeeper, invoke, type IoConnectionHealth } from './connection-keeper.js';
import { Fifo } from './fifo.js';
import type { IoEnvironment } from './io-environment.js';

/** Siddhi's `on.error` actions of a sink. */
export type SinkOnError = 'LOG' | 'WAIT' | 'STREAM' | 'STORE';

/** One payload waiting to be published. */
export interface PendingPublish {
  readonly payload: unknown;
  readonly options: DynamicOptions;
  readonly event: IoEvent;
  /** Called once the payload was published or handled by `on.error`. */
  readonly done: () => void;
}

/** What a destination is built from. */
export interface SinkDestinationParts {
  readonly env: IoEnvironment;
  /** Named in logs. */
  readonly what: string;
  readonly connection: SinkConnection;
  readonly onError: SinkOnError;
  /** LOG/STREAM/STORE handling of a payload that could not be published. */
  readonly route: (item: PendingPublish, error: unknown) => Promise<void>;
  /** Tells the app to pause (true) or resume (false) its sources. */
  readonly backpressure: (on: boolean) => void;
  /** A connect error other than `ConnectionUnavailableError` before ever connecting. */
  readonly fatal: (error: unknown) => void;
  /** WAIT: ms between retries (Siddhi: 5 s). */
  readonly waitRetryMs?: number;
}

/** Siddhi retries a waiting sink every 5 s and warns every 12 tries (a minute). */
const WAIT_RETRY_MS = 5_000;
const WAIT_WARN_EVERY = 12;
/** Pipelined publishes in flight before the queue waits for acknowledgements. */
const MAX_IN_FLIGHT = 1_024;
/** The same, in payloads, for a connection publishing batches (a few requests' worth). */
const MAX_IN_FLIGHT_BATCHED = 16_384;
/** Payloads handed to one `publishBatch` at most. */
const MAX_BATCH = 1_024;
/**
 * Queued payloads above which the sources are paused, and at or below which they resume: the
 * gap keeps a sink working at its limit from pausing and resuming them on every publish.
 */
const HIGH_WATER = 10_000;
const LOW_WATER = 2_500;

const NO_TRANSPORT = Object.freeze({});

/** Publishes handed over to the asynchronous path: what they threw, or what they returned. */
type Outcome =
  | { readonly items: readonly PendingPublish[]; readonly thrown: unknown }
  | { readonly items: readonly PendingPublish[]; readonly result: unknown };

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function doneAll(items: readonly PendingPublish[]): void {
  for (const item of items) item.done();
}

/**
 * A sink destination.
 * @example
 * const destination = new SinkDestination(parts);
 * destination.start();
 * destination.enqueue({ payload, options, event, done });
 * destination.flush();
 * await destination.stop();
 */
export class SinkDestination {
  readonly keeper: ConnectionKeeper;
  readonly #queue = new Fifo<PendingPublish>();
  /** The connection publishes batches: payloads wait for `flush` (the end of a chunk). */
  readonly #batching: boolean;
  readonly #maxInFlight: number;
  #draining = false;
  #inFlight = 0;
  readonly #listeners: (() => void)[] = [];
  readonly #inFlightWaiters: (() => void)[] = [];
  #stopping = false;
  /** Sources paused: by a WAIT retry, or by a backlog above the high-water mark. */
  #holding = false;
  #backlogged = false;
  #pressing = false;
  #sleeper: { cancel: CancelTimer; wake: (running: boolean) => void } | undefined;

  constructor(private readonly parts: SinkDestinationParts) {
    const env = parts.env;
    this.#batching = typeof parts.connection.publishBatch === 'function';
    this.#maxInFlight = this.#batching ? MAX_IN_FLIGHT_BATCHED : MAX_IN_FLIGHT;
    this.keeper = new ConnectionKeeper({
      what: parts.what,
      connect: () => parts.connection.connect(),
      disconnect: () => parts.connection.disconnect(),
      clock: env.clock,
      scheduler: env.scheduler,
      logger: env.logger,
      backoff: new Backoff(env.backoff),
      onConnected: () => {
        this.#kick();
      },
      onFatal: (error, everConnected) => {
        if (!everConnected) parts.fatal(error);
        this.#kick();
      },
    });
  }

  get connected(): boolean {
    return this.keeper.connected;
  }

  /** The connection's state; a WAIT retry asleep counts as waiting. */
  health(): IoConnectionHealth {
    const health = this.keeper.health();
    return this.#sleeper !== undefined && health.state === 'disconnected'
      ? { ...health, state: 'waiting' }
      : health;
  }

  /** The plugin's connection. */
  get connection(): SinkConnection {
    return this.parts.connection;
  }

  /** Payloads waiting (not yet handed to `publish`). */
  get queued(): number {
    return this.#queue.length;
  }

  start(): void {
    this.keeper.start();
  }

  /**
   * Queues a payload. It is published at once when the queue is empty and connected, or, for
   * a connection that publishes batches, at the next `flush`.
   */
  enqueue(item: PendingPublish): void {
    this.#queue.push(item);
    if (!this.#backlogged && this.#queue.length > HIGH_WATER) this.#pressure();
    if (!this.#batching) this.#kick();
  }

  /** Publishes what was queued (for a batching connection, as one batch). */
  flush(): void {
    if (this.#batching && this.#queue.length > 0) this.#kick();
  }

  /**
   * Publishes a payload now, outside the queue (error-store replay): connects first if needed;
   * rejects when it cannot be published.
   */
  async publishNow(payload: unknown, options: DynamicOptions, event?: IoEvent): Promise<void> {
    if (!(await this.keeper.connectNow())) {
      throw new ConnectionUnavailableError(ioMessages.E_SINK_UNAVAILABLE(this.parts.what));
    }
    try {
      await invoke(() => this.#publish(payload, options, event));
    } catch (error) {
      if (error instanceof ConnectionUnavailableError) this.keeper.lost(error);
      throw error;
    }
  }

  /**
   * Resolves once nothing is being published or connected right now; a WAIT retry sleeping
   * until its timer counts as idle (time has to move for it).
   */
  async whenIdle(): Promise<void> {
    while ((this.#draining && this.#sleeper === undefined) || this.#inFlight > 0) {
      await new Promise<void>((resolve) => this.#listeners.push(resolve));
    }
  }

  /** Publishes what can still be published, drops (and logs) the rest, then disconnects. */
  stop(): Promise<void> {
    // Synchronous part first: a WAIT retry asleep on the app's scheduler wakes up now, before
    // the app cancels its timers.
    this.#stopping = true;
    this.#sleeper?.wake(false);
    this.parts.connection.stopping?.();
    return this.#finishStop();
  }

  async #finishStop(): Promise<void> {
    this.flush();
    await this.whenIdle();
    const left = this.#queue.drain();
    if (left.length > 0) {
      this.parts.env.logger.log(
        'error',
        ioMessages.E_SINK_SHUTDOWN_DROPPED(this.parts.what, left.length),
      );
      doneAll(left);
    }
    this.#holding = false;
    this.#pressure();
    await this.keeper.stop();
  }

  #notify(): void {
    for (const wake of this.#listeners.splice(0)) wake();
  }

  #publish(payload: unknown, options: DynamicOptions, event?: IoEvent): Promise<void> | void {
    return this.parts.connection.publish(payload, options, NO_TRANSPORT, event);
  }

  /** Publishes payloads taken from the queue: one batch, or one payload. */
  #publishItems(items: readonly PendingPublish[]): Promise<void> | void {
    const connection = this.parts.connection;
    if (connection.publishBatch !== undefined) return connection.publishBatch(items);
    const item = items[0];
    if (item === undefined) return undefined;
    return connection.publish(item.payload, item.options, NO_TRANSPORT, item.event);
  }

  /** The next payloads to publish: a batch for a batching connection, else one. */
  #take(): PendingPublish[] {
    return this.#queue.take(this.#batching ? MAX_BATCH : 1);
  }

  /**
   * Publishes what is queued. While connected and publishes return synchronously this stays
   * synchronous and makes no promise (the hot path of log/inMemory-like sinks); the first
   * asynchronous or failed publish hands over to `#drain`, which keeps order.
   */
  #kick(): void {
    if (this.#draining) return;
    const queue = this.#queue;
    while (queue.length > 0 && this.keeper.connected) {
      const items = this.#take();
      let result: unknown;
      try {
        result = this.#publishItems(items);
      } catch (error) {
        this.#startDrain({ items, thrown: error });
        return;
      }
      if (isPromiseLike(result)) {
        this.#startDrain({ items, result });
        return;
      }
      doneAll(items);
    }
    if (queue.length > 0) this.#startDrain(undefined);
    else this.#pressure();
  }

  #startDrain(carried: Outcome | undefined): void {
    this.#drain(carried).catch((error: unknown) => {
      this.parts.env.logger.log(
        'error',
        ioMessages.E_SINK_DROPPED(this.parts.what, describe(error)),
        error,
      );
    });
  }

  /** The asynchronous path: waits for connections, acknowledgements and WAIT retries. */
  async #drain(carried: Outcome | undefined): Promise<void> {
    this.#draining = true;
    try {
      if (carried !== undefined) await this.#settle(carried);
      while (this.#queue.length > 0) {
        const keeper = this.keeper;
        if (!keeper.connected) {
          if (keeper.state === 'connecting' || keeper.state === 'idle') {
            await keeper.settled();
            if (keeper.state === 'idle') return;
            continue;
          }
          if (this.#stopping) return;
          if (this.parts.onError === 'WAIT' && keeper.state === 'disconnected') {
            if (!(await this.#waitForHead())) return;
            continue;
          }
          const items = this.#take();
          keeper.retryInBackground();
          await this.#handOver(
            items,
            new ConnectionUnavailableError(ioMessages.E_SINK_UNAVAILABLE(this.parts.what)),
          );
          continue;
        }
        const items = this.#take();
        if (this.#backlogged) this.#pressure();
        let outcome: Outcome;
        try {
          outcome = { items, result: this.#publishItems(items) };
        } catch (error) {
          outcome = { items, thrown: error };
        }
        // Only a wait (an acknowledgement under WAIT, a failure, a full pipeline) costs a turn.
        const waiting = this.#settle(outcome);
        if (waiting !== undefined) await waiting;
      }
      this.#pressure();
    } finally {
      this.#draining = false;
      this.#notify();
    }
  }

  /**
   * Finishes a publish: acknowledged, failed (→ `#failed`), or pipelined while in flight.
   * Returns a promise only when the drain has to wait.
   */
  #settle(outcome: Outcome): Promise<void> | undefined {
    const items = outcome.items;
    if ('thrown' in outcome) return this.#failed(items, outcome.thrown);
    const result = outcome.result;
    if (!isPromiseLike(result)) {
      doneAll(items);
      return undefined;
    }
    if (this.parts.onError === 'WAIT') {
      // Strict order: the next payloads wait for this acknowledgement.
      return Promise.resolve(result).then(
        () => {
          doneAll(items);
        },
        (error: unknown) => this.#failed(items, error),
      );
    }
    this.#inFlight += items.length;
    result.then(
      () => {
        this.#landed(items.length);
        doneAll(items);
      },
      (error: unknown) => {
        void this.#failed(items, error).finally(() => {
          this.#landed(items.length);
        });
      },
    );
    if (this.#inFlight < this.#maxInFlight) return undefined;
    return new Promise<void>((resolve) => this.#inFlightWaiters.push(resolve));
  }

  #landed(count: number): void {
    this.#inFlight -= count;
    if (this.#inFlight < this.#maxInFlight) {
      for (const wake of this.#inFlightWaiters.splice(0)) wake();
    }
    this.#notify();
  }

  /**
   * Publishes failed: one inline reconnect + publish for a lost connection, then `on.error`
   * (WAIT puts them back at the head of the queue).
   */
  async #failed(items: readonly PendingPublish[], error: unknown): Promise<void> {
    const waiting = this.parts.onError === 'WAIT';
    if (!(error instanceof ConnectionUnavailableError)) {
      // WAIT applies to connection errors only; other errors are logged and the events dropped.
      if (waiting) {
        this.#drop(items, error);
        return;
      }
      await this.#handOver(items, error);
      return;
    }
    this.keeper.markLost(error);
    const reconnected = await this.keeper.connectNow();
    if (reconnected) {
      try {
        await invoke(() => this.#publishItems(items));
        doneAll(items);
        return;
      } catch (again) {
        if (again instanceof ConnectionUnavailableError) this.keeper.markLost(again);
        else if (!waiting) {
          await this.#handOver(items, again);
          return;
        } else {
          this.#drop(items, again);
          return;
        }
      }
    }
    if (waiting && !this.#stopping) {
      this.#queue.unshiftAll(items);
      this.#kick();
      return;
    }
    // The server took the connection but not the payload: try again at once in the
    // background; a refused connection waits for the backoff.
    if (reconnected) this.keeper.reconnect();
    else this.keeper.retryInBackground();
    await this.#handOver(items, error);
  }

  /** LOG/STREAM/STORE: each payload goes to the sink's router, in order. */
  async #handOver(items: readonly PendingPublish[], error: unknown): Promise<void> {
    for (const item of items) {
      try {
        await this.parts.route(item, error);
      } finally {
        item.done();
      }
    }
  }

  #drop(items: readonly PendingPublish[], error: unknown): void {
    this.parts.env.logger.log(
      'error',
      ioMessages.E_SINK_DROPPED(this.parts.what, describe(error)),
      error,
    );
    doneAll(items);
  }

  /**
   * WAIT: the head payloads are retried every 5 s (connect + publish) until they are published
   * or the app shuts down; false when stopping. The sources are paused meanwhile.
   */
  async #waitForHead(): Promise<boolean> {
    this.#holding = true;
    this.#pressure();
    try {
      return await this.#retryHead();
    } finally {
      this.#holding = false;
      this.#pressure();
    }
  }

  async #retryHead(): Promise<boolean> {
    const retryMs = this.parts.waitRetryMs ?? WAIT_RETRY_MS;
    let tries = 0;
    let lastError: unknown = new ConnectionUnavailableError(
      ioMessages.E_SINK_UNAVAILABLE(this.parts.what),
    );
    for (;;) {
      if (!(await this.#sleep(retryMs))) return false;
      tries += 1;
      const head = this.#queue.peekMany(this.#batching ? MAX_BATCH : 1);
      if (head.length === 0) return true;
      if (await this.keeper.connectNow()) {
        try {
          await invoke(() => this.#publishItems(head));
          this.#queue.take(head.length);
          doneAll(head);
          return true;
        } catch (error) {
          lastError = error;
          if (error instanceof ConnectionUnavailableError) this.keeper.markLost(error);
          else {
            this.#queue.take(head.length);
            this.#drop(head, error);
            return true;
          }
        }
      }
      if (tries % WAIT_WARN_EVERY === 0) {
        this.parts.env.logger.log(
          'warn',
          ioMessages.W_SINK_WAITING(this.parts.what, tries, describe(lastError)),
          lastError,
        );
      }
    }
  }

  /** Waits `ms` of app time; false when woken by `stop`. */
  #sleep(ms: number): Promise<boolean> {
    if (this.#stopping) return Promise.resolve(false);
    const env = this.parts.env;
    return new Promise<boolean>((resolve) => {
      const wake = (running: boolean): void => {
        this.#sleeper = undefined;
        cancel();
        resolve(running);
      };
      const cancel = env.scheduler.schedule(env.clock.now() + ms, () => {
        wake(true);
      });
      this.#sleeper = { cancel, wake };
      this.#notify();
    });
  }

  /**
   * Pauses the app's sources while a WAIT retry holds them or the backlog is above the
   * high-water mark, and resumes them once neither holds (the backlog at the low-water mark).
   */
  #pressure(): void {
    const queued = this.#queue.length;
    if (this.#backlogged ? queued <= LOW_WATER : queued > HIGH_WATER) {
      this.#backlogged = !this.#backlogged;
    }
    const on = this.#holding || this.#backlogged;
    if (this.#pressing === on) return;
    this.#pressing = on;
    this.parts.backpressure(on);
  }
}
