// The `mqtt` sink: publishes each mapped payload to a topic (which, like the QoS and the retain
// flag, may name attributes), with MQTT 5 properties when asked. A QoS 1/2 event counts as
// delivered once the broker acknowledged it (PUBACK/PUBCOMP); QoS 0 once it was written.

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import { cachedKeyValueList, parseKeyValueList } from './key-value-list.js';
import {
  checkConnectionOptions,
  closeMqttClient,
  connectionFailure,
  mqttConnectionParameters,
  openMqttClient,
} from './mqtt-connection.js';
import { payloadBytes } from './payload-bytes.js';

/** Options only MQTT 5 has. */
const MQTT5_KEYS = [
  'content.type',
  'message.expiry.interval',
  'response.topic',
  'correlation.data',
  'user.properties',
] as const;

const sinkParameters = {
  ...mqttConnectionParameters,
  topic: param.string({
    description: "The topic to publish to; may name attributes: `'sensors/{{id}}'`.",
    dynamic: true,
  }),
  'quality.of.service': param.string({
    description:
      '`0` (at most once), `1` (at least once) or `2` (exactly once); may name an attribute ' +
      'holding one of them.',
    optional: true,
    default: '1',
    dynamic: true,
  }),
  'message.retain': param.string({
    description:
      '`true` makes the broker keep the message as the last one of its topic, for new ' +
      'subscribers; may name an attribute.',
    optional: true,
    default: 'false',
    dynamic: true,
  }),
  'content.type': param.string({
    description: 'MQTT 5: the content type of the message (e.g. `application/json`).',
    optional: true,
    dynamic: true,
  }),
  'message.expiry.interval': param.long({
    description: 'MQTT 5: seconds after which the broker drops the message if undelivered.',
    optional: true,
  }),
  'response.topic': param.string({
    description: 'MQTT 5: the topic a receiver should answer on; may name attributes.',
    optional: true,
    dynamic: true,
  }),
  'correlation.data': param.string({
    description: 'MQTT 5: correlation data (sent as UTF-8 bytes); may name attributes.',
    optional: true,
    dynamic: true,
  }),
  'user.properties': param.string({
    description:
      "MQTT 5: user properties as `\"'<name>:<value>','<name>:<value>'\"`; may name attributes.",
    optional: true,
    dynamic: true,
  }),
};

export type MqttSinkOptions = OptionsOf<typeof sinkParameters>;

/**
 * A QoS as text (`0`, `1`, `2`).
 * @example
 * parseQos('2', 'here') // 2
 */
export function parseQos(text: string, where: string): 0 | 1 | 2 {
  const trimmed = text.trim();
  if (trimmed === '0' || trimmed === '1' || trimmed === '2') return Number(trimmed) as 0 | 1 | 2;
  throw new Error(`${where}: quality.of.service must be 0, 1 or 2, found '${text}'`);
}

/** A retain flag as text (`true`/`false`, any case). */
export function parseRetain(text: string, where: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new Error(`${where}: message.retain must be true or false, found '${text}'`);
}

const isTemplate = (text: string | undefined): boolean => text?.includes('{{') === true;

/** One `mqtt` sink. */
class MqttSinkConnection implements SinkConnection {
  readonly #where: string;
  readonly #userPropertiesOf = cachedKeyValueList();
  readonly #inFlight = new Set<(error: Error) => void>();
  #client: MqttClient | undefined;

