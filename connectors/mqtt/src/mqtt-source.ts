// The `mqtt` source: subscribes to topics with a QoS; QoS 1 and 2 messages are acknowledged to
// the broker (PUBACK/PUBCOMP) only once their events were processed and every sink acknowledged
// them, so with `clean.session=false` nothing is lost across disconnects.

import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import type { IPublishPacket, MqttClient } from 'mqtt';
import {
  checkConnectionOptions,
  closeMqttClient,
  connectionFailure,
  mqttConnectionParameters,
  openMqttClient,
} from './mqtt-connection.js';

const sourceParameters = {
  ...mqttConnectionParameters,
  topic: param.list(param.string({ description: 'A topic filter.' }), {
    description:
      'The topics to subscribe to, comma separated; filters may use `+` and `#`, and ' +
      '`$share/<group>/<filter>` shares messages among a group of subscribers.',
  }),
  'quality.of.service': param.enum(['0', '1', '2'], {
    description:
      'The QoS of the subscription: `0` at most once; `1` at least once; `2` exactly once ' +
      'between broker and client. With 1 and 2 a message is acknowledged after processing.',
    optional: true,
    default: '1',
  }),
};

export type MqttSourceOptions = OptionsOf<typeof sourceParameters>;

function ignore(): void {
  // The app stopped: a QoS 0 message is gone, a QoS 1/2 one is not acknowledged.
}

/** Builds the `trp:` values of a message, for the names the mapping asks for. */
function transportReader(
  names: readonly string[],
): ((packet: IPublishPacket) => TransportProperties) | undefined {
  if (names.length === 0) return undefined;
  const readers = names.map((name): [string, (p: IPublishPacket) => string | undefined] => {
    switch (name) {
      case 'topic':
        return [name, (p) => p.topic];
      case 'qos':
        return [name, (p) => String(p.qos)];
      case 'retain':
        return [name, (p) => String(p.retain)];
      case 'dup':
        return [name, (p) => String(p.dup)];
      case 'messageId':
        return [name, (p) => (p.messageId === undefined ? undefined : String(p.messageId))];
      case 'content.type':
        return [name, (p) => p.properties?.contentType];
      case 'response.topic':
        return [name, (p) => p.properties?.responseTopic];
      case 'correlation.data':
        return [name, (p) => p.properties?.correlationData?.toString('utf8')];
      case 'message.expiry.interval': {
        return [
          name,
          (p) => {
            const expiry = p.properties?.messageExpiryInterval;
            return expiry === undefined ? undefined : String(expiry);
          },
        ];
      }
      default:
        return [name, (p) => userProperty(p, name)];
    }
  });
  return (packet) => {
    const properties: Record<string, string | undefined> = {};
    for (const [name, read] of readers) properties[name] = read(packet);
    return properties;
  };
}

