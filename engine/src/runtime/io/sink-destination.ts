// One connection of a sink (one per `@destination`): an ordered queue of mapped payloads,
// published as soon as the connection is up. A `ConnectionUnavailableError` marks it down and
// gets one inline reconnect + publish (as Siddhi); then `on.error` decides: WAIT keeps the
// payload at the head and retries every 5 s (the queue behind it waits, sources are paused);
// LOG/STREAM/STORE reconnect in the background and hand the payload to the sink's router.

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
/** Pipelined publishes in flight before the queue waits (and the sources are paused). */
const MAX_IN_FLIGHT = 1_024;
/** Queued payloads above which the sources are paused. */
const HIGH_WATER = 10_000;

const NO_TRANSPORT = Object.freeze({});

/** A publish handed over to the asynchronous path: what it threw, or what it returned. */
type Outcome =
  | { readonly item: PendingPublish; readonly thrown: unknown }
  | { readonly item: PendingPublish; readonly result: unknown };

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

/**
 * A sink destination.
 * @example
 * const destination = new SinkDestination(parts);
 * destination.start();
 * destination.enqueue({ payload, options, event, done });
 * await destination.stop();
 */
export class SinkDestination {
  readonly keeper: ConnectionKeeper;
  readonly #queue = new Fifo<PendingPublish>();
  #draining = false;
  #inFlight = 0;
  readonly #listeners: (() => void)[] = [];
  readonly #inFlightWaiters: (() => void)[] = [];
  #stopping = false;
  #pressing = false;
  #sleeper: { cancel: CancelTimer; wake: (running: boolean) => void } | undefined;

