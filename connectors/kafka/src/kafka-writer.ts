// The producing half every Kafka sink shares: messages published in one tick (or within
// `linger.ms`) go to the cluster as one request, and each publish's promise is the batch's —
// resolving once the cluster acknowledged it, rejecting `ConnectionUnavailableError` when the
// cluster cannot be reached. No promise or timer per message.

import { CompressionTypes, Partitioners, type Message, type Producer } from 'kafkajs';
import type { ClientSettings, ProducerSettings } from './kafka-config.js';
import { asConnectionError, createKafka } from './kafka-connection.js';
import { ConnectionUnavailableError, type IoContext } from '@tributary/engine/extension-api';

type EngineLogger = IoContext<unknown>['logger'];

/** Messages waiting for the next request, and the promise their publishes returned. */
interface PendingBatch {
  readonly topics: Map<string, Message[]>;
  bytes: number;
  count: number;
  readonly done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What a writer is built from. */
export interface KafkaWriterOptions {
  readonly client: ClientSettings;
  readonly producer: ProducerSettings;
  readonly logger: EngineLogger;
  /** Named in logs. */
  readonly what: string;
  /** Named in errors: `Kafka at host:9092`. */
  readonly where: string;
  /** Send every message on its own (Siddhi's `is.synchronous`). */
  readonly synchronous?: boolean;
}

/**
 * Messages per topic in one produce request: kafkajs groups a request's messages by partition
 * copying an array per message (quadratic in the request's size), so larger batches go as
 * several requests at once.
 */
const MESSAGES_PER_REQUEST = 256;

function sizeOf(value: Message['value']): number {
  if (value === null) return 0;
  return typeof value === 'string' ? value.length : value.length;
}

/**
 * A batching producer.
 * @example
 * const writer = new KafkaWriter({ client, producer, logger, what, where });
 * await writer.connect();
 * await writer.write('stocks', { value: '{"symbol":"IBM"}' });
 */
export class KafkaWriter {
  #producer: Producer | undefined;
  #batch: PendingBatch | undefined;
  #flushScheduled = false;
  #inFlight = new Set<Promise<void>>();

  constructor(private readonly options: KafkaWriterOptions) {}

  get connected(): boolean {
    return this.#producer !== undefined;
  }

  /** Connects a new producer; rejects `ConnectionUnavailableError` when unreachable. */
  async connect(): Promise<void> {
    const { client, producer: settings, logger, what, where } = this.options;
    const producer = createKafka(client, logger, what).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
      idempotent: settings.idempotent,
      ...(settings.maxInFlightRequests === undefined
        ? {}
        : { maxInFlightRequests: settings.maxInFlightRequests }),
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw asConnectionError(error, where);
    }
    this.#producer = producer;
  }

  /** Sends what is pending (waiting for it), then disconnects. */
  async disconnect(): Promise<void> {
    this.#flush();
    await Promise.allSettled([...this.#inFlight]);
    const producer = this.#producer;
    this.#producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Queues one message for `topic`; the promise (shared by the batch) resolves once the
   * cluster acknowledged the batch.
   */
  write(topic: string, message: Message): Promise<void> {
    let batch = this.#batch;
    if (batch === undefined) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      batch = { topics: new Map(), bytes: 0, count: 0, done, resolve, reject };
      this.#batch = batch;
    }
    let messages = batch.topics.get(topic);
    if (messages === undefined) {
      messages = [];
      batch.topics.set(topic, messages);
    }
    messages.push(message);
    batch.bytes += sizeOf(message.value) + 64;
    batch.count += 1;
    const done = batch.done;
    // A full request goes at once: the engine keeps a bounded number of publishes in flight, so
    // sending early lets acknowledgements arrive while later payloads are still being published.
    if (
      this.options.synchronous === true ||
      batch.count >= MESSAGES_PER_REQUEST ||
      batch.bytes >= this.options.producer.batchBytes
    ) {
      this.#flush();
    } else {
      this.#scheduleFlush();
    }
    return done;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    const linger = this.options.producer.lingerMs;
    const run = (): void => {
      this.#flushScheduled = false;
      this.#flush();
    };
    // The end of the tick collects everything published by the events of one source batch.
    if (linger > 0) setTimeout(run, linger);
    else setImmediate(run);
  }

  #flush(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    const producer = this.#producer;
    const { where, producer: settings } = this.options;
    if (producer === undefined) {
      batch.reject(new ConnectionUnavailableError(`${where}: the producer is not connected`));
      batch.done.catch(() => undefined);
      return;
    }
    const compression = settings.gzip ? CompressionTypes.GZIP : CompressionTypes.None;
    const requests: Promise<unknown>[] = [];
    for (let start = 0; ; start += MESSAGES_PER_REQUEST) {
      const topicMessages = [...batch.topics]
        .map(([topic, messages]) => ({
          topic,
          messages:
            start === 0 && messages.length <= MESSAGES_PER_REQUEST
              ? messages
              : messages.slice(start, start + MESSAGES_PER_REQUEST),
        }))
        .filter((t) => t.messages.length > 0);
      if (topicMessages.length === 0) break;
      requests.push(
        producer.sendBatch({
          topicMessages,
          acks: settings.acks,
          timeout: settings.timeout,
          compression,
        }),
      );
    }
    const sent = Promise.all(requests).then(
      () => {
        batch.resolve();
      },
      (error: unknown) => {
        batch.reject(asConnectionError(error, where));
      },
    );
    this.#inFlight.add(sent);
    void sent.finally(() => this.#inFlight.delete(sent));
  }
}
