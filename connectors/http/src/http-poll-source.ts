// The `http-poll` source (Tributary; Siddhi apps do this with a trigger and `http-call`):
// scrapes an endpoint every `polling.interval` of app time and turns each accepted response
// body into events. An unreachable endpoint is a lost connection: the engine reconnects with
// backoff, and connecting polls at once.

import type { IncomingHttpHeaders } from 'node:http';
import {
  compileJavaPattern,
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { clientParameters, HttpRequester } from './http-requester.js';
import { describeSource } from './http-source.js';
import { parseKeyValueList } from './key-value-list.js';
import { siddhiBodyText } from './payload-body.js';

const parameters = {
  'receiver.url': param.string({
    description: 'The URL to poll, e.g. `http://localhost:8080/metrics`.',
  }),
  'polling.interval': param.time({
    description: "Time between polls (`'30 sec'`, or milliseconds), in app time.",
    optional: true,
    default: '1 min',
  }),
  method: param.string({
    description: 'The HTTP method of the poll.',
    optional: true,
    default: 'GET',
  }),
  headers: param.string({
    description: "Request headers as `\"'<name>:<value>','<name>:<value>'\"`.",
    optional: true,
  }),
  'http.status.code': param.string({
    description:
      'A (Java) regex of the statuses whose bodies become events; others are logged ' +
      "and skipped. E.g. '200', '2\\d+'.",
    optional: true,
    default: '200',
  }),
  ...clientParameters,
};

type PollOptions = OptionsOf<typeof parameters>;

function header(headers: IncomingHttpHeaders, lower: string): string | undefined {
  const value = headers[lower];
  return Array.isArray(value) ? value.join(',') : value;
}

class HttpPollConnection implements SourceConnection {
  readonly #where: string;
  readonly #url: URL;
  readonly #requester: HttpRequester;
  readonly #headers: Record<string, string> = {};
  readonly #accepts: (status: number) => boolean;
  #cancel: (() => void) | undefined;
  #polling: Promise<void> | undefined;
  #connected = false;
  #paused = false;

  constructor(private readonly ctx: SourceContext<PollOptions>) {
    this.#where = describeSource(ctx, 'http-poll');
    const text = ctx.options['receiver.url'];
    try {
      this.#url = new URL(text);
    } catch {
      throw new Error(`${this.#where}: receiver.url '${text}' is not a URL`);
    }
    const pattern = compileJavaPattern(ctx.options['http.status.code']);
    this.#accepts = (status) => pattern.matches(String(status)) !== null;
    for (const [name, value] of parseKeyValueList(ctx.options.headers ?? '')) {
      this.#headers[name] = value;
    }
    this.#requester = HttpRequester.fromOptions(ctx.options, this.#where);
  }

  async connect(): Promise<void> {
    this.#connected = true;
    await this.#poll();
    this.#schedule();
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.#cancel?.();
    this.#cancel = undefined;
    await this.#polling?.catch(() => undefined);
    this.#requester.close();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  #schedule(): void {
    if (!this.#connected) return;
    const { clock, scheduler, options } = this.ctx;
    this.#cancel = scheduler.schedule(clock.now() + options['polling.interval'], () => {
      this.#cancel = undefined;
      this.#tick();
    });
  }

  #tick(): void {
    if (!this.#connected) return;
    // A paused app skips polls; a poll still running is not overtaken.
    if (this.#paused || this.#polling !== undefined) {
      this.#schedule();
      return;
    }
    this.#poll().then(
      () => {
        this.#schedule();
      },
      (error: unknown) => {
        if (error instanceof ConnectionUnavailableError) {
          this.ctx.connectionLost(error);
          return;
        }
        this.ctx.logger.log('error', `${this.#where}: ${String(error)}`, error);
        this.#schedule();
      },
    );
  }

  /** One poll: request, then emit an accepted body (resolves once it was processed). */
  #poll(): Promise<void> {
    const run = async (): Promise<void> => {
      const response = await this.#requester.send({
        url: this.#url,
        method: this.ctx.options.method.toUpperCase(),
        headers: this.#headers,
      });
      if (!this.#accepts(response.status)) {
        this.ctx.logger.log(
          'warn',
          `${this.#where}: ${this.#url.href} answered ${String(response.status)}, which ` +
            `http.status.code '${this.ctx.options['http.status.code']}' does not accept; skipped`,
        );
        return;
      }
      const payload = siddhiBodyText(response.body.toString('utf8'));
      if (payload === '') return;
      const transport: Record<string, string | undefined> = {};
      for (const name of this.ctx.requestedTransportProperties) {
        transport[name] =
          name === 'HTTP_STATUS_CODE'
            ? String(response.status)
            : header(response.headers, name.toLowerCase());
      }
      await this.ctx.emit(payload, transport);
    };
    const polling = run().finally(() => {
      this.#polling = undefined;
    });
    this.#polling = polling;
    return polling;
  }
}

export const httpPollSourceSpec = defineSource({
  name: 'http-poll',
  status: 'beta',
  summary: 'Polls (scrapes) an HTTP endpoint every `polling.interval`; each body becomes events.',
  description:
    'A Tributary source: polls when it connects, then every `polling.interval` of app time ' +
    '(a poll still running is not overtaken; polls are skipped while the app is paused). ' +
    'Bodies of responses whose status matches `http.status.code` go to the source mapper; ' +
    'empty bodies are skipped. Authentication and TLS options are those of the `http` sink. ' +
    'An unreachable endpoint or a timeout is a lost connection: the engine reconnects with ' +
    'backoff and polls again on connecting. In Siddhi the same is written with a trigger ' +
    'feeding an `http-call` sink (which works here too).',
  parameters,
  transportProperties: [
    { name: 'HTTP_STATUS_CODE', description: 'The status code of the response.' },
    { name: '<header>', description: 'A response header (case-insensitive).' },
  ],
  examples: [
    {
      description: 'Scrapes a JSON status endpoint every 30 seconds.',
      siddhi:
        "@source(type='http-poll', receiver.url='http://localhost:8080/status', polling.interval='30 sec',\n" +
        "        @map(type='json', @attributes(up='$.up', load='$.load', etag='trp:ETag')))\n" +
        'define stream StatusStream (up bool, load double, etag string);',
    },
  ],
  create: (ctx) => new HttpPollConnection(ctx),
});
