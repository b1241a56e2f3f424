// The `rabbitmq` sink: publishes each mapped payload to an exchange (declared on first use when
// missing) with a routing key, headers and AMQP message properties, several of which may name
// attributes. Publisher confirms: an event counts as delivered once the broker confirmed it.

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { cachedKeyValueList, parseKeyValueList } from './key-value-list.js';
import {
  closeQuietly,
  connectionFailure,
  connectionUrl,
  ensureExchange,
  EXCHANGE_TYPES,
  openConnection,
  rabbitmqConnectionParameters,
} from './rabbitmq-connection.js';
import { payloadBytes } from './payload-bytes.js';

const sinkParameters = {
  ...rabbitmqConnectionParameters,
  'exchange.name': param.string({
    description:
      'The exchange to publish to (declared with the `exchange.*` options the first time when ' +
      "it does not exist); may name attributes. `''` is the default exchange (routing key = queue).",
    dynamic: true,
  }),
  'exchange.type': param.string({
    description: 'The type of a declared exchange: `direct`, `fanout`, `topic` or `headers`.',
    optional: true,
    default: 'direct',
    dynamic: true,
  }),
  'exchange.durable.enabled': param.string({
    description: '`true`: a declared exchange survives a broker restart.',
    optional: true,
    default: 'false',
    dynamic: true,
  }),
  'exchange.autodelete.enabled': param.string({
    description: '`true`: a declared exchange is deleted when its last queue is unbound.',
    optional: true,
    default: 'false',
    dynamic: true,
  }),
  'routing.key': param.string({
    description: 'The routing key of each message; may name attributes.',
    optional: true,
    default: '',
    dynamic: true,
  }),
  headers: param.string({
    description:
      "Message headers as `\"'<name>:<value>','<name>:<value>'\"` (a headers exchange routes " +
      'on them); may name attributes.',
    optional: true,
    dynamic: true,
  }),
  'delivery.mode': param.int({
    description: '`1` non-persistent, `2` persistent (kept on disk by a durable queue).',
    optional: true,
    default: 1,
  }),
  'content.type': param.string({ description: 'The MIME content type.', optional: true }),
  'content.encoding': param.string({ description: 'The MIME content encoding.', optional: true }),
  priority: param.string({
    description: 'The message priority, 0 to 9; may name an attribute.',
    optional: true,
    default: '0',
    dynamic: true,
  }),
  'correlation.id': param.string({
    description: 'The correlation id (of the request this answers); may name attributes.',
    optional: true,
    dynamic: true,
  }),
  'reply.to': param.string({ description: 'The queue to answer on.', optional: true }),
  expiration: param.string({
    description: 'Milliseconds after which the broker drops the message if undelivered.',
    optional: true,
  }),
  'message.id': param.string({
    description: 'The message id; may name attributes.',
    optional: true,
    dynamic: true,
  }),
  timestamp: param.string({
    description:
      'The timestamp property: epoch milliseconds or an ISO-8601 time (default: when published).',
    optional: true,
  }),
  'message.type': param.string({
    description:
      "The message's type property. (Siddhi's key for it, `type`, is the sink's own `type`, so " +
      'it could never be set.)',
    optional: true,
  }),
  'user.id': param.string({
    description: 'The user id property (the broker checks it against the connection user).',
    optional: true,
  }),
  'app.id': param.string({ description: 'The id of the publishing application.', optional: true }),
};

export type RabbitmqSinkOptions = OptionsOf<typeof sinkParameters>;

const isTemplate = (text: string | undefined): boolean => text?.includes('{{') === true;

function parseBool(text: string, key: string, where: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new Error(`${where}: ${key} must be true or false, found '${text}'`);
}

function parsePriority(text: string, where: string): number {
  const trimmed = text.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(n >= 0 && n <= 255))
    throw new Error(`${where}: priority must be 0 to 255, found '${text}'`);
  return n;
}

function parseType(text: string, where: string): string {
  const type = text.trim().toLowerCase();
  if (!(EXCHANGE_TYPES as readonly string[]).includes(type)) {
    throw new Error(
      `${where}: exchange.type must be ${EXCHANGE_TYPES.join(', ')}, found '${text}'`,
    );
  }
  return type;
}

/** The AMQP timestamp (seconds): epoch ms or an ISO time; undefined for "now". */
export function timestampSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (Number.isNaN(ms)) {
    throw new Error(`timestamp '${text}' is neither epoch milliseconds nor an ISO-8601 time`);
  }
  return Math.floor(ms / 1000);
}

/** One `rabbitmq` sink. */
class RabbitmqSinkConnection implements SinkConnection {
  readonly #where: string;
  readonly #name: string;
  readonly #headersOf = cachedKeyValueList();
  readonly #timestamp: number | undefined;
  #connection: ChannelModel | undefined;
  #channel: ConfirmChannel | undefined;
  /** Exchanges checked or declared on this connection (running or done). */
  #declared = new Map<string, Promise<void>>();

