// The `kafka` source: reads `topic.list` as consumer group `group.id` (all partitions, or the
// fixed `partition.no.list`), one event set per record through `@map`. Offsets are committed only
// after the record's events were processed and every sink acknowledged them (at-least-once);
// handled offsets and `seq.enabled` positions are kept in app snapshots.

import {
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { kafkaConfiguration, type KafkaConfiguration } from './kafka-config.js';
import { asConnectionError, createKafka } from './kafka-connection.js';
import { KafkaReader, type Offsets, type ReaderRecord } from './kafka-reader.js';
import {
  KafkaOptionError,
  nonEmpty,
  partitionNumbers,
  recordPayload,
  RECORD_PROPERTIES,
  topicOffsets,
  transportReader,
} from './kafka-transport.js';
import { readSequence, SequenceHeaderError, SequenceTracker } from './sequence.js';

/** Options every Kafka consumer-side extension shares. */
export const consumerParameters = {
  'bootstrap.servers': param.string({
    description: 'The Kafka servers to connect to, as `host:port` separated by commas.',
  }),
  'is.binary.message': param.bool({
    description:
      'Hand record values to the mapper as bytes (binary, avro… mappers) instead of UTF-8 text.',
    optional: true,
    default: false,
  }),
  'optional.configuration': param.string({
    description:
      "Further consumer properties, Kafka's names, as `'property:value,property:value'`: " +
      'TLS (`security.protocol:SSL`, `ssl.truststore.location` PEM, `ssl.keystore.location` ' +
      'PKCS12/PEM, `ssl.endpoint.identification.algorithm`), SASL (`security.protocol:SASL_SSL`, ' +
      '`sasl.mechanism` PLAIN/SCRAM-SHA-256/SCRAM-SHA-512, `sasl.jaas.config` or ' +
      '`sasl.username`/`sasl.password`), `client.id`, `session.timeout.ms`, ' +
      '`heartbeat.interval.ms`, `fetch.min.bytes`, `fetch.max.bytes`, ' +
      '`max.partition.fetch.bytes`, `fetch.max.wait.ms`, `auto.offset.reset`, ' +
      '`isolation.level`, `request.timeout.ms`, `retries`. Others are ignored with a warning.',
    optional: true,
    secret: true,
  }),
} as const;

const threading = ['single.thread', 'topic.wise', 'partition.wise'] as const;

const sourceParameters = {
  ...consumerParameters,
  'topic.list': param.list(param.string({ description: 'A topic.' }), {
    description: 'The topics to read, separated by commas.',
  }),
  'group.id': param.string({
    description:
      'The consumer group: sources in one group share the partitions of their topics, and ' +
      "the group's committed offsets say where reading resumes.",
  }),
  'threading.option': param.enum(threading, {
    description:
      'How many record batches are processed at once: `single.thread` one, `topic.wise` one ' +
      'per topic, `partition.wise` one per partition of `partition.no.list` (records of one ' +
      'partition always stay in order).',
  }),
  'partition.no.list': param.list(param.string({ description: 'A partition number.' }), {
    description:
      'Read only these partitions of every topic (as a Java consumer `assign`s them), e.g. ' +
      "`'0,1'`; by default the group shares all partitions. Other members of such a group " +
      'must also give partitions.',
    optional: true,
  }),
  'seq.enabled': param.bool({
    description:
      'Records carry the sequence header of a sink with `sequence.id`; a record whose number ' +
      'was seen already (for its sequence id and partition) is dropped as a duplicate, one ' +
      'without a header is dropped with a warning.',
    optional: true,
    default: false,
  }),
  'topic.offsets.map': param.string({
    description:
      'Where to start, as `<topic>=<offset>,…`: the record at that offset and all before it ' +
      "are skipped (`'stocks=100'` starts at offset 101). Applies at the first connect unless " +
      'the app was restored from a snapshot.',
    optional: true,
  }),
  'enable.offsets.commit': param.bool({
    description:
      "Commit handled offsets to the group (after each batch's events were processed and " +
      'acknowledged by the sinks). Without commits a restart reads from `auto.offset.reset` ' +
      'or the snapshot.',
    optional: true,
    default: true,
  }),
  'enable.async.commit': param.bool({
    description:
      "Accepted for Siddhi apps; commits always follow the batch's acknowledgement here.",
    optional: true,
    default: true,
  }),
} as const;

type SourceOptions = OptionsOf<typeof sourceParameters>;

/** What a Kafka source keeps in app snapshots. */
interface KafkaSourceState {
  /** Topic → partition → last handled offset. */
  readonly offsets: Offsets;
  readonly sequences?: Record<string, number>;
}

function isSourceState(state: unknown): state is KafkaSourceState {
  return typeof state === 'object' && state !== null && 'offsets' in state;
}

function nextOffset(offset: string | number): string {
  return (BigInt(offset) + 1n).toString();
}

/**
 * The partitions of each topic, read with an admin client; topics that do not exist are left
 * out. Rejects `ConnectionUnavailableError` when the cluster cannot be reached.
 */
async function topicPartitions(
  kafka: Kafka,
  topics: readonly string[],
  where: string,
): Promise<Map<string, number[]>> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    const found = new Map<string, number[]>();
    if (present.length > 0) {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
      for (const topic of metadata) {
        found.set(
          topic.name,
          topic.partitions.map((p) => p.partitionId),
        );
      }
    }
    return found;
  } catch (error) {
    throw asConnectionError(error, where);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The shared parts of Kafka sources: client settings, the ignored-property warning. */
export function sourceConfiguration(
  options: { readonly 'bootstrap.servers': string; readonly 'optional.configuration'?: string },
  ctx: SourceContext<unknown>,
  what: string,
): KafkaConfiguration {
  const config = kafkaConfiguration(
    options['bootstrap.servers'],
    options['optional.configuration'],
  );
  if (config.ignored.length > 0) {
    ctx.logger.log(
      'warn',
      `${what}: 'optional.configuration' properties ${config.ignored.map((k) => `'${k}'`).join(', ')} have no effect here (kafkajs client)`,
    );
  }
  return config;
}

class KafkaSourceConnection implements SourceConnection {
  readonly #what: string;
  readonly #where: string;
  readonly #config: KafkaConfiguration;
  readonly #topics: readonly string[];
  readonly #partitions: readonly number[] | undefined;
  readonly #startAt: ReadonlyMap<string, number> | undefined;
  readonly #sequences: SequenceTracker | undefined;
  readonly #reader: KafkaReader;
  #restored: Offsets | undefined;
  #firstConnect = true;

  constructor(private readonly ctx: SourceContext<SourceOptions>) {
    const options = ctx.options;
    this.#what = `source 'kafka' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#where = `Kafka at ${options['bootstrap.servers']}`;
    this.#config = sourceConfiguration(options, ctx, this.#what);
    this.#topics = nonEmpty(options['topic.list']);
    if (this.#topics.length === 0) throw new KafkaOptionError(`'topic.list' names no topic`);
    const partitions =
      options['partition.no.list'] === undefined
        ? undefined
        : partitionNumbers(options['partition.no.list']);
    this.#partitions = partitions?.length === 0 ? undefined : partitions;
    const threadingOption = options['threading.option'];
    if (threadingOption === 'partition.wise' && this.#partitions === undefined) {
      throw new KafkaOptionError(
        "'threading.option' is 'partition.wise' but 'partition.no.list' gives no partitions",
      );
    }
    const offsetsText = options['topic.offsets.map'];
    this.#startAt = offsetsText === undefined ? undefined : topicOffsets(offsetsText, this.#topics);
    this.#sequences = options['seq.enabled'] ? new SequenceTracker() : undefined;
    const binary = options['is.binary.message'];
    const transport = transportReader(ctx.requestedTransportProperties, () => ctx.clock.now());
    const sequences = this.#sequences;
    /** The payload of a record, or undefined when `seq.enabled` drops it. */
    const payloadOf = (
      topic: string,
      partition: number,
      message: KafkaMessage,
    ): string | Buffer | null | undefined => {
      const payload = recordPayload(message, binary);
      if (sequences === undefined) return payload;
      if (payload === null) {
        this.#noSequence(topic, partition, message.offset);
        return undefined;
      }
      let body: string | Uint8Array;
      try {
        const sequenced = readSequence(payload);
        if (!sequences.accept(sequenced.sequenceId, partition, sequenced.sequenceNo)) {
          ctx.logger.log(
            'debug',
            `${this.#what}: duplicate ${sequenced.sequenceId}:${String(sequenced.sequenceNo)} at ${topic}/${String(partition)}@${message.offset} dropped`,
          );
          return undefined;
        }
        body = sequenced.body;
      } catch (error) {
        if (error instanceof SequenceHeaderError) {
          this.#noSequence(topic, partition, message.offset);
          return undefined;
        }
        throw error;
      }
      return typeof body === 'string'
        ? body
        : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    };
    const deliver = ({ topic, partition, message }: ReaderRecord): Promise<void> | undefined => {
      const payload = payloadOf(topic, partition, message);
      return payload === undefined
        ? undefined
        : ctx.emit(payload, transport(topic, partition, message));
    };
    // A chunk of records is mapped and sent as one chunk of events, acknowledged once.
    const withTransport = ctx.requestedTransportProperties.length > 0;
    const deliverBatch = (
      topic: string,
      partition: number,
      messages: readonly KafkaMessage[],
    ): Promise<void> | undefined => {
      const payloads: (string | Buffer | null)[] = [];
      const transports: TransportProperties[] | undefined = withTransport ? [] : undefined;
      for (const message of messages) {
        const payload = payloadOf(topic, partition, message);
        if (payload === undefined) continue;
        payloads.push(payload);
        transports?.push(transport(topic, partition, message));
      }
      return payloads.length === 0 ? undefined : ctx.emitBatch(payloads, transports);
    };
    this.#reader = new KafkaReader({
      client: () => createKafka(this.#config.client, ctx.logger, this.#what),
      groupId: options['group.id'],
      topics: this.#topics,
      partitions: this.#partitions,
      concurrency:
        threadingOption === 'single.thread'
          ? 1
          : threadingOption === 'topic.wise'
            ? this.#topics.length
            : this.#topics.length * (this.#partitions?.length ?? 1),
      commit: options['enable.offsets.commit'],
      consumer: this.#config.consumer,
      where: this.#where,
      deliver,
      deliverBatch,
      lost: (error) => {
        ctx.connectionLost(asConnectionError(error, this.#where));
      },
    });
  }

  #noSequence(topic: string, partition: number, offset: string): void {
    this.ctx.logger.log(
      'warn',
      `${this.#what}: 'seq.enabled' is true but the record at ${topic}/${String(partition)}@${offset} carries no sequence number; dropped`,
    );
  }

  async connect(): Promise<void> {
    const needsMetadata =
      this.#partitions !== undefined || (this.#firstConnect && this.#startAt !== undefined);
    const known = needsMetadata
      ? await topicPartitions(
          createKafka(this.#config.client, this.ctx.logger, this.#what),
          this.#topics,
          this.#where,
        )
      : new Map<string, number[]>();
    if (this.#partitions !== undefined) this.#checkPartitions(known, this.#partitions);
    this.#planSeeks(known);
    this.#firstConnect = false;
    await this.#reader.start();
  }

  /** Siddhi: listed partitions must exist; topics are only created for partition 0. */
  #checkPartitions(known: ReadonlyMap<string, number[]>, partitions: readonly number[]): void {
    const missingTopics = this.#topics.filter((t) => !known.has(t));
    const onlyDefault = partitions.length === 1 && partitions[0] === 0;
    if (missingTopics.length > 0 && !onlyDefault) {
      throw new KafkaOptionError(
        `topic(s) ${missingTopics.join(', ')} do not exist; they are not created when ` +
          "'partition.no.list' names partitions other than 0",
      );
    }
    for (const [topic, available] of known) {
      const missing = partitions.filter((p) => !available.includes(p));
      if (missing.length > 0) {
        throw new KafkaOptionError(
          `partition(s) ${missing.join(', ')} of 'partition.no.list' do not exist in topic '${topic}' (it has ${String(available.length)})`,
        );
      }
    }
  }

  /** Where each partition starts: restored or configured positions first, then what was handled. */
  #planSeeks(known: ReadonlyMap<string, number[]>): void {
    const seek = (topic: string, partition: number, offset: string): void => {
      this.#reader.seekOnStart(topic, partition, offset);
    };
    if (this.#restored !== undefined) {
      for (const [topic, partitions] of Object.entries(this.#restored)) {
        for (const [partition, offset] of Object.entries(partitions)) {
          seek(topic, Number(partition), nextOffset(offset));
        }
      }
      this.#restored = undefined;
    } else if (this.#firstConnect && this.#startAt !== undefined) {
      for (const [topic, offset] of this.#startAt) {
        for (const partition of this.#partitions ?? known.get(topic) ?? [0]) {
          seek(topic, partition, nextOffset(offset));
        }
      }
    }
    // Without commits (or with fixed partitions) a reconnect resumes after what was handled;
    // a group with commits resumes from its committed offsets.
    if (!this.#firstConnect && (!this.ctx.options['enable.offsets.commit'] || this.#partitions)) {
      for (const [topic, partitions] of Object.entries(this.#reader.handledOffsets())) {
        for (const [partition, offset] of Object.entries(partitions)) {
          seek(topic, Number(partition), nextOffset(offset));
        }
      }
    }
  }

  disconnect(): Promise<void> {
    return this.#reader.stop();
  }

  pause(): void {
    this.#reader.pause();
  }

  resume(): void {
    this.#reader.resume();
  }

  snapshot(): KafkaSourceState {
    const offsets = this.#reader.handledOffsets();
    return this.#sequences === undefined
      ? { offsets }
      : { offsets, sequences: this.#sequences.snapshot() };
  }

  restore(state: unknown): void {
    if (!isSourceState(state)) return;
    this.#restored = state.offsets;
    this.#sequences?.restore(state.sequences);
  }
}

/**
 * The `kafka` source.
 * @example
 * // @source(type='kafka', bootstrap.servers='localhost:9092', topic.list='stocks',
 * //         group.id='stock-app', threading.option='single.thread', @map(type='json'))
 * // define stream StockStream (symbol string, price double, volume long);
 */
export const kafkaSourceSpec = defineSource({
  name: 'kafka',
  status: 'stable',
  summary: 'Reads Kafka topics as a consumer group; each record becomes events through @map.',
  description:
    'Records are handed to the source mapper as UTF-8 text (bytes with `is.binary.message`). ' +
    "A record's offset is committed only after its events (and those of the records before " +
    'it) were processed and every sink acknowledged them, so a crash or a lost connection ' +
    're-reads records rather than losing them (at-least-once); reading goes on meanwhile. ' +
    'Back-pressure from the app pauses reading. `enable.auto.commit` in ' +
    '`optional.configuration` does not change this. A record whose key is ' +
    "absent gives `trp:key` 'null' (as in Siddhi); any other `trp:` name is read from the " +
    "record's headers.",
  parameters: sourceParameters,
  transportProperties: [
    ...RECORD_PROPERTIES,
    { name: '<header name>', description: 'The value of that header of the record (UTF-8).' },
  ],
  examples: [
    {
      description:
        'Reads JSON stock events from `stocks` as group `stock-app`, one batch at a time.',
      siddhi:
        "@source(type='kafka', bootstrap.servers='localhost:9092', topic.list='stocks',\n" +
        "        group.id='stock-app', threading.option='single.thread', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
    {
      description:
        'Reads partitions 0 and 1 of two topics, one batch per partition at a time, with the ' +
        'topic, partition and key of each record.',
      siddhi:
        "@source(type='kafka', bootstrap.servers='localhost:9092', topic.list='stocks,trades',\n" +
        "        group.id='stock-app', threading.option='partition.wise', partition.no.list='0,1',\n" +
        "        @map(type='json', @attributes(symbol='$.symbol', price='$.price',\n" +
        "             topic='trp:topic', partition='trp:partition', key='trp:key')))\n" +
        'define stream StockStream (symbol string, price double, topic string, partition string, key string);',
    },
    {
      description: 'Starts after offset 100 of `stocks` and drops duplicated sequence numbers.',
      siddhi:
        "@source(type='kafka', bootstrap.servers='localhost:9092', topic.list='stocks',\n" +
        "        group.id='stock-app', threading.option='single.thread',\n" +
        "        topic.offsets.map='stocks=100', seq.enabled='true', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double);',
    },
  ],
  create: (ctx) => new KafkaSourceConnection(ctx),
});
