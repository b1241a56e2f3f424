// The `nats` source: core NATS subscriptions (optionally in a queue group; at most once), or
// JetStream consumers (durable or not, from a sequence or a time) whose messages are
// acknowledged only once their events were processed and every sink acknowledged them.

import type { Logger } from '@tributary/engine';
import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import {
  AckPolicy,
  ConsumerEvents,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
} from 'nats';
import {
  connectionFailure,
  isUnreachable,
  natsConnectionParameters,
  openNatsConnection,
} from './nats-connection.js';
import { SequenceTracker } from './sequence-tracker.js';

/** Options only JetStream uses; giving any of them turns JetStream on. */
const JETSTREAM_KEYS = [
  'cluster.id',
  'streaming.cluster.id',
  'stream.name',
  'durable.name',
  'subscription.sequence',
  'subscription.time',
] as const;

/** What a source (and, for the JetStream switch, a sink) says about JetStream. */
export const jetStreamSwitchParameters = {
  'jetstream.enabled': param.bool({
    description:
      'Use JetStream (persistent streams, acknowledged delivery). Also turned on by ' +
      "`streaming.cluster.id`/`cluster.id`, Siddhi's NATS Streaming keys (NATS Streaming is " +
      'retired; JetStream replaces it).',
    optional: true,
    default: false,
  }),
  'streaming.cluster.id': param.string({
    description:
      "Siddhi's NATS Streaming cluster id: when given, the source or sink uses JetStream (the " +
      'value itself is not needed by JetStream).',
    optional: true,
  }),
  'cluster.id': param.string({
    description: 'Deprecated: use `streaming.cluster.id`.',
    optional: true,
  }),
};

const sourceParameters = {
  destination: param.string({
    description: 'The subject to subscribe to (wildcards `*` and `>` allowed).',
  }),
  ...natsConnectionParameters,
  'queue.group.name': param.string({
    description:
      'Subscribers of one queue group share the messages of the subject (each message goes to ' +
      'one of them). With JetStream and no `durable.name`, the group names a shared durable ' +
      'consumer, which has the same effect.',
    optional: true,
  }),
  ...jetStreamSwitchParameters,
  'stream.name': param.string({
    description:
      'JetStream: the stream to consume (default: the stream whose subjects capture ' +
      '`destination`).',
    optional: true,
  }),
  'durable.name': param.string({
    description:
      'JetStream: the durable consumer to use (created when missing). It keeps its position on ' +
      'the server: after a restart the source resumes with the first unacknowledged message. ' +
      'Without it the consumer is ephemeral and resumes from the position kept in app state.',
    optional: true,
  }),
  'subscription.sequence': param.long({
    description:
      'JetStream: a new consumer starts at this stream sequence (default: the first message).',
    optional: true,
  }),
  'subscription.time': param.string({
    description:
      'JetStream: a new consumer starts with the first message stored at or after this time ' +
      '(ISO-8601, e.g. `2024-05-01T10:00:00Z`, or epoch milliseconds).',
    optional: true,
  }),
  'ack.wait': param.long({
    description:
      'JetStream: seconds the server waits for the acknowledgement of a message before it ' +
      'delivers it again (default 30).',
    optional: true,
  }),
  'max.ack.pending': param.int({
    description: 'JetStream: messages delivered and not yet acknowledged, at most.',
    optional: true,
    default: 1000,
  }),
};

export type NatsSourceOptions = OptionsOf<typeof sourceParameters>;

/** Whether the options ask for JetStream. */
export function usesJetStream(options: {
  readonly 'jetstream.enabled': boolean;
  readonly [key: string]: unknown;
}): boolean {
  return options['jetstream.enabled'] || JETSTREAM_KEYS.some((k) => options[k] !== undefined);
}

/**
 * The ISO-8601 instant of `subscription.time` (ISO text or epoch milliseconds).
 * @example
 * startTime('0') // '1970-01-01T00:00:00.000Z'
 */
export function startTime(text: string): string {
  const trimmed = text.trim();
  const date = /^\d+$/.test(trimmed) ? new Date(Number(trimmed)) : new Date(trimmed);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`subscription.time '${text}' is neither an ISO-8601 time nor epoch ms`);
  }
  return date.toISOString();
}

