// The `mi` sink: triggers a Micro Integrator flow per event (a sequence over gRPC, an API
// resource or proxy over HTTP) with the protocol details filled in, a timeout per call, retries
// with backoff, a circuit breaker, and replies correlated with their events (`on.reply`).

import { TributaryError } from '@tributary/engine';
import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type Extension,
  type IoEvent,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import {
  attributeTexts,
  CONNECT_TIMEOUT_MS,
  parseHeaderList,
  payloadText,
} from '@tributary/connector-grpc';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { missingFlow } from './flow-check.js';
import { GrpcMiTransport } from './grpc-transport.js';
import { HttpMiTransport } from './http-transport.js';
import { miMessages } from './messages.js';
import { MiManagementClient } from './mi-management.js';
import { REPLY_FLOW, REPLY_STATUS } from './mi-reply-source.js';
import { describeFlow, resolveTarget, type MiTarget } from './mi-target.js';
import {
  MiCallFailure,
  type MiContentType,
  type MiReply,
  type MiRequest,
  type MiTransport,
} from './mi-transport.js';
import type { ReplyStreams } from './reply-streams.js';
import { StoppedError, Waits } from './waits.js';

const miParameters = {
  url: param.string({
    description:
      "Where MI listens: 'grpc://<host>:8888' (its gRPC inbound endpoint, for sequences) or " +
      "'http://<host>:8290' (REST APIs and proxy services).",
  }),
  sequence: param.string({
    description: 'The sequence to run (grpc:// urls): sent as the `sequence` header.',
    optional: true,
  }),
  api: param.string({
    description:
      "The REST API resource to call (http:// urls), context and path: '/orders/approve'.",
    optional: true,
  }),
  proxy: param.string({
    description: 'The proxy service to call (http:// urls): /services/<proxy>.',
    optional: true,
  }),
  mode: param.enum(['call', 'fire'], {
    description:
      'call: wait for the reply (EventService process; the HTTP response) and deliver it to ' +
      'on.reply; fire: one-way (EventService consume; the HTTP status only).',
    optional: true,
    default: 'call',
  }),
  'on.reply': param.string({
    description:
      "The stream of this app replies go to (call mode); it needs @source(type='mi-reply').",
    optional: true,
  }),
  'content.type': param.enum(['json', 'xml', 'text'], {
    description:
      "How MI builds the message (the Content-Type it gets); by default the mapper's " +
      '(json → json, xml → xml, text → text).',
    optional: true,
  }),
  method: param.enum(['POST', 'PUT', 'PATCH', 'GET', 'DELETE'], {
    description: 'The HTTP method for API resources and proxies.',
    optional: true,
    default: 'POST',
  }),
  headers: param.string({
    description:
      "Extra headers, \"'<key>:<value>','<key>:<value>'\" (gRPC Event headers MI turns into " +
      'transport headers; HTTP request headers); may name attributes.',
    optional: true,
    dynamic: true,
  }),
  timeout: param.time({
    description: 'How long one attempt waits for MI before it counts as failed (and is retried).',
    optional: true,
    default: '30 sec',
  }),
  'retry.max': param.int({
    description:
      'Further attempts after a call MI could not answer (unreachable, timed out, 429/502/503/504); ' +
      'rejections are not retried.',
    optional: true,
    default: 3,
  }),
  'retry.backoff': param.time({
    description: 'The wait before the first retry; it doubles for each further one.',
    optional: true,
    default: '500 ms',
  }),
  'retry.max.backoff': param.time({
    description: 'The longest wait between retries.',
    optional: true,
    default: '10 sec',
  }),
  'circuit.failure.threshold': param.int({
    description: 'Failed attempts in a row that open the circuit (calls then fail fast).',
    optional: true,
    default: 5,
  }),
  'circuit.reset.timeout': param.time({
    description: 'How long an open circuit stays open before trial calls go through (half-open).',
    optional: true,
    default: '30 sec',
  }),
  'circuit.half.open.calls': param.int({
    description: 'Trial calls of a half-open circuit; when they all succeed it closes.',
    optional: true,
    default: 1,
  }),
  'management.url': param.string({
    description:
      "MI's management API ('https://<host>:9164'): when given, the flow is looked up at " +
      'deployment and an app naming a flow MI does not have fails to start.',
    optional: true,
  }),
  'management.username': param.string({
    description: 'User of the management API.',
    optional: true,
    default: 'admin',
  }),
  'management.password': param.string({
    description: 'Password of the management API.',
    optional: true,
    default: 'admin',
    secret: true,
  }),
};

type MiOptions = OptionsOf<typeof miParameters>;

/** Host settings of the `mi` sinks of an extension set. */
export interface MiSinkSettings {
  /** How long a call still running when the app stops may take (default 5 s, real time). */
  readonly stopGraceMs: number;
}

