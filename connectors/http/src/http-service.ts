// The `http-service` source and `http-service-response` sink: request/reply over HTTP. The
// source holds each request open under a fresh `trp:messageId`; the response sink with the
// same `source.id` answers it (200) with `message.id='{{messageId}}'`. Requests nobody
// answers within `connection.timeout` get 504, as do those open when the source stops.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  defineSink,
  defineSource,
  param,
  type DynamicOptions,
  type Extension,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import type { CorrelationRegistry } from './correlation-registry.js';
import { answer, HttpReceiver, receiverParameters } from './http-receiver.js';
import { describeSource, type ReceiverDeps } from './http-source.js';
import { cachedKeyValueList } from './key-value-list.js';
import { bodyOf, DEFAULT_CONTENT_TYPE, headersWith } from './payload-body.js';
import { REQUEST_PROPERTIES } from './request-transport.js';

/** A connected `http-service` source, as its response sinks see it. */
export interface ServiceEndpoint {
  /** Answers the request `messageId`; false when no such request is waiting. */
  reply(
    messageId: string,
    status: number,
    headers: Readonly<Record<string, string>>,
    body: string | Uint8Array,
  ): Promise<boolean>;
}

/** The `http-service` sources of an extension set, by app and `source.id`. */
export type ServiceRegistry = CorrelationRegistry<ServiceEndpoint>;

const serviceParameters = {
  ...receiverParameters,
  'source.id': param.string({
    description: 'Names this source for the `http-service-response` sinks that answer it.',
  }),
  'connection.timeout': param.int({
    description: 'Milliseconds a request waits for its answer before it gets 504.',
    optional: true,
    default: 120_000,
  }),
};

type ServiceOptions = OptionsOf<typeof serviceParameters>;

const responseParameters = {
  'source.id': param.string({
    description: 'The `source.id` of the `http-service` source whose requests this sink answers.',
  }),
  'message.id': param.string({
    description: "The request to answer, normally `'{{messageId}}'` from `trp:messageId`.",
    dynamic: true,
  }),
  headers: param.string({
    description:
      "Response headers as `\"'<name>:<value>','<name>:<value>'\"`; may name attributes. " +
      "`Content-Type` defaults to the mapper's.",
    optional: true,
    dynamic: true,
  }),
};

type ResponseOptions = OptionsOf<typeof responseParameters>;

interface Pending {
  readonly res: ServerResponse;
  /** Cancels the timeout. */
  readonly cancel: () => void;
}

class HttpServiceConnection implements SourceConnection, ServiceEndpoint {
  readonly #receiver: HttpReceiver<ServiceOptions>;
  readonly #pending = new Map<string, Pending>();
  readonly #wantsMessageId: readonly string[];
  #remove: (() => void) | undefined;

