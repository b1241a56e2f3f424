// The `nats` sink: publishes each mapped payload to a subject (which may name attributes).
// Core NATS publishes are acknowledged once the server confirmed it read them (one flush for
// every publish of a turn); JetStream publishes once the stream stored them (its PubAck).

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import { headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import { cachedKeyValueList, parseKeyValueList } from './key-value-list.js';
import {
  connectionFailure,
  natsConnectionParameters,
  openNatsConnection,
} from './nats-connection.js';
import { jetStreamSwitchParameters, usesJetStream } from './nats-source.js';
import { payloadBytes } from './payload-bytes.js';

const sinkParameters = {
  destination: param.string({
    description: "The subject to publish to; may name attributes: `'stocks.{{symbol}}'`.",
    dynamic: true,
  }),
  ...natsConnectionParameters,
  ...jetStreamSwitchParameters,
  'ack.wait': param.long({
    description:
      'JetStream: seconds to wait for the stream to acknowledge a message (default 5); a ' +
      'message not acknowledged in time is a connection error, handled by `on.error`.',
    optional: true,
  }),
  headers: param.string({
    description: "Message headers as `\"'<name>:<value>','<name>:<value>'\"`; may name attributes.",
    optional: true,
    dynamic: true,
  }),
  'message.id': param.string({
    description:
      'JetStream: the message id (`Nats-Msg-Id`) the stream deduplicates on; may name ' +
      "attributes: `'{{orderId}}'`.",
    optional: true,
    dynamic: true,
  }),
};

export type NatsSinkOptions = OptionsOf<typeof sinkParameters>;

const DEFAULT_ACK_WAIT_SECONDS = 5;

function ignore(): void {
  // Closing a connection that is already gone.
}

/** One `nats` sink. */
class NatsSinkConnection implements SinkConnection {
  readonly #where: string;
  readonly #jetStream: boolean;
  readonly #headersOf = cachedKeyValueList();
  readonly #timeoutMs: number;
  #nc: NatsConnection | undefined;
  #js: JetStreamClient | undefined;
  /** The flush every core publish of this turn waits for. */
  #flush: Promise<void> | undefined;

  constructor(private readonly ctx: SinkContext<NatsSinkOptions>) {
    this.#where = `sink 'nats' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#jetStream = usesJetStream(ctx.options);
    const wait = ctx.options['ack.wait'] ?? DEFAULT_ACK_WAIT_SECONDS;
    if (wait < 1) throw new Error(`ack.wait must be 1 second or more, found ${String(wait)}`);
    this.#timeoutMs = wait * 1000;
    const headers = ctx.options.headers;
    if (headers !== undefined && !headers.includes('{{')) parseKeyValueList(headers);
    if (!this.#jetStream && ctx.options['message.id'] !== undefined) {
      throw new Error('message.id needs JetStream (jetstream.enabled or streaming.cluster.id)');
    }
  }

  async connect(): Promise<void> {
    const nc = await openNatsConnection(this.ctx.options, this.#where, this.ctx.logger);
    this.#nc = nc;
    this.#js = this.#jetStream ? nc.jetstream({ timeout: this.#timeoutMs }) : undefined;
  }

  async disconnect(): Promise<void> {
    const nc = this.#nc;
    this.#nc = undefined;
    this.#js = undefined;
    this.#flush = undefined;
    if (nc !== undefined && !nc.isClosed()) await nc.close().catch(ignore);
  }

  publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const nc = this.#nc;
    if (nc === undefined || nc.isClosed()) {
      return Promise.reject(
        new ConnectionUnavailableError(`${this.#where}: not connected to the NATS server`),
      );
    }
    const subject = options.destination ?? this.ctx.options.destination;
    const data = payloadBytes(payload, this.#where);
    const headerText = options.headers;
    const entries = headerText === undefined ? [] : this.#headersOf(headerText);
    const headers = entries.length === 0 ? undefined : natsHeaders();
    for (const [name, value] of entries) headers?.append(name, value);
    const js = this.#js;
    if (js !== undefined) {
      const messageId = options['message.id'];
      return js
        .publish(subject, data, {
          timeout: this.#timeoutMs,
          ...(headers === undefined ? {} : { headers }),
          ...(messageId === undefined || messageId === '' ? {} : { msgID: messageId }),
        })
        .then(
          () => undefined,
          (error: unknown) => {
            throw connectionFailure(error, `${this.#where}: publish to '${subject}' failed`);
          },
        );
    }
    try {
      nc.publish(subject, data, headers === undefined ? undefined : { headers });
    } catch (error) {
      return Promise.reject(connectionFailure(error, `${this.#where}: publish to '${subject}'`));
    }
    return this.#flushed(nc);
  }

  /** One flush for every publish made before the next microtask: the server read them all. */
  #flushed(nc: NatsConnection): Promise<void> {
    this.#flush ??= Promise.resolve().then(() => {
      this.#flush = undefined;
      return nc.flush().catch((error: unknown) => {
        throw new ConnectionUnavailableError(
          `${this.#where}: the server did not confirm the messages: ${describe(error)}`,
          { cause: error },
        );
      });
    });
    return this.#flush;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const natsSinkSpec = defineSink({
  name: 'nats',
  status: 'stable',
  summary: 'Publishes each event to a NATS subject (core NATS or JetStream).',
  description:
    'Core NATS (the default): an event counts as delivered once the server confirmed it read ' +
    'the message (one ping for all messages published together); subscribers that are not ' +
    'connected miss it. JetStream (`jetstream.enabled`, or `streaming.cluster.id` as in ' +
    'Siddhi apps for NATS Streaming): an event counts as delivered once a stream stored it; ' +
    '`message.id` lets the stream drop duplicates. A server that cannot be reached, or a ' +
    'JetStream acknowledgement that does not come within `ack.wait` seconds, is a connection ' +
    'error: the engine reconnects and applies `on.error` (`WAIT` keeps the events until the ' +
    'server is back). The payload is the mapped text (UTF-8) or bytes.',
  parameters: sinkParameters,
  examples: [
    {
      description: 'Publishes JSON events to the subject named by each event.',
      siddhi:
        "@sink(type='nats', destination='stocks.{{symbol}}', server.urls='nats://localhost:4222', " +
        "@map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
    {
      description:
        'Stores each event in a JetStream stream, deduplicated by order id, and waits while ' +
        'the server is down.',
      siddhi:
        "@sink(type='nats', destination='orders', jetstream.enabled='true', " +
        "message.id='{{id}}', headers=\"'source:tributary'\", on.error='WAIT', @map(type='json'))\n" +
        'define stream OrderStream (id string, amount double);',
    },
  ],
  create: (ctx) => new NatsSinkConnection(ctx),
});
