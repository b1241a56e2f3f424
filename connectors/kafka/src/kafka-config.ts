// Siddhi's `optional.configuration` (`'key:value,key:value'`, Kafka's own property names) read
// into kafkajs settings: client (TLS, SASL, timeouts, retries), consumer and producer. Java-only
// properties are ignored with one warning; impossible ones (JKS stores, codecs kafkajs lacks)
// fail the app's creation with a message saying what to use instead.

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { RetryOptions, SASLOptions } from 'kafkajs';

/** Kafka client settings shared by consumers and producers. */
export interface ClientSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl: ConnectionOptions | undefined;
  readonly sasl: SASLOptions | undefined;
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
  readonly retry: RetryOptions;
}

/** Consumer settings (Java consumer property names in comments). */
export interface ConsumerSettings {
  /** session.timeout.ms (Siddhi sets 30000). */
  readonly sessionTimeout: number;
  /** heartbeat.interval.ms */
  readonly heartbeatInterval: number;
  /** max.poll.interval.ms: how long a rebalance waits for members. */
  readonly rebalanceTimeout: number;
  /** fetch.min.bytes, fetch.max.bytes, max.partition.fetch.bytes, fetch.max.wait.ms */
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly maxBytesPerPartition: number;
  readonly maxWaitTimeInMs: number;
  /** auto.offset.reset: earliest (Siddhi's choice) or latest. */
  readonly fromBeginning: boolean;
  /** isolation.level=read_uncommitted */
  readonly readUncommitted: boolean;
  /** metadata.max.age.ms */
  readonly metadataMaxAge: number | undefined;
  /** allow.auto.create.topics */
  readonly allowAutoTopicCreation: boolean;
  /** client.rack */
  readonly rackId: string | undefined;
}

/** kafkajs acks: -1 all in-sync replicas, 1 the leader, 0 none. */
export type Acks = -1 | 0 | 1;

/** Producer settings. */
export interface ProducerSettings {
  /** acks (Siddhi's sink sets `all`). */
  readonly acks: Acks;
  /** compression.type: none or gzip (kafkajs has no other codec built in). */
  readonly gzip: boolean;
  /** linger.ms: how long a batch waits for more messages (0: until the end of the tick). */
  readonly lingerMs: number;
  /** batch.size / max.request.size: a batch is sent once it holds this many bytes. */
  readonly batchBytes: number;
  /** request.timeout.ms of a produce request. */
  readonly timeout: number;
  /** max.in.flight.requests.per.connection */
  readonly maxInFlightRequests: number | undefined;
  /** enable.idempotence */
  readonly idempotent: boolean;
}

/** Everything `optional.configuration` says, with the keys nothing here uses. */
export interface KafkaConfiguration {
  readonly client: ClientSettings;
  readonly consumer: ConsumerSettings;
  readonly producer: ProducerSettings;
  /** Keys that have no kafkajs counterpart (warned about once). */
  readonly ignored: readonly string[];
}

/** A value of `optional.configuration` or `bootstrap.servers` that cannot be used. */
export class KafkaConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaConfigurationError';
  }
}

/** Keys Siddhi apps commonly carry that mean nothing here (serializers are Java classes). */
const SILENTLY_IGNORED = new Set([
  'key.serializer',
  'value.serializer',
  'key.deserializer',
  'value.deserializer',
  'producer.type',
  'buffer.memory',
  'group.id',
  'bootstrap.servers',
]);

const DEFAULT_BATCH_BYTES = 1_048_576;

/**
 * Splits `'host1:9092, host2:9092'` into addresses.
 * @example
 * parseBootstrapServers('localhost:9092,localhost:9093') // ['localhost:9092', 'localhost:9093']
 */
export function parseBootstrapServers(text: string): string[] {
  const servers = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (servers.length === 0) {
    throw new KafkaConfigurationError(`'bootstrap.servers' names no server`);
  }
  for (const server of servers) {
    if (!/^[^:\s]+:\d+$/.test(server.replace(/^\[[^\]]+\]/, 'ipv6'))) {
      throw new KafkaConfigurationError(`'bootstrap.servers' entry '${server}' is not 'host:port'`);
    }
  }
  return servers;
}

