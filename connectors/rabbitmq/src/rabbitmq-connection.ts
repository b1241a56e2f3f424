// What the rabbitmq source and sink share: the connection options (Siddhi's `uri`,
// `heartbeat`, the `tls.*` keys), opening a connection, declaring exchanges and queues the way
// Siddhi does (use one that exists as it is; declare it with the options only when missing), and
// telling unreachable brokers (retried by the engine) from mistakes (the start fails).

import { readFileSync } from 'node:fs';
import { ConnectionUnavailableError, param, type OptionsOf } from '@tributary/engine/extension-api';
import { connect, type Channel, type ChannelModel, type Options } from 'amqplib';

/** Options of every rabbitmq source and sink. */
export const rabbitmqConnectionParameters = {
  uri: param.string({
    description:
      'The AMQP URI of the broker: `amqp://user:password@host:5672/vhost` (`amqps://` for TLS).',
    secret: true,
  }),
  heartbeat: param.int({
    description: 'Seconds after which an unresponsive peer connection is considered down.',
    optional: true,
    default: 60,
  }),
  'tls.enabled': param.bool({
    description: 'Connect with TLS (as `amqps://` does).',
    optional: true,
    default: false,
  }),
  'tls.truststore.path': param.string({
    description:
      'A PEM file of the certificate authorities to trust (default: the system ones). Node ' +
      'cannot read Java key stores: export one with `keytool -exportcert -rfc`.',
    optional: true,
  }),
  'tls.truststore.password': param.string({
    description: 'Accepted for Siddhi apps; PEM trust files have no password.',
    optional: true,
    secret: true,
  }),
  'tls.truststore.type': param.string({
    description: 'Accepted for Siddhi apps; the trust store is read as PEM.',
    optional: true,
    default: 'JKS',
  }),
  'tls.version': param.string({
    description:
      'The lowest TLS version to accept: `TLSv1.2`, `TLSv1.3`… (`SSL`, the default, lets Node ' +
      'choose).',
    optional: true,
    default: 'SSL',
  }),
};

export type RabbitmqConnectionOptions = OptionsOf<typeof rabbitmqConnectionParameters>;

/** Exchange options the source and sink share (the sink's may name attributes). */
export interface ExchangeSettings {
  readonly name: string;
  readonly type: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
}

export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

/** The URL to connect to: the heartbeat and the TLS scheme applied. */
export function connectionUrl(options: RabbitmqConnectionOptions): string {
  let url: URL;
  try {
    url = new URL(options.uri);
  } catch {
    throw new Error(
      `uri '${redact(options.uri)}' is not an AMQP URI (amqp://user:password@host:5672)`,
    );
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
    throw new Error(`uri '${redact(options.uri)}' must start with amqp:// or amqps://`);
  }
  if (options['tls.enabled']) url.protocol = 'amqps:';
  if (!url.searchParams.has('heartbeat')) {
    url.searchParams.set('heartbeat', String(options.heartbeat));
  }
  return url.toString();
}

/** The URI without its password, for messages. */
export function redact(uri: string): string {
  return uri.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

function tlsSettings(options: RabbitmqConnectionOptions): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const trust = options['tls.truststore.path'];
  if (trust !== undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(trust);
    } catch (error) {
      throw new Error(`cannot read the trust store '${trust}'`, { cause: error });
    }
    const pem = bytes.toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(
        `the trust store '${trust}' holds no PEM certificate (a Java key store? export it with ` +
          'keytool -exportcert -rfc)',
      );
    }
    settings.ca = [pem];
  }
  const version = options['tls.version'];
  if (/^TLSv1(\.[123])?$/.test(version)) settings.minVersion = version;
  return settings;
}

const RETRIABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether an error means the broker cannot be reached now (or dropped the connection): socket
 * errors, a closed connection or channel, a broker shutting down (320) or refusing for now.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof ConnectionUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && RETRIABLE_CODES.has(code)) return true;
  if (code === 320 || code === 541) return true;
  const message = describe(error);
  if (
    /Channel closed|Connection closed|Channel ended|Socket closed|CONNECTION_FORCED/i.test(message)
  ) {
    return true;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isUnreachable(cause);
}

/** A client error as the engine wants it (see `isUnreachable`). */
export function connectionFailure(error: unknown, where: string): Error {
  if (error instanceof ConnectionUnavailableError) return error;
  if (isUnreachable(error)) {
    return new ConnectionUnavailableError(`${where}: ${describe(error)}`, { cause: error });
  }
  return new Error(`${where}: ${describe(error)}`, { cause: error });
}

/**
 * Opens a connection named after its app and stream (shown by `rabbitmqctl list_connections`).
 * @example
 * const connection = await openConnection(options, 'MyApp/S', where);
 */
export async function openConnection(
  options: RabbitmqConnectionOptions,
  name: string,
  where: string,
): Promise<ChannelModel> {
  const url = connectionUrl(options);
  const socketOptions = {
    clientProperties: { connection_name: name },
    ...(url.startsWith('amqps:') ? tlsSettings(options) : {}),
  };
  let connection: ChannelModel;
  try {
    connection = await connect(url, socketOptions);
  } catch (error) {
    throw connectionFailure(error, `${where}: cannot connect to ${redact(options.uri)}`);
  }
  // Errors come with a close, which the source and sink watch.
  connection.on('error', () => undefined);
  return connection;
}

/** Closes a connection that may be gone already. */
export async function closeQuietly(connection: ChannelModel | undefined): Promise<void> {
  if (connection === undefined) return;
  try {
    await connection.close();
  } catch {
    // Closed by the broker or the network already.
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 404;
}

/**
 * Runs a passive check on a channel of its own (a failed check closes its channel): true when
 * the object exists, false when the broker says 404.
 */
async function exists(
  connection: ChannelModel,
  check: (channel: Channel) => Promise<unknown>,
): Promise<boolean> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    await check(channel);
    await channel.close().catch(() => undefined);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * Declares an exchange unless it exists (then it is used as it is, as Siddhi does). The default
 * exchange (`''`) and `amq.*` exchanges always exist.
 */
export async function ensureExchange(
  connection: ChannelModel,
  channel: Channel,
  exchange: ExchangeSettings,
): Promise<void> {
  if (exchange.name === '' || exchange.name.startsWith('amq.')) return;
  if (await exists(connection, (c) => c.checkExchange(exchange.name))) return;
  await channel.assertExchange(exchange.name, exchange.type, {
    durable: exchange.durable,
    autoDelete: exchange.autoDelete,
  });
}

/** Declares a queue unless it exists (then it is used as it is); returns its name. */
export async function ensureQueue(
  connection: ChannelModel,
  channel: Channel,
  name: string,
  options: Options.AssertQueue,
): Promise<string> {
  if (name === '') {
    // A server-named queue, as Siddhi's plain queueDeclare(): exclusive, auto-deleted.
    return (await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false }))
      .queue;
  }
  if (await exists(connection, (c) => c.checkQueue(name))) return name;
  return (await channel.assertQueue(name, options)).queue;
}
