// The sources and sinks of one app: started sinks first (so nothing a source sends is lost),
// stopped sources first (then sinks drain and disconnect); pause/resume of the sources for the
// app and for sink back-pressure; the error store's replay targets.

import { ioMessages, runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { InputHandler } from '../stream/input-handler.js';
import type { IoConnectionHealth } from './connection-keeper.js';
import { ErrorReplayer } from './error-replayer.js';
import type { IoEnvironment, IoHost } from './io-environment.js';
import type { SinkRuntime } from './sink-runtime.js';
import type { SourceRuntime } from './source-runtime.js';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One source, or one destination of a sink, with its connection's state. */
export interface IoConnection extends IoConnectionHealth {
  readonly kind: 'source' | 'sink';
  readonly stream: string;
  /** The `type` as written in the app (`kafka`, `http`…). */
  readonly type: string;
  /** Position among the stream's `@source` (or `@sink`) annotations. */
  readonly index: number;
  /** Sinks: position among the `@destination`s (0 without `@distribution`). */
  readonly destination?: number;
}

/**
 * An app's io.
 * @example
 * const io = new IoRuntime(env);
 * io.addSink(sink); io.addSource(source);
 * io.start(host);
 * io.pause(); io.resume();
 * await io.stop();
 */
export class IoRuntime {
  readonly #sources: SourceRuntime[] = [];
  readonly #sinks: SinkRuntime[] = [];
  #host: IoHost | undefined;
  #userPaused = false;
  #pressure = 0;
  #sourcesPaused = false;
  #failure: unknown;
  readonly #failureWaiters: ((error: unknown) => void)[] = [];
  /** Inspects and replays the app's error-store entries. */
  readonly errors: ErrorReplayer;

  constructor(readonly env: IoEnvironment) {
    this.errors = new ErrorReplayer({
      appName: env.appName,
      store: env.errorStore,
      source: (streamId, index) =>
        this.#sources.find((s) => s.streamId === streamId && s.index === index),
      sink: (streamId, index) =>
        this.#sinks.find((s) => s.streamId === streamId && s.index === index),
      input: (streamId) => this.#input(streamId),
    });
  }

  get sources(): readonly SourceRuntime[] {
    return this.#sources;
  }

  get sinks(): readonly SinkRuntime[] {
    return this.#sinks;
  }

  /**
   * Every source and sink destination with its connection's state, sources first.
   * @example
   * io.connections() // [{ kind: 'source', stream: 'S', type: 'http', index: 0, state: 'connected', retries: 0 }]
   */
  connections(): IoConnection[] {
    const out: IoConnection[] = this.#sources.map((s) => ({
      kind: 'source',
      stream: s.streamId,
      type: s.type,
      index: s.index,
      ...s.keeper.health(),
    }));
    for (const sink of this.#sinks) {
      sink.destinations.forEach((d, destination) => {
        out.push({
          kind: 'sink',
          stream: sink.streamId,
          type: sink.type,
          index: sink.index,
          destination,
          ...d.health(),
        });
      });
    }
    return out;
  }

  /** True when the app has no sources and no sinks. */
  get empty(): boolean {
    return this.#sources.length === 0 && this.#sinks.length === 0;
  }

  addSource(source: SourceRuntime): void {
    this.#sources.push(source);
  }

  addSink(sink: SinkRuntime): void {
    this.#sinks.push(sink);
  }

  /** For sinks: pause (true) or resume (false) the sources, counted per caller. */
  readonly backpressure = (on: boolean): void => {
    this.#pressure = Math.max(0, this.#pressure + (on ? 1 : -1));
    this.#applyPause();
  };

  /** Sinks first (connecting in the background, queueing meanwhile), then sources. */
  start(host: IoHost): void {
    this.#host = {
      input: (streamId) => host.input(streamId),
      fail: (error) => {
        this.#fail(error, host);
      },
    };
    for (const sink of this.#sinks) sink.start(this.#host);
    for (const source of this.#sources) source.start(this.#host);
    this.#applyPause();
  }

  /** Pauses the sources (`AppRuntime.pause`). */
  pause(): void {
    this.#userPaused = true;
    this.#applyPause();
  }

  resume(): void {
    this.#userPaused = false;
    this.#applyPause();
  }

  /** True while the sources are paused (by the app or by back-pressure). */
  get paused(): boolean {
    return this.#sourcesPaused;
  }

  /**
   * Stops the sources (no more events), lets the sinks publish what they hold where they can,
   * then disconnects them. The synchronous part runs before the app cancels its timers.
   */
  stop(): Promise<void> {
    const sources = this.#sources.map((s) => s.stop());
    const sinks = this.#sinks.map((s) => s.stop());
    return Promise.all([...sources, ...sinks]).then(() => undefined);
  }

  /** Resolves once no sink is publishing or connecting right now. */
  whenIdle(): Promise<void> {
    return Promise.all(this.#sinks.map((s) => s.whenIdle())).then(() => undefined);
  }

  /**
   * Resolves once every source and sink destination has connected; rejects when one failed
   * for good before connecting (the app's start failed).
   */
  whenConnected(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failureError(this.#failure));
    const keepers = [
      ...this.#sources.map((s) => s.keeper),
      ...this.#sinks.flatMap((s) => s.destinations.map((d) => d.keeper)),
    ];
    const failed = new Promise<never>((_, reject) => {
      this.#failureWaiters.push((error) => {
        reject(this.#failureError(error));
      });
    });
    const connected = Promise.all(keepers.map((k) => k.whenConnected())).then(() => undefined);
    return Promise.race([connected, failed]);
  }

  #input(streamId: string): InputHandler {
    const host = this.#host;
    if (host === undefined) {
      throw new TributaryError(
        'E_APP_NOT_RUNNING',
        runtimeMessages.E_APP_NOT_RUNNING(this.env.appName, streamId),
      );
    }
    return host.input(streamId);
  }

  #fail(error: unknown, host: IoHost): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    for (const wake of this.#failureWaiters.splice(0)) wake(error);
    host.fail(this.#failureError(error));
  }

  #failureError(error: unknown): TributaryError {
    return new TributaryError(
      'E_IO_START_FAILED',
      ioMessages.E_IO_START_FAILED(this.env.appName, describe(error)),
      false,
      { cause: error },
    );
  }

  #applyPause(): void {
    const pause = this.#userPaused || this.#pressure > 0;
    if (pause === this.#sourcesPaused || this.#host === undefined) return;
    this.#sourcesPaused = pause;
    for (const source of this.#sources) {
      if (pause) source.pause();
      else source.resume();
    }
  }
}
