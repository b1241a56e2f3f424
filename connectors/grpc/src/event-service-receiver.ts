// What the `grpc` and `grpc-service` sources share: the receiver url, joining the shared server,
// admission (`threadpool.size` calls at once, `threadpool.buffer.size` waiting, held while the
// source is paused) and the `trp:` values of a call (Event headers, then call metadata).

import { status as grpcStatus } from '@grpc/grpc-js';
import type { SourceContext } from '@tributary/engine/extension-api';
import type { EventServiceMethod, GrpcEvent } from './event-service.js';
import { serverOptions, type ServerParameterOptions } from './grpc-parameters.js';
import { GrpcCallFailure, type EventHandler, type GrpcServers } from './grpc-servers.js';
import { serverCredentials } from './grpc-tls.js';
import { eventServiceMethodOf, parseGrpcUrl, type GrpcUrl } from './grpc-url.js';

/** Handles one admitted call. */
export type AdmittedHandler = (
  event: GrpcEvent,
  metadata: Readonly<Record<string, string>>,
) => Promise<GrpcEvent | undefined>;

/**
 * One source's place on a shared server.
 * @example
 * const receiver = new EventServiceReceiver(ctx, servers, 'grpc', 'consume', handler);
 * await receiver.connect();
 */
export class EventServiceReceiver {
  readonly url: GrpcUrl;
  readonly where: string;
  readonly #method: EventServiceMethod;
  #leave: (() => Promise<void>) | undefined;
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  #paused = false;
  readonly #resumed: (() => void)[] = [];

  constructor(
    private readonly ctx: SourceContext<ServerParameterOptions>,
    private readonly servers: GrpcServers,
    kind: string,
    method: EventServiceMethod,
    private readonly handler: AdmittedHandler,
  ) {
    this.where = `source '${kind}' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    try {
      this.url = parseGrpcUrl(ctx.options['receiver.url']);
      this.#method = eventServiceMethodOf(this.url, method);
    } catch (error) {
      throw new Error(`${this.where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  async connect(): Promise<void> {
    if (this.#leave !== undefined) return;
    const options = this.ctx.options;
    const handler: EventHandler = (event, metadata) => this.#admit(event, metadata);
    this.#leave = await this.servers.join(
      this.url.host,
      this.url.port,
      this.#method,
      this.where,
      handler,
      {
        credentials: serverCredentials(options),
        credentialsKey: JSON.stringify([
          options['enable.ssl'],
          options['mutual.auth.enabled'],
          options['keystore.file'],
          options['truststore.file'],
        ]),
        options: serverOptions(options),
        shutdownWaitingSeconds: options['server.shutdown.waiting.time'],
      },
    );
  }

  async disconnect(): Promise<void> {
    const leave = this.#leave;
    this.#leave = undefined;
    this.resume();
    await leave?.();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const wake of this.#resumed.splice(0)) wake();
  }

  /**
   * The `trp:` values the mapper asks for: Event headers, call metadata over them, `extra`
   * (the message id) over both. A missing one fails the call, as in Siddhi.
   */
  transport(
    event: GrpcEvent,
    metadata: Readonly<Record<string, string>>,
    extra: Readonly<Record<string, string>> = {},
  ): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of this.ctx.requestedTransportProperties) {
      const value = extra[name] ?? metadata[name] ?? event.headers[name];
      if (value === undefined) {
        const message = `requested transport property '${name}' not present in received event`;
        this.ctx.logger.log('error', `${this.where}: dropping request. ${message}`);
        throw new GrpcCallFailure(grpcStatus.DATA_LOSS, message);
      }
      out[name] = value;
    }
    return out;
  }

  async #admit(
    event: GrpcEvent,
    metadata: Readonly<Record<string, string>>,
  ): Promise<GrpcEvent | undefined> {
    const { options } = this.ctx;
    if (this.#running >= options['threadpool.size']) {
      if (this.#waiting.length >= options['threadpool.buffer.size']) {
        throw new GrpcCallFailure(
          grpcStatus.RESOURCE_EXHAUSTED,
          `${this.where} is busy (threadpool.size and threadpool.buffer.size reached)`,
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      while (this.#paused) await new Promise<void>((resolve) => this.#resumed.push(resolve));
      return await this.handler(event, metadata);
    } finally {
      const next = this.#waiting.shift();
      // The slot passes to the next waiting call, or frees up.
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}
