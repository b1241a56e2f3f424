// A producer sending record batches encoded by record-batch.ts over kafkajs's cluster
// connection: kafkajs keeps doing what it does well (TLS, SASL, metadata, broker connections,
// request queueing, response decoding) while its per-record encoding — most of a Kafka
// pipeline's CPU — is skipped. kafkajs has no public API for this: the cluster comes from the
// client's own factory (reached by its symbol) and is checked before use; `createLeanProducer`
// returns undefined when anything is not as expected, and the writer uses kafkajs's producer.

import { createRequire } from 'node:module';
import { Partitioners, type Kafka, type PartitionerArgs, type RetryOptions } from 'kafkajs';
import {
  encodeProduceRequest,
  type PartitionRecords,
  type ProduceRecord,
  type TopicRecords,
} from './record-batch.js';

/** A record with the partition it goes to, when fixed (`partition.no`). */
export interface LeanRecord extends ProduceRecord {
  readonly partition?: number;
}

/** What the writer needs from a producer. */
export interface LeanProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Sends the records of each topic; resolves once every partition's leader acknowledged. */
  send(topics: ReadonlyMap<string, readonly LeanRecord[]>): Promise<void>;
}

/** The settings a lean producer needs. */
export interface LeanProducerOptions {
  readonly acks: number;
  readonly timeout: number;
  readonly retry: RetryOptions;
  readonly maxInFlightRequests: number | undefined;
}

interface PartitionMetadata {
  readonly partitionId: number;
  readonly leader: number | null;
}

interface ProtocolRequest {
  readonly request: {
    readonly apiKey: number;
    readonly apiVersion: number;
    readonly apiName: string;
    readonly expectResponse: () => boolean;
    readonly encode: () => Promise<unknown>;
  };
  readonly response: unknown;
}

interface KafkajsBroker {
  readonly connectionPool: { send(request: ProtocolRequest): Promise<unknown> };
}

interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): PartitionMetadata[];
  findBroker(args: { nodeId: string }): Promise<KafkajsBroker>;
  removeBroker(args: { host: unknown; port: unknown }): void;
}

type CreateCluster = (options: {
  metadataMaxAge: number;
  allowAutoTopicCreation: boolean;
  maxInFlightRequests: number | null;
}) => unknown;

interface EncoderLike {
  buf: Buffer;
  offset: number;
}

/** kafkajs's pieces this producer relies on, loaded once (undefined when not found). */
interface Internals {
  readonly Encoder: new (size: number) => EncoderLike;
  readonly response: { decode: unknown; parse: unknown };
}

const PRODUCE_API_KEY = 0;
const PRODUCE_VERSION = 3;
const METADATA_MAX_AGE_MS = 300_000;

let internals: Internals | null | undefined;

function loadInternals(): Internals | undefined {
  if (internals === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const Encoder = require('kafkajs/src/protocol/encoder.js') as Internals['Encoder'];
      const response = require('kafkajs/src/protocol/requests/produce/v3/response.js') as {
        decode?: unknown;
        parse?: unknown;
      };
      internals =
        typeof Encoder === 'function' &&
        typeof response.decode === 'function' &&
        typeof response.parse === 'function'
          ? { Encoder, response: { decode: response.decode, parse: response.parse } }
          : null;
    } catch {
      internals = null;
    }
  }
  return internals ?? undefined;
}

function isCluster(value: unknown): value is KafkajsCluster {
  if (typeof value !== 'object' || value === null) return false;
  const cluster = value as Record<string, unknown>;
  return [
    'connect',
    'disconnect',
    'isConnected',
    'addMultipleTargetTopics',
    'refreshMetadata',
    'findTopicPartitionMetadata',
    'findBroker',
    'removeBroker',
  ].every((name) => typeof cluster[name] === 'function');
}

/** The client's cluster factory (kafkajs keeps it under a symbol of its own). */
function clusterFactory(kafka: Kafka): CreateCluster | undefined {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  if (symbol === undefined) return undefined;
  const factory: unknown = (kafka as unknown as Record<symbol, unknown>)[symbol];
  return typeof factory === 'function' ? (factory as CreateCluster) : undefined;
}