/** MIME types of mappers → the message types MI's gRPC inbound endpoint builds. */
const CONTENT_TYPES: Readonly<Record<string, MiContentType>> = {
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/plain': 'text',
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `ConnectionUnavailableError` with a code, for `_error` values and logs. */
function unavailable(message: string, cause?: unknown): ConnectionUnavailableError {
  return new ConnectionUnavailableError(message, { cause });
}

class MiSinkConnection implements SinkConnection {
  readonly #where: string;
  readonly #target: MiTarget;
  readonly #flow: string;
  readonly #contentType: string;
  readonly #transport: MiTransport;
  readonly #breaker: CircuitBreaker;
  readonly #waits: Waits;
  #flowChecked = false;
  #headersText: string | undefined;
  #headers: Readonly<Record<string, string>> = {};

  constructor(
    private readonly ctx: SinkContext<MiOptions>,
    private readonly replies: ReplyStreams,
    private readonly settings: MiSinkSettings,
  ) {
    const { options } = ctx;
    this.#where = `sink 'mi' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    const where = this.#where;
    function fail(detail: string): never {
      throw new TributaryError('E_MI_TARGET', miMessages.E_MI_TARGET(where, detail));
    }
    let target: MiTarget;
    try {
      target = resolveTarget(options);
    } catch (error) {
      fail(describe(error));
    }
    this.#target = target;
    this.#flow = describeFlow(this.#target.flow);
    if (options.mode === 'fire' && options['on.reply'] !== undefined) {
      fail("on.reply needs mode='call' (fire sends one-way, MI's reply is not awaited)");
    }
    for (const [key, min] of [
      ['retry.max', 0],
      ['circuit.failure.threshold', 1],
      ['circuit.half.open.calls', 1],
    ] as const) {
      if (options[key] < min)
        fail(`${key} must be at least ${String(min)}, found ${String(options[key])}`);
    }
    if (options.timeout <= 0) fail('timeout must be positive');
    const given = options['content.type'];
    const mapped =
      ctx.contentType === undefined ? undefined : CONTENT_TYPES[ctx.contentType.toLowerCase()];
    if (this.#target.transport === 'grpc') {
      const type = given ?? mapped;
      if (type === undefined) {
        throw new TributaryError(
          'E_MI_CONTENT_TYPE',
          miMessages.E_MI_CONTENT_TYPE(this.#where, ctx.contentType),
        );
      }
      this.#contentType = type;
      this.#transport = new GrpcMiTransport(
        this.#target.address,
        this.#target.flow.name,
        CONNECT_TIMEOUT_MS,
      );
    } else {
      const type = given ?? mapped ?? ctx.contentType;
      if (type === undefined) {
        throw new TributaryError(
          'E_MI_CONTENT_TYPE',
          miMessages.E_MI_CONTENT_TYPE(this.#where, undefined),
        );
      }
      this.#contentType = type;
      this.#transport = new HttpMiTransport(this.#target.url, options.method);
    }
    const headers = options.headers;
    if (headers !== undefined && !ctx.dynamicOptions.includes('headers')) {
      try {
        this.#headers = parseHeaderList(headers);
        this.#headersText = headers;
      } catch (error) {
        fail(describe(error));
      }
    }
    this.#breaker = new CircuitBreaker(
      {
        failureThreshold: options['circuit.failure.threshold'],
        resetTimeoutMs: options['circuit.reset.timeout'],
        halfOpenCalls: options['circuit.half.open.calls'],
      },
      ctx.clock,
      (state) => {
        this.#circuitChanged(state);
      },
    );
    this.#waits = new Waits(ctx.clock, ctx.scheduler, miMessages.E_MI_STOPPING());
  }

  #circuitChanged(state: CircuitState): void {
    const url = this.#target.url;
    if (state === 'open') {
      this.ctx.logger.log(
        'warn',
        `${this.#where}: circuit to ${url} opened after ${String(this.#breaker.failures)} failed calls`,
      );
    } else {
      this.ctx.logger.log('info', `${this.#where}: circuit to ${url} is ${state}`);
    }
  }

  async connect(): Promise<void> {
    if (!this.#flowChecked) await this.#checkFlow();
    const retryIn = this.#breaker.retryInMs;
    if (retryIn > 0) {
      throw unavailable(
        `${this.#where}: the circuit to ${this.#target.url} is open for ${String(retryIn)} ms more`,
      );
    }
    try {
      await this.#transport.connect();
    } catch (error) {
      throw unavailable(`${this.#where}: ${this.#target.url}: ${describe(error)}`, error);
    }
  }

  /** Looks the flow up in MI's management API (when configured); a missing flow fails the start. */
  async #checkFlow(): Promise<void> {
    const url = this.ctx.options['management.url'];
    // The system parameter's default is empty: no management API configured.
    if (url === undefined || url.trim() === '') {
      this.#flowChecked = true;
      return;
    }
    const client = new MiManagementClient({
      url,
      username: this.ctx.options['management.username'],
      password: this.ctx.options['management.password'],
    });
    let flows;
    try {
      flows = await client.flows({ details: this.#target.flow.kind === 'api' });
    } catch (error) {
      if (error instanceof TributaryError && !error.retriable) throw error;
      throw unavailable(`${this.#where}: ${describe(error)}`, error);
    }
    const missing = missingFlow(flows, this.#target.flow, this.ctx.options.method);
    if (missing !== undefined) {
      throw new TributaryError(
        'E_MI_FLOW_MISSING',
        miMessages.E_MI_FLOW_MISSING(this.#where, this.#flow, client.baseUrl, missing.known),
      );
    }
    this.#flowChecked = true;
  }

  disconnect(): Promise<void> {
    return this.#transport.close();
  }

  stopping(): void {
    this.#waits.stop(this.settings.stopGraceMs);
  }

  #request(payload: unknown, options: DynamicOptions): MiRequest {
    const text = options.headers;
    if (text !== undefined && text !== this.#headersText) {
      try {
        this.#headers = parseHeaderList(text);
      } catch (error) {
        throw new TributaryError(
          'E_MI_TARGET',
          miMessages.E_MI_TARGET(this.#where, describe(error)),
          false,
          {
            cause: error,
          },
        );
      }
      this.#headersText = text;
    }
    return {
      payload: payloadText(payload),
      contentType: this.#contentType,
      headers: this.#headers,
    };
  }

  async publish(
    payload: unknown,
    options: DynamicOptions,
    _transport: unknown,
    event?: IoEvent,
  ): Promise<void> {
    const request = this.#request(payload, options);
    const reply = await this.#callWithRetries(request);
    const stream = this.ctx.options['on.reply'];
    if (this.ctx.options.mode !== 'call' || stream === undefined) return;
    if (reply.payload === '') {
      this.ctx.logger.log(
        'debug',
        `${this.#where}: an empty reply from ${this.#flow} is not delivered`,
      );
      return;
    }
    const endpoint = this.replies.find(this.ctx.appName, stream);
    if (endpoint === undefined) {
      throw new TributaryError(
        'E_MI_NO_REPLY_SOURCE',
        miMessages.E_MI_NO_REPLY_SOURCE(this.#where, stream),
      );
    }
    const transport: Record<string, string> = { ...reply.headers };
    for (const [name, value] of attributeTexts(this.ctx.attributes, event)) transport[name] = value;
    transport[REPLY_STATUS] = reply.status;
    transport[REPLY_FLOW] = this.#flow;
    await endpoint.deliver(reply.payload, transport);
  }

  #backoff(retry: number): number {
    const { options } = this.ctx;
    return Math.min(options['retry.max.backoff'], options['retry.backoff'] * 2 ** (retry - 1));
  }

  #circuitOpen(last: string): ConnectionUnavailableError {
    return unavailable(
      miMessages.E_MI_CIRCUIT_OPEN(
        this.#where,
        this.#target.url,
        this.#breaker.failures,
        this.ctx.options['circuit.reset.timeout'],
        last,
      ),
    );
  }

  async #callWithRetries(request: MiRequest): Promise<MiReply> {
    const retries = this.ctx.options['retry.max'];
    let last = 'none yet';
    for (let attempt = 1; ; attempt += 1) {
      if (!this.#breaker.tryAcquire()) throw this.#circuitOpen(last);
      let failure: MiCallFailure;
      try {
        const reply = await this.#attempt(request);
        this.#breaker.succeeded();
        return reply;
      } catch (error) {
        failure =
          error instanceof MiCallFailure
            ? error
            : new MiCallFailure('unavailable', describe(error), { cause: error });
      }
      if (!failure.retriable) {
        // MI answered: it is up, whatever it thought of the call.
        this.#breaker.succeeded();
        throw new TributaryError(
          'E_MI_REJECTED',
          miMessages.E_MI_REJECTED(this.#where, this.#flow, this.#target.url, failure.message),
          false,
          { cause: failure },
        );
      }
      if (this.#waits.stopped && failure.kind === 'timeout') this.#breaker.released();
      else this.#breaker.failed();
      last = failure.message;
      if (this.#breaker.state === 'open') throw this.#circuitOpen(last);
      const exhausted = (): TributaryError =>
        new TributaryError(
          'E_MI_CALL_FAILED',
          miMessages.E_MI_CALL_FAILED(this.#where, this.#flow, this.#target.url, attempt, last),
          true,
          { cause: failure },
        );
      if (attempt > retries || this.#waits.stopped) throw exhausted();
      try {
        await this.#waits.delay(this.#backoff(attempt));
      } catch (error) {
        if (error instanceof StoppedError) throw exhausted();
        throw error;
      }
    }
  }

  async #attempt(request: MiRequest): Promise<MiReply> {
    const controller = new AbortController();
    const timeout = this.ctx.options.timeout;
    const clear = this.#waits.deadline(timeout, () => {
      controller.abort(new Error(miMessages.E_MI_TIMEOUT(timeout)));
    });
    try {
      return await this.#transport.call(request, this.ctx.options.mode, controller.signal);
    } finally {
      clear();
    }
  }
}

const SEQUENCE_EXAMPLE =
  "@sink(type='mi', url='grpc://localhost:8888', sequence='approveOrder', on.reply='Approvals',\n" +
  "      timeout='5 sec', retry.max='2', @map(type='json'))\n" +
  'define stream Orders (orderId string, amount double);\n\n' +
  "@source(type='mi-reply', @map(type='json', @attributes(orderId='trp:orderId', amount='trp:amount', approved='$.approved')))\n" +
  'define stream Approvals (orderId string, amount string, approved bool);';

/**
 * The `mi` sink of an extension set, delivering replies through `replies`.
 * @example
 * const sink = miSink(new ReplyStreams(), { stopGraceMs: 5_000 });
 */
export function miSink(replies: ReplyStreams, settings: MiSinkSettings): Extension {
  return defineSink({
    name: 'mi',
    status: 'beta',
    summary:
      'Triggers a Micro Integrator flow per event (a sequence over gRPC, an API resource or a ' +
      'proxy over HTTP), with timeouts, retries, a circuit breaker and correlated replies.',
    description:
      "With a grpc:// url the sink calls MI's gRPC inbound endpoint (EventService process in " +
      'call mode, consume in fire mode) with the `sequence` header and the `Content-Type` ' +
      'MI needs (json, xml or text, from the mapper or content.type). With an http(s):// url it ' +
      'calls `<url><api>` or `<url>/services/<proxy>`. Each attempt gets `timeout`; attempts MI ' +
      'could not answer (unreachable, timed out, HTTP 429/502/503/504) are retried up to ' +
      '`retry.max` times, waiting `retry.backoff`, doubling up to `retry.max.backoff`. ' +
      'After `circuit.failure.threshold` failed attempts in a row the circuit opens: calls ' +
      'fail fast (a connection error for on.error) until `circuit.reset.timeout` has passed, ' +
      'then trial calls decide whether it closes. A call MI rejects (unknown sequence, a fault, ' +
      'HTTP 4xx/500) is not retried. In call mode the reply goes to the `mi-reply` source of ' +
      "the `on.reply` stream with the calling event's attributes as `trp:` values; the event " +
      'counts as published once the reply was processed. With `management.url` (also a ' +
      "system parameter, for every app) the flow is looked up in MI's management API when " +
      'the app starts: a flow MI does not have fails the deployment.',
    parameters: miParameters,
    systemParameters: [
      {
        name: 'management.url',
        description: "MI's management API for every `mi` sink ('https://<host>:9164').",
        defaultValue: '',
      },
      {
        name: 'management.username',
        description: 'User of the management API.',
        defaultValue: 'admin',
      },
      {
        name: 'management.password',
        description: 'Password of the management API.',
        defaultValue: 'admin',
      },
    ],
    examples: [
      {
        description:
          "Runs MI's sequence approveOrder for every order and receives its JSON answer, with the " +
          "order's attributes, on Approvals.",
        siddhi: SEQUENCE_EXAMPLE,
      },
      {
        description: 'Calls a REST API resource of MI one-way (fire) and logs nothing back.',
        siddhi:
          "@sink(type='mi', url='http://localhost:8290', api='/audit/events', mode='fire', @map(type='json'))\n" +
          'define stream AuditEvents (user string, action string);',
      },
      {
        description: 'Calls a proxy service, checking at deployment that MI has it.',
        siddhi:
          "@sink(type='mi', url='http://localhost:8290', proxy='StockQuoteProxy', on.reply='Quotes',\n" +
          "      management.url='https://localhost:9164', @map(type='xml'))\n" +
          'define stream QuoteRequests (symbol string);\n\n' +
          "@source(type='mi-reply', @map(type='xml', @attributes(symbol='trp:symbol', price='//price')))\n" +
          'define stream Quotes (symbol string, price double);',
      },
    ],
    create: (ctx) => new MiSinkConnection(ctx, replies, settings),
  });
}