  constructor(private readonly parts: SinkDestinationParts) {
    const env = parts.env;
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

  /** Queues a payload; it is published at once when the queue is empty and connected. */
  enqueue(item: PendingPublish): void {
    this.#queue.push(item);
    if (this.#queue.length > HIGH_WATER) this.#press(true);
    this.#kick();
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
    await this.whenIdle();
    const left = this.#queue.drain();
    if (left.length > 0) {
      this.parts.env.logger.log(
        'error',
        ioMessages.E_SINK_SHUTDOWN_DROPPED(this.parts.what, left.length),
      );
      for (const item of left) item.done();
    }
    this.#press(false);
    await this.keeper.stop();
  }

  #notify(): void {
    for (const wake of this.#listeners.splice(0)) wake();
  }

  #publish(payload: unknown, options: DynamicOptions, event?: IoEvent): Promise<void> | void {
    return this.parts.connection.publish(payload, options, NO_TRANSPORT, event);
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
      const item = queue.shift();
      if (item === undefined) break;
      let result: unknown;
      try {
        result = this.#publish(item.payload, item.options, item.event);
      } catch (error) {
        this.#startDrain({ item, thrown: error });
        return;
      }
      if (isPromiseLike(result)) {
        this.#startDrain({ item, result });
        return;
      }
      item.done();
    }
    if (queue.length > 0) this.#startDrain(undefined);
    else this.#press(false);
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
          const item = this.#queue.shift();
          if (item === undefined) break;
          keeper.retryInBackground();
          await this.#handOver(
            item,
            new ConnectionUnavailableError(ioMessages.E_SINK_UNAVAILABLE(this.parts.what)),
          );
          continue;
        }
        const item = this.#queue.shift();
        if (item === undefined) break;
        try {
          await this.#settle({
            item,
            result: this.#publish(item.payload, item.options, item.event),
          });
        } catch (error) {
          await this.#settle({ item, thrown: error });
        }
      }
      if (this.#queue.length === 0) this.#press(false);
    } finally {
      this.#draining = false;
      this.#notify();
    }
  }

  /** Finishes one publish: acknowledged, failed (→ `#failed`), or pipelined while in flight. */
  async #settle(outcome: Outcome): Promise<void> {
    const item = outcome.item;
    if ('thrown' in outcome) {
      await this.#failed(item, outcome.thrown);
      return;
    }
    const result = outcome.result;
    if (!isPromiseLike(result)) {
      item.done();
      return;
    }
    if (this.parts.onError === 'WAIT') {
      // Strict order: the next payload waits for this one's acknowledgement.
      try {
        await result;
        item.done();
      } catch (error) {
        await this.#failed(item, error);
      }
      return;
    }
    this.#inFlight += 1;
    result.then(
      () => {
        this.#landed();
        item.done();
      },
      (error: unknown) => {
        void this.#failed(item, error).finally(() => {
          this.#landed();
        });
      },
    );
    if (this.#inFlight >= MAX_IN_FLIGHT) {
      this.#press(true);
      await new Promise<void>((r) => this.#inFlightWaiters.push(r));
    }
  }

  #landed(): void {
    this.#inFlight -= 1;
    if (this.#inFlight < MAX_IN_FLIGHT) {
      for (const wake of this.#inFlightWaiters.splice(0)) wake();
    }
    this.#notify();
  }

  /** A publish failed: one inline reconnect + publish for a lost connection, then `on.error`. */
  async #failed(item: PendingPublish, error: unknown): Promise<void> {
    const waiting = this.parts.onError === 'WAIT';
    if (!(error instanceof ConnectionUnavailableError)) {
      // WAIT applies to connection errors only; other errors are logged and the event dropped.
      if (waiting) {
        this.#drop(item, error);
        return;
      }
      await this.#handOver(item, error);
      return;
    }
    this.keeper.markLost(error);
    const reconnected = await this.keeper.connectNow();
    if (reconnected) {
      try {
        await invoke(() => this.#publish(item.payload, item.options, item.event));
        item.done();
        return;
      } catch (again) {
        if (again instanceof ConnectionUnavailableError) this.keeper.markLost(again);
        else if (!waiting) {
          await this.#handOver(item, again);
          return;
        } else {
          this.#drop(item, again);
          return;
        }
      }
    }
    if (waiting && !this.#stopping) {
      this.#queue.unshift(item);
      this.#kick();
      return;
    }
    // The server took the connection but not the payload: try again at once in the
    // background; a refused connection waits for the backoff.
    if (reconnected) this.keeper.reconnect();
    else this.keeper.retryInBackground();
    await this.#handOver(item, error);
  }

  async #handOver(item: PendingPublish, error: unknown): Promise<void> {
    try {
      await this.parts.route(item, error);
    } finally {
      item.done();
    }
  }

  #drop(item: PendingPublish, error: unknown): void {
    this.parts.env.logger.log(
      'error',
      ioMessages.E_SINK_DROPPED(this.parts.what, describe(error)),
      error,
    );
    item.done();
  }

  /**
   * WAIT: the head payload is retried every 5 s (connect + publish) until it is published or
   * the app shuts down; false when stopping.
   */
  async #waitForHead(): Promise<boolean> {
    this.#press(true);
    const retryMs = this.parts.waitRetryMs ?? WAIT_RETRY_MS;
    let tries = 0;
    let lastError: unknown = new ConnectionUnavailableError(
      ioMessages.E_SINK_UNAVAILABLE(this.parts.what),
    );
    for (;;) {
      if (!(await this.#sleep(retryMs))) return false;
      tries += 1;
      const head = this.#queue.peek();
      if (head === undefined) return true;
      if (await this.keeper.connectNow()) {
        try {
          await invoke(() => this.#publish(head.payload, head.options, head.event));
          this.#queue.shift();
          head.done();
          return true;
        } catch (error) {
          lastError = error;
          if (error instanceof ConnectionUnavailableError) this.keeper.markLost(error);
          else {
            this.#queue.shift();
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

  #press(on: boolean): void {
    if (this.#pressing === on) return;
    this.#pressing = on;
    this.parts.backpressure(on);
  }
}