function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Errors after which a fresh look at the metadata and a retry can succeed (as kafkajs's). */
function isRetriable(error: unknown): boolean {
  const name = errorName(error);
  return (
    (error as { retriable?: unknown } | null)?.retriable === true ||
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSConnectionClosedError' ||
    name === 'KafkaJSMetadataNotLoaded'
  );
}

class MetadataNotLoadedError extends Error {
  readonly retriable = true;

  constructor(topic: string) {
    super(`Producing to topic without metadata: '${topic}'`);
    this.name = 'KafkaJSMetadataNotLoaded';
  }
}

/** The records of one partition not yet acknowledged. */
interface PendingPartition {
  readonly topic: string;
  readonly partition: number;
  readonly records: LeanRecord[];
}

class KafkajsLeanProducer implements LeanProducer {
  readonly #partitioner = Partitioners.DefaultPartitioner();

  constructor(
    private readonly cluster: KafkajsCluster,
    private readonly internals: Internals,
    private readonly options: LeanProducerOptions,
  ) {}

  connect(): Promise<void> {
    return this.cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.cluster.disconnect();
  }

  async send(topics: ReadonlyMap<string, readonly LeanRecord[]>): Promise<void> {
    const retries = this.options.retry.retries ?? 5;
    const initial = this.options.retry.initialRetryTime ?? 300;
    const max = this.options.retry.maxRetryTime ?? 30_000;
    let pending: PendingPartition[] | undefined;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.cluster.addMultipleTargetTopics([...topics.keys()]);
        pending ??= this.#partitioned(topics);
        const { unsent, error } = await this.#sendOnce(pending);
        // Acknowledged partitions are not sent again.
        pending = unsent;
        const first = unsent[0];
        if (first === undefined) return;
        if (error === undefined) throw new MetadataNotLoadedError(first.topic);
        throw error instanceof Error
          ? error
          : new Error('the produce request failed', { cause: error });
      } catch (error) {
        if (errorName(error) === 'KafkaJSConnectionClosedError') {
          const { host, port } = error as { host?: unknown; port?: unknown };
          this.cluster.removeBroker({ host, port });
        }
        if (!isRetriable(error) || attempt >= retries) throw error;
        if (this.cluster.isConnected()) await this.cluster.refreshMetadata().catch(() => undefined);
        else await this.cluster.connect().catch(() => undefined);
        const delay = Math.min(max, initial * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Each topic's records grouped by partition (as kafkajs's default partitioner picks). */
  #partitioned(topics: ReadonlyMap<string, readonly LeanRecord[]>): PendingPartition[] {
    const out: PendingPartition[] = [];
    for (const [topic, records] of topics) {
      const partitionMetadata = this.cluster.findTopicPartitionMetadata(topic);
      if (partitionMetadata.length === 0) throw new MetadataNotLoadedError(topic);
      const byPartition = new Map<number, LeanRecord[]>();
      const only = partitionMetadata.length === 1 ? partitionMetadata[0]?.partitionId : undefined;
      for (const record of records) {
        const partition =
          record.partition ??
          only ??
          this.#partitioner({
            topic,
            partitionMetadata,
            message: record,
          } as unknown as PartitionerArgs);
        let list = byPartition.get(partition);
        if (list === undefined) {
          list = [];
          byPartition.set(partition, list);
          out.push({ topic, partition, records: list });
        }
        list.push(record);
      }
    }
    return out;
  }

  /** One request per leader for what is pending; what is left unacknowledged, and why. */
  async #sendOnce(
    pending: readonly PendingPartition[],
  ): Promise<{ readonly unsent: PendingPartition[]; readonly error: unknown }> {
    const byLeader = new Map<number, PendingPartition[]>();
    const left: PendingPartition[] = [];
    const metadata = new Map<string, PartitionMetadata[]>();
    for (const entry of pending) {
      let partitions = metadata.get(entry.topic);
      if (partitions === undefined) {
        partitions = this.cluster.findTopicPartitionMetadata(entry.topic);
        metadata.set(entry.topic, partitions);
      }
      const leader = partitions.find((p) => p.partitionId === entry.partition)?.leader;
      if (leader === null || leader === undefined) {
        left.push(entry);
        continue;
      }
      let list = byLeader.get(leader);
      if (list === undefined) {
        list = [];
        byLeader.set(leader, list);
      }
      list.push(entry);
    }
    let error: unknown;
    await Promise.all(
      [...byLeader].map(async ([leader, entries]) => {
        try {
          const broker = await this.cluster.findBroker({ nodeId: String(leader) });
          await broker.connectionPool.send(this.#request(entries));
        } catch (failure) {
          error ??= failure;
          left.push(...entries);
        }
      }),
    );
    return { unsent: left, error };
  }

  #request(entries: readonly PendingPartition[]): ProtocolRequest {
    const topics = new Map<string, PartitionRecords[]>();
    for (const { topic, partition, records } of entries) {
      let partitions = topics.get(topic);
      if (partitions === undefined) {
        partitions = [];
        topics.set(topic, partitions);
      }
      partitions.push({ partition, records });
    }
    const topicRecords: TopicRecords[] = [...topics].map(([topic, partitions]) => ({
      topic,
      partitions,
    }));
    const { acks, timeout } = this.options;
    const { Encoder, response } = this.internals;
    return {
      request: {
        apiKey: PRODUCE_API_KEY,
        apiVersion: PRODUCE_VERSION,
        apiName: 'Produce',
        expectResponse: () => acks !== 0,
        encode: () => {
          const body = encodeProduceRequest(topicRecords, acks, timeout, Date.now());
          const encoder = new Encoder(0);
          encoder.buf = body;
          encoder.offset = body.length;
          return Promise.resolve(encoder);
        },
      },
      response,
    };
  }
}

/**
 * A lean producer on `kafka`'s connection settings, or undefined when this kafkajs build does
 * not offer what it needs.
 * @example
 * const producer = createLeanProducer(kafka, { acks: 1, timeout: 30_000, retry, maxInFlightRequests: undefined });
 */
export function createLeanProducer(
  kafka: Kafka,
  options: LeanProducerOptions,
): LeanProducer | undefined {
  const loaded = loadInternals();
  const factory = clusterFactory(kafka);
  if (loaded === undefined || factory === undefined) return undefined;
  const cluster: unknown = factory({
    metadataMaxAge: METADATA_MAX_AGE_MS,
    allowAutoTopicCreation: true,
    maxInFlightRequests: options.maxInFlightRequests ?? null,
  });
  return isCluster(cluster) ? new KafkajsLeanProducer(cluster, loaded, options) : undefined;
}
