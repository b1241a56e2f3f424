// Merges the records of one topic read from two Kafka clusters (`kafkaMultiDC`): events go on in
// sequence-number order, each number once; a number ahead of the expected one waits in a small
// buffer for the gap to fill from either cluster, and is let through when the buffer grows full
// or its flush interval passes (Siddhi's SourceSynchronizer).

import type { TransportProperties } from '@tributary/engine/extension-api';

/** What the synchronizer hands events to; resolves once they were processed. */
export type SynchronizedEmit = (payload: unknown, transport: TransportProperties) => Promise<void>;

/** What a synchronizer is built from. */
export interface SourceSynchronizerOptions {
  /** The two sources (cluster addresses). */
  readonly sources: readonly [string, string];
  readonly emit: SynchronizedEmit;
  /** Buffered events beyond which the buffer is flushed (Siddhi: 1000). */
  readonly maxBufferSize?: number;
  /** Schedules the gap's flush after `delayMs` (Siddhi: 10 ms); returns a cancel function. */
  readonly schedule: (delayMs: number, task: () => void) => () => void;
  /** Events skipped because no cluster delivered them. */
  readonly lost?: (from: number, to: number) => void;
}

interface Held {
  readonly payload: unknown;
  readonly transport: TransportProperties;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const FLUSH_INTERVAL_MS = 10;

/**
 * The sequence merger of a `kafkaMultiDC` source.
 * @example
 * const sync = new SourceSynchronizer({ sources: ['a:9092', 'b:9092'], emit, schedule });
 * await sync.onEvent('a:9092', 0, payload, {});
 */
export class SourceSynchronizer {
  #lastConsumed = -1;
  #gap = false;
  #flushDue: (() => void) | undefined;
  readonly #received = new Map<string, number>();
  /** Sequence number → held event (kept sorted on read). */
  readonly #buffer = new Map<number, Held>();

  constructor(private readonly options: SourceSynchronizerOptions) {
    for (const source of options.sources) this.#received.set(source, -1);
  }

  /** The last sequence number let through (snapshots). */
  get lastConsumed(): number {
    return this.#lastConsumed;
  }

  set lastConsumed(value: number) {
    this.#lastConsumed = value;
  }

  /** Buffered events waiting for a gap to fill. */
  get buffered(): number {
    return this.#buffer.size;
  }

  /**
   * One record from `source`: resolves once it was processed, or at once when it is a
   * duplicate (including one that waited in the buffer and was then delivered by the other
   * cluster).
   */
  onEvent(
    source: string,
    sequenceNo: number,
    payload: unknown,
    transport: TransportProperties,
  ): Promise<void> {
    this.#received.set(source, sequenceNo);
    if (sequenceNo <= this.#lastConsumed) return Promise.resolve();
    if (sequenceNo === this.#lastConsumed + 1) {
      this.#lastConsumed = sequenceNo;
      const sent = this.options.emit(payload, transport);
      if (this.#buffer.size > 0) this.#flushInOrder();
      return sent;
    }
    const held = this.#hold(sequenceNo, payload, transport);
    if (this.#gap) {
      // Both clusters moved past the gap: what neither delivered is lost.
      this.#gap = false;
      this.#forceFlush(Math.min(...this.#received.values()));
    } else {
      this.#gap = true;
      this.#flushDue ??= this.options.schedule(FLUSH_INTERVAL_MS, () => {
        this.#flushDue = undefined;
        this.#forceFlush(Math.max(...this.#received.values()));
      });
    }
    return held;
  }

  /** Stops the pending flush (the source disconnects); buffered events stay. */
  stop(): void {
    this.#flushDue?.();
    this.#flushDue = undefined;
  }

  #hold(sequenceNo: number, payload: unknown, transport: TransportProperties): Promise<void> {
    if (this.#buffer.size >= (this.options.maxBufferSize ?? 1_000)) {
      this.#forceFlush(Math.max(...this.#received.values()));
    }
    return new Promise<void>((resolve, reject) => {
      // The same number from the other cluster: the held one is a duplicate.
      this.#buffer.get(sequenceNo)?.resolve();
      this.#buffer.set(sequenceNo, { payload, transport, resolve, reject });
    });
  }

  #sorted(): number[] {
    return [...this.#buffer.keys()].sort((a, b) => a - b);
  }

  #release(sequenceNo: number, held: Held): void {
    this.#buffer.delete(sequenceNo);
    this.options.emit(held.payload, held.transport).then(held.resolve, held.reject);
  }

  #drop(sequenceNo: number, held: Held): void {
    this.#buffer.delete(sequenceNo);
    held.resolve();
  }

  /** Lets buffered events through while they continue the sequence. */
  #flushInOrder(): void {
    for (const sequenceNo of this.#sorted()) {
      const held = this.#buffer.get(sequenceNo);
      if (held === undefined) continue;
      if (sequenceNo <= this.#lastConsumed) this.#drop(sequenceNo, held);
      else if (sequenceNo === this.#lastConsumed + 1) {
        this.#gap = false;
        this.#lastConsumed = sequenceNo;
        this.#release(sequenceNo, held);
      } else {
        this.#gap = true;
        return;
      }
    }
  }

  /** Lets every buffered event up to `until` through, skipping the gaps. */
  #forceFlush(until: number): void {
    for (const sequenceNo of this.#sorted()) {
      const held = this.#buffer.get(sequenceNo);
      if (held === undefined) continue;
      if (sequenceNo <= this.#lastConsumed) {
        this.#drop(sequenceNo, held);
        continue;
      }
      if (sequenceNo > until) break;
      if (sequenceNo > this.#lastConsumed + 1) {
        this.options.lost?.(this.#lastConsumed + 1, sequenceNo - 1);
      }
      this.#lastConsumed = sequenceNo;
      this.#release(sequenceNo, held);
    }
    if (this.#buffer.size === 0) this.#gap = false;
  }
}
