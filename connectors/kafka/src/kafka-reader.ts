// The consuming half every Kafka source shares: one kafkajs consumer per connect, batches handed
// over in chunks (a chunk in one call with `deliverBatch`, else record by record without awaiting
// each). Reading moves on while a chunk's
// acknowledgements are pending, but its offset is committed only once every record of it (and of
// the chunks before it) was processed and acknowledged by the sinks — delivery is at-least-once.
// Back-pressure blocks the batch being handed over (heartbeating meanwhile).

import {
  PartitionAssigners,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
} from 'kafkajs';
import type { ConsumerSettings } from './kafka-config.js';
import { asConnectionError } from './kafka-connection.js';
import { staticAssigner } from './static-assigner.js';

/** One record as a source sees it. */
export interface ReaderRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** Topic → partition → offset. */
export type Offsets = Record<string, Record<string, string>>;

/** What a reader is built from. */
export interface KafkaReaderOptions {
  /** A new client per connect (a kafkajs consumer is not reused after a crash). */
  readonly client: () => Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Fixed partitions (Java's `assign`); undefined for group subscription. */
  readonly partitions: readonly number[] | undefined;
  /** Batches handled at once (kafkajs `partitionsConsumedConcurrently`). */
  readonly concurrency: number;
  /** Commit offsets to the group (after the records were handled). */
  readonly commit: boolean;
  readonly consumer: ConsumerSettings;
  /** Named in errors: `Kafka at host:9092`. */
  readonly where: string;
  /**
   * Hands one record over; the promise resolves once it was handled (undefined: handled
   * already). A rejection (the app stopped) leaves its offset uncommitted.
   */
  readonly deliver: (record: ReaderRecord) => Promise<void> | undefined;
  /**
   * Optional: hands several records of one partition over at once (used instead of `deliver`);
   * the promise resolves once all of them were handled (undefined: handled already).
   */
  readonly deliverBatch?: (
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ) => Promise<void> | undefined;
  /** The consumer crashed at runtime (the engine reconnects). */
  readonly lost: (error: unknown) => void;
  /** A commit failed (it is retried with the next one); for logs. */
  readonly commitFailed?: (error: unknown) => void;
}

/** How long a disconnect may take before it is left to finish in the background. */
const DISCONNECT_WAIT_MS = 5_000;
/** Chunks handed over but not yet acknowledged, beyond which reading waits for the oldest. */
const MAX_UNACKNOWLEDGED_CHUNKS = 16;
/**
 * Records handed over between two turns of the event loop: a fetched batch holds thousands, and
 * handing them all over at once would keep the sinks from publishing (and the app's back-pressure
 * from pausing the source) until the whole batch is in memory.
 */
const RECORDS_PER_TURN = 500;
/** How often a batch waiting for acknowledgements or a resume heartbeats. */
const HEARTBEAT_TICK_MS = 1_000;

function noop(): void {
  // nothing to do
}

/** One chunk of a batch handed over: its last offset and whether all its records were handled. */
interface HandedChunk {
  readonly offset: string;
  /** undefined while pending; true when acknowledged, false when a record failed. */
  state: boolean | undefined;
  readonly settled: Promise<void>;
}

/** Chunks of one partition, in reading order, and the commit running for it. */
interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly chunks: HandedChunk[];
  /** The next offset to commit once the running commit is done. */
  toCommit: string | undefined;
  committing: Promise<void> | undefined;
}

/** What one connect's consumer has handed over (a reconnect starts afresh). */
class Session {
  readonly progress = new Map<string, PartitionProgress>();
  /** Chunks handed over and not settled, across partitions. */
  readonly unsettled = new Set<Promise<void>>();
  closed = false;

  constructor(readonly consumer: Consumer) {}

  /** Read through a call: the flag changes while a batch awaits. */
  isOpen(): boolean {
    return !this.closed;
  }
}

