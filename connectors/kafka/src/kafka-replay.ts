// `kafka-replay-request` and `kafka-replay-response`: an event of the request sink's stream
// (topic, partition, start offset, end offset) makes the response source with the same `sink.id`
// read that range of the partition again, start and end included, into its own stream.

import { randomUUID } from 'node:crypto';
import {
  ConnectionUnavailableError,
  defineSink,
  defineSource,
  param,
  type IoEvent,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import type { KafkaConfiguration } from './kafka-config.js';
import { asConnectionError, createKafka } from './kafka-connection.js';
import { KafkaReader, type ReaderRecord } from './kafka-reader.js';
import { consumerParameters, sourceConfiguration } from './kafka-source.js';
import {
  KafkaOptionError,
  recordPayload,
  RECORD_PROPERTIES,
  transportReader,
} from './kafka-transport.js';

/** One replay: a partition's records from `start` to `end`, both included. */
export interface ReplayRange {
  readonly topic: string;
  readonly partition: number;
  readonly start: bigint;
  readonly end: bigint;
}

/** A response source, as request sinks reach it. */
export interface ReplayResponder {
  /** Starts reading the range; resolves once the reader joined the cluster. */
  replay(range: ReplayRange): Promise<void>;
}

/**
 * Pairs request sinks with response sources by `sink.id` (one registry per extension list, as
 * Siddhi's per-JVM registry).
 * @example
 * const replays = new ReplayRegistry();
 * const extensions = [kafkaReplayRequestSink(replays), kafkaReplayResponseSource(replays)];
 */
export class ReplayRegistry {
  readonly #responders = new Map<string, ReplayResponder>();

  register(sinkId: string, responder: ReplayResponder): void {
    this.#responders.set(sinkId, responder);
  }

  unregister(sinkId: string, responder: ReplayResponder): void {
    if (this.#responders.get(sinkId) === responder) this.#responders.delete(sinkId);
  }

  find(sinkId: string): ReplayResponder | undefined {
    return this.#responders.get(sinkId);
  }
}

function offsetOf(value: unknown, name: string): bigint {
  const text = typeof value === 'bigint' ? value.toString() : String(value).trim();
  if (!/^\d+$/.test(text)) {
    throw new KafkaOptionError(`replay request: ${name} '${text}' is not an offset`);
  }
  return BigInt(text);
}

/**
 * Reads a request event's data: topic, partition, start offset, end offset (Siddhi's order;
 * numbers may be strings, as Siddhi's examples declare them).
 * @example
 * replayRange(['stocks', '0', '10', '20']) // { topic: 'stocks', partition: 0, start: 10n, end: 20n }
 */
export function replayRange(data: readonly unknown[]): ReplayRange {
  const [topic, partition, start, end] = data;
  if (typeof topic !== 'string' || topic === '') {
    throw new KafkaOptionError('replay request: the first attribute must name the topic');
  }
  const partitionNo = Number(partition);
  if (!Number.isInteger(partitionNo) || partitionNo < 0) {
    throw new KafkaOptionError(
      `replay request: partition '${String(partition)}' is not a partition number`,
    );
  }
  const range = {
    topic,
    partition: partitionNo,
    start: offsetOf(start, 'the start offset'),
    end: offsetOf(end, 'the end offset'),
  };
  if (range.end < range.start) {
    throw new KafkaOptionError(
      `replay request: the end offset ${range.end.toString()} is before the start offset ${range.start.toString()}`,
    );
  }
  return range;
}

const sinkIdParameter = param.string({
  description:
    'Pairs a `kafka-replay-request` sink with the `kafka-replay-response` source of the same id.',
});

const requestParameters = { 'sink.id': sinkIdParameter } as const;

class ReplayRequestConnection implements SinkConnection {
  constructor(
    private readonly ctx: SinkContext<OptionsOf<typeof requestParameters>>,
    private readonly registry: ReplayRegistry,
  ) {}

  connect(): Promise<void> {
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  publish(
    payload: unknown,
    _options: unknown,
    _transport: unknown,
    event?: IoEvent,
  ): Promise<void> {
    const data = event?.data ?? (payload as Partial<IoEvent> | null)?.data;
    if (!Array.isArray(data)) {
      throw new KafkaOptionError(
        "replay request: the sink needs the event (use @map(type='passThrough'))",
      );
    }
    const range = replayRange(data);
    const sinkId = this.ctx.options['sink.id'];
    const responder = this.registry.find(sinkId);
    if (responder === undefined) {
      throw new ConnectionUnavailableError(
        `no kafka-replay-response source with sink.id '${sinkId}' is connected`,
      );
    }
    return responder.replay(range);
  }
}

/**
 * The `kafka-replay-request` sink of a registry.
 * @example
 * kafkaReplayRequestSink(new ReplayRegistry());
 */
export function kafkaReplayRequestSink(registry: ReplayRegistry) {
  return defineSink({
    name: 'kafka-replay-request',
    status: 'stable',
    summary:
      'Asks the kafka-replay-response source with the same sink.id to read a partition range again.',
    description:
      'Each event is a request: its first four attributes are the topic, the partition, the ' +
      'start offset and the end offset (both included; numbers or numeric strings). The ' +
      'publish is acknowledged once the response source started reading; without a connected ' +
      'response source it is a connection error (handled by `on.error`).',
    parameters: requestParameters,
    defaultMapper: 'passThrough',
    examples: [
      {
        description: 'Replays offsets 10 to 20 of a partition into FooStream when asked.',
        siddhi:
          "@sink(type='kafka-replay-request', sink.id='1')\n" +
          'define stream BarStream (topicForReplay string, partitionForReplay string, startOffset string, endOffset string);\n' +
          "@source(type='kafka-replay-response', group.id='group', threading.option='single.thread',\n" +
          "        bootstrap.servers='localhost:9092', sink.id='1', @map(type='json'))\n" +
          'define stream FooStream (symbol string, amount double);',
      },
    ],
    create: (ctx) => new ReplayRequestConnection(ctx, registry),
  });
}

const responseParameters = {
  ...consumerParameters,
  'group.id': param.string({
    description:
      'Replays read as consumer groups named after this one (`<group.id>-replay-<uuid>`); ' +
      'they commit nothing.',
  }),
  'threading.option': param.enum(['single.thread', 'topic.wise', 'partition.wise'], {
    description: 'Accepted for Siddhi apps: each replay reads one partition in order.',
  }),
  'sink.id': sinkIdParameter,
} as const;

type ResponseOptions = OptionsOf<typeof responseParameters>;

class ReplayResponseConnection implements SourceConnection, ReplayResponder {
  readonly #what: string;
  readonly #where: string;
  readonly #config: KafkaConfiguration;
  readonly #running = new Set<KafkaReader>();
  #connected = false;
  #paused = false;

  constructor(
    private readonly ctx: SourceContext<ResponseOptions>,
    private readonly registry: ReplayRegistry,
  ) {
    this.#what = `source 'kafka-replay-response' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#where = `Kafka at ${ctx.options['bootstrap.servers']}`;
    this.#config = sourceConfiguration(ctx.options, ctx, this.#what);
  }

  connect(): Promise<void> {
    this.#connected = true;
    this.registry.register(this.ctx.options['sink.id'], this);
    return Promise.resolve();
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.registry.unregister(this.ctx.options['sink.id'], this);
    const running = [...this.#running];
    this.#running.clear();
    await Promise.all(running.map((reader) => reader.stop()));
  }

  pause(): void {
    this.#paused = true;
    for (const reader of this.#running) reader.pause();
  }

  resume(): void {
    this.#paused = false;
    for (const reader of this.#running) reader.resume();
  }

  async replay(range: ReplayRange): Promise<void> {
    if (!this.#connected) {
      throw new ConnectionUnavailableError(`${this.#what} is not connected`);
    }
    const ctx = this.ctx;
    const binary = ctx.options['is.binary.message'];
    const transport = transportReader(ctx.requestedTransportProperties, () => ctx.clock.now());
    const finish = (): void => {
      if (this.#running.delete(reader)) void reader.stop();
    };
    const deliver = ({ topic, partition, message }: ReaderRecord): Promise<void> | undefined => {
      const offset = BigInt(message.offset);
      if (offset < range.start) return undefined;
      if (offset > range.end) {
        finish();
        return undefined;
      }
      const sent = ctx.emit(recordPayload(message, binary), transport(topic, partition, message));
      if (offset === range.end) finish();
      return sent;
    };
    const reader: KafkaReader = new KafkaReader({
      client: () => createKafka(this.#config.client, ctx.logger, this.#what),
      groupId: `${ctx.options['group.id']}-replay-${randomUUID()}`,
      topics: [range.topic],
      partitions: [range.partition],
      concurrency: 1,
      commit: false,
      consumer: this.#config.consumer,
      where: this.#where,
      deliver,
      lost: (error) => {
        ctx.logger.log(
          'error',
          `${this.#what}: the replay of ${range.topic}/${String(range.partition)} stopped: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
        finish();
      },
    });
    reader.seekOnStart(range.topic, range.partition, range.start.toString());
    if (this.#paused) reader.pause();
    this.#running.add(reader);
    try {
      await reader.start();
    } catch (error) {
      this.#running.delete(reader);
      throw asConnectionError(error, this.#where);
    }
  }
}

/**
 * The `kafka-replay-response` source of a registry.
 * @example
 * kafkaReplayResponseSource(new ReplayRegistry());
 */
export function kafkaReplayResponseSource(registry: ReplayRegistry) {
  return defineSource({
    name: 'kafka-replay-response',
    status: 'stable',
    summary:
      'Reads the partition ranges that kafka-replay-request sinks with the same sink.id ask for.',
    description:
      'Each request starts a reader of its own on the partition, from the start offset to the ' +
      'end offset (both included), which stops at the end offset; records go through @map like ' +
      "the kafka source's. Replays do not commit offsets.",
    parameters: responseParameters,
    transportProperties: [...RECORD_PROPERTIES],
    examples: [
      {
        description: 'Receives the replayed records of requests sent to sink.id 1.',
        siddhi:
          "@source(type='kafka-replay-response', group.id='group', threading.option='single.thread',\n" +
          "        bootstrap.servers='localhost:9092', sink.id='1', @map(type='json'))\n" +
          'define stream FooStream (symbol string, amount double);',
      },
    ],
    create: (ctx) => new ReplayResponseConnection(ctx, registry),
  });
}