  constructor(private readonly ctx: SinkContext<MqttSinkOptions>) {
    const options = ctx.options;
    checkConnectionOptions(
      options,
      MQTT5_KEYS.filter((k) => options[k] !== undefined),
    );
    this.#where = `sink 'mqtt' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    // Values without templates are checked now (a template is checked per event).
    const qos = options['quality.of.service'];
    if (!isTemplate(qos)) parseQos(qos, this.#where);
    const retain = options['message.retain'];
    if (!isTemplate(retain)) parseRetain(retain, this.#where);
    const user = options['user.properties'];
    if (user !== undefined && !isTemplate(user)) parseKeyValueList(user);
  }

  async connect(): Promise<void> {
    const client = await openMqttClient(this.ctx.options, this.#where);
    this.#client = client;
    client.on('close', () => {
      if (this.#client === client) this.#client = undefined;
      // Publishes waiting for an acknowledgement will not get one on this connection.
      const lost = new ConnectionUnavailableError(`${this.#where}: the connection was lost`);
      for (const reject of [...this.#inFlight]) reject(lost);
      this.#inFlight.clear();
    });
  }

  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await closeMqttClient(client);
  }

  publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const client = this.#client;
    if (client?.connected !== true) {
      return Promise.reject(
        new ConnectionUnavailableError(`${this.#where}: not connected to the broker`),
      );
    }
    const topic = options.topic ?? this.ctx.options.topic;
    const publishOptions = this.#publishOptions(options);
    const body =
      typeof payload === 'string' ? payload : toBuffer(payloadBytes(payload, this.#where));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        this.#inFlight.delete(fail);
        reject(error);
      };
      this.#inFlight.add(fail);
      client.publish(topic, body, publishOptions, (error) => {
        if (!error) {
          if (settled) return;
          settled = true;
          this.#inFlight.delete(fail);
          resolve();
          return;
        }
        fail(connectionFailure(error, `${this.#where}: publish to '${topic}' failed`));
      });
    });
  }

  #publishOptions(options: DynamicOptions): IClientPublishOptions {
    const settings: IClientPublishOptions = {
      qos: parseQos(options['quality.of.service'] ?? '1', this.#where),
      retain: parseRetain(options['message.retain'] ?? 'false', this.#where),
    };
    if (this.ctx.options['protocol.version'] !== '5') return settings;
    const properties: NonNullable<IClientPublishOptions['properties']> = {};
    const contentType = options['content.type'];
    if (contentType !== undefined) properties.contentType = contentType;
    const expiry = this.ctx.options['message.expiry.interval'];
    if (expiry !== undefined) properties.messageExpiryInterval = expiry;
    const responseTopic = options['response.topic'];
    if (responseTopic !== undefined) properties.responseTopic = responseTopic;
    const correlation = options['correlation.data'];
    if (correlation !== undefined) properties.correlationData = Buffer.from(correlation, 'utf8');
    const user = options['user.properties'];
    if (user !== undefined) {
      const entries = this.#userPropertiesOf(user);
      if (entries.length > 0) properties.userProperties = Object.fromEntries(entries);
    }
    if (Object.keys(properties).length > 0) settings.properties = properties;
    return settings;
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const mqttSinkSpec = defineSink({
  name: 'mqtt',
  status: 'stable',
  summary: 'Publishes each event to an MQTT topic.',
  description:
    'A QoS 1 or 2 event counts as delivered once the broker acknowledged it; a QoS 0 event ' +
    'once it was written to the connection. A broker that cannot be reached, or a connection ' +
    'lost before the acknowledgement, is a connection error: the engine reconnects and applies ' +
    "`on.error` (`WAIT` keeps the events until the broker is back). `message.retain='true'` " +
    'makes the broker keep the last message of each topic for new subscribers. With ' +
    "`protocol.version='5'` the MQTT 5 properties `content.type`, `message.expiry.interval`, " +
    '`response.topic`, `correlation.data` and `user.properties` are sent. The payload is the ' +
    'mapped text (UTF-8) or bytes.',
  parameters: sinkParameters,
  examples: [
    {
      description: 'Publishes JSON events to `mqtt_topic` with QoS 1.',
      siddhi:
        "@sink(type='mqtt', url='tcp://localhost:1883', topic='mqtt_topic', clean.session='true', " +
        "message.retain='false', quality.of.service='1', keep.alive='60', connection.timeout='30', " +
        "@map(type='json'))\n" +
        'define stream BarStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Keeps the latest reading of each sensor as the retained message of its own topic.',
      siddhi:
        "@sink(type='mqtt', url='tcp://localhost:1883', topic='sensors/{{id}}/latest', " +
        "message.retain='true', quality.of.service='0', @map(type='json'))\n" +
        'define stream ReadingStream (id string, value double);',
    },
    {
      description: 'Sends MQTT 5 properties: a content type and a user property per event.',
      siddhi:
        "@sink(type='mqtt', url='mqtt://localhost:1883', topic='orders', protocol.version='5', " +
        "content.type='application/json', user.properties=\"'region:{{region}}'\", " +
        "message.expiry.interval='60', @map(type='json'))\n" +
        'define stream OrderStream (id string, region string);',
    },
  ],
  create: (ctx) => new MqttSinkConnection(ctx),
});
