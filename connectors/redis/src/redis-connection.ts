// The connection options the redis pub/sub source and sink share, and opening an ioredis client
// with them. The client never reconnects or queues commands by itself: a lost connection is
// reported to the engine, which reconnects with its backoff and applies `on.error`.

import { ConnectionUnavailableError, param, type OptionsOf } from '@tributary/engine/extension-api';
import { Redis } from 'ioredis';

/** Options of every redis source and sink. */
export const redisConnectionParameters = {
  url: param.string({
    description:
      'The server: `redis://[user:password@]host:6379[/db]`, `rediss://` for TLS (trusting the ' +
      'system certificate authorities).',
    optional: true,
    default: 'redis://localhost:6379',
  }),
  username: param.string({
    description: 'The ACL user (Redis 6+), unless the URL names one.',
    optional: true,
  }),
  password: param.string({
    description: 'The password, unless the URL holds one.',
    optional: true,
    secret: true,
  }),
  'client.name': param.string({
    description: 'The name the connection gets on the server (`CLIENT LIST`).',
    optional: true,
  }),
  'connection.timeout': param.int({
    description: 'Seconds to wait for the server to accept the connection.',
    optional: true,
    default: 10,
  }),
};

export type RedisConnectionOptions = OptionsOf<typeof redisConnectionParameters>;

/** Checks what options cannot say alone (at app creation). */
export function checkConnectionOptions(options: RedisConnectionOptions): void {
  if (!/^rediss?:\/\//i.test(options.url) || !URL.canParse(options.url)) {
    throw new Error(`url '${redact(options.url)}' must be a redis:// or rediss:// URL`);
  }
  if (options['connection.timeout'] < 1) {
    throw new Error('connection.timeout must be 1 or more seconds');
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** Replies of a server that refuses the client for good (credentials, permissions). */
const REFUSED = /WRONGPASS|NOAUTH|NOPERM|invalid password|invalid username/i;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A client error as the engine wants it: refused credentials fail the start; everything else
 * (refused or lost connections, a server loading its data) is retried with backoff.
 */
export function connectionFailure(error: unknown, where: string): Error {
  if (error instanceof ConnectionUnavailableError) return error;
  if (REFUSED.test(describe(error))) {
    return new Error(`${where}: ${describe(error)}`, { cause: error });
  }
  return new ConnectionUnavailableError(`${where}: ${describe(error)}`, { cause: error });
}

/**
 * Connects a client; rejects with `ConnectionUnavailableError` when the server cannot be reached.
 * @example
 * const client = await openRedisClient(options, where);
 */
export async function openRedisClient(
  options: RedisConnectionOptions,
  where: string,
): Promise<Redis> {
  const client = new Redis(options.url, {
    lazyConnect: true,
    // The engine reconnects; commands never wait for a connection that is not there.
    retryStrategy: () => null,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    connectTimeout: options['connection.timeout'] * 1000,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options['client.name'] === undefined ? {} : { connectionName: options['client.name'] }),
  });
  // Errors come with an `end`, which the source and sink watch.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw connectionFailure(error, `${where}: cannot connect to ${redact(options.url)}`);
  }
  return client;
}

/** Closes a client gracefully when it is connected (QUIT), at once otherwise. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