/** Checks the combinations options cannot express alone (at app creation). */
function checkOptions(options: NatsSourceOptions): void {
  if (
    options['subscription.sequence'] !== undefined &&
    options['subscription.time'] !== undefined
  ) {
    throw new Error('give subscription.sequence or subscription.time, not both');
  }
  const sequence = options['subscription.sequence'];
  if (sequence !== undefined && sequence < 1) {
    throw new Error(`subscription.sequence must be 1 or more, found ${String(sequence)}`);
  }
  if (options['subscription.time'] !== undefined) startTime(options['subscription.time']);
  const wait = options['ack.wait'];
  if (wait !== undefined && wait < 1) {
    throw new Error(`ack.wait must be 1 second or more, found ${String(wait)}`);
  }
  if (options['max.ack.pending'] < 1) {
    throw new Error(
      `max.ack.pending must be 1 or more, found ${String(options['max.ack.pending'])}`,
    );
  }
}

type AnyMsg = Msg | JsMsg;

/** Builds the `trp:` values a message offers, for the names the mapping asks for. */
function transportReader(
  names: readonly string[],
): ((msg: AnyMsg) => TransportProperties) | undefined {
  if (names.length === 0) return undefined;
  const readers = names.map((name): [string, (msg: AnyMsg) => string | undefined] => {
    switch (name) {
      case 'subject':
        return [name, (m) => m.subject];
      case 'reply':
        return [name, (m) => ('reply' in m ? m.reply : undefined)];
      case 'sequenceNumber':
        return [name, (m) => ('seq' in m ? String(m.seq) : undefined)];
      case 'redelivered':
        return [name, (m) => ('redelivered' in m ? String(m.redelivered) : undefined)];
      case 'stream':
        return [name, (m) => ('info' in m ? m.info.stream : undefined)];
      case 'timestamp':
        return [
          name,
          (m) => ('info' in m ? String(Math.floor(m.info.timestampNanos / 1e6)) : undefined),
        ];
      default:
        return [name, (m) => headerValue(m.headers, name)];
    }
  });
  return (msg) => {
    const properties: Record<string, string | undefined> = {};
    for (const [name, read] of readers) properties[name] = read(msg);
    return properties;
  };
}

function headerValue(headers: MsgHdrs | undefined, name: string): string | undefined {
  return headers?.has(name) === true ? headers.get(name) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function ignore(): void {
  // The promise's outcome is handled elsewhere (the message is redelivered or was at most once).
}

/** Position state of a JetStream source, kept in app snapshots. */
interface NatsSourceState {
  readonly sequence: number;
}

function isState(value: unknown): value is NatsSourceState {
  return typeof (value as { sequence?: unknown } | null)?.sequence === 'number';
}

function isNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { code?: unknown } } | null)?.api_error;
  return api?.code === 404 || (error as { code?: unknown } | null)?.code === '404';
}

