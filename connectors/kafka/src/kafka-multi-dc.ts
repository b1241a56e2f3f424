// `kafkaMultiDC`: one topic in two Kafka clusters (two data centres). The sink writes every
// record to both with Siddhi's sequence header; the source reads both and lets each sequence
// number through once, in order, so either cluster can fail without losing or repeating events.

import { randomUUID } from 'node:crypto';
import {
  defineSink,
  defineSource,
  param,
  ConnectionUnavailableError,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import type { Message } from 'kafkajs';
import {
  kafkaConfiguration,
  KafkaConfigurationError,
  parseBootstrapServers,
} from './kafka-config.js';
import { asConnectionError, createKafka } from './kafka-connection.js';
import { KafkaReader, type Offsets, type ReaderRecord } from './kafka-reader.js';
import {
  checkSequenceId,
  producerParameters,
  recordValue,
  SequenceNumbering,
} from './kafka-sink.js';
import { consumerParameters, sourceConfiguration } from './kafka-source.js';
import { recordPayload, RECORD_PROPERTIES, transportReader } from './kafka-transport.js';
import { KafkaWriter } from './kafka-writer.js';
import { readSequence, SequenceHeaderError } from './sequence.js';
import { SourceSynchronizer } from './source-synchronizer.js';

/** The two clusters of `bootstrap.servers` (Siddhi requires exactly two). */
function twoServers(text: string): [string, string] {
  const servers = parseBootstrapServers(text);
  const [first, second] = servers;
  if (servers.length !== 2 || first === undefined || second === undefined) {
    throw new KafkaConfigurationError(
      `'bootstrap.servers' must list exactly two servers, one per Kafka cluster, found ${String(servers.length)}`,
    );
  }
  return [first, second];
}

const partitionParameter = param.int({
  description: 'The partition of the topic to use in both clusters.',
  optional: true,
  default: 0,
});

const multiDcSourceParameters = {
  ...consumerParameters,
  'bootstrap.servers': param.string({
    description: 'Two servers, `host:port` of one broker of each cluster, separated by a comma.',
  }),
  topic: param.string({ description: 'The topic to read in both clusters.' }),
  'partition.no': partitionParameter,
} as const;

type MultiDcSourceOptions = OptionsOf<typeof multiDcSourceParameters>;

interface MultiDcSourceState {
  readonly lastConsumedSeqNo: number;
  readonly offsets: Readonly<Record<string, Offsets>>;
}

class MultiDcSourceConnection implements SourceConnection {
  readonly #readers: readonly [string, KafkaReader][];
  readonly #synchronizer: SourceSynchronizer;
  #restored: Readonly<Record<string, Offsets>> | undefined;

  constructor(ctx: SourceContext<MultiDcSourceOptions>) {
    const options = ctx.options;
    const what = `source 'kafkaMultiDC' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    const servers = twoServers(options['bootstrap.servers']);
    const binary = options['is.binary.message'];
    const transport = transportReader(ctx.requestedTransportProperties, () => ctx.clock.now());
    this.#synchronizer = new SourceSynchronizer({
      sources: servers,
      emit: (payload, properties) => ctx.emit(payload, properties),
      schedule: (delayMs, task) => ctx.scheduler.schedule(ctx.clock.now() + delayMs, task),
      lost: (from, to) => {
        ctx.logger.log(
          'warn',
          `${what}: neither cluster delivered sequence numbers ${String(from)} to ${String(to)}`,
        );
      },
    });
    // Each source reads as a group of its own in each cluster (Siddhi: a random group id).
    const groupId = `tributary-multidc-${randomUUID()}`;
    const config = sourceConfiguration(options, ctx, what);
    this.#readers = servers.map((server): [string, KafkaReader] => {
      const client = { ...config.client, brokers: [server] };
      const where = `Kafka at ${server}`;
      const deliver = ({ topic, partition, message }: ReaderRecord): Promise<void> | undefined => {
        const payload = recordPayload(message, binary);
        try {
          if (payload === null) throw new SequenceHeaderError('the record has no value');
          const { sequenceNo, body } = readSequence(payload);
          const value =
            typeof body === 'string'
              ? body
              : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
          return this.#synchronizer.onEvent(
            server,
            sequenceNo,
            value,
            transport(topic, partition, message),
          );
        } catch (error) {
          if (!(error instanceof SequenceHeaderError)) throw error;
          ctx.logger.log(
            'warn',
            `${what}: the record at ${where} ${topic}/${String(partition)}@${message.offset} carries no sequence number; dropped`,
          );
          return undefined;
        }
      };
      return [
        server,
        new KafkaReader({
          client: () => createKafka(client, ctx.logger, `${what} (${server})`),
          groupId,
          topics: [options.topic],
          partitions: [options['partition.no']],
          concurrency: 1,
          commit: true,
          consumer: config.consumer,
          where,
          deliver,
          lost: (error) => {
            ctx.connectionLost(asConnectionError(error, where));
          },
        }),
      ];
    });
  }

  async connect(): Promise<void> {
    const restored = this.#restored;
    this.#restored = undefined;
    for (const [server, reader] of this.#readers) {
      const offsets = restored?.[server] ?? reader.handledOffsets();
      for (const [topic, partitions] of Object.entries(offsets)) {
        for (const [partition, offset] of Object.entries(partitions)) {
          reader.seekOnStart(topic, Number(partition), (BigInt(offset) + 1n).toString());
        }
      }
    }
    // Both clusters must be reachable to start (as Siddhi); a failure disconnects both.
    const started = await Promise.allSettled(this.#readers.map(([, reader]) => reader.start()));
    const failed = started.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    if (failed.length > 0) {
      await this.disconnect();
      const first = failed[0];
      throw first instanceof Error ? first : new ConnectionUnavailableError(String(first));
    }
  }

  async disconnect(): Promise<void> {
    this.#synchronizer.stop();
    await Promise.all(this.#readers.map(([, reader]) => reader.stop()));
  }

  pause(): void {
    for (const [, reader] of this.#readers) reader.pause();
  }

  resume(): void {
    for (const [, reader] of this.#readers) reader.resume();
  }

  snapshot(): MultiDcSourceState {
    return {
      lastConsumedSeqNo: this.#synchronizer.lastConsumed,
      offsets: Object.fromEntries(
        this.#readers.map(([server, reader]) => [server, reader.handledOffsets()]),
      ),
    };
  }

  restore(state: unknown): void {
    if (typeof state !== 'object' || state === null) return;
    const { lastConsumedSeqNo, offsets } = state as Partial<MultiDcSourceState>;
    if (typeof lastConsumedSeqNo === 'number') this.#synchronizer.lastConsumed = lastConsumedSeqNo;
    if (typeof offsets === 'object') this.#restored = offsets;
  }
}

/**
 * The `kafkaMultiDC` source.
 * @example
 * // @source(type='kafkaMultiDC', bootstrap.servers='dc1:9092,dc2:9092', topic='stocks', @map(type='json'))
 */
export const kafkaMultiDcSourceSpec = defineSource({
  name: 'kafkaMultiDC',
  status: 'stable',
  summary:
    'Reads one topic from two Kafka clusters and lets each sequence number through once, in order.',
  description:
    'Pairs with the `kafkaMultiDC` sink, which writes every record to both clusters with a ' +
    'sequence header. Records are merged by sequence number: duplicates (the copy from the ' +
    'other cluster) are dropped; a record ahead of the expected number waits in a buffer ' +
    '(1000 records, 10 ms) for the other cluster to fill the gap. Records without a sequence ' +
    'header are dropped with a warning. Each source reads as a consumer group of its own; ' +
    'the last sequence number and the offsets are kept in app snapshots.',
  parameters: multiDcSourceParameters,
  transportProperties: [...RECORD_PROPERTIES],
  examples: [
    {
      description: 'Reads partition 1 of `stocks` from two clusters as XML.',
      siddhi:
        "@source(type='kafkaMultiDC', bootstrap.servers='host1:9092,host2:9092', topic='stocks',\n" +
        "        partition.no='1', @map(type='xml'))\n" +
        'define stream StockStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new MultiDcSourceConnection(ctx),
});

const multiDcSinkParameters = {
  ...producerParameters,
  'bootstrap.servers': param.string({
    description: 'Two servers, `host:port` of one broker of each cluster, separated by a comma.',
  }),
  topic: param.string({ description: 'The topic to write in both clusters.' }),
  'partition.no': partitionParameter,
  key: param.string({
    description: 'The record key (may name attributes).',
    optional: true,
    dynamic: true,
  }),
} as const;

type MultiDcSinkOptions = OptionsOf<typeof multiDcSinkParameters>;

class MultiDcSinkConnection implements SinkConnection {
  readonly #what: string;
  readonly #writers: readonly [string, KafkaWriter][];
  readonly #numbering: SequenceNumbering;
  readonly #binary: boolean;

  constructor(private readonly ctx: SinkContext<MultiDcSinkOptions>) {
    const options = ctx.options;
    this.#what = `sink 'kafkaMultiDC' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#binary = options['is.binary.message'];
    this.#numbering = new SequenceNumbering(
      checkSequenceId(options['sequence.id'] ?? ctx.streamId),
    );
    const servers = twoServers(options['bootstrap.servers']);
    const config = kafkaConfiguration(
      options['bootstrap.servers'],
      options['optional.configuration'],
    );
    if (config.ignored.length > 0) {
      ctx.logger.log(
        'warn',
        `${this.#what}: 'optional.configuration' properties ${config.ignored.map((k) => `'${k}'`).join(', ')} have no effect here (kafkajs client)`,
      );
    }
    this.#writers = servers.map((server): [string, KafkaWriter] => {
      return [
        server,
        new KafkaWriter({
          client: { ...config.client, brokers: [server] },
          producer: config.producer,
          logger: ctx.logger,
          what: `${this.#what} (${server})`,
          where: `Kafka at ${server}`,
        }),
      ];
    });
  }

  async connect(): Promise<void> {
    const connected = await Promise.allSettled(this.#writers.map(([, w]) => w.connect()));
    const failed = connected.flatMap((c) => (c.status === 'rejected' ? [c.reason as unknown] : []));
    if (failed.length > 0) {
      await this.disconnect();
      throw failed[0];
    }
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.#writers.map(([, writer]) => writer.disconnect()));
  }

  /** Writes to both clusters; acknowledged once one of them acknowledged (the other is logged). */
  publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const value = this.#numbering.frame(recordValue(payload, this.#what), this.#binary);
    const message: Message = { value, partition: this.ctx.options['partition.no'] };
    if (options.key !== undefined) message.key = options.key;
    const topic = this.ctx.options.topic;
    const writes = this.#writers.map(([server, writer]) =>
      writer.write(topic, message).catch((error: unknown) => {
        this.ctx.logger.log(
          'error',
          `${this.#what}: publishing to ${server} failed: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
        throw error;
      }),
    );
    return Promise.any(writes).catch((error: unknown) => {
      const errors = error instanceof AggregateError ? error.errors : [error];
      throw asConnectionError(errors[0], `both Kafka clusters of ${this.#what}`);
    });
  }

  snapshot(): unknown {
    return this.#numbering.snapshot();
  }

  restore(state: unknown): void {
    this.#numbering.restore(state);
  }
}

/**
 * The `kafkaMultiDC` sink.
 * @example
 * // @sink(type='kafkaMultiDC', bootstrap.servers='dc1:9092,dc2:9092', topic='stocks', @map(type='json'))
 */
export const kafkaMultiDcSinkSpec = defineSink({
  name: 'kafkaMultiDC',
  status: 'stable',
  summary: 'Writes each record to one topic in two Kafka clusters, with a sequence number.',
  description:
    'Every record carries the sequence header `<sequence.id>:<number>~` (the stream name when ' +
    '`sequence.id` is not given) so that a `kafkaMultiDC` source reading both clusters lets it ' +
    'through once. A publish is acknowledged once either cluster acknowledged it; a cluster ' +
    'that fails is logged, and the publish fails only when both do.',
  parameters: multiDcSinkParameters,
  examples: [
    {
      description: 'Writes to partition 0 of `stocks` in two clusters.',
      siddhi:
        "@sink(type='kafkaMultiDC', bootstrap.servers='host1:9092,host2:9092', topic='stocks',\n" +
        "      partition.no='0', @map(type='xml'))\n" +
        'define stream StockStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new MultiDcSinkConnection(ctx),
});
