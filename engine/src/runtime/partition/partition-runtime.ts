// A partition at run time (Siddhi's PartitionRuntime): one instance per key, created lazily by
// a factory the planner built once, holding that key's query state; `@purge` drops instances
// idle for longer than `idle.period` at every purge tick, stopping their timers.

import type { Lifecycle } from '../app/app-runtime.js';
import type { EventChunk } from '../event/event.js';
import type { ChunkReceiver } from '../stream/stream-junction.js';
import type { CancelTimer, Clock, Scheduler } from '../time/time-service.js';
import type { PartitionInputJunction } from './partition-input-junction.js';
import type { PartitionKeyFunction } from './partition-key.js';

/** The queries of one partition key, with their state. */
export interface PartitionInstance {
  /** The instance's view of each outer stream its queries read, by stream id. */
  readonly inputs: ReadonlyMap<string, PartitionInputJunction>;
  /** Starts the instance's timers (windows, rate limiters). */
  start(): void;
  /** Cancels them; the instance receives nothing afterwards. */
  stop(): void;
  /** The state of the instance's queries, when they can snapshot it. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/** Builds the instance of a key (the queries' template instantiated with fresh state). */
export type PartitionInstanceFactory = (key: string) => PartitionInstance;

/** `@purge(enable='true', interval='…', idle.period='…')`, in milliseconds. */
export interface PurgeOptions {
  readonly interval: number;
  readonly idlePeriod: number;
}

/** What a partition runtime is built from. */
export interface PartitionRuntimeOptions {
  /**
   * Builds a key's instance; absent when no query keeps per-key state: the runtime then keeps
   * nothing per key and hands each key's chunks to `direct`'s receiver of the stream.
   */
  readonly create?: PartitionInstanceFactory;
  /** Without `create`: the shared (stateless) chains reading each partitioned stream. */
  readonly direct?: ReadonlyMap<string, ChunkReceiver>;
  readonly time: Clock & Scheduler;
  readonly purge?: PurgeOptions;
}

/** The keys of a partition with when each was last seen, and their instances' states. */
export interface PartitionSnapshot {
  readonly keys: readonly (readonly [key: string, lastSeen: number, state: unknown])[];
}

interface Entry {
  readonly instance: PartitionInstance;
  lastSeen: number;
}

/**
 * The runtime of one `partition with (…) begin … end`.
 * @example
 * const partition = new PartitionRuntime({ create, time });
 * appJunction.subscribe(partition.receiver('S', [valueKey((e) => e.data[0], 'string')]));
 * partition.start();
 */
export class PartitionRuntime implements Lifecycle {
  readonly #entries = new Map<string, Entry>();
  readonly #create: PartitionInstanceFactory | undefined;
  readonly #direct: ReadonlyMap<string, ChunkReceiver> | undefined;
  readonly #time: Clock & Scheduler;
  readonly #purge: PurgeOptions | undefined;
  #running = false;
  #cancelPurge: CancelTimer | undefined;

  constructor(options: PartitionRuntimeOptions) {
    this.#create = options.create;
    this.#direct = options.create === undefined ? options.direct : undefined;
    this.#time = options.time;
    this.#purge = options.purge;
  }

  /**
   * The receiver of outer stream `streamId`: with key functions, each event goes to the instance
   * of every key they give (consecutive events of one key stay one chunk); without any (a stream
   * the partition does not partition), every chunk goes to every existing instance.
   */
  receiver(streamId: string, keys: readonly PartitionKeyFunction[]): ChunkReceiver {
    return keys.length === 0
      ? new BroadcastReceiver(this, streamId)
      : new KeyedReceiver(this, streamId, keys);
  }

  /** The keys that have an instance, oldest first. */
  get keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Hands `chunk` of `streamId` to the instance of `key`, creating it if needed. */
  deliver(key: string, streamId: string, chunk: EventChunk): void {
    const direct = this.#direct;
    if (direct !== undefined) {
      direct.get(streamId)?.receive(chunk);
      return;
    }
    const now = this.#time.now();
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = this.#add(key, now);
    } else {
      entry.lastSeen = now;
    }
    entry.instance.inputs.get(streamId)?.deliverToInstance(chunk);
  }

