// A client of the EventService (one gRPC channel): unary `process` and `consume` calls with
// optional call metadata and cancellation, failures as `EventServiceCallError` with the gRPC
// status. Used by the `grpc`/`grpc-call` sinks and by the MI bridge.

import {
  Client,
  connectivityState,
  Metadata,
  status as grpcStatus,
  type ChannelCredentials,
  type ChannelOptions,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  eventServiceDefinition,
  toGrpcEvent,
  type EventServiceDefinition,
  type EventServiceMethod,
  type GrpcEvent,
} from './event-service.js';

/**
 * A failed call: the gRPC status code, its name and the server's details.
 * @example
 * if (error instanceof EventServiceCallError && error.unavailable) reconnect();
 */
export class EventServiceCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    readonly address: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `${grpcStatusName(code)} from ${address}${details === '' ? '' : `: ${details}`}`,
      options,
    );
    this.name = 'EventServiceCallError';
  }

  /** The server could not be reached (or went away): worth reconnecting and retrying. */
  get unavailable(): boolean {
    return this.code === (grpcStatus.UNAVAILABLE as number);
  }
}

const STATUS_NAMES = new Map<number, string>(
  Object.entries(grpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

/**
 * The name of a gRPC status code (`UNAVAILABLE`).
 * @example
 * grpcStatusName(14); // 'UNAVAILABLE'
 */
export function grpcStatusName(code: number): string {
  return STATUS_NAMES.get(code) ?? `status ${String(code)}`;
}

/** Per-call settings. */
export interface EventServiceCallOptions {
  /** Sent as gRPC call metadata (Siddhi's `metadata` option). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Aborting cancels the call (it then fails with CANCELLED). */
  readonly signal?: AbortSignal;
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

/**
 * One channel to an EventService server.
 * @example
 * const client = new EventServiceClient('localhost:8888', credentials.createInsecure());
 * await client.waitForReady(5_000);
 * const reply = await client.call('process', { payload: '{}', headers: { 'Content-Type': 'json' } });
 * await client.close();
 */
export class EventServiceClient {
  readonly #client: Client;
  #inFlight = 0;
  readonly #idle: (() => void)[] = [];

  constructor(
    readonly address: string,
    credentials: ChannelCredentials,
    options: ChannelOptions = {},
    /** The service name called (default the wire name MI and SI serve). */
    private readonly service: EventServiceDefinition = eventServiceDefinition,
  ) {
    this.#client = new Client(address, credentials, options);
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Connects the channel: resolves once it is ready; rejects at the first failed attempt (a
   * refused connection fails at once rather than after the grpc-js retries) or after
   * `timeoutMs`.
   */
  connect(timeoutMs: number): Promise<void> {
    const channel = this.#client.getChannel();
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const state = channel.getConnectivityState(true);
        if (state === connectivityState.READY) {
          resolve();
          return;
        }
        if (state === connectivityState.TRANSIENT_FAILURE || state === connectivityState.SHUTDOWN) {
          reject(new Error(`cannot connect to ${this.address}`));
          return;
        }
        channel.watchConnectivityState(state, deadline, (error) => {
          if (error === undefined) check();
          else reject(new Error(`no connection to ${this.address} within ${String(timeoutMs)} ms`));
        });
      };
      check();
    });
  }

  /** Sends one event; `process` resolves with the reply, `consume` with an empty event. */
  call(
    method: EventServiceMethod,
    event: GrpcEvent,
    options: EventServiceCallOptions = {},
  ): Promise<GrpcEvent> {
    const definition = this.service[method];
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
    const signal = options.signal;
    if (signal?.aborted === true) {
      return Promise.reject(
        new EventServiceCallError(grpcStatus.CANCELLED, 'cancelled before sending', this.address),
      );
    }
    this.#inFlight += 1;
    return new Promise<GrpcEvent>((resolve, reject) => {
      const call = this.#client.makeUnaryRequest<GrpcEvent, unknown>(
        definition.path,
        (value) => definition.requestSerialize(value),
        (bytes) => (method === 'process' ? definition.responseDeserialize(bytes) : {}),
        event,
        metadata,
        (error, response) => {
          signal?.removeEventListener('abort', cancel);
          this.#landed();
          if (error === null) {
            resolve(method === 'process' ? toGrpcEvent(response) : { payload: '', headers: {} });
          } else if (isServiceError(error)) {
            reject(new EventServiceCallError(error.code, error.details, this.address));
          } else {
            reject(new Error(String(error)));
          }
        },
      );
      const cancel = (): void => {
        call.cancel();
      };
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  #landed(): void {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
  }

  /**
   * Waits up to `graceMs` for calls in flight (Siddhi's `channel.termination.waiting.time`),
   * then closes the channel (calls still running are cancelled).
   */
  async close(graceMs = 0): Promise<void> {
    if (this.#inFlight > 0 && graceMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#idle.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.#client.close();
  }
}