function userProperty(packet: IPublishPacket, name: string): string | undefined {
  const value = packet.properties?.userProperties?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** One `mqtt` source. */
class MqttSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #qos: 0 | 1 | 2;
  readonly #transport: ((packet: IPublishPacket) => TransportProperties) | undefined;
  #client: MqttClient | undefined;
  #paused = false;
  #held: (() => void)[] = [];

  constructor(private readonly ctx: SourceContext<MqttSourceOptions>) {
    checkConnectionOptions(ctx.options, []);
    if (ctx.options.topic.length === 0) throw new Error('topic names no topic');
    this.#where = `source 'mqtt' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#qos = Number(ctx.options['quality.of.service']) as 0 | 1 | 2;
    this.#transport = transportReader(ctx.requestedTransportProperties);
  }

  async connect(): Promise<void> {
    const client = await openMqttClient(this.ctx.options, this.#where, (c) => {
      // Every message passes here; the callback lets mqtt.js go on with the next packet and
      // (QoS 1/2) send the acknowledgement, so it is called once the events were processed.
      c.handleMessage = (packet, callback) => {
        const deliver = (): void => {
          this.#deliver(packet, callback);
        };
        if (this.#paused) this.#held.push(deliver);
        else deliver();
      };
    });
    this.#client = client;
    client.on('close', () => {
      if (this.#client !== client) return;
      this.ctx.connectionLost(
        new ConnectionUnavailableError(`${this.#where}: the connection to the broker was lost`),
      );
    });
    const subscriptions = Object.fromEntries(
      this.ctx.options.topic.map((topic) => [topic, { qos: this.#qos }]),
    );
    let refused: string[];
    try {
      const granted = await client.subscribeAsync(subscriptions);
      refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    } catch (error) {
      this.#client = undefined;
      client.end(true);
      // An invalid filter is the app's mistake; anything else is the connection's.
      if (error instanceof Error && error.message.includes('Invalid topic')) {
        throw new Error(`${this.#where}: ${error.message}`, { cause: error });
      }
      throw connectionFailure(error, `${this.#where}: subscribing failed`);
    }
    if (refused.length > 0) {
      this.#client = undefined;
      await closeMqttClient(client);
      throw new Error(
        `${this.#where}: the broker refused the subscription to ${refused.join(', ')}`,
      );
    }
  }

  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#held = [];
    if (client !== undefined) await closeMqttClient(client);
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

  #deliver(packet: IPublishPacket, callback: (error?: Error) => void): void {
    const processed = this.ctx.emit(packet.payload, this.#transport?.(packet));
    if (packet.qos === 0) {
      processed.catch(ignore);
      callback();
      return;
    }
    processed.then(() => {
      callback();
    }, ignore);
  }
}

export const mqttSourceSpec = defineSource({
  name: 'mqtt',
  status: 'stable',
  summary: 'Subscribes to MQTT topics; each message becomes events via @map.',
  description:
    'QoS 0 messages are emitted as they come (at most once). QoS 1 and 2 messages are ' +
    'acknowledged to the broker only once their events were processed and every sink ' +
    'acknowledged them; messages are processed one after the other, in order. With ' +
    "`clean.session='false'` and a fixed `client.id` the broker keeps the subscription and the " +
    'QoS 1/2 messages published while the source is disconnected, so none is lost (at least ' +
    'once: a message whose acknowledgement was lost comes again). Retained messages arrive at ' +
    'subscription.\n\n' +
    'Transport properties: `topic`, `qos`, `retain`, `dup`, `messageId`, and with MQTT 5 ' +
    '`content.type`, `response.topic`, `correlation.data`, `message.expiry.interval`; any other ' +
    'name reads the MQTT 5 user property of that name. The payload is the message body as ' +
    'bytes (every text mapper reads UTF-8).',
  parameters: sourceParameters,
  transportProperties: [
    { name: 'topic', description: 'The topic the message was published to.' },
    { name: 'qos', description: 'The QoS the message was delivered with.' },
    { name: 'retain', description: '`true` for a retained message.' },
    { name: 'dup', description: '`true` when the broker sends the message again.' },
    { name: 'messageId', description: 'The packet identifier (QoS 1 and 2).' },
    { name: 'content.type', description: 'MQTT 5: the content type property.' },
    { name: 'response.topic', description: 'MQTT 5: the response topic property.' },
    { name: 'correlation.data', description: 'MQTT 5: the correlation data, as UTF-8 text.' },
    { name: 'message.expiry.interval', description: 'MQTT 5: seconds the message had left.' },
    { name: '<user property>', description: 'MQTT 5: any other name reads a user property.' },
  ],
  examples: [
    {
      description: 'Receives JSON events from `mqtt_topic` with QoS 1.',
      siddhi:
        "@source(type='mqtt', url='tcp://localhost:1883', topic='mqtt_topic', " +
        "clean.session='true', quality.of.service='1', keep.alive='60', connection.timeout='30', " +
        "@map(type='json'))\n" +
        'define stream BarStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Keeps a persistent session, so QoS 1 messages published while the app is down are ' +
        'received when it is back, and reads the topic of each message.',
      siddhi:
        "@source(type='mqtt', url='tcp://localhost:1883', topic='sensors/+/temperature', " +
        "client.id='tributary-sensors', clean.session='false', quality.of.service='1', " +
        "@map(type='json', @attributes(value='$.value', topic='trp:topic')))\n" +
        'define stream TemperatureStream (value double, topic string);',
    },
    {
      description: 'Speaks MQTT 5 and reads a user property of each message.',
      siddhi:
        "@source(type='mqtt', url='mqtt://localhost:1883', topic='orders', protocol.version='5', " +
        "@map(type='json', @attributes(id='$.id', region='trp:region')))\n" +
        'define stream OrderStream (id string, region string);',
    },
  ],
  create: (ctx) => new MqttSourceConnection(ctx),
});