  constructor(
    private readonly ctx: SourceContext<ServiceOptions>,
    deps: ReceiverDeps,
    private readonly registry: ServiceRegistry,
  ) {
    // Siddhi matches the property name `messageId` case-insensitively.
    this.#wantsMessageId = ctx.requestedTransportProperties.filter(
      (name) => name.toLowerCase() === 'messageid',
    );
    this.#receiver = new HttpReceiver({
      ctx,
      where: describeSource(ctx, 'http-service'),
      listeners: deps.listeners,
      authenticate: deps.authenticate,
      process: ({ payload, transport, res }) => this.#process(payload, transport, res),
    });
  }

  async connect(): Promise<void> {
    this.#remove ??= this.registry.add(this.ctx.appName, this.ctx.options['source.id'], this);
    try {
      await this.#receiver.connect();
    } catch (error) {
      this.#remove();
      this.#remove = undefined;
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.#remove?.();
    this.#remove = undefined;
    const open = [...this.#pending.keys()];
    await Promise.all(open.map((id) => this.#finish(id, 504)));
    await this.#receiver.disconnect();
  }

  pause(): void {
    this.#receiver.pause();
  }

  resume(): void {
    this.#receiver.resume();
  }

  async #process(
    payload: string,
    transport: Record<string, string | undefined>,
    res: ServerResponse,
  ): Promise<void> {
    const messageId = randomUUID();
    for (const name of this.#wantsMessageId) transport[name] = messageId;
    const { clock, scheduler } = this.ctx;
    const cancel = scheduler.schedule(clock.now() + this.ctx.options['connection.timeout'], () => {
      void this.#finish(messageId, 504);
    });
    this.#pending.set(messageId, { res, cancel });
    res.once('close', () => {
      // The client went away: nothing to answer any more.
      const pending = this.#pending.get(messageId);
      if (pending?.res === res) {
        pending.cancel();
        this.#pending.delete(messageId);
      }
    });
    try {
      await this.ctx.emit(payload, transport);
    } catch (error) {
      // The app could not take the request: it will not be answered.
      await this.#finish(messageId, 503);
      throw error;
    }
  }

  /** Answers a waiting request with a bare status; false when none is waiting. */
  #finish(messageId: string, status: number): Promise<boolean> {
    return this.reply(messageId, status, {}, '');
  }

  reply(
    messageId: string,
    status: number,
    headers: Readonly<Record<string, string>>,
    body: string | Uint8Array,
  ): Promise<boolean> {
    const pending = this.#pending.get(messageId);
    if (pending === undefined) return Promise.resolve(false);
    this.#pending.delete(messageId);
    pending.cancel();
    answer(pending.res, status, headers, body);
    return Promise.resolve(true);
  }
}

class ServiceResponseConnection implements SinkConnection {
  readonly #headersOf = cachedKeyValueList();
  readonly #where: string;
  readonly #contentType: string;

  constructor(
    private readonly ctx: SinkContext<ResponseOptions>,
    private readonly registry: ServiceRegistry,
  ) {
    this.#where = `sink 'http-service-response' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#contentType = ctx.contentType ?? DEFAULT_CONTENT_TYPE;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  async publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const sourceId = this.ctx.options['source.id'];
    const messageId = options['message.id'] ?? '';
    const { headers, contentType } = headersWith(
      this.#headersOf(options.headers ?? ''),
      this.#contentType,
    );
    const body = bodyOf(payload, contentType);
    for (const source of this.registry.find(this.ctx.appName, sourceId)) {
      if (await source.reply(messageId, 200, headers, body)) return;
    }
    this.ctx.logger.log(
      'warn',
      `${this.#where}: no request with message.id '${messageId}' is waiting at the ` +
        `http-service source '${sourceId}' (answered already, timed out, or the source stopped)`,
    );
  }
}

/**
 * The `http-service` source and `http-service-response` sink of an extension set.
 * @example
 * const [source, sink] = httpServiceExtensions(deps, new CorrelationRegistry('source.id', true));
 */
export function httpServiceExtensions(
  deps: ReceiverDeps,
  registry: ServiceRegistry,
): readonly [Extension, Extension] {
  const example =
    "@source(type='http-service', receiver.url='http://0.0.0.0:5005/add', source.id='adder',\n" +
    "        @map(type='json', @attributes(messageId='trp:messageId', value1='$.event.value1', value2='$.event.value2')))\n" +
    'define stream AddStream (messageId string, value1 long, value2 long);\n\n' +
    "@sink(type='http-service-response', source.id='adder', message.id='{{messageId}}', @map(type='json'))\n" +
    'define stream ResultStream (messageId string, results long);\n\n' +
    'from AddStream select messageId, value1 + value2 as results insert into ResultStream;';
  return [
    defineSource({
      name: 'http-service',
      status: 'stable',
      summary:
        'Receives HTTP requests and keeps each open until an `http-service-response` sink ' +
        'answers it.',
      description:
        'Listens like the `http` source (shared listeners, basic auth, 405 for other methods ' +
        'and empty bodies, TLS). Each request gets a new `trp:messageId`; the ' +
        '`http-service-response` sink with the same `source.id` answers it with 200 and its ' +
        'payload. Requests not answered within `connection.timeout` get 504, as do requests ' +
        'still open when the source stops; 503 when the app cannot take the request.',
      parameters: serviceParameters,
      transportProperties: [
        { name: 'messageId', description: 'The id the response sink answers with.' },
        ...REQUEST_PROPERTIES,
      ],
      examples: [{ description: 'An adding service on port 5005.', siddhi: example }],
      create: (ctx) => new HttpServiceConnection(ctx, deps, registry),
    }),
    defineSink({
      name: 'http-service-response',
      status: 'stable',
      summary: 'Answers the request held by the `http-service` source with the same `source.id`.',
      description:
        'The payload from the sink mapper is the 200 answer to the request whose ' +
        '`message.id` the event names; `Content-Type` follows the mapper unless `headers` ' +
        'names one. An event for a request that is no longer waiting is logged and dropped.',
      parameters: responseParameters,
      examples: [{ description: 'Answers the adding service.', siddhi: example }],
      create: (ctx) => new ServiceResponseConnection(ctx, registry),
    }),
  ];
}
