// The `rabbitmq` source: binds a queue (named, or server-named) to an exchange by routing key or
// headers and consumes it. With `auto.ack='false'` each message is acknowledged only once its
// events were processed and every sink acknowledged them; unacknowledged messages go back to the
// queue when the connection is lost, so nothing is lost (at least once).

import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { parseKeyValueList } from './key-value-list.js';
import {
  closeQuietly,
  connectionFailure,
  connectionUrl,
  ensureExchange,
  ensureQueue,
  EXCHANGE_TYPES,
  openConnection,
  rabbitmqConnectionParameters,
} from './rabbitmq-connection.js';

const sourceParameters = {
  ...rabbitmqConnectionParameters,
  'exchange.name': param.string({
    description:
      'The exchange to bind the queue to; declared with the `exchange.*` options when it does ' +
      'not exist (an existing one is used as it is).',
  }),
  'exchange.type': param.enum(EXCHANGE_TYPES, {
    description: 'The type of a declared exchange: `direct`, `fanout`, `topic` or `headers`.',
    optional: true,
    default: 'direct',
  }),
  'exchange.durable.enabled': param.bool({
    description: 'A declared exchange survives a broker restart.',
    optional: true,
    default: false,
  }),
  'exchange.autodelete.enabled': param.bool({
    description: 'A declared exchange is deleted when its last queue is unbound.',
    optional: true,
    default: false,
  }),
  'routing.key': param.string({
    description:
      'The binding key: the routing key for `direct`, a pattern (`stock.*`, `#`) for `topic`.',
    optional: true,
    default: '',
  }),
  headers: param.string({
    description:
      "Binding arguments as `\"'<name>:<value>','<name>:<value>'\"`; for a `headers` exchange a " +
      "message matches when its headers equal them (add `'x-match:any'` to match any one).",
    optional: true,
  }),
  'queue.name': param.string({
    description:
      'The queue to consume; declared with the `queue.*` options when missing (an existing ' +
      'one is used as it is). Default: a queue named by the broker, exclusive to this ' +
      'connection and deleted with it.',
    optional: true,
  }),
  'queue.durable.enabled': param.bool({
    description: 'A declared queue survives a broker restart (with its persistent messages).',
    optional: true,
    default: false,
  }),
  'queue.exclusive.enabled': param.bool({
    description: 'A declared queue is used by this connection only and deleted with it.',
    optional: true,
    default: false,
  }),
  'queue.autodelete.enabled': param.bool({
    description: 'A declared queue is deleted when its last consumer leaves.',
    optional: true,
    default: false,
  }),
  'auto.ack': param.bool({
    description:
      'When true the broker forgets a message as soon as it delivered it (at most once); when ' +
      'false the source acknowledges it once its events were processed (at least once).',
    optional: true,
    default: true,
  }),
  'prefetch.count': param.int({
    description: 'With `auto.ack=false`: messages delivered and not yet acknowledged, at most.',
    optional: true,
    default: 1000,
  }),
  'consumer.threadpool.size': param.int({
    description: 'Accepted for Siddhi apps; messages are taken in order on the event loop.',
    optional: true,
    default: 1,
  }),
};

export type RabbitmqSourceOptions = OptionsOf<typeof sourceParameters>;

function ignore(): void {
  // The app stopped: an unacknowledged message goes back to the queue with the connection.
}

/** amqplib types message properties as `any`: read them as unknown values. */
function property(m: ConsumeMessage, key: string): unknown {
  return (m.properties as unknown as Readonly<Record<string, unknown>>)[key];
}

function header(m: ConsumeMessage, name: string): unknown {
  const headers = property(m, 'headers') as Readonly<Record<string, unknown>> | undefined;
  return headers?.[name];
}