/**
 * Reads topics with a consumer group.
 * @example
 * const reader = new KafkaReader({ client, groupId, topics: ['t'], partitions: undefined,
 *   concurrency: 1, commit: true, consumer, where, deliver: (r) => ctx.emit(text(r)), lost });
 * await reader.start();
 */
export class KafkaReader {
  #session: Session | undefined;
  /** Resolves when the running session stops (every wait of its batches races it). */
  #closed: Promise<boolean> = Promise.resolve(false);
  #close: () => void = noop;
  #paused = false;
  #wake: (() => void)[] = [];
  /** Next offsets to read, applied after the consumer runs (restored or configured positions). */
  readonly #seeks = new Map<string, { topic: string; partition: number; offset: string }>();
  /** The last offset handled (acknowledged, with everything before it) per topic and partition. */
  readonly #handled = new Map<string, Map<number, bigint>>();

  constructor(private readonly options: KafkaReaderOptions) {}

  /** Reads `topic`/`partition` from `offset` (the next one to read) at the next start. */
  seekOnStart(topic: string, partition: number, offset: string): void {
    this.#seeks.set(`${topic}\u0000${String(partition)}`, { topic, partition, offset });
  }

  /** The last offset handled per topic and partition. */
  handledOffsets(): Offsets {
    const offsets: Offsets = {};
    for (const [topic, partitions] of this.#handled) {
      offsets[topic] = Object.fromEntries(
        [...partitions].map(([partition, offset]) => [String(partition), offset.toString()]),
      );
    }
    return offsets;
  }

