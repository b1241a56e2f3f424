// The connection options the nats source and sink share (Siddhi's keys: `server.urls`,
// `auth.type`, the key/trust stores, `optional.configuration`) and opening a connection with
// them. The client never reconnects by itself: a lost connection is reported to the engine,
// which reconnects with its backoff and applies `on.error`.

import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import type { Logger } from '@tributary/engine';
import { ConnectionUnavailableError, param, type OptionsOf } from '@tributary/engine/extension-api';
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

/** Where the servers are when neither `server.urls` nor `bootstrap.servers` is given. */
export const DEFAULT_SERVER_URL = 'nats://localhost:4222';

/** Options of every nats source and sink: servers, authentication, TLS, client settings. */
export const natsConnectionParameters = {
  'server.urls': param.list(param.string({ description: 'A NATS server URL.' }), {
    description:
      'The NATS server URLs, comma separated (`nats://host:4222`; `tls://` requires TLS). ' +
      `Default \`${DEFAULT_SERVER_URL}\`.`,
    optional: true,
  }),
  'bootstrap.servers': param.list(param.string({ description: 'A NATS server URL.' }), {
    description: 'Deprecated: use `server.urls` (used when `server.urls` is not given).',
    optional: true,
  }),
  'client.id': param.string({
    description:
      'The name this client gives the server (shown in its monitoring). In Siddhi it named ' +
      'the NATS Streaming client; JetStream consumers are named by `durable.name`.',
    optional: true,
  }),
  'optional.configuration': param.string({
    description:
      'Further client settings as `key:value` pairs, comma separated, with jnats property ' +
      'names: `io.nats.client.timeout` (connect timeout, ms), `io.nats.client.pinginterval` ' +
      '(ms), `io.nats.client.maxpings`, `io.nats.client.noecho`, `io.nats.client.verbose`, ' +
      '`io.nats.client.pedantic`. Reconnect settings are ignored: the engine reconnects.',
    optional: true,
  }),
  'auth.type': param.enum(['user', 'token', 'tls'], {
    description:
      'How the client authenticates: `user` (`username`/`password`), `token` (`token`) or ' +
      '`tls` (a client certificate from `keystore.file`, trusting `truststore.file`).',
    optional: true,
  }),
  username: param.string({ description: 'The user name, with `auth.type=user`.', optional: true }),
  password: param.string({
    description: 'The password, with `auth.type=user`.',
    optional: true,
    secret: true,
  }),
  token: param.string({
    description: 'The token, with `auth.type=token`.',
    optional: true,
    secret: true,
  }),
  'truststore.file': param.string({
    description:
      'A PEM file of the certificate authorities to trust (default: the system ones). Node ' +
      'cannot read Java key stores: export one with `keytool -exportcert -rfc`.',
    optional: true,
  }),
  'tls.store.type': param.string({
    description: 'Accepted for Siddhi apps; the file contents tell PEM from PKCS#12.',
    optional: true,
    default: 'JKS',
  }),
  'truststore.password': param.string({
    description: 'Accepted for Siddhi apps; PEM trust files have no password.',
    optional: true,
    secret: true,
  }),
  'truststore.algorithm': param.string({
    description: 'Accepted for Siddhi apps; Node chooses the algorithms.',
    optional: true,
    default: 'SunX509',
  }),
  'client.verify': param.bool({
    description:
      'Whether the server verifies this client: a client certificate is then sent from ' +
      '`keystore.file`.',
    optional: true,
    default: false,
  }),
  'keystore.file': param.string({
    description:
      "The client's key and certificate: a PEM file holding both, or a PKCS#12 (.p12/.pfx) " +
      'file opened with `keystore.password`.',
    optional: true,
  }),
  'keystore.algorithm': param.string({
    description: 'Accepted for Siddhi apps; Node chooses the algorithms.',
    optional: true,
    default: 'SunX509',
  }),
  'keystore.password': param.string({
    description: 'The password of a PKCS#12 `keystore.file`.',
    optional: true,
    secret: true,
  }),
};

export type NatsConnectionOptions = OptionsOf<typeof natsConnectionParameters>;

/** The settings of `optional.configuration` the client understands, by jnats property name. */
const OPTIONAL_SETTINGS: Readonly<
  Record<string, (value: string, into: ConnectionOptions) => boolean>
> = {
  'io.nats.client.timeout': (value, into) => setNumber(value, (n) => (into.timeout = n)),
  'io.nats.client.pinginterval': (value, into) => setNumber(value, (n) => (into.pingInterval = n)),
  'io.nats.client.maxpings': (value, into) => setNumber(value, (n) => (into.maxPingOut = n)),
  'io.nats.client.noecho': (value, into) => setBool(value, (b) => (into.noEcho = b)),
  'io.nats.client.verbose': (value, into) => setBool(value, (b) => (into.verbose = b)),
  'io.nats.client.pedantic': (value, into) => setBool(value, (b) => (into.pedantic = b)),
};

function setNumber(value: string, set: (n: number) => void): boolean {
  if (!/^\d+$/.test(value)) return false;
  set(Number(value));
  return true;
}

function setBool(value: string, set: (b: boolean) => void): boolean {
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') return false;
  set(lower === 'true');
  return true;
}

