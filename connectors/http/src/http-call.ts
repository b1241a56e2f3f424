// The `http-call` sink and its `http-call-response` sources: the sink sends each event as a
// request and hands the response to the response sources with the same `sink.id` whose
// `http.status.code` regex matches the status. The event's attributes and the response
// headers are their `trp:` values; the sink acknowledges once the sources processed it.

import type { IncomingHttpHeaders } from 'node:http';
import {
  compileJavaPattern,
  defineSink,
  defineSource,
  javaDoubleToString,
  javaFloatToString,
  param,
  type DynamicOptions,
  type Extension,
  type IoAttribute,
  type IoEvent,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import type { CorrelationRegistry } from './correlation-registry.js';
import type { IncomingResponse } from './http-client.js';
import { HttpRequester } from './http-requester.js';
import { RequestBuilder, requestParameters } from './http-sink.js';
import { describeSource } from './http-source.js';
import { DEFAULT_CONTENT_TYPE, siddhiBodyText } from './payload-body.js';

/** A response as the response sources see it. */
export interface CallResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The attributes of the event that made the call, by name, as text. */
  readonly attributes: ReadonlyMap<string, string>;
}

/** A connected `http-call-response` source. */
export interface CallResponseEndpoint {
  matches(status: number): boolean;
  /** Maps and sends the response; resolves once its events were processed. */
  deliver(payload: string, response: CallResponse): Promise<void>;
}

/** The `http-call-response` sources of an extension set, by app and `sink.id`. */
export type CallRegistry = CorrelationRegistry<CallResponseEndpoint>;

const callParameters = {
  ...requestParameters,
  'sink.id': param.string({
    description: 'Names the `http-call-response` sources that receive the responses.',
  }),
  'downloading.enabled': param.bool({
    description:
      'Write 2xx response bodies to `download.path`; the response sources then get the ' +
      "file's path as their payload.",
    optional: true,
    default: false,
  }),
  'download.path': param.string({
    description: 'The file a response body is written to; may name attributes.',
    optional: true,
    dynamic: true,
  }),
  'blocking.io': param.bool({
    description: 'Send one request at a time: the next waits for the response of the previous.',
    optional: true,
    default: false,
  }),
};

type CallOptions = OptionsOf<typeof callParameters>;

const responseParameters = {
  'sink.id': param.string({
    description: 'The `sink.id` of the `http-call` sink whose responses this source receives.',
  }),
  'http.status.code': param.string({
    description:
      "A (Java) regex the response status must match, e.g. '200', '2\\d+', '4\\d+'. " +
      'Several response sources may split the responses of one sink by status.',
    optional: true,
    default: '200',
  }),
};

type ResponseOptions = OptionsOf<typeof responseParameters>;

/** An attribute value as the text a `trp:` value holds (Java's renderings for floats). */
function attributeText(attribute: IoAttribute, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    if (attribute.type === 'double') return javaDoubleToString(value);
    if (attribute.type === 'float') return javaFloatToString(value);
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function header(headers: IncomingHttpHeaders, lower: string): string | undefined {
  const value = headers[lower];
  return Array.isArray(value) ? value.join(',') : value;
}

class HttpCallSinkConnection implements SinkConnection {
  readonly #requester: HttpRequester;
  readonly #builder: RequestBuilder;
  readonly #where: string;
  readonly #sinkId: string;
  /** The previous request's completion, with `blocking.io`. */
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: SinkContext<CallOptions>,
    private readonly registry: CallRegistry,
  ) {
    this.#where = `sink 'http-call' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#sinkId = ctx.options['sink.id'];
    if (ctx.options['downloading.enabled'] && ctx.options['download.path'] === undefined) {
      throw new Error(`${this.#where}: downloading.enabled needs download.path`);
    }
    this.#requester = HttpRequester.fromOptions(ctx.options, this.#where);
    this.#builder = new RequestBuilder(ctx.contentType ?? DEFAULT_CONTENT_TYPE, this.#where);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.#requester.close();
    return Promise.resolve();
  }

  publish(
    payload: unknown,
    options: DynamicOptions,
    _transport: unknown,
    event?: IoEvent,
  ): Promise<void> {
    const call = (): Promise<void> => this.#call(payload, options, event);
    if (!this.ctx.options['blocking.io']) return call();
    const done = this.#chain.then(call);
    this.#chain = done.catch(() => undefined);
    return done;
  }

  async #call(payload: unknown, options: DynamicOptions, event: IoEvent | undefined) {
    const request = this.#builder.build(payload, options);
    const downloadTo = this.ctx.options['downloading.enabled']
      ? options['download.path']
      : undefined;
    const response = await this.#requester.send(
      downloadTo === undefined ? request : { ...request, downloadTo },
      options['refresh.token'],
    );
    await this.#route(response, event);
  }

  async #route(response: IncomingResponse, event: IoEvent | undefined): Promise<void> {
    const { appName, logger } = this.ctx;
    const sources = this.registry
      .find(appName, this.#sinkId)
      .filter((s) => s.matches(response.status));
    if (sources.length === 0) {
      logger.log(
        'error',
        `${this.#where}: no 'http-call-response' source with sink.id '${this.#sinkId}' matches ` +
          `the status code '${String(response.status)}'; the response is dropped`,
      );
      return;
    }
    const payload = response.downloadedTo ?? siddhiBodyText(response.body.toString('utf8'));
    if (payload === '') {
      logger.log('debug', `${this.#where}: an empty response body is dropped (as Siddhi)`);
      return;
    }
    const attributes = new Map<string, string>();
    if (event !== undefined) {
      this.ctx.attributes.forEach((attribute, i) => {
        const text = attributeText(attribute, event.data[i]);
        if (text !== undefined) attributes.set(attribute.name, text);
      });
    }
    const call: CallResponse = { status: response.status, headers: response.headers, attributes };
    await Promise.all(sources.map((source) => source.deliver(payload, call)));
  }
}