  /** Hands `chunk` of `streamId` to every existing instance (their keys are not refreshed). */
  broadcast(streamId: string, chunk: EventChunk): void {
    if (this.#entries.size === 0) return;
    for (const entry of [...this.#entries.values()]) {
      entry.instance.inputs.get(streamId)?.deliverToInstance(chunk);
    }
  }

  /** Drops the instances whose key was last seen more than `idle.period` before `now`. */
  purgeIdle(now: number, idlePeriod: number): string[] {
    const purged: string[] = [];
    // Deleting while iterating a Map is safe: no copy of every live key at every tick.
    for (const [key, entry] of this.#entries) {
      if (entry.lastSeen + idlePeriod < now) {
        this.#entries.delete(key);
        entry.instance.stop();
        purged.push(key);
      }
    }
    return purged;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const entry of this.#entries.values()) entry.instance.start();
    const purge = this.#purge;
    if (purge !== undefined) this.#schedulePurge(this.#time.now() + purge.interval, purge);
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#cancelPurge?.();
    this.#cancelPurge = undefined;
    for (const entry of this.#entries.values()) entry.instance.stop();
  }

  /** The keys, when each was last seen, and each instance's state (where it has one). */
  snapshot(): PartitionSnapshot {
    return {
      keys: [...this.#entries].map(
        ([key, entry]) => [key, entry.lastSeen, entry.instance.snapshot?.()] as const,
      ),
    };
  }

  /** Replaces every instance by those of `snapshot`, with their state. */
  restore(snapshot: unknown): void {
    if (!isPartitionSnapshot(snapshot) || this.#create === undefined) return;
    for (const entry of this.#entries.values()) entry.instance.stop();
    this.#entries.clear();
    for (const [key, lastSeen, state] of snapshot.keys) {
      const entry = this.#add(key, lastSeen);
      if (state !== undefined) entry.instance.restore?.(state);
    }
  }

  #add(key: string, lastSeen: number): Entry {
    const create = this.#create;
    if (create === undefined) throw new Error('a partition without per-key state has no instances');
    const entry: Entry = { instance: create(key), lastSeen };
    this.#entries.set(key, entry);
    if (this.#running) entry.instance.start();
    return entry;
  }

  #schedulePurge(at: number, purge: PurgeOptions): void {
    this.#cancelPurge = this.#time.schedule(at, () => {
      this.#cancelPurge = undefined;
      if (!this.#running) return;
      const now = this.#time.now();
      this.purgeIdle(now, purge.idlePeriod);
      // A fixed delay from now: time may have jumped far ahead (playback), ticks do not pile up.
      this.#schedulePurge(now + purge.interval, purge);
    });
  }
}

function isPartitionSnapshot(value: unknown): value is PartitionSnapshot {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)
  );
}

/** A stream the partition does not partition: its chunks reach every existing instance. */
class BroadcastReceiver implements ChunkReceiver {
  constructor(
    private readonly partition: PartitionRuntime,
    private readonly streamId: string,
  ) {}

  receive(chunk: EventChunk): void {
    this.partition.broadcast(this.streamId, chunk);
  }
}

/** A partitioned stream: events go to their keys' instances, in order. */
class KeyedReceiver implements ChunkReceiver {
  constructor(
    private readonly partition: PartitionRuntime,
    private readonly streamId: string,
    private readonly keys: readonly PartitionKeyFunction[],
  ) {}

  receive(chunk: EventChunk): void {
    const { partition, streamId, keys } = this;
    const [first] = chunk;
    const [only] = keys;
    if (chunk.length === 1 && keys.length === 1 && first !== undefined && only !== undefined) {
      const key = only(first);
      if (key !== null) partition.deliver(key, streamId, chunk);
      return;
    }
    // (key, event) pairs in order; consecutive pairs of one key form one chunk (as Siddhi).
    let currentKey: string | null = null;
    let run: EventChunk = [];
    for (const event of chunk) {
      let taken = false;
      for (const keyOf of keys) {
        const key = keyOf(event);
        if (key === null) continue;
        if (key !== currentKey) {
          if (currentKey !== null) partition.deliver(currentKey, streamId, run);
          run = [];
          currentKey = key;
          // An event going to several keys (overlapping ranges) is copied for each further one.
          run.push(
            taken ? { timestamp: event.timestamp, type: event.type, data: event.data } : event,
          );
        } else if (!taken) {
          run.push(event);
        }
        taken = true;
      }
    }
    if (currentKey !== null && run.length > 0) partition.deliver(currentKey, streamId, run);
  }
}
