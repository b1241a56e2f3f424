// The `redis` source: subscribes to Redis pub/sub channels (SUBSCRIBE) and channel patterns
// (PSUBSCRIBE); each message becomes events via @map. Redis pub/sub keeps nothing: messages
// published while the source is disconnected are lost (at most once).

import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import type { Redis } from 'ioredis';
import {
  checkConnectionOptions,
  closeRedisClient,
  connectionFailure,
  openRedisClient,
  redisConnectionParameters,
} from './redis-connection.js';

const sourceParameters = {
  ...redisConnectionParameters,
  channel: param.list(param.string({ description: 'A channel name.' }), {
    description: 'The channels to subscribe to, comma separated.',
    optional: true,
  }),
  pattern: param.list(param.string({ description: 'A glob-style channel pattern.' }), {
    description: 'Channel patterns to subscribe to (`news.*`, `sensor:?:temp`), comma separated.',
    optional: true,
  }),
};

export type RedisSourceOptions = OptionsOf<typeof sourceParameters>;

function ignore(): void {
  // The app stopped: the message is gone (pub/sub keeps nothing).
}

/** One `redis` source. */
class RedisSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #channels: readonly string[];
  readonly #patterns: readonly string[];
  readonly #wantsChannel: boolean;
  readonly #wantsPattern: boolean;
  #client: Redis | undefined;
  #paused = false;
  #held: (() => void)[] = [];

  constructor(private readonly ctx: SourceContext<RedisSourceOptions>) {
    checkConnectionOptions(ctx.options);
    this.#channels = ctx.options.channel ?? [];
    this.#patterns = ctx.options.pattern ?? [];
    if (this.#channels.length + this.#patterns.length === 0) {
      throw new Error('give the channels (channel) or channel patterns (pattern) to subscribe to');
    }
    this.#where = `source 'redis' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#wantsChannel = ctx.requestedTransportProperties.includes('channel');
    this.#wantsPattern = ctx.requestedTransportProperties.includes('pattern');
  }

  async connect(): Promise<void> {
    const client = await openRedisClient(this.ctx.options, this.#where);
    this.#client = client;
    client.on('end', () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      this.ctx.connectionLost(
        new ConnectionUnavailableError(`${this.#where}: the connection to the server was lost`),
      );
    });
    client.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      this.#receive(message, channel, undefined);
    });
    client.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, message: Buffer) => {
      this.#receive(message, channel, pattern);
    });
    try {
      if (this.#channels.length > 0) await client.subscribe(...this.#channels);
      if (this.#patterns.length > 0) await client.psubscribe(...this.#patterns);
    } catch (error) {
      this.#client = undefined;
      client.disconnect();
      throw connectionFailure(error, `${this.#where}: subscribing failed`);
    }
  }

  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#held = [];
    if (client !== undefined) await closeRedisClient(client);
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

  #receive(message: Buffer, channel: Buffer, pattern: Buffer | undefined): void {
    let transport: TransportProperties | undefined;
    if (this.#wantsChannel || this.#wantsPattern) {
      transport = {
        channel: channel.toString('utf8'),
        pattern: pattern?.toString('utf8'),
      };
    }
    const deliver = (): void => {
      this.ctx.emit(message, transport).catch(ignore);
    };
    if (this.#paused) this.#held.push(deliver);
    else deliver();
  }
}

export const redisSourceSpec = defineSource({
  name: 'redis',
  status: 'stable',
  summary:
    'Subscribes to Redis pub/sub channels and patterns; each message becomes events via @map.',
  description:
    'Redis pub/sub delivers each message to the subscribers connected at that moment and keeps ' +
    'nothing: messages published while the source is disconnected are lost (at most once). ' +
    'Use the `redis` store for tables. Transport properties: `channel` (the channel of the ' +
    'message) and `pattern` (the pattern it matched, for `pattern` subscriptions). The payload ' +
    'is the message as bytes (every text mapper reads UTF-8).',
  parameters: sourceParameters,
  transportProperties: [
    { name: 'channel', description: 'The channel the message was published to.' },
    { name: 'pattern', description: 'The pattern the channel matched (pattern subscriptions).' },
  ],
  examples: [
    {
      description: 'Receives JSON events published on channel `stocks`.',
      siddhi:
        "@source(type='redis', url='redis://localhost:6379', channel='stocks', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
    {
      description: 'Receives the readings of every sensor channel, with the channel of each.',
      siddhi:
        "@source(type='redis', pattern='sensor.*', " +
        "@map(type='json', @attributes(value='$.value', channel='trp:channel')))\n" +
        'define stream ReadingStream (value double, channel string);',
    },
  ],
  create: (ctx) => new RedisSourceConnection(ctx),
});