/**
 * The `key:value` pairs of `optional.configuration`.
 * @example
 * optionalConfiguration('io.nats.client.timeout:1000, io.nats.client.noecho:true')
 * // [['io.nats.client.timeout', '1000'], ['io.nats.client.noecho', 'true']]
 */
export function optionalConfiguration(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new Error(`optional.configuration: '${entry}' is not a 'key:value' pair`);
    }
    pairs.push([entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()]);
  }
  return pairs;
}

/** The server URLs: `server.urls`, else the deprecated `bootstrap.servers`, else the default. */
export function serverUrls(options: NatsConnectionOptions): string[] {
  const urls = options['server.urls'] ?? options['bootstrap.servers'] ?? [DEFAULT_SERVER_URL];
  return urls.length > 0 ? [...urls] : [DEFAULT_SERVER_URL];
}

const JKS_MAGIC = 0xfeedfeed;

function readStore(file: string, what: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read the ${what} '${file}'`, { cause: error });
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === JKS_MAGIC) {
    throw new Error(
      `the ${what} '${file}' is a Java key store (JKS), which Node cannot read; convert it ` +
        '(keytool -importkeystore -deststoretype PKCS12 for a key store, keytool -exportcert ' +
        '-rfc for a trust store)',
    );
  }
  return bytes;
}

/** The TLS settings, or undefined when the options ask for none. */
function tlsSettings(options: NatsConnectionOptions): SecureContextOptions | undefined {
  const trust = options['truststore.file'];
  const key = options['keystore.file'];
  if (options['auth.type'] !== 'tls' && trust === undefined && key === undefined) return undefined;
  const tls: SecureContextOptions = {};
  if (trust !== undefined) {
    const pem = readStore(trust, 'trust store').toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(`the trust store '${trust}' holds no PEM certificate`);
    }
    tls.ca = pem;
  }
  if (key !== undefined) {
    const bytes = readStore(key, 'key store');
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN')) {
      tls.cert = bytes.toString('utf8');
      tls.key = bytes.toString('utf8');
    } else {
      tls.pfx = bytes;
      const passphrase = options['keystore.password'];
      if (passphrase !== undefined) tls.passphrase = passphrase;
    }
  } else if (options['client.verify'] || options['auth.type'] === 'tls') {
    throw new Error("client.verify and auth.type 'tls' need a client certificate in keystore.file");
  }
  return tls;
}

/**
 * The nats.js connection options of a source or sink; settings it cannot use are logged.
 * @example
 * natsConnectOptions(options, "source 'nats' of stream 'S'", logger).servers // ['nats://localhost:4222']
 */
export function natsConnectOptions(
  options: NatsConnectionOptions,
  where: string,
  logger: Logger,
): ConnectionOptions {
  const connectOptions: ConnectionOptions = {
    servers: serverUrls(options),
    // The engine reconnects (with its backoff) and decides what happens to events meanwhile.
    reconnect: false,
    ignoreClusterUpdates: true,
  };
  const name = options['client.id'];
  if (name !== undefined) connectOptions.name = name;
  switch (options['auth.type']) {
    case 'user':
      if (options.username !== undefined) connectOptions.user = options.username;
      if (options.password !== undefined) connectOptions.pass = options.password;
      break;
    case 'token':
      if (options.token !== undefined) connectOptions.token = options.token;
      break;
    default:
      break;
  }
  const tls = tlsSettings(options);
  // nats.js hands every field of `tls` to node:tls (pfx and passphrase included).
  if (tls !== undefined) connectOptions.tls = tls as ConnectionOptions['tls'];
  const extra = options['optional.configuration'];
  if (extra !== undefined) {
    for (const [key, value] of optionalConfiguration(extra)) {
      const apply = OPTIONAL_SETTINGS[key];
      if (apply === undefined) {
        logger.log('warn', `${where}: optional.configuration '${key}' is not supported; ignored`);
      } else if (!apply(value, connectOptions)) {
        throw new Error(`${where}: optional.configuration '${key}' cannot be '${value}'`);
      }
    }
  }
  return connectOptions;
}

const RETRIABLE_CODES = new Set([
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'DISCONNECT',
  'TIMEOUT',
  // No responders: JetStream is not (yet) available, e.g. right after a server restart.
  '503',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether an error of the client means the server cannot be reached (now). */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof ConnectionUnavailableError) return true;
  const code = codeOf(error);
  if (code !== undefined && RETRIABLE_CODES.has(code)) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isUnreachable(cause);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A connection error as the engine wants it: `ConnectionUnavailableError` when the server
 * cannot be reached (retried with backoff), the error itself otherwise (fails the start).
 */
export function connectionFailure(error: unknown, where: string): Error {
  if (error instanceof ConnectionUnavailableError) return error;
  if (isUnreachable(error)) {
    return new ConnectionUnavailableError(`${where}: ${describe(error)}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(`${where}: ${String(error)}`);
}

/**
 * Opens a connection; rejects with `ConnectionUnavailableError` when no server answers.
 * @example
 * const nc = await openNatsConnection(options, where, logger);
 */
export async function openNatsConnection(
  options: NatsConnectionOptions,
  where: string,
  logger: Logger,
): Promise<NatsConnection> {
  const settings = natsConnectOptions(options, where, logger);
  try {
    return await connect(settings);
  } catch (error) {
    throw connectionFailure(error, `${where}: cannot connect to ${serverUrls(options).join(',')}`);
  }
}
