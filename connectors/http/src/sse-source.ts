// The `sse` source: a Server-Sent Events client. It opens `receiver.url` with
// `Accept: text/event-stream` and turns each message's data into events; when the stream ends
// or breaks, the engine reconnects with backoff and the source resumes from `Last-Event-ID`.

import type { IncomingMessage } from 'node:http';
import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { bodyExcerpt, HttpClient, isTransientStatus } from './http-client.js';
import { describeSource } from './http-source.js';
import { parseKeyValueList } from './key-value-list.js';
import { SseParser, type SseMessage } from './sse-parser.js';
import { trustStoreOptions } from './tls-material.js';

const parameters = {
  'receiver.url': param.string({
    description: 'The URL of the event stream, e.g. `http://localhost:8080/events`.',
  }),
  'basic.auth.username': param.string({
    description: 'User name for HTTP basic authentication.',
    optional: true,
  }),
  'basic.auth.password': param.string({
    description: 'Password for HTTP basic authentication.',
    optional: true,
    secret: true,
  }),
  'worker.count': param.int({
    description:
      'Messages processed at a time; 1 (the default) keeps their order. The stream is read ' +
      'no faster than the app takes the messages.',
    optional: true,
    default: 1,
  }),
  headers: param.string({
    description: "Request headers as `\"'<name>:<value>','<name>:<value>'\"`.",
    optional: true,
  }),
  'https.truststore.file': param.string({
    description: 'PEM file of the certificates to trust (default: the system trust store).',
    optional: true,
  }),
  'https.truststore.password': param.string({
    description: 'Accepted for Siddhi compatibility (PEM trust stores have no password).',
    optional: true,
    secret: true,
  }),
};

type SseOptions = OptionsOf<typeof parameters>;

/** Messages waiting for a worker above which the stream is paused. */
const HIGH_WATER = 1_000;

class SseSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #url: URL;
  readonly #client: HttpClient;
  readonly #headers: Record<string, string>;
  readonly #workers: number;
  #response: IncomingMessage | undefined;
  #parser = new SseParser();
  #lastEventId = '';
  readonly #queue: SseMessage[] = [];
  #active = 0;
  #paused = false;
  /** Bumped on every (dis)connect: callbacks of an older stream are ignored. */
  #generation = 0;

  constructor(private readonly ctx: SourceContext<SseOptions>) {
    this.#where = describeSource(ctx, 'sse');
    const text = ctx.options['receiver.url'];
    try {
      this.#url = new URL(text);
    } catch {
      throw new Error(`${this.#where}: receiver.url '${text}' is not a URL`);
    }
    const trust = ctx.options['https.truststore.file'];
    this.#client = new HttpClient({
      tls: trust === undefined || trust === '' ? {} : trustStoreOptions(trust),
      verifyCertificates: true,
      verifyHostname: true,
      socketIdleTimeoutMs: 30_000,
      maxSockets: 1,
    });
    this.#headers = {};
    for (const [name, value] of parseKeyValueList(ctx.options.headers ?? '')) {
      this.#headers[name] = value;
    }
    const user = ctx.options['basic.auth.username'];
    const password = ctx.options['basic.auth.password'];
    if (user !== undefined && password !== undefined) {
      this.#headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    this.#workers = Math.max(1, ctx.options['worker.count']);
  }

  async connect(): Promise<void> {
    const generation = ++this.#generation;
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
      ...this.#headers,
    };
    if (this.#lastEventId !== '') headers['last-event-id'] = this.#lastEventId;
    const res = await this.#client.open({ url: this.#url, method: 'GET', headers });
    const status = res.statusCode ?? 0;
    if (status !== 200) {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const message = `${this.#where}: ${this.#url.href} answered ${String(status)}${bodyExcerpt(Buffer.concat(chunks))}`;
      // 204 is the server's way to say "do not reconnect" — a configuration matter too.
      throw isTransientStatus(status)
        ? new ConnectionUnavailableError(message)
        : new Error(message);
    }
    this.#response = res;
    this.#parser = new SseParser();
    const decoder = new TextDecoder('utf-8');
    res.on('data', (chunk: Buffer) => {
      if (generation !== this.#generation) return;
      for (const message of this.#parser.push(decoder.decode(chunk, { stream: true }))) {
        this.#queue.push(message);
      }
      this.#pump();
    });
    const ended = (error?: Error): void => {
      if (generation !== this.#generation) return;
      this.#generation += 1;
      this.ctx.connectionLost(
        new ConnectionUnavailableError(
          `${this.#where}: the event stream ${error === undefined ? 'ended' : `broke: ${error.message}`}`,
          { cause: error },
        ),
      );
    };
    res.on('end', () => {
      ended();
    });
    res.on('error', ended);
    res.on('aborted', () => {
      ended(new Error('aborted'));
    });
    if (this.#paused) res.pause();
  }

  disconnect(): Promise<void> {
    this.#generation += 1;
    this.#response?.destroy();
    this.#response = undefined;
    this.#client.close();
    return Promise.resolve();
  }

  pause(): void {
    this.#paused = true;
    this.#response?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#pump();
  }

  /** Hands queued messages to the app, at most `worker.count` at a time. */
  #pump(): void {
    while (!this.#paused && this.#active < this.#workers && this.#queue.length > 0) {
      const message = this.#queue.shift();
      if (message === undefined) break;
      this.#active += 1;
      this.ctx
        .emit(message.data, this.#transport(message))
        .then(
          () => {
            // Delivered: a reconnect resumes after this message.
            if (message.id !== '') this.#lastEventId = message.id;
          },
          (error: unknown) => {
            this.ctx.logger.log('warn', `${this.#where}: a message was not taken`, error);
          },
        )
        .finally(() => {
          this.#active -= 1;
          this.#pump();
        });
    }
    const res = this.#response;
    if (res === undefined) return;
    if (this.#paused || this.#queue.length > HIGH_WATER) res.pause();
    else if (res.isPaused()) res.resume();
  }

  #transport(message: SseMessage): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const name of this.ctx.requestedTransportProperties) {
      if (name === 'event') out[name] = message.event;
      else if (name === 'id') out[name] = message.id;
      else {
        const value = this.#response?.headers[name.toLowerCase()];
        out[name] = Array.isArray(value) ? value.join(',') : value;
      }
    }
    return out;
  }
}

export const sseSourceSpec = defineSource({
  name: 'sse',
  status: 'stable',
  summary: 'Subscribes to a Server-Sent Events stream; each message becomes events.',
  description:
    "Each message's data (its `data:` lines joined by new lines) goes to the source mapper. " +
    'When the stream ends or breaks the engine reconnects with backoff, sending the id of ' +
    'the last message processed as `Last-Event-ID`. Statuses other than 200 fail the ' +
    'connection (408, 429 and 5xx are retried).',
  parameters,
  transportProperties: [
    { name: 'event', description: 'The event type of the message (`message` by default).' },
    { name: 'id', description: 'The last event id of the stream.' },
    { name: '<header>', description: 'A header of the stream response (case-insensitive).' },
  ],
  examples: [
    {
      description: 'Reads JSON messages from an event stream.',
      siddhi:
        "@source(type='sse', receiver.url='http://localhost:8080/stocks/events', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double);',
    },
  ],
  create: (ctx) => new SseSourceConnection(ctx),
});
