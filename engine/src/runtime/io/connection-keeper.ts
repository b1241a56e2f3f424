// Keeps one connector connected: the first attempt at start, then Siddhi's disconnect + backoff
// loop on `ConnectionUnavailableError`, for sources and sink destinations alike. Any other
// connect error is fatal for the connector (the app's start fails when it never connected).

import { ioMessages } from '../../errors/messages.js';
import { ConnectionUnavailableError } from '../../extension-api/io-contracts.js';
import type { Logger } from '../app/logger.js';
import type { CancelTimer, Clock, Scheduler } from '../time/time-service.js';
import type { Backoff } from './backoff.js';

/** Where a keeper stands. */
export type ConnectionState =
  'idle' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'stopped';

/**
 * How a connection is reported to hosts (`app.connections()`): `waiting` is disconnected with
 * a retry scheduled (the backoff, or a WAIT sink's retry); `disconnected` is not started,
 * stopped, or lost with no retry scheduled yet; `failed` gave up for good.
 */
export type IoConnectionState = 'connecting' | 'connected' | 'waiting' | 'disconnected' | 'failed';

/** A connection's state with its recent history. */
export interface IoConnectionHealth {
  readonly state: IoConnectionState;
  /** Connection attempts that failed since the last successful connect. */
  readonly retries: number;
  /** The message of the last connection error (kept after a reconnect), if there was one. */
  readonly lastError?: string;
}

/** What a keeper connects and whom it tells. */
export interface ConnectionKeeperOptions {
  /** Named in logs: `sink 'kafka' of stream 'S' in app 'A'`. */
  readonly what: string;
  readonly connect: () => Promise<void> | void;
  readonly disconnect: () => Promise<void> | void;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly backoff: Backoff;
  /** After every successful connect. */
  readonly onConnected?: () => void;
  /** A connect error other than `ConnectionUnavailableError`; `everConnected` tells when. */
  readonly onFatal: (error: unknown, everConnected: boolean) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Calls `fn`, turning a synchronous throw into a rejection.
 * @example
 * await invoke(() => connection.publish(payload, options, {}));
 */
export function invoke(fn: () => Promise<void> | void): Promise<void> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * The connection of one source or sink destination.
 * @example
 * const keeper = new ConnectionKeeper({ what, connect, disconnect, clock, scheduler, logger,
 *   backoff: new Backoff(), onFatal: (e) => failApp(e) });
 * keeper.start();            // connects now; on ConnectionUnavailableError retries with backoff
 * keeper.lost(error);        // at runtime: disconnect, then reconnect with backoff
 * await keeper.stop();
 */
export class ConnectionKeeper {
  #state: ConnectionState = 'idle';
  #attempt: Promise<boolean> | undefined;
  #timer: CancelTimer | undefined;
  #everConnected = false;
  #lastError: unknown;
  #failures = 0;
  /** Lost or never connected since the last connect: warnings are logged once per outage. */
  #outage = false;
  #warned = false;
  readonly #waiters: ((connected: boolean) => void)[] = [];

  constructor(private readonly options: ConnectionKeeperOptions) {}

  get state(): ConnectionState {
    return this.#state;
  }

  get connected(): boolean {
    return this.#state === 'connected';
  }

  /**
   * The state as hosts see it, with the failed attempts since the last connect.
   * @example
   * keeper.health() // { state: 'waiting', retries: 2, lastError: 'connection refused' }
   */
  health(): IoConnectionHealth {
    const lastError = this.#lastError === undefined ? undefined : describe(this.#lastError);
    return {
      state: this.#reportedState(),
      retries: this.#failures,
      ...(lastError === undefined ? {} : { lastError }),
    };
  }

  #reportedState(): IoConnectionState {
    switch (this.#state) {
      case 'connecting':
      case 'connected':
      case 'failed':
        return this.#state;
      case 'disconnected':
        return this.#timer === undefined ? 'disconnected' : 'waiting';
      case 'idle':
      case 'stopped':
        return 'disconnected';
    }
  }

  /** True while an attempt runs or a retry is scheduled. */
  get reconnecting(): boolean {
    return this.#attempt !== undefined || this.#timer !== undefined;
  }

