// The `http` sink: each mapped payload is one request to `publisher.url` (method, URL and
// headers may name attributes), with basic or OAuth 2.0 authorization. 2xx acknowledges;
// 408/429/5xx and unreachable servers are connection errors (the engine retries and applies
// `on.error`); other statuses are errors routed by `on.error`.

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import {
  bodyExcerpt,
  HttpStatusError,
  isTransientStatus,
  type IncomingResponse,
} from './http-client.js';
import { clientParameters, HttpRequester } from './http-requester.js';
import { cachedKeyValueList } from './key-value-list.js';
import { bodyOf, DEFAULT_CONTENT_TYPE, headersWith } from './payload-body.js';

/** Options every request-sending sink has (the http and http-call sinks). */
export const requestParameters = {
  'publisher.url': param.string({
    description:
      'The URL to send to, e.g. `http://localhost:8080/stocks`; `https` uses TLS. May name ' +
      "attributes: `'http://localhost:8080/{{region}}/stocks'`.",
    dynamic: true,
  }),
  method: param.string({
    description: 'The HTTP method (`POST`, `PUT`, `GET`, `DELETE`…); may name attributes.',
    optional: true,
    default: 'POST',
    dynamic: true,
  }),
  headers: param.string({
    description:
      "Request headers as `\"'<name>:<value>','<name>:<value>'\"`; may name attributes. " +
      "`Content-Type` defaults to the mapper's (json → application/json, xml → " +
      'application/xml, keyvalue → application/x-www-form-urlencoded, text → text/plain).',
    optional: true,
    dynamic: true,
  }),
  ...clientParameters,
};

export type RequestOptions = OptionsOf<typeof requestParameters>;

/** The request a payload becomes; built per event from the filled-in options. */
export interface PreparedRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
}

/**
 * Turns payloads into requests for one sink: parses the (possibly dynamic) URL, method and
 * headers of each event, reusing the last parse when the text repeats.
 */
export class RequestBuilder {
  readonly #headersOf = cachedKeyValueList();
  #lastUrlText: string | undefined;
  #lastUrl: URL | undefined;

  constructor(
    private readonly contentType: string,
    private readonly where: string,
  ) {}

  build(payload: unknown, options: DynamicOptions): PreparedRequest {
    const urlText = options['publisher.url'] ?? '';
    let url = this.#lastUrl;
    if (urlText !== this.#lastUrlText || url === undefined) {
      try {
        url = new URL(urlText);
      } catch {
        throw new Error(`${this.where}: publisher.url '${urlText}' is not a URL`);
      }
      this.#lastUrl = url;
      this.#lastUrlText = urlText;
    }
    const method = (options.method ?? 'POST').trim().toUpperCase() || 'POST';
    const { headers, contentType } = headersWith(
      this.#headersOf(options.headers ?? ''),
      this.contentType,
    );
    // Siddhi sends no body with GET.
    const body = method === 'GET' || method === 'HEAD' ? undefined : bodyOf(payload, contentType);
    return { url, method, headers, body };
  }
}

/** What an unaccepted status becomes: a connection error when retrying may help. */
export function statusError(
  where: string,
  request: PreparedRequest,
  response: IncomingResponse,
): Error {
  const message =
    `${where}: ${request.method} ${request.url.href} answered ` +
    `${String(response.status)}${bodyExcerpt(response.body)}`;
  return isTransientStatus(response.status)
    ? new ConnectionUnavailableError(message)
    : new HttpStatusError(response.status, message);
}

function describeSink(ctx: SinkContext<unknown>, type: string): string {
  return `sink '${type}' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
}

/** The connection of one `http` sink. */
class HttpSinkConnection implements SinkConnection {
  readonly #requester: HttpRequester;
  readonly #builder: RequestBuilder;
  readonly #where: string;

  constructor(private readonly ctx: SinkContext<RequestOptions>) {
    this.#where = describeSink(ctx, 'http');
    this.#requester = HttpRequester.fromOptions(ctx.options, this.#where);
    this.#builder = new RequestBuilder(ctx.contentType ?? DEFAULT_CONTENT_TYPE, this.#where);
  }

  connect(): Promise<void> {
    for (const key of this.#requester.ignoredTlsSettings) {
      this.ctx.logger.log('warn', `${this.#where}: ssl.configurations '${key}' is not supported`);
    }
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.#requester.close();
    return Promise.resolve();
  }

  async publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const request = this.#builder.build(payload, options);
    const response = await this.#requester.send(request, options['refresh.token']);
    if (response.status >= 200 && response.status < 300) return;
    throw statusError(this.#where, request, response);
  }
}

export const httpSinkSpec = defineSink({
  name: 'http',
  status: 'stable',
  summary: 'Sends each event as an HTTP request (POST by default) to `publisher.url`.',
  description:
    'The payload comes from the sink mapper; `Content-Type` follows the mapper unless ' +
    '`headers` names one. Requests use pooled keep-alive connections; https trusts the ' +
    'system certificates or `https.truststore.file`. Authentication: basic ' +
    '(`basic.auth.username`/`basic.auth.password`) or OAuth 2.0 (`consumer.key`/' +
    '`consumer.secret` + `token.url` for client credentials, plus `oauth.username`/' +
    '`oauth.password` for the password grant, `refresh.token` for the refresh grant); an ' +
    'OAuth request answered 401 is retried once with a new token.\n\n' +
    'A 2xx answer acknowledges the event. An unreachable server, a timeout, 408, 429 and 5xx ' +
    'are connection errors: the engine retries once at once, then applies `on.error` (`WAIT` ' +
    'retries every 5 s until the server takes the event). Other statuses are errors ' +
    'handled by `on.error` without retry.',
  parameters: requestParameters,
  examples: [
    {
      description: 'Posts each event as JSON to a fixed URL.',
      siddhi:
        "@sink(type='http', publisher.url='http://localhost:8005/stocks', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Sends to a URL and with headers taken from each event, and keeps retrying while the ' +
        'endpoint is down.',
      siddhi:
        "@sink(type='http', publisher.url='http://localhost:8005/{{region}}/orders', " +
        "method='PUT', headers=\"'X-Order:{{id}}','Content-Type:application/json'\", " +
        "on.error='WAIT', @map(type='json'))\n" +
        'define stream OrderStream (region string, id string, amount double);',
    },
    {
      description: 'Calls an API protected by OAuth 2.0 (client-credentials grant).',
      siddhi:
        "@sink(type='http', publisher.url='https://api.example.com/events', " +
        "consumer.key='my-client', consumer.secret='my-secret', " +
        "token.url='https://auth.example.com/oauth2/token', @map(type='json'))\n" +
        'define stream EventStream (id string, value double);',
    },
  ],
  create: (ctx) => new HttpSinkConnection(ctx),
});