/**
 * Reads Siddhi's `optional.configuration` text: entries split on `,`, each on its first `:`
 * (as Siddhi's `KafkaIOUtils.splitHeaderValues`). Later entries win.
 * @example
 * parseOptionalConfiguration('acks:1,linger.ms:5').get('linger.ms') // '5'
 */
export function parseOptionalConfiguration(text: string | undefined): Map<string, string> {
  const entries = new Map<string, string>();
  if (text === undefined) return entries;
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new KafkaConfigurationError(
        `'optional.configuration' entry '${entry}' is not 'property:value'`,
      );
    }
    entries.set(entry.slice(0, colon).trim(), entry.slice(colon + 1).trim());
  }
  return entries;
}

/** Reads one entry at a time, remembering which keys were used. */
class Entries {
  readonly #used = new Set<string>();

  constructor(private readonly entries: ReadonlyMap<string, string>) {}

  text(key: string): string | undefined {
    this.#used.add(key);
    return this.entries.get(key);
  }

  int(key: string, fallback: number): number {
    const text = this.text(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) {
      throw new KafkaConfigurationError(
        `'optional.configuration' property '${key}' must be a whole number ≥ 0, found '${text}'`,
      );
    }
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const text = this.text(key)?.toLowerCase();
    if (text === undefined) return fallback;
    if (text !== 'true' && text !== 'false') {
      throw new KafkaConfigurationError(
        `'optional.configuration' property '${key}' must be true or false, found '${text}'`,
      );
    }
    return text === 'true';
  }

  unused(): string[] {
    return [...this.entries.keys()].filter((k) => !this.#used.has(k) && !SILENTLY_IGNORED.has(k));
  }
}

function readPem(path: string, key: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KafkaConfigurationError(
      `'optional.configuration' property '${key}': cannot read '${path}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** TLS options from Kafka's `ssl.*` properties (PEM files or PEM text; PKCS12 key stores). */
function tlsOptions(entries: Entries): ConnectionOptions {
  const options: ConnectionOptions = {};
  const trustType = entries.text('ssl.truststore.type')?.toUpperCase();
  const trustPath = entries.text('ssl.ca.location') ?? entries.text('ssl.truststore.location');
  const trustInline = entries.text('ssl.truststore.certificates');
  if (trustPath !== undefined) {
    const pem = readPem(trustPath, 'ssl.truststore.location');
    if (!pem.includes('-----BEGIN') || (trustType !== undefined && trustType !== 'PEM')) {
      throw new KafkaConfigurationError(
        `'optional.configuration': the trust store '${trustPath}' must be PEM ` +
          `(JKS/PKCS12 trust stores need a Java client); convert it with ` +
          `'keytool -exportcert -rfc' and set ssl.truststore.type:PEM`,
      );
    }
    options.ca = pem;
  } else if (trustInline !== undefined) {
    options.ca = trustInline;
  }
  const keystoreType = entries.text('ssl.keystore.type')?.toUpperCase();
  const keystorePath = entries.text('ssl.keystore.location');
  const keystorePassword = entries.text('ssl.keystore.password');
  const keyPassword = entries.text('ssl.key.password');
  if (keystorePath !== undefined) {
    if (keystoreType === 'PKCS12') {
      try {
        options.pfx = readFileSync(keystorePath);
      } catch (error) {
        throw new KafkaConfigurationError(
          `'optional.configuration' property 'ssl.keystore.location': cannot read '${keystorePath}': ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      options.passphrase = keystorePassword ?? keyPassword;
    } else if (keystoreType === 'PEM') {
      const pem = readPem(keystorePath, 'ssl.keystore.location');
      options.cert = pem;
      options.key = pem;
      if (keyPassword !== undefined) options.passphrase = keyPassword;
    } else {
      throw new KafkaConfigurationError(
        `'optional.configuration': the key store '${keystorePath}' must be PKCS12 or PEM ` +
          `(set ssl.keystore.type); JKS key stores need a Java client`,
      );
    }
  }
  const certPath = entries.text('ssl.certificate.location');
  const keyPath = entries.text('ssl.key.location');
  if (certPath !== undefined) options.cert = readPem(certPath, 'ssl.certificate.location');
  if (keyPath !== undefined) options.key = readPem(keyPath, 'ssl.key.location');
  const chain = entries.text('ssl.keystore.certificate.chain');
  const inlineKey = entries.text('ssl.keystore.key');
  if (chain !== undefined) options.cert = chain;
  if (inlineKey !== undefined) options.key = inlineKey;
  if (keyPassword !== undefined && options.pfx === undefined) options.passphrase = keyPassword;
  // Kafka's "no endpoint identification": the certificate is checked, the host name is not.
  if (entries.text('ssl.endpoint.identification.algorithm') === '') {
    options.checkServerIdentity = () => undefined;
  }
  if (!entries.bool('enable.ssl.certificate.verification', true)) {
    options.rejectUnauthorized = false;
  }
  return options;
}

