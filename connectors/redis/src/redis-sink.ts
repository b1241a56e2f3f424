// The `redis` sink: publishes each mapped payload to a Redis pub/sub channel (PUBLISH), which
// may name attributes. An event counts as delivered once the server answered the PUBLISH.

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import type { Redis } from 'ioredis';
import { payloadBytes } from './payload-bytes.js';
import {
  checkConnectionOptions,
  closeRedisClient,
  connectionFailure,
  openRedisClient,
  redisConnectionParameters,
} from './redis-connection.js';

const sinkParameters = {
  ...redisConnectionParameters,
  channel: param.string({
    description: "The channel to publish to; may name attributes: `'stocks.{{symbol}}'`.",
    dynamic: true,
  }),
};

export type RedisSinkOptions = OptionsOf<typeof sinkParameters>;

/** One `redis` sink. */
class RedisSinkConnection implements SinkConnection {
  readonly #where: string;
  #client: Redis | undefined;

  constructor(private readonly ctx: SinkContext<RedisSinkOptions>) {
    checkConnectionOptions(ctx.options);
    this.#where = `sink 'redis' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
  }

  async connect(): Promise<void> {
    const client = await openRedisClient(this.ctx.options, this.#where);
    this.#client = client;
    client.on('end', () => {
      if (this.#client === client) this.#client = undefined;
    });
  }

  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await closeRedisClient(client);
  }

  async publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const client = this.#client;
    if (client?.status !== 'ready') {
      throw new ConnectionUnavailableError(`${this.#where}: not connected to the server`);
    }
    const channel = options.channel ?? this.ctx.options.channel;
    const message =
      typeof payload === 'string' ? payload : toBuffer(payloadBytes(payload, this.#where));
    try {
      await client.publish(channel, message);
    } catch (error) {
      throw connectionFailure(error, `${this.#where}: publish to '${channel}' failed`);
    }
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const redisSinkSpec = defineSink({
  name: 'redis',
  status: 'stable',
  summary: 'Publishes each event to a Redis pub/sub channel.',
  description:
    'An event counts as delivered once the server answered its PUBLISH; subscribers that are ' +
    'not connected at that moment miss it (Redis pub/sub keeps nothing). A server that cannot ' +
    'be reached is a connection error: the engine reconnects and applies `on.error` (`WAIT` ' +
    'keeps the events until it is back). The payload is the mapped text (UTF-8) or bytes. Use ' +
    'the `redis` store for tables.',
  parameters: sinkParameters,
  examples: [
    {
      description: 'Publishes JSON events to the channel named after each symbol.',
      siddhi:
        "@sink(type='redis', url='redis://localhost:6379', channel='stocks.{{symbol}}', " +
        "@map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
  ],
  create: (ctx) => new RedisSinkConnection(ctx),
});