/** One `nats` source. */
class NatsSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #jetStream: boolean;
  readonly #transport: ((msg: AnyMsg) => TransportProperties) | undefined;
  readonly #tracker = new SequenceTracker();
  #nc: NatsConnection | undefined;
  #messages: ConsumerMessages | undefined;
  #ephemeral:
    { readonly jsm: JetStreamManager; readonly stream: string; readonly name: string } | undefined;
  #paused = false;
  #held: (() => void)[] = [];

  constructor(private readonly ctx: SourceContext<NatsSourceOptions>) {
    checkOptions(ctx.options);
    this.#where = `source 'nats' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#jetStream = usesJetStream(ctx.options);
    this.#transport = transportReader(ctx.requestedTransportProperties);
  }

  get #logger(): Logger {
    return this.ctx.logger;
  }

  async connect(): Promise<void> {
    const nc = await openNatsConnection(this.ctx.options, this.#where, this.#logger);
    this.#nc = nc;
    void nc.closed().then((error) => {
      // Closed by the server or the network, not by disconnect(): the engine reconnects.
      if (this.#nc !== nc) return;
      this.ctx.connectionLost(
        error ?? new ConnectionUnavailableError(`${this.#where}: the connection was closed`),
      );
    });
    try {
      if (this.#jetStream) await this.#consume(nc);
      else {
        this.#subscribe(nc);
        // A round trip: the server has registered the subscription once connect resolves, so
        // messages published after that are delivered (core NATS keeps nothing for late subscribers).
        await nc.flush();
      }
    } catch (error) {
      this.#nc = undefined;
      await nc.close().catch(ignore);
      throw connectionFailure(error, this.#where);
    }
  }

  async disconnect(): Promise<void> {
    const nc = this.#nc;
    this.#nc = undefined;
    this.#held = [];
    this.#tracker.reset();
    const messages = this.#messages;
    this.#messages = undefined;
    const ephemeral = this.#ephemeral;
    this.#ephemeral = undefined;
    if (nc === undefined || nc.isClosed()) return;
    messages?.stop();
    if (ephemeral !== undefined) {
      await ephemeral.jsm.consumers.delete(ephemeral.stream, ephemeral.name).catch(ignore);
    }
    await nc.close().catch(ignore);
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

  snapshot(): NatsSourceState | undefined {
    return this.#jetStream ? { sequence: this.#tracker.committed } : undefined;
  }

  restore(state: unknown): void {
    if (isState(state)) this.#tracker.reset(state.sequence);
  }

  /** Core NATS: messages are emitted as they come (at most once). */
  #subscribe(nc: NatsConnection): void {
    const queue = this.ctx.options['queue.group.name'];
    nc.subscribe(this.ctx.options.destination, {
      ...(queue === undefined ? {} : { queue }),
      callback: (error, msg) => {
        if (error !== null) {
          this.#logger.log(
            'warn',
            `${this.#where}: subscription failed: ${describe(error)}`,
            error,
          );
          if (this.#nc === nc) this.ctx.connectionLost(error);
          return;
        }
        if (this.#paused) {
          this.#held.push(() => {
            this.#emitCore(msg);
          });
          return;
        }
        this.#emitCore(msg);
      },
    });
  }

  #emitCore(msg: Msg): void {
    this.ctx.emit(msg.data, this.#transport?.(msg)).catch(ignore);
  }

  /** JetStream: a pull consumer whose messages are acknowledged after processing. */
  async #consume(nc: NatsConnection): Promise<void> {
    const options = this.ctx.options;
    const jsm = await nc.jetstreamManager();
    const stream = options['stream.name'] ?? (await this.#findStream(jsm));
    const durable = options['durable.name'] ?? options['queue.group.name'];
    const config = this.#consumerConfig(durable);
    let name: string;
    if (durable === undefined) {
      name = (await jsm.consumers.add(stream, config)).name;
      this.#ephemeral = { jsm, stream, name };
    } else {
      name = durable;
      try {
        await jsm.consumers.info(stream, durable);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await jsm.consumers.add(stream, config);
      }
    }
    const consumer = await nc.jetstream().consumers.get(stream, name);
    const messages = await consumer.consume({
      max_messages: Math.min(options['max.ack.pending'], 1024),
      callback: (msg) => {
        this.#onJetStreamMessage(msg);
      },
    });
    this.#messages = messages;
    this.#watch(nc, messages).catch(ignore);
  }

  async #findStream(jsm: JetStreamManager): Promise<string> {
    try {
      return await jsm.streams.find(this.ctx.options.destination);
    } catch (error) {
      if (isUnreachable(error)) throw error;
      throw new Error(
        `${this.#where}: no JetStream stream captures subject '${this.ctx.options.destination}' ` +
          `(${describe(error)}); create one or name it with stream.name`,
        { cause: error },
      );
    }
  }

  #consumerConfig(durable: string | undefined): Partial<ConsumerConfig> {
    const options = this.ctx.options;
    const config: Partial<ConsumerConfig> = {
      ack_policy: AckPolicy.Explicit,
      filter_subject: options.destination,
      max_ack_pending: options['max.ack.pending'],
    };
    if (durable !== undefined) config.durable_name = durable;
    else config.inactive_threshold = nanos(60_000);
    const wait = options['ack.wait'];
    if (wait !== undefined) config.ack_wait = nanos(wait * 1000);
    const committed = this.#tracker.committed;
    if (durable === undefined && committed > 0) {
      // An ephemeral consumer resumes after what was processed (reconnect, restored state).
      config.deliver_policy = DeliverPolicy.StartSequence;
      config.opt_start_seq = committed + 1;
    } else if (options['subscription.sequence'] !== undefined) {
      config.deliver_policy = DeliverPolicy.StartSequence;
      config.opt_start_seq = options['subscription.sequence'];
    } else if (options['subscription.time'] !== undefined) {
      config.deliver_policy = DeliverPolicy.StartTime;
      config.opt_start_time = startTime(options['subscription.time']);
    } else {
      config.deliver_policy = DeliverPolicy.All;
    }
    return config;
  }

  /** Reports a consumer that is gone (deleted, or its heartbeats stopped) as a lost connection. */
  async #watch(nc: NatsConnection, messages: ConsumerMessages): Promise<void> {
    for await (const status of await messages.status()) {
      if (this.#nc !== nc) return;
      if (
        status.type === ConsumerEvents.ConsumerDeleted ||
        status.type === ConsumerEvents.ConsumerNotFound ||
        status.type === ConsumerEvents.StreamNotFound ||
        (status.type === ConsumerEvents.HeartbeatsMissed && Number(status.data) >= 2)
      ) {
        this.ctx.connectionLost(
          new ConnectionUnavailableError(`${this.#where}: JetStream consumer: ${status.type}`),
        );
        return;
      }
    }
  }

  #onJetStreamMessage(msg: JsMsg): void {
    const sequence = msg.seq;
    if (sequence <= this.#tracker.committed) {
      // Processed already (a redelivery after a lost acknowledgement).
      ackQuietly(msg);
      return;
    }
    if (!this.#tracker.delivered(sequence)) return; // running now; its completion acknowledges
    if (this.#paused) {
      this.#held.push(() => {
        this.#emitJetStream(msg);
      });
      return;
    }
    this.#emitJetStream(msg);
  }

  #emitJetStream(msg: JsMsg): void {
    const tracker = this.#tracker;
    this.ctx.emit(msg.data, this.#transport?.(msg)).then(
      () => {
        tracker.completed(msg.seq);
        ackQuietly(msg);
      },
      () => {
        // The app stopped before processing it: the server delivers it again.
        try {
          msg.nak();
        } catch {
          // The connection is gone; the server redelivers after ack.wait.
        }
      },
    );
  }
}