  /** The first attempt; on `ConnectionUnavailableError` it goes on with backoff. */
  start(): void {
    if (this.#state !== 'idle') return;
    void this.connectNow().then((ok) => {
      if (!ok) this.retryInBackground();
    });
  }

  /**
   * One attempt now (joining one already running, cancelling a scheduled retry); true when
   * connected afterwards.
   */
  connectNow(): Promise<boolean> {
    if (this.#state === 'connected') return Promise.resolve(true);
    if (this.#state === 'stopped' || this.#state === 'failed') return Promise.resolve(false);
    if (this.#attempt !== undefined) return this.#attempt;
    this.#cancelTimer();
    this.#state = 'connecting';
    const attempt = invoke(this.options.connect).then(
      () => this.#succeeded(),
      (error: unknown) => this.#attemptFailed(error),
    );
    this.#attempt = attempt;
    return attempt;
  }

  /** Schedules the next attempt after the backoff delay (unless connected or already pending). */
  retryInBackground(): void {
    if (this.#state !== 'disconnected' || this.reconnecting) return;
    const delay = this.options.backoff.next();
    // One warning per outage; later retries are debug lines (a long outage would flood logs).
    this.#outage = true;
    this.options.logger.log(
      this.#warned ? 'debug' : 'warn',
      ioMessages.E_CONNECT_RETRY(this.options.what, describe(this.#lastError), delay),
      this.#lastError,
    );
    this.#warned = true;
    this.#timer = this.options.scheduler.schedule(this.options.clock.now() + delay, () => {
      this.#timer = undefined;
      void this.connectNow().then((ok) => {
        if (!ok) this.retryInBackground();
      });
    });
  }

  /**
   * Reconnects in the background: one attempt now (as Siddhi's `connectWithRetry`), then with
   * backoff while it fails.
   */
  reconnect(): void {
    if (this.#state !== 'disconnected' || this.reconnecting) return;
    void this.connectNow().then((ok) => {
      if (!ok) this.retryInBackground();
    });
  }

  /** The connection broke at runtime: disconnect now, reconnect with backoff. */
  lost(error: unknown): void {
    this.markLost(error);
    this.retryInBackground();
  }

  /** The connection broke (a publish failed): disconnect, without scheduling a retry. */
  markLost(error: unknown): void {
    if (this.#state !== 'connected') return;
    this.options.logger.log(
      'warn',
      ioMessages.E_CONNECTION_LOST(this.options.what, describe(error)),
      error,
    );
    this.#state = 'disconnected';
    this.#lastError = error;
    this.#outage = true;
    this.#warned = true;
    void this.#disconnect();
  }

  /** Resolves with the outcome of the attempt running now, or at once with the state. */
  settled(): Promise<boolean> {
    return this.#attempt ?? Promise.resolve(this.connected);
  }

  /** Resolves once connected (true), or false when stopped or failed first. */
  whenConnected(): Promise<boolean> {
    if (this.#state === 'connected') return Promise.resolve(true);
    if (this.#state === 'stopped' || this.#state === 'failed') return Promise.resolve(false);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Stops retrying and disconnects (when connected or connecting). */
  async stop(): Promise<void> {
    // A connection that failed for good has nothing to disconnect and stays reported as failed.
    if (this.#state === 'stopped' || this.#state === 'failed') return;
    const wasActive = this.#state === 'connected' || this.#state === 'connecting';
    this.#state = 'stopped';
    this.#cancelTimer();
    this.#wake(false);
    if (this.#attempt !== undefined) await this.#attempt;
    if (wasActive) await this.#disconnect();
  }

  #succeeded(): boolean {
    this.#attempt = undefined;
    if (this.#state === 'stopped') {
      void this.#disconnect();
      return false;
    }
    this.#state = 'connected';
    this.#everConnected = true;
    const failures = this.#failures;
    this.#failures = 0;
    this.options.backoff.reset();
    if (this.#outage) {
      // The one line saying the outage the warning announced is over.
      this.options.logger.log('info', ioMessages.I_RECONNECTED(this.options.what, failures));
    } else {
      this.options.logger.log('debug', ioMessages.I_CONNECTED(this.options.what));
    }
    this.#outage = false;
    this.#warned = false;
    this.options.onConnected?.();
    this.#wake(true);
    return true;
  }

  #attemptFailed(error: unknown): boolean {
    this.#attempt = undefined;
    if (this.#state === 'stopped') return false;
    this.#failures += 1;
    this.#lastError = error;
    if (error instanceof ConnectionUnavailableError) {
      this.#state = 'disconnected';
      void this.#disconnect();
      return false;
    }
    this.#state = 'failed';
    this.options.logger.log(
      'error',
      ioMessages.E_CONNECT_FAILED(this.options.what, describe(error)),
      error,
    );
    this.#wake(false);
    this.options.onFatal(error, this.#everConnected);
    return false;
  }

  #disconnect(): Promise<void> {
    return invoke(this.options.disconnect).catch((error: unknown) => {
      this.options.logger.log(
        'warn',
        ioMessages.E_DISCONNECT(this.options.what, describe(error)),
        error,
      );
    });
  }

  #cancelTimer(): void {
    this.#timer?.();
    this.#timer = undefined;
  }

  #wake(connected: boolean): void {
    for (const resolve of this.#waiters.splice(0)) resolve(connected);
  }
}
