// What the `grpc` and `grpc-call` sinks share: the url, the channel, and turning one mapped
// payload (plus the `headers`/`metadata` options and the url's sequence) into an EventService
// call whose failures the engine understands (UNAVAILABLE → ConnectionUnavailableError).

import {
  ConnectionUnavailableError,
  type DynamicOptions,
  type SinkContext,
} from '@tributary/engine/extension-api';
import {
  EventServiceCallError,
  EventServiceClient,
  grpcStatusName,
} from './event-service-client.js';
import type { EventServiceMethod, GrpcEvent } from './event-service.js';
import { channelOptions, type ChannelParameterOptions } from './grpc-parameters.js';
import { channelCredentials } from './grpc-tls.js';
import { eventServiceMethodOf, parseGrpcUrl, type GrpcUrl } from './grpc-url.js';
import { parseHeaderList } from './header-list.js';
import { payloadText } from './payload-text.js';

/** How long `connect` waits for the channel before reporting the server unreachable. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** The `sequence` header MI's gRPC inbound endpoint reads. */
export const SEQUENCE_HEADER = 'sequence';

/** A `headers`/`metadata` text and its parsed entries, cached per option. */
class ParsedList {
  #text: string | undefined;
  #entries: Record<string, string> = {};

  constructor(private readonly option: string) {}

  entries(text: string | undefined): Record<string, string> {
    if (text === undefined) return {};
    if (text !== this.#text) {
      this.#entries = parseHeaderList(text, this.option);
      this.#text = text;
    }
    return this.#entries;
  }
}

/**
 * One sink's EventService channel.
 * @example
 * const publisher = new EventServicePublisher(ctx, 'grpc-call', 'process');
 * await publisher.connect();
 * const reply = await publisher.send(payload, options);
 */
export class EventServicePublisher {
  readonly url: GrpcUrl;
  readonly where: string;
  readonly method: EventServiceMethod;
  #client: EventServiceClient | undefined;
  readonly #headers = new ParsedList('headers');
  readonly #metadata = new ParsedList('metadata');

  constructor(
    private readonly ctx: SinkContext<ChannelParameterOptions>,
    kind: string,
    method: EventServiceMethod,
  ) {
    this.where = `sink '${kind}' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    try {
      this.url = parseGrpcUrl(ctx.options['publisher.url']);
      this.method = eventServiceMethodOf(this.url, method);
      // Static lists fail the app's creation, not its first event.
      for (const option of ['headers', 'metadata'] as const) {
        const text = ctx.options[option];
        if (text !== undefined && !ctx.dynamicOptions.includes(option)) {
          parseHeaderList(text, option);
        }
      }
    } catch (error) {
      throw new Error(`${this.where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  async connect(): Promise<void> {
    const client = new EventServiceClient(
      this.url.address,
      channelCredentials(this.ctx.options),
      channelOptions(this.ctx.options),
    );
    try {
      await client.connect(CONNECT_TIMEOUT_MS);
    } catch (error) {
      await client.close();
      throw new ConnectionUnavailableError(
        `${this.where}: cannot connect to ${this.url.url}: ${describe(error)}`,
        { cause: error },
      );
    }
    this.#client = client;
    this.ctx.logger.log('info', `${this.where} has successfully connected to ${this.url.url}`);
  }

  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close(this.ctx.options['channel.termination.waiting.time'] * 1000);
  }

  /** The event a payload becomes: the option headers, then the url's `sequence` header. */
  event(payload: unknown, options: DynamicOptions): GrpcEvent {
    const headers: Record<string, string> = { ...this.#headers.entries(options.headers) };
    if (this.url.sequence !== undefined) headers[SEQUENCE_HEADER] = this.url.sequence;
    return { payload: payloadText(payload), headers };
  }

  /** Calls the server; rejects with `ConnectionUnavailableError` when it cannot be reached. */
  async send(payload: unknown, options: DynamicOptions): Promise<GrpcEvent> {
    const client = this.#client;
    if (client === undefined) {
      throw new ConnectionUnavailableError(`${this.where}: not connected to ${this.url.url}`);
    }
    let event: GrpcEvent;
    let metadata: Record<string, string>;
    try {
      event = this.event(payload, options);
      metadata = this.#metadata.entries(options.metadata);
    } catch (error) {
      throw new Error(`${this.where}: ${describe(error)}`, { cause: error });
    }
    try {
      return await client.call(this.method, event, { metadata });
    } catch (error) {
      if (error instanceof EventServiceCallError && error.unavailable) {
        throw new ConnectionUnavailableError(`${this.where}: ${error.message}`, { cause: error });
      }
      const text =
        error instanceof EventServiceCallError
          ? `${this.url.url} answered ${grpcStatusName(error.code)}${error.details === '' ? '' : `: ${error.details}`}`
          : describe(error);
      throw new Error(`${this.where}: ${text}`, { cause: error });
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