function ackQuietly(msg: JsMsg): void {
  try {
    msg.ack();
  } catch {
    // The connection is gone: the message is delivered again and processed again.
  }
}

export const natsSourceSpec = defineSource({
  name: 'nats',
  status: 'stable',
  summary:
    'Subscribes to a NATS subject (core NATS or JetStream); each message becomes events via @map.',
  description:
    'Core NATS (the default) delivers each message at most once: messages published while ' +
    'the source is disconnected are lost. `queue.group.name` shares the subject among the ' +
    'members of a group.\n\n' +
    'JetStream (`jetstream.enabled`, or any of `streaming.cluster.id`, `durable.name`, ' +
    '`subscription.sequence`, `subscription.time`, `stream.name`) consumes a stream with ' +
    'explicit acknowledgements: a message is acknowledged once its events were processed and ' +
    'every sink acknowledged them, so nothing is lost across disconnects and restarts (at ' +
    'least once; a message may arrive twice). A `durable.name` consumer keeps its position ' +
    'on the server; an ephemeral one resumes after the last processed sequence (kept in app ' +
    'snapshots too). `subscription.sequence`/`subscription.time` place a new consumer.\n\n' +
    'Transport properties: `subject`, `reply` (core), `sequenceNumber`, `redelivered`, ' +
    '`stream`, `timestamp` (JetStream), and any other name reads the message header of that ' +
    'name. The payload is the message body as bytes (every text mapper reads UTF-8).',
  parameters: sourceParameters,
  transportProperties: [
    { name: 'subject', description: 'The subject the message was published to.' },
    { name: 'reply', description: 'Core NATS: the reply subject, if any.' },
    { name: 'sequenceNumber', description: 'JetStream: the stream sequence of the message.' },
    { name: 'redelivered', description: 'JetStream: `true` when delivered before.' },
    { name: 'stream', description: 'JetStream: the stream holding the message.' },
    { name: 'timestamp', description: 'JetStream: when the message was stored (epoch ms).' },
    { name: '<header>', description: 'Any other name: the message header of that name.' },
  ],
  examples: [
    {
      description: 'Receives JSON events published on subject `stocks` (core NATS).',
      siddhi:
        "@source(type='nats', destination='stocks', server.urls='nats://localhost:4222', " +
        "@map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
    {
      description:
        'Shares subject `orders` with the other members of queue group `workers` and reads the ' +
        'subject of each message into an attribute.',
      siddhi:
        "@source(type='nats', destination='orders.*', queue.group.name='workers', " +
        "@map(type='json', @attributes(id='$.id', amount='$.amount', subject='trp:subject')))\n" +
        'define stream OrderStream (id string, amount double, subject string);',
    },
    {
      description:
        'Consumes JetStream durably: after a restart the app resumes with the first message it ' +
        'did not process; a new consumer starts at stream sequence 100.',
      siddhi:
        "@source(type='nats', destination='payments', durable.name='payments-app', " +
        "subscription.sequence='100', ack.wait='10', " +
        "@map(type='json', @attributes(id='$.id', seq='trp:sequenceNumber')))\n" +
        'define stream PaymentStream (id string, seq string);',
    },
    {
      description: 'Replays JetStream messages stored since a point in time.',
      siddhi:
        "@source(type='nats', destination='audit', jetstream.enabled='true', " +
        "subscription.time='2024-05-01T00:00:00Z', @map(type='json'))\n" +
        'define stream AuditStream (user string, action string);',
    },
  ],
  create: (ctx) => new NatsSourceConnection(ctx),
});