const PROPERTY_READERS: Readonly<Record<string, (m: ConsumeMessage) => unknown>> = {
  'routing.key': (m) => m.fields.routingKey,
  exchange: (m) => m.fields.exchange,
  'delivery.tag': (m) => m.fields.deliveryTag,
  redelivered: (m) => m.fields.redelivered,
  'consumer.tag': (m) => m.fields.consumerTag,
  'message.id': (m) => property(m, 'messageId'),
  'correlation.id': (m) => property(m, 'correlationId'),
  'reply.to': (m) => property(m, 'replyTo'),
  'content.type': (m) => property(m, 'contentType'),
  'content.encoding': (m) => property(m, 'contentEncoding'),
  type: (m) => property(m, 'type'),
  'app.id': (m) => property(m, 'appId'),
  'user.id': (m) => property(m, 'userId'),
  timestamp: (m) => property(m, 'timestamp'),
  priority: (m) => property(m, 'priority'),
  expiration: (m) => property(m, 'expiration'),
  'delivery.mode': (m) => property(m, 'deliveryMode'),
};

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Builds the `trp:` values of a message, for the names the mapping asks for. */
function transportReader(
  names: readonly string[],
): ((m: ConsumeMessage) => TransportProperties) | undefined {
  if (names.length === 0) return undefined;
  const readers = names.map((name): [string, (m: ConsumeMessage) => unknown] => [
    name,
    PROPERTY_READERS[name] ?? ((m) => header(m, name)),
  ]);
  return (message) => {
    const properties: Record<string, string | undefined> = {};
    for (const [name, read] of readers) properties[name] = text(read(message));
    return properties;
  };
}