  constructor(private readonly ctx: SinkContext<RabbitmqSinkOptions>) {
    const options = ctx.options;
    this.#where = `sink 'rabbitmq' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#name = `tributary ${ctx.appName}/${ctx.streamId} sink`;
    connectionUrl(options);
    this.#timestamp = timestampSeconds(options.timestamp);
    const mode = options['delivery.mode'];
    if (mode !== 1 && mode !== 2)
      throw new Error(`delivery.mode must be 1 or 2, found ${String(mode)}`);
    // Values without templates are checked now (a template is checked per event).
    for (const key of ['exchange.durable.enabled', 'exchange.autodelete.enabled'] as const) {
      if (!isTemplate(options[key])) parseBool(options[key], key, this.#where);
    }
    if (!isTemplate(options['exchange.type'])) parseType(options['exchange.type'], this.#where);
    if (!isTemplate(options.priority)) parsePriority(options.priority, this.#where);
    if (options.headers !== undefined && !isTemplate(options.headers)) {
      parseKeyValueList(options.headers);
    }
  }

  async connect(): Promise<void> {
    const connection = await openConnection(this.ctx.options, this.#name, this.#where);
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => undefined);
      this.#connection = connection;
      this.#channel = channel;
      this.#declared = new Map();
      const forget = (): void => {
        if (this.#connection !== connection) return;
        this.#connection = undefined;
        this.#channel = undefined;
      };
      connection.on('close', forget);
      channel.on('close', forget);
    } catch (error) {
      await closeQuietly(connection);
      throw connectionFailure(error, this.#where);
    }
  }

  async disconnect(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#channel = undefined;
    await closeQuietly(connection);
  }

  async publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const connection = this.#connection;
    const channel = this.#channel;
    if (connection === undefined || channel === undefined) {
      throw new ConnectionUnavailableError(`${this.#where}: not connected to the broker`);
    }
    const content = toBuffer(payloadBytes(payload, this.#where));
    const exchange = options['exchange.name'] ?? this.ctx.options['exchange.name'];
    let declared = this.#declared.get(exchange);
    if (declared === undefined) {
      declared = ensureExchange(connection, channel, {
        name: exchange,
        type: parseType(options['exchange.type'] ?? 'direct', this.#where),
        durable: parseBool(
          options['exchange.durable.enabled'] ?? 'false',
          'exchange.durable.enabled',
          this.#where,
        ),
        autoDelete: parseBool(
          options['exchange.autodelete.enabled'] ?? 'false',
          'exchange.autodelete.enabled',
          this.#where,
        ),
      }).catch((error: unknown) => {
        this.#declared.delete(exchange);
        throw connectionFailure(error, `${this.#where}: exchange '${exchange}'`);
      });
      this.#declared.set(exchange, declared);
    }
    await declared;
    const routingKey = options['routing.key'] ?? '';
    const properties = this.#properties(options);
    await new Promise<void>((resolve, reject) => {
      try {
        channel.publish(exchange, routingKey, content, properties, (error: unknown) => {
          if (error === null || error === undefined) resolve();
          else
            reject(
              connectionFailure(error, `${this.#where}: the broker did not confirm a message`),
            );
        });
      } catch (error) {
        reject(connectionFailure(error, `${this.#where}: publish to '${exchange}' failed`));
      }
    });
  }

  #properties(options: DynamicOptions): Options.Publish {
    const o = this.ctx.options;
    const properties: Options.Publish = {
      deliveryMode: o['delivery.mode'],
      timestamp: this.#timestamp ?? Math.floor(Date.now() / 1000),
    };
    const priority = parsePriority(options.priority ?? '0', this.#where);
    if (priority !== 0) properties.priority = priority;
    const headerText = options.headers;
    if (headerText !== undefined) {
      const entries = this.#headersOf(headerText);
      if (entries.length > 0) properties.headers = Object.fromEntries(entries);
    }
    const optional: [keyof Options.Publish, string | undefined][] = [
      ['contentType', o['content.type']],
      ['contentEncoding', o['content.encoding']],
      ['correlationId', options['correlation.id']],
      ['replyTo', o['reply.to']],
      ['expiration', o.expiration],
      ['messageId', options['message.id']],
      ['type', o['message.type']],
      ['userId', o['user.id']],
      ['appId', o['app.id']],
    ];
    for (const [key, value] of optional) {
      if (value !== undefined) (properties as Record<string, unknown>)[key] = value;
    }
    return properties;
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const rabbitmqSinkSpec = defineSink({
  name: 'rabbitmq',
  status: 'stable',
  summary:
    'Publishes each event to a RabbitMQ exchange with a routing key, headers and properties.',
  description:
    'The exchange is used as it is when it exists, declared with the `exchange.*` options the ' +
    'first time it is used when it does not. Publishes use publisher confirms: an event counts ' +
    'as delivered once the broker confirmed it (a persistent message, `delivery.mode=2`, in a ' +
    'durable queue is then on disk). A broker that cannot be reached is a connection error: ' +
    'the engine reconnects and applies `on.error` (`WAIT` keeps the events until it is back). ' +
    'A message no queue is bound for is dropped by the broker, as AMQP does. The payload is ' +
    'the mapped text (UTF-8) or bytes.',
  parameters: sinkParameters,
  examples: [
    {
      description: 'Publishes JSON events to exchange `direct` with routing key `direct`.',
      siddhi:
        "@sink(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', exchange.name='direct', " +
        "routing.key='direct', @map(type='json'))\n" +
        'define stream BarStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Publishes persistent messages to a durable topic exchange, routed by each symbol, ' +
        'with a message id and a header per event.',
      siddhi:
        "@sink(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', exchange.name='stocks', " +
        "exchange.type='topic', exchange.durable.enabled='true', routing.key='stock.{{symbol}}', " +
        "delivery.mode='2', message.id='{{id}}', headers=\"'symbol:{{symbol}}'\", " +
        "content.type='application/json', on.error='WAIT', @map(type='json'))\n" +
        'define stream StockStream (id string, symbol string, price double);',
    },
  ],
  create: (ctx) => new RabbitmqSinkConnection(ctx),
});
