// The producing half every Kafka sink shares: messages published in one tick (or within
// `linger.ms`) go to the cluster as one request, and each publish's promise is the batch's —
// resolving once the cluster acknowledged it, rejecting `ConnectionUnavailableError` when the
// cluster cannot be reached. No promise or timer per message. Requests are encoded by the lean
// producer (record-batch.ts) unless the settings need kafkajs's own (idempotence, gzip).

import { CompressionTypes, Partitioners, type Message } from 'kafkajs';
import type { ClientSettings, ProducerSettings } from './kafka-config.js';
import { asConnectionError, createKafka } from './kafka-connection.js';
import { createLeanProducer } from './lean-producer.js';
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

/** One message of `writeAll` and its topic. */
export interface WriterRecord {
  readonly topic: string;
  readonly message: Message;
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
 * Messages per topic in one kafkajs produce request: kafkajs groups a request's messages by
 * partition copying an array per message (quadratic in the request's size), so larger batches
 * go as several requests at once.
 */
const MESSAGES_PER_REQUEST = 256;
/** Messages in one request of the lean producer (linear cost; sent early for pipelining). */
const LEAN_MESSAGES_PER_REQUEST = 2_048;

/** Sends the messages of one batch, per topic; how the writer talks to the cluster. */
interface Sender {
  readonly messagesPerRequest: number;
  send(topics: ReadonlyMap<string, Message[]>): Promise<unknown>;
  disconnect(): Promise<void>;
}

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
  #sender: Sender | undefined;
  #batch: PendingBatch | undefined;
  #flushScheduled = false;
  #inFlight = new Set<Promise<void>>();

  constructor(private readonly options: KafkaWriterOptions) {}

  get connected(): boolean {
    return this.#sender !== undefined;
  }

  /** Connects a new producer; rejects `ConnectionUnavailableError` when unreachable. */
  async connect(): Promise<void> {
    const { client, producer: settings, logger, what, where } = this.options;
    const kafka = createKafka(client, logger, what);
    const lean =
      settings.idempotent || settings.gzip
        ? undefined
        : createLeanProducer(kafka, {
            acks: settings.acks,
            timeout: settings.timeout,
            retry: client.retry,
            maxInFlightRequests: settings.maxInFlightRequests,
          });
    if (lean !== undefined) {
      try {
        await lean.connect();
      } catch (error) {
        await lean.disconnect().catch(() => undefined);
        throw asConnectionError(error, where);
      }
      this.#sender = {
        messagesPerRequest: LEAN_MESSAGES_PER_REQUEST,
        send: (topics) => lean.send(topics),
        disconnect: () => lean.disconnect(),
      };
      return;
    }
    const producer = kafka.producer({
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
    const compression = settings.gzip ? CompressionTypes.GZIP : CompressionTypes.None;
    this.#sender = {
      messagesPerRequest: MESSAGES_PER_REQUEST,
      send: (topics) => {
        const requests: Promise<unknown>[] = [];
        for (let start = 0; ; start += MESSAGES_PER_REQUEST) {
          const topicMessages = [...topics]
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
        return Promise.all(requests);
      },
      disconnect: () => producer.disconnect(),
    };
  }

  /** Sends what is pending (waiting for it), then disconnects. */
  async disconnect(): Promise<void> {
    this.#flush();
    await Promise.allSettled([...this.#inFlight]);
    const sender = this.#sender;
    this.#sender = undefined;
    await sender?.disconnect().catch(() => undefined);
  }

  /**
   * Queues one message for `topic`; the promise (shared by the batch) resolves once the
   * cluster acknowledged the batch.
   */
  write(topic: string, message: Message): Promise<void> {
    const done = this.#add(topic, message);
    if (this.#batch !== undefined) this.#scheduleFlush();
    return done;
  }

  /**
   * Queues several messages, in order; the promise resolves once the cluster acknowledged all
   * of them (they may span more than one request).
   */
  writeAll(records: readonly WriterRecord[]): Promise<void> {
    let done: Promise<void> | undefined;
    let others: Promise<void>[] | undefined;
    for (const { topic, message } of records) {
      const batchDone = this.#add(topic, message);
      if (done === undefined) done = batchDone;
      else if (batchDone !== done && others?.at(-1) !== batchDone) (others ??= []).push(batchDone);
    }
    if (this.#batch !== undefined) this.#scheduleFlush();
    if (done === undefined) return Promise.resolve();
    return others === undefined ? done : Promise.all([done, ...others]).then(() => undefined);
  }

  /** Adds a message to the pending batch (sent at once when full); the batch's promise. */
  #add(topic: string, message: Message): Promise<void> {
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
      batch.count >= (this.#sender?.messagesPerRequest ?? MESSAGES_PER_REQUEST) ||
      batch.bytes >= this.options.producer.batchBytes
    ) {
      this.#flush();
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
    const sender = this.#sender;
    const where = this.options.where;
    if (sender === undefined) {
      batch.reject(new ConnectionUnavailableError(`${where}: the producer is not connected`));
      batch.done.catch(() => undefined);
      return;
    }
    const sent = sender.send(batch.topics).then(
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