/** Binding arguments of `headers` (values that look like numbers or booleans stay text). */
export function bindingArguments(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const entries = parseKeyValueList(text);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** One `rabbitmq` source. */
class RabbitmqSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #name: string;
  readonly #arguments: Record<string, string> | undefined;
  readonly #transport: ((m: ConsumeMessage) => TransportProperties) | undefined;
  #connection: ChannelModel | undefined;
  #channel: Channel | undefined;
  #paused = false;
  #held: (() => void)[] = [];

  constructor(private readonly ctx: SourceContext<RabbitmqSourceOptions>) {
    const options = ctx.options;
    connectionUrl(options);
    if (options['prefetch.count'] < 1) throw new Error('prefetch.count must be 1 or more');
    this.#arguments = bindingArguments(options.headers);
    this.#where = `source 'rabbitmq' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#name = `tributary ${ctx.appName}/${ctx.streamId} source`;
    this.#transport = transportReader(ctx.requestedTransportProperties);
  }

  async connect(): Promise<void> {
    const options = this.ctx.options;
    const connection = await openConnection(options, this.#name, this.#where);
    this.#connection = connection;
    connection.on('close', () => {
      this.#lost(connection, 'the connection to the broker was closed');
    });
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      channel.on('close', () => {
        this.#lost(connection, 'the channel was closed');
      });
      const exchange = options['exchange.name'];
      await ensureExchange(connection, channel, {
        name: exchange,
        type: options['exchange.type'],
        durable: options['exchange.durable.enabled'],
        autoDelete: options['exchange.autodelete.enabled'],
      });
      const queue = await ensureQueue(connection, channel, options['queue.name'] ?? '', {
        durable: options['queue.durable.enabled'],
        exclusive: options['queue.exclusive.enabled'],
        autoDelete: options['queue.autodelete.enabled'],
      });
      if (exchange !== '') {
        await channel.bindQueue(queue, exchange, options['routing.key'], this.#arguments);
      }
      const autoAck = options['auto.ack'];
      if (!autoAck) await channel.prefetch(options['prefetch.count']);
      this.#channel = channel;
      await channel.consume(
        queue,
        (message) => {
          if (message === null) {
            // The broker cancelled the consumer (the queue was deleted).
            this.#lost(connection, 'the broker cancelled the consumer');
            return;
          }
          const deliver = (): void => {
            this.#deliver(channel, message, autoAck);
          };
          if (this.#paused) this.#held.push(deliver);
          else deliver();
        },
        { noAck: autoAck },
      );
    } catch (error) {
      this.#connection = undefined;
      this.#channel = undefined;
      await closeQuietly(connection);
      throw connectionFailure(error, this.#where);
    }
  }

  async disconnect(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#channel = undefined;
    this.#held = [];
    await closeQuietly(connection);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    const held = this.#held;
    this.#held = [];
    for (const deliver of held) deliver();
  }

  #lost(connection: ChannelModel, why: string): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    this.#channel = undefined;
    this.ctx.connectionLost(new ConnectionUnavailableError(`${this.#where}: ${why}`));
  }

  #deliver(channel: Channel, message: ConsumeMessage, autoAck: boolean): void {
    const processed = this.ctx.emit(message.content, this.#transport?.(message));
    if (autoAck) {
      processed.catch(ignore);
      return;
    }
    processed.then(() => {
      // A channel closed meanwhile cannot acknowledge: the broker delivers the message again.
      if (this.#channel === channel) channel.ack(message);
    }, ignore);
  }
}

export const rabbitmqSourceSpec = defineSource({
  name: 'rabbitmq',
  status: 'stable',
  summary: 'Consumes a RabbitMQ queue bound to an exchange; each message becomes events via @map.',
  description:
    'At connect the exchange and the queue are used as they are when they exist, declared ' +
    "with the `exchange.*`/`queue.*` options when they don't (as Siddhi does), and bound with " +
    '`routing.key` and the `headers` arguments. Without `queue.name` the broker names an ' +
    'exclusive queue that lives as long as the connection.\n\n' +
    "`auto.ack='true'` (Siddhi's default) delivers each message at most once. With " +
    "`auto.ack='false'` a message is acknowledged only once its events were processed and " +
    'every sink acknowledged them; unacknowledged messages (at most `prefetch.count`) return ' +
    'to the queue when the connection is lost, so a durable queue loses nothing across broker ' +
    'restarts (at least once: a message may come twice, with `trp:redelivered` true).\n\n' +
    'Transport properties: `routing.key`, `exchange`, `delivery.tag`, `redelivered`, ' +
    '`consumer.tag`, `message.id`, `correlation.id`, `reply.to`, `content.type`, ' +
    '`content.encoding`, `type`, `app.id`, `user.id`, `timestamp`, `priority`, `expiration`, ' +
    '`delivery.mode`; any other name reads the message header of that name.',
  parameters: sourceParameters,
  transportProperties: [
    { name: 'routing.key', description: 'The routing key the message was published with.' },
    { name: 'exchange', description: 'The exchange the message was published to.' },
    { name: 'redelivered', description: '`true` when the broker delivered the message before.' },
    { name: 'message.id', description: 'The message id property.' },
    { name: 'correlation.id', description: 'The correlation id property.' },
    { name: '<header>', description: 'Any other name: the message header of that name.' },
  ],
  examples: [
    {
      description: 'Receives JSON events routed with key `direct` through exchange `direct`.',
      siddhi:
        "@source(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', " +
        "exchange.name='direct', routing.key='direct', @map(type='json'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Consumes a durable queue bound to a topic exchange and acknowledges each message ' +
        'after processing, so a broker restart loses nothing.',
      siddhi:
        "@source(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', " +
        "exchange.name='stocks', exchange.type='topic', exchange.durable.enabled='true', " +
        "routing.key='stock.#', queue.name='stock-app', queue.durable.enabled='true', " +
        "auto.ack='false', @map(type='json', @attributes(symbol='$.symbol', price='$.price', " +
        "key='trp:routing.key')))\n" +
        'define stream StockStream (symbol string, price double, key string);',
    },
    {
      description: 'Binds to a headers exchange: messages whose `region` header is `eu`.',
      siddhi:
        "@source(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', " +
        "exchange.name='orders', exchange.type='headers', headers=\"'region:eu','x-match:all'\", " +
        "@map(type='json'))\n" +
        'define stream EuOrderStream (id string, amount double);',
    },
  ],
  create: (ctx) => new RabbitmqSourceConnection(ctx),
});
