// Helpers for the live-broker tests: one broker per test file (or the one at KAFKA_BROKERS),
// unique topic names, a raw kafkajs producer to feed sources and a raw consumer to read what
// sinks wrote, and topic clean-up.

import { randomUUID } from 'node:crypto';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type IHeaders,
  type Producer,
} from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import {
  startKafka,
  type KafkaBroker,
  type StartKafkaOptions,
} from '../../../test/support/kafka-broker.js';

/** One record as tests write or read it. */
export interface TestRecord {
  readonly value: string | Buffer | null;
  readonly key?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly partition?: number;
}

/** A record read back, with where it was. */
export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** The broker of a test file, started before its tests and stopped after them. */
export interface KafkaFixture {
  readonly broker: KafkaBroker;
  readonly brokers: string;
  /** A topic name no other test uses; deleted after the file's tests. */
  topic(prefix: string): string;
  /** Creates a topic with `partitions` partitions. */
  createTopic(topic: string, partitions: number): Promise<void>;
  produce(topic: string, records: readonly TestRecord[]): Promise<void>;
  /** Reads `topic` from the beginning with a group of its own until `close`. */
  collect(topic: string): Promise<TopicCollector>;
  /** A kafkajs client (silent). */
  client(): Kafka;
}

/** What a collector has read so far. */
export interface TopicCollector {
  records(): readonly ReadRecord[];
  /** The values, parsed as JSON. */
  json(): unknown[];
  close(): Promise<void>;
}

const RUN = randomUUID().slice(0, 8);

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value.toString();
  }
  return out;
}

/**
 * Starts a broker for the calling test file (vitest hooks).
 * @example
 * const kafka = useKafka();
 * it('…', async () => { await kafka.produce(kafka.topic('t'), [{ value: '{}' }]); });
 */
export function useKafka(options: StartKafkaOptions = {}): KafkaFixture {
  let broker: KafkaBroker | undefined;
  let admin: Admin | undefined;
  let producer: Producer | undefined;
  const topics = new Set<string>();
  const consumers = new Set<Consumer>();
  const started = (): KafkaBroker => {
    if (broker === undefined) throw new Error('the Kafka broker is not started yet');
    return broker;
  };
  const client = (): Kafka =>
    new Kafka({
      brokers: [started().brokers],
      clientId: 'tributary-test',
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200 },
    });
  /** Creates topics, retrying while a broker that just started settles its metadata. */
  const createTopics = async (
    specs: { topic: string; numPartitions?: number }[],
  ): Promise<void> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await (await adminClient()).createTopics({ topics: specs, waitForLeaders: true });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  const adminClient = async (): Promise<Admin> => {
    if (admin === undefined) {
      admin = client().admin();
      await admin.connect();
    }
    return admin;
  };

  beforeAll(async () => {
    broker = await startKafka(options);
  }, 120_000);

  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin !== undefined) {
      await admin.deleteTopics({ topics: [...topics] }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    await broker?.stop();
  }, 60_000);

  return {
    get broker() {
      return started();
    },
    get brokers() {
      return started().brokers;
    },
    client,
    topic(prefix) {
      const name = `${prefix}-${RUN}-${String(topics.size)}`;
      topics.add(name);
      return name;
    },
    async createTopic(topic, partitions) {
      topics.add(topic);
      await (
        await adminClient()
      ).createTopics({
        topics: [{ topic, numPartitions: partitions }],
        waitForLeaders: true,
      });
    },
    async produce(topic, records) {
      topics.add(topic);
      if (producer === undefined) {
        producer = client().producer({ createPartitioner: Partitioners.DefaultPartitioner });
        await producer.connect();
      }
      await producer.send({
        topic,
        messages: records.map((r) => ({
          value: r.value,
          ...(r.key === undefined ? {} : { key: r.key }),
          ...(r.headers === undefined ? {} : { headers: { ...r.headers } }),
          ...(r.partition === undefined ? {} : { partition: r.partition }),
        })),
      });
    },
    async collect(topic) {
      topics.add(topic);
      // Subscribing to a topic that does not exist yet fails; sinks create theirs on first use.
      await createTopics([{ topic }]);
      const consumer = client().consumer({
        groupId: `collector-${randomUUID()}`,
        maxWaitTimeInMs: 100,
      });
      consumers.add(consumer);
      const read: ReadRecord[] = [];
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ topic: t, partition, message }) => {
          read.push({
            topic: t,
            partition,
            offset: message.offset,
            key: message.key === null ? null : message.key.toString('utf8'),
            value: message.value === null ? null : message.value.toString('utf8'),
            headers: headerStrings(message.headers),
          });
          return Promise.resolve();
        },
      });
      return {
        records: () => read,
        json: () => read.map((r) => (r.value === null ? null : (JSON.parse(r.value) as unknown))),
        close: async () => {
          consumers.delete(consumer);
          await consumer.disconnect();
        },
      };
    },
  };
}

/**
 * Resolves once `ready()` holds (polling every 20 ms); rejects after `timeoutMs` saying `what()`.
 * @example
 * await eventually(() => rows.length === 3, 10_000, () => JSON.stringify(rows));
 */
export async function eventually(
  ready: () => boolean,
  timeoutMs: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${String(timeoutMs)} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