function responseSourceConnection(
  ctx: SourceContext<ResponseOptions>,
  registry: CallRegistry,
): SourceConnection {
  const where = describeSource(ctx, 'http-call-response');
  let pattern;
  try {
    pattern = compileJavaPattern(ctx.options['http.status.code']);
  } catch (error) {
    throw new Error(`${where}: http.status.code: ${String(error)}`, { cause: error });
  }
  const names = ctx.requestedTransportProperties;
  const endpoint: CallResponseEndpoint = {
    matches: (status) => pattern.matches(String(status)) !== null,
    deliver: (payload, response) => {
      const transport: Record<string, string | undefined> = {};
      for (const name of names) {
        transport[name] =
          response.attributes.get(name) ??
          (name === 'HTTP_STATUS_CODE'
            ? String(response.status)
            : header(response.headers, name.toLowerCase()));
      }
      return ctx.emit(payload, transport);
    },
  };
  let remove: (() => void) | undefined;
  return {
    connect: () => {
      remove ??= registry.add(ctx.appName, ctx.options['sink.id'], endpoint);
      return Promise.resolve();
    },
    disconnect: () => {
      remove?.();
      remove = undefined;
      return Promise.resolve();
    },
  };
}

/**
 * The `http-call` sink and `http-call-response` source of an extension set, sharing `registry`.
 * @example
 * const [sink, source] = httpCallExtensions(new CorrelationRegistry('sink.id'));
 */
export function httpCallExtensions(registry: CallRegistry): readonly [Extension, Extension] {
  const example =
    "@sink(type='http-call', sink.id='employee-info', method='POST',\n" +
    "      publisher.url='http://localhost:8005/registry/employee', @map(type='json'))\n" +
    'define stream EmployeeRequestStream (name string, id int);\n\n' +
    "@source(type='http-call-response', sink.id='employee-info', http.status.code='2\\d+',\n" +
    "        @map(type='json', @attributes(name='trp:name', id='trp:id', location='$.town', age='$.age')))\n" +
    'define stream EmployeeResponseStream (name string, id string, location string, age int);\n\n' +
    "@source(type='http-call-response', sink.id='employee-info', http.status.code='4\\d+',\n" +
    "        @map(type='json', @attributes(error='$.error', name='trp:name')))\n" +
    'define stream EmployeeErrorStream (error string, name string);';
  return [
    defineSink({
      name: 'http-call',
      status: 'stable',
      summary:
        'Sends each event as an HTTP request and feeds the response to the ' +
        '`http-call-response` sources with the same `sink.id`.',
      description:
        'The request is built as by the `http` sink (URL, method and headers may name ' +
        'attributes; basic or OAuth 2.0 authorization; TLS). Every response, whatever its ' +
        'status, goes to the response sources whose `http.status.code` regex matches it; none ' +
        'matching is logged and the response dropped, as is an empty body. The event counts ' +
        'as published once the response sources processed the response. An unreachable ' +
        'server or a timeout is a connection error handled by `on.error`.',
      parameters: callParameters,
      examples: [
        {
          description:
            'Calls an employee registry and splits its answers: 2xx bodies go to ' +
            'EmployeeResponseStream with the name and id of the request event, 4xx to ' +
            'EmployeeErrorStream.',
          siddhi: example,
        },
      ],
      create: (ctx) => new HttpCallSinkConnection(ctx, registry),
    }),
    defineSource({
      name: 'http-call-response',
      status: 'stable',
      summary: 'Receives the responses of the `http-call` sink with the same `sink.id`.',
      description:
        'Each response body (or, with `downloading.enabled`, the path of the downloaded file) ' +
        'becomes events through the source mapper. The attributes of the event that made the ' +
        'call are transport properties by name (`trp:name`), as are the response headers and ' +
        '`HTTP_STATUS_CODE`.',
      parameters: responseParameters,
      transportProperties: [
        {
          name: '<attribute>',
          description: 'An attribute of the event that made the call (`trp:id`).',
        },
        { name: 'HTTP_STATUS_CODE', description: 'The status code of the response.' },
        { name: '<header>', description: 'A response header (case-insensitive).' },
      ],
      examples: [{ description: 'Receives the 2xx and 4xx answers of a call.', siddhi: example }],
      create: (ctx) => responseSourceConnection(ctx, registry),
    }),
  ];
}