/** `username="u" password="p"` out of a `sasl.jaas.config` login module line. */
function jaasCredentials(jaas: string): { username?: string; password?: string } {
  const read = (name: string): string | undefined =>
    new RegExp(`${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1]?.replace(/\\(.)/g, '$1');
  return { username: read('username'), password: read('password') };
}

function saslOptions(entries: Entries): SASLOptions {
  const mechanism = (entries.text('sasl.mechanism') ?? 'PLAIN').toUpperCase();
  const jaas = entries.text('sasl.jaas.config');
  const fromJaas = jaas === undefined ? {} : jaasCredentials(jaas);
  const username = entries.text('sasl.username') ?? fromJaas.username;
  const password = entries.text('sasl.password') ?? fromJaas.password;
  if (username === undefined || password === undefined) {
    throw new KafkaConfigurationError(
      `'optional.configuration': SASL ${mechanism} needs a user name and password ` +
        `(sasl.jaas.config with username="…" password="…", or sasl.username and sasl.password)`,
    );
  }
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw new KafkaConfigurationError(
        `'optional.configuration': sasl.mechanism '${mechanism}' is not supported ` +
          `(use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)`,
      );
  }
}

function clientSettings(entries: Entries, brokers: readonly string[]): ClientSettings {
  const protocol = (entries.text('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  const known = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
  if (!known.includes(protocol)) {
    throw new KafkaConfigurationError(
      `'optional.configuration': security.protocol '${protocol}' must be one of ${known.join(', ')}`,
    );
  }
  const tls = protocol.endsWith('SSL') ? tlsOptions(entries) : undefined;
  const sasl = protocol.startsWith('SASL') ? saslOptions(entries) : undefined;
  return {
    brokers,
    clientId: entries.text('client.id') ?? 'tributary',
    ssl: tls,
    sasl,
    connectionTimeout: entries.int('socket.connection.setup.timeout.ms', 3_000),
    requestTimeout: entries.int('request.timeout.ms', 30_000),
    retry: {
      retries: entries.int('retries', 5),
      initialRetryTime: entries.int('retry.backoff.ms', 300),
      maxRetryTime: entries.int('reconnect.backoff.max.ms', 30_000),
    },
  };
}

function consumerSettings(entries: Entries): ConsumerSettings {
  const reset = (entries.text('auto.offset.reset') ?? 'earliest').toLowerCase();
  if (reset !== 'earliest' && reset !== 'latest') {
    throw new KafkaConfigurationError(
      `'optional.configuration': auto.offset.reset '${reset}' must be earliest or latest`,
    );
  }
  const isolation = (entries.text('isolation.level') ?? 'read_uncommitted').toLowerCase();
  const metadataMaxAge = entries.text('metadata.max.age.ms');
  // Checked but not needed: offsets are committed as soon as their records were acknowledged,
  // which is at-least-once whatever the Java client's periodic auto-commit would do.
  entries.bool('enable.auto.commit', true);
  entries.int('auto.commit.interval.ms', 5_000);
  return {
    sessionTimeout: entries.int('session.timeout.ms', 30_000),
    heartbeatInterval: entries.int('heartbeat.interval.ms', 3_000),
    rebalanceTimeout: entries.int('max.poll.interval.ms', 60_000),
    minBytes: entries.int('fetch.min.bytes', 1),
    maxBytes: entries.int('fetch.max.bytes', 10_485_760),
    maxBytesPerPartition: entries.int('max.partition.fetch.bytes', 1_048_576),
    // Java's default (kafkajs waits 5 s, which an idle partition would add to every resume).
    maxWaitTimeInMs: entries.int('fetch.max.wait.ms', 500),
    fromBeginning: reset === 'earliest',
    readUncommitted: isolation !== 'read_committed',
    metadataMaxAge:
      metadataMaxAge === undefined ? undefined : entries.int('metadata.max.age.ms', 300_000),
    allowAutoTopicCreation: entries.bool('allow.auto.create.topics', true),
    rackId: entries.text('client.rack'),
  };
}

function acksOf(text: string | undefined): Acks {
  switch ((text ?? 'all').toLowerCase()) {
    case 'all':
    case '-1':
      return -1;
    case '1':
      return 1;
    case '0':
      return 0;
    default:
      throw new KafkaConfigurationError(
        `'optional.configuration': acks '${String(text)}' must be all, -1, 1 or 0`,
      );
  }
}

function producerSettings(entries: Entries, requestTimeout: number): ProducerSettings {
  const compression = (entries.text('compression.type') ?? 'none').toLowerCase();
  if (compression !== 'none' && compression !== 'gzip') {
    throw new KafkaConfigurationError(
      `'optional.configuration': compression.type '${compression}' is not available ` +
        `(kafkajs has gzip built in); use none or gzip`,
    );
  }
  const batchSize = entries.int('batch.size', DEFAULT_BATCH_BYTES);
  const maxRequest = entries.int('max.request.size', DEFAULT_BATCH_BYTES);
  const inFlight = entries.text('max.in.flight.requests.per.connection');
  return {
    acks: acksOf(entries.text('acks')),
    gzip: compression === 'gzip',
    lingerMs: entries.int('linger.ms', 0),
    // Siddhi's sink sets batch.size 16384 for the Java client's per-partition batches; one
    // kafkajs request carries every partition, so the request size bounds a batch here.
    batchBytes: Math.max(1, Math.min(Math.max(batchSize, 16_384), maxRequest)),
    timeout: requestTimeout,
    maxInFlightRequests:
      inFlight === undefined ? undefined : entries.int('max.in.flight.requests.per.connection', 5),
    idempotent: entries.bool('enable.idempotence', false),
  };
}

/**
 * Reads `bootstrap.servers` and `optional.configuration` into kafkajs settings.
 * @example
 * const config = kafkaConfiguration('localhost:9092', 'security.protocol:SASL_SSL,sasl.mechanism:PLAIN,sasl.username:u,sasl.password:p');
 * config.client.sasl // { mechanism: 'plain', username: 'u', password: 'p' }
 */
export function kafkaConfiguration(
  bootstrapServers: string,
  optionalConfiguration: string | undefined,
): KafkaConfiguration {
  const brokers = parseBootstrapServers(bootstrapServers);
  const entries = new Entries(parseOptionalConfiguration(optionalConfiguration));
  const client = clientSettings(entries, brokers);
  const consumer = consumerSettings(entries);
  const producer = producerSettings(entries, client.requestTimeout);
  // What is left has no kafkajs counterpart (partition.assignment.strategy, max.poll.records,
  // transactional.id…): reported once, as the Java client warns about unknown properties.
  const ignored = entries.unused();
  return { client, consumer, producer, ignored };
}