  /** Connects, joins the group and starts reading; rejects `ConnectionUnavailableError` when unreachable. */
  async start(): Promise<void> {
    const options = this.options;
    const settings = options.consumer;
    this.#closed = new Promise<boolean>((resolve) => {
      this.#close = () => {
        resolve(false);
      };
    });
    const wanted: Record<string, number[]> = {};
    if (options.partitions !== undefined) {
      for (const topic of options.topics) wanted[topic] = [...options.partitions];
    }
    const consumer = options.client().consumer({
      groupId: options.groupId,
      partitionAssigners: [
        options.partitions === undefined ? PartitionAssigners.roundRobin : staticAssigner(wanted),
      ],
      sessionTimeout: settings.sessionTimeout,
      heartbeatInterval: settings.heartbeatInterval,
      rebalanceTimeout: settings.rebalanceTimeout,
      minBytes: settings.minBytes,
      maxBytes: settings.maxBytes,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      maxWaitTimeInMs: settings.maxWaitTimeInMs,
      readUncommitted: settings.readUncommitted,
      allowAutoTopicCreation: settings.allowAutoTopicCreation,
      ...(settings.metadataMaxAge === undefined ? {} : { metadataMaxAge: settings.metadataMaxAge }),
      ...(settings.rackId === undefined ? {} : { rackId: settings.rackId }),
      // The engine reconnects (with its backoff) when the consumer crashes.
      retry: { restartOnFailure: () => Promise.resolve(false) },
    });
    const session = new Session(consumer);
    this.#session = session;
    let starting = true;
    let crashed: unknown;
    consumer.on(consumer.events.CRASH, (event) => {
      if (starting) crashed = event.payload.error;
      else if (!session.closed) options.lost(event.payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...options.topics],
        fromBeginning: settings.fromBeginning,
      });
      await consumer.run({
        // Offsets are committed here, once acknowledged; kafkajs's resolved offset is only
        // the reading position.
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: Math.max(1, options.concurrency),
        eachBatch: (payload) => this.#batch(session, payload),
      });
    } catch (error) {
      starting = false;
      session.closed = true;
      await this.#disconnect(consumer);
      throw asConnectionError(error, options.where);
    }
    starting = false;
    if (crashed !== undefined) {
      session.closed = true;
      await this.#disconnect(consumer);
      throw asConnectionError(crashed, options.where);
    }
    for (const seek of this.#seeks.values()) consumer.seek(seek);
    this.#seeks.clear();
  }

  /**
   * Stops reading: commits what was acknowledged by now (waiting a little for commits under
   * way), then leaves the group; records not acknowledged are read again next time.
   */
  async stop(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#close();
    this.#wakeAll();
    if (session === undefined) return;
    session.closed = true;
    await this.#bounded(this.#commitsDone(session));
    await this.#disconnect(session.consumer);
  }

  /** Resolves once no commit of the session is running or queued. */
  async #commitsDone(session: Session): Promise<void> {
    for (;;) {
      const running = [...session.progress.values()].flatMap((p) =>
        p.committing === undefined ? [] : [p.committing],
      );
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  /** Stops handing over records (back-pressure, app paused) until `resume`. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wakeAll();
  }

  #wakeAll(): void {
    for (const wake of this.#wake.splice(0)) wake();
  }

  /** Waits for `work`, at most DISCONNECT_WAIT_MS (a dead cluster would keep kafkajs retrying). */
  async #bounded(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      work.then(noop, noop),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DISCONNECT_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  #disconnect(consumer: Consumer): Promise<void> {
    return this.#bounded(consumer.disconnect());
  }

  /**
   * Resolves with true once `work` settles, false when the session closes first; heartbeats
   * every second meanwhile, so a long wait (a sink on `WAIT`, a paused app) does not cost the
   * group membership.
   */
  async #whileHeartbeating(
    work: Promise<unknown>,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    let beating = true;
    const tick = (): void => {
      timer = setTimeout(() => {
        if (!beating) return;
        heartbeat().then(tick, () => {
          // A rebalance: the records will be read again by whoever gets the partition.
          beating = false;
        });
      }, HEARTBEAT_TICK_MS);
    };
    tick();
    try {
      return await Promise.race([
        work.then(
          () => true,
          () => true,
        ),
        this.#closed,
      ]);
    } finally {
      beating = false;
      clearTimeout(timer);
    }
  }

  /** Waits while paused; false when the session closes meanwhile. */
  async #unpaused(session: Session, heartbeat: () => Promise<void>): Promise<boolean> {
    while (this.#paused && !session.closed) {
      const resumed = new Promise<void>((resolve) => this.#wake.push(resolve));
      await this.#whileHeartbeating(resumed, heartbeat);
    }
    return !session.closed;
  }

  /**
   * Hands a fetched batch over in chunks of RECORDS_PER_TURN records, one turn of the event loop
   * each; every chunk is tracked (and committed once acknowledged) on its own, so a crash re-reads
   * at most the chunks not yet acknowledged.
   */
  async #batch(session: Session, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const deliver = this.options.deliver;
    let pending: Promise<void>[] = [];
    let last: string | undefined;
    let turn = 0;
    const handOver = (): void => {
      if (last === undefined || session.closed) return;
      // Reading goes on from here; the commit waits for the acknowledgements.
      payload.resolveOffset(last);
      this.#handOver(session, topic, partition, last, pending);
      pending = [];
      last = undefined;
    };
    const deliverBatch = this.options.deliverBatch;
    if (deliverBatch !== undefined) {
      await this.#batchInChunks(session, payload, deliverBatch);
      return;
    }
    for (const message of batch.messages) {
      if (turn === RECORDS_PER_TURN) {
        turn = 0;
        handOver();
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.#boundUnacknowledged(session, heartbeat);
      }
      if (turn === 0 && (session.closed || !payload.isRunning() || payload.isStale())) break;
      if (this.#paused && !(await this.#unpaused(session, heartbeat))) break;
      turn += 1;
      const handled = deliver({ topic, partition, message });
      if (handled !== undefined) pending.push(handled);
      last = message.offset;
    }
    handOver();
    await this.#boundUnacknowledged(session, heartbeat);
  }

  /**
   * `#batch` for a source taking records in batches: each chunk of RECORDS_PER_TURN records is
   * handed over with one call and tracked with the one promise it returns.
   */
  async #batchInChunks(
    session: Session,
    payload: EachBatchPayload,
    deliverBatch: NonNullable<KafkaReaderOptions['deliverBatch']>,
  ): Promise<void> {
    const { batch } = payload;
    const { topic, partition, messages } = batch;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    for (let start = 0; start < messages.length; start += RECORDS_PER_TURN) {
      if (start > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.#boundUnacknowledged(session, heartbeat);
      }
      if (session.closed || !payload.isRunning() || payload.isStale()) break;
      if (this.#paused && !(await this.#unpaused(session, heartbeat))) break;
      const chunk =
        start === 0 && messages.length <= RECORDS_PER_TURN
          ? messages
          : messages.slice(start, start + RECORDS_PER_TURN);
      const last = chunk[chunk.length - 1];
      if (last === undefined) break;
      const handled = deliverBatch(topic, partition, chunk);
      if (!session.isOpen()) break;
      // Reading goes on from here; the commit waits for the acknowledgement.
      payload.resolveOffset(last.offset);
      this.#handOver(
        session,
        topic,
        partition,
        last.offset,
        handled === undefined ? [] : [handled],
      );
    }
    await this.#boundUnacknowledged(session, heartbeat);
  }

  /** Waits while too many chunks are unacknowledged (a sink slower than reading). */
  async #boundUnacknowledged(session: Session, heartbeat: () => Promise<void>): Promise<void> {
    while (session.unsettled.size > MAX_UNACKNOWLEDGED_CHUNKS && session.isOpen()) {
      const oldest = session.unsettled.values().next().value;
      if (oldest === undefined) break;
      await this.#whileHeartbeating(oldest, heartbeat);
    }
  }

  /** Tracks a chunk until its records are acknowledged, then commits in order. */
  #handOver(
    session: Session,
    topic: string,
    partition: number,
    offset: string,
    pending: readonly Promise<void>[],
  ): void {
    const key = `${topic}\u0000${String(partition)}`;
    let progress = session.progress.get(key);
    if (progress === undefined) {
      progress = { topic, partition, chunks: [], toCommit: undefined, committing: undefined };
      session.progress.set(key, progress);
    }
    const done = progress;
    const all =
      pending.length === 0
        ? Promise.resolve()
        : pending.length === 1 && pending[0] !== undefined
          ? pending[0]
          : Promise.all(pending);
    const handed: HandedChunk = {
      offset,
      state: undefined,
      settled: all.then(
        () => {
          handed.state = true;
          this.#advance(session, done);
        },
        () => {
          handed.state = false;
        },
      ),
    };
    done.chunks.push(handed);
    session.unsettled.add(handed.settled);
    void handed.settled.finally(() => session.unsettled.delete(handed.settled));
  }

  /** Drops the acknowledged chunks at the head of a partition and commits past them. */
  #advance(session: Session, progress: PartitionProgress): void {
    let last: string | undefined;
    while (progress.chunks[0]?.state === true) {
      last = progress.chunks.shift()?.offset;
    }
    if (last === undefined) return;
    const handled = BigInt(last);
    let partitions = this.#handled.get(progress.topic);
    if (partitions === undefined) {
      partitions = new Map();
      this.#handled.set(progress.topic, partitions);
    }
    const before = partitions.get(progress.partition);
    if (before === undefined || handled > before) partitions.set(progress.partition, handled);
    if (!this.options.commit || session.closed) return;
    progress.toCommit = (handled + 1n).toString();
    this.#commit(session, progress);
  }

  /** One commit at a time per partition, each for the latest acknowledged offset. */
  #commit(session: Session, progress: PartitionProgress): void {
    if (progress.committing !== undefined) return;
    const offset = progress.toCommit;
    if (offset === undefined) return;
    progress.toCommit = undefined;
    progress.committing = session.consumer
      .commitOffsets([{ topic: progress.topic, partition: progress.partition, offset }])
      .catch((error: unknown) => {
        this.options.commitFailed?.(error);
      })
      .finally(() => {
        progress.committing = undefined;
        this.#commit(session, progress);
      });
  }
}
