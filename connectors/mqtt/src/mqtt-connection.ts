// The connection options the mqtt source and sink share (Siddhi's `url`, `client.id`,
// `clean.session`, `keep.alive`, `connection.timeout`, plus the protocol version and the MQTT 5
// session expiry) and opening a client with them. The client never reconnects by itself: a
// lost connection is reported to the engine, which reconnects with its backoff.

import { randomUUID } from 'node:crypto';
import { ConnectionUnavailableError, param, type OptionsOf } from '@tributary/engine/extension-api';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';

/** Options of every mqtt source and sink. */
export const mqttConnectionParameters = {
  url: param.string({
    description:
      'The broker URL: `tcp://host:1883` or `mqtt://…`; `ssl://`, `tls://` or `mqtts://` for ' +
      'TLS (trusting the system certificate authorities); `ws://`/`wss://` for WebSockets.',
  }),
  username: param.string({ description: 'The user name to authenticate with.', optional: true }),
  password: param.string({
    description: 'The password to authenticate with.',
    optional: true,
    secret: true,
  }),
  'client.id': param.string({
    description:
      'The client identifier; the broker keeps the session of a client (`clean.session=false`) ' +
      'by it. Default: generated (a new session each time).',
    optional: true,
  }),
  'clean.session': param.bool({
    description:
      'When true the broker forgets the session (subscriptions, queued QoS 1/2 messages) at ' +
      'disconnect; when false it keeps them for the same `client.id`, so a source receives what ' +
      'was published while it was away.',
    optional: true,
    default: true,
  }),
  'keep.alive': param.int({
    description: 'Seconds without traffic after which the client pings the broker.',
    optional: true,
    default: 60,
  }),
  'connection.timeout': param.int({
    description: 'Seconds to wait for the broker to accept the connection.',
    optional: true,
    default: 30,
  }),
  'protocol.version': param.enum(['3.1', '3.1.1', '5'], {
    description: 'The MQTT protocol version; MQTT 5 properties need `5`.',
    optional: true,
    default: '3.1.1',
  }),
  'session.expiry.interval': param.long({
    description:
      'MQTT 5: seconds the broker keeps the session after a disconnect (default: 0 with ' +
      '`clean.session=true`, no expiry with `clean.session=false`).',
    optional: true,
  }),
};

export type MqttConnectionOptions = OptionsOf<typeof mqttConnectionParameters>;

/** The MQTT 5 "never expires" session expiry interval. */
const NEVER = 0xffffffff;

const PROTOCOL_VERSIONS = { '3.1': 3, '3.1.1': 4, '5': 5 } as const;

/** Whether the options speak MQTT 5. */
export function isMqtt5(options: MqttConnectionOptions): boolean {
  return options['protocol.version'] === '5';
}

/** Checks what options cannot say alone (at app creation); `keys` are MQTT 5 only options given. */
export function checkConnectionOptions(
  options: MqttConnectionOptions,
  mqtt5Keys: readonly string[],
): void {
  if (!isMqtt5(options)) {
    const given = [
      ...(options['session.expiry.interval'] === undefined ? [] : ['session.expiry.interval']),
      ...mqtt5Keys,
    ];
    if (given.length > 0) {
      throw new Error(`${given.join(', ')} need MQTT 5: add protocol.version='5'`);
    }
  }
  if (options['keep.alive'] < 0) throw new Error('keep.alive must be 0 or more seconds');
  if (options['connection.timeout'] < 1)
    throw new Error('connection.timeout must be 1 or more seconds');
  if (!URL.canParse(normalUrl(options.url))) throw new Error(`url '${options.url}' is not a URL`);
}

/** Paho's `tcp://` and `ssl://` schemes, as mqtt.js names them. */
function normalUrl(url: string): string {
  return url.replace(/^tcp:\/\//i, 'mqtt://').replace(/^ssl:\/\//i, 'mqtts://');
}

/**
 * The mqtt.js options of a source or sink.
 * @example
 * mqttClientOptions(options).reconnectPeriod // 0: the engine reconnects
 */
export function mqttClientOptions(options: MqttConnectionOptions): IClientOptions {
  const settings: IClientOptions = {
    clientId: options['client.id'] ?? `tributary-${randomUUID()}`,
    clean: options['clean.session'],
    keepalive: options['keep.alive'],
    connectTimeout: options['connection.timeout'] * 1000,
    protocolVersion: PROTOCOL_VERSIONS[options['protocol.version']],
    // The engine reconnects (with its backoff) and decides what happens to events meanwhile.
    reconnectPeriod: 0,
    resubscribe: false,
  };
  if (options['protocol.version'] === '3.1') settings.protocolId = 'MQIsdp';
  if (options.username !== undefined) settings.username = options.username;
  if (options.password !== undefined) settings.password = options.password;
  if (isMqtt5(options)) {
    const expiry =
      options['session.expiry.interval'] ?? (options['clean.session'] ? undefined : NEVER);
    if (expiry !== undefined) settings.properties = { sessionExpiryInterval: expiry };
  }
  return settings;
}

/** CONNACK codes (MQTT 3 return codes and MQTT 5 reason codes) worth retrying. */
const RETRIABLE_CONNACK = new Set([3, 0x88, 0x89, 0x97, 0x9c, 0x9d]);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A client error as the engine wants it: `ConnectionUnavailableError` when the broker cannot be
 * reached or is unavailable now (retried with backoff), the error otherwise (bad credentials,
 * refused client id: the start fails).
 */
export function connectionFailure(error: unknown, where: string): Error {
  if (error instanceof ConnectionUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && !RETRIABLE_CONNACK.has(code)) {
    return new Error(`${where}: the broker refused the connection: ${describe(error)}`, {
      cause: error,
    });
  }
  return new ConnectionUnavailableError(`${where}: ${describe(error)}`, { cause: error });
}

/**
 * Connects a client; rejects with `ConnectionUnavailableError` when the broker cannot be reached.
 * `prepare` runs before the client connects: a kept session's messages may arrive with the
 * CONNACK, before the promise resolves. The client has an `error` listener (mqtt.js emits them
 * as events).
 * @example
 * const client = await openMqttClient(options, where, (c) => { c.handleMessage = … });
 */
export function openMqttClient(
  options: MqttConnectionOptions,
  where: string,
  prepare?: (client: MqttClient) => void,
): Promise<MqttClient> {
  const url = normalUrl(options.url);
  const client = connect(url, { ...mqttClientOptions(options), manualConnect: true });
  prepare?.(client);
  return new Promise<MqttClient>((resolve, reject) => {
    const fail = (error: unknown): void => {
      cleanup();
      client.end(true);
      reject(connectionFailure(error, `${where}: cannot connect to ${options.url}`));
    };
    const closed = (): void => {
      fail(
        new ConnectionUnavailableError('the connection was closed before the broker accepted it'),
      );
    };
    const connected = (): void => {
      cleanup();
      resolve(client);
    };
    const cleanup = (): void => {
      client.off('error', fail);
      client.off('close', closed);
      client.off('connect', connected);
    };
    client.on('error', fail);
    client.on('close', closed);
    client.on('connect', connected);
    client.connect();
  }).then((connected) => {
    // Later errors come with a close, which the source and sink watch.
    connected.on('error', () => undefined);
    return connected;
  });
}

/**
 * Ends a client: gracefully (a DISCONNECT, so a kept session stays) when connected.
 */
export async function closeMqttClient(client: MqttClient): Promise<void> {
  if (!client.connected) {
    client.end(true);
    return;
  }
  await new Promise<void>((resolve) => {
    client.end(false, {}, () => {
      resolve();
    });
  });
}
