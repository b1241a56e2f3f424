// An app's view of the error store (`app.errors`): list, count, discard, and replay — a payload
// goes back through its source's mapper, a stream error's events into the stream's input
// handler, a sink error's payload to its sink — removing the entry once it went through.

import { ioMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';
import type { InputHandler } from '../stream/input-handler.js';
import { collectAcks } from './ack-scope.js';
import type { ErrorEntry, ErrorListOptions, ErrorStore } from './error-store.js';
import type { SinkRuntime } from './sink-runtime.js';
import type { SourceRuntime } from './source-runtime.js';

/** Where entries are replayed to. */
export interface ReplayTargets {
  readonly appName: string;
  readonly store: ErrorStore | undefined;
  source(streamId: string, index: number): SourceRuntime | undefined;
  sink(streamId: string, index: number): SinkRuntime | undefined;
  input(streamId: string): InputHandler;
}

/** The outcome of `replayAll`. */
export interface ReplayReport {
  readonly replayed: number;
  /** Entries kept because they failed again, with why. */
  readonly failed: readonly { readonly id: number; readonly reason: string }[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The error-store entries of one app.
 * @example
 * const entries = await app.errors.list({ limit: 10 });
 * for (const entry of entries) await app.errors.replay(entry.id);
 */
export class ErrorReplayer {
  constructor(private readonly targets: ReplayTargets) {}

  /** True when the engine has an error store. */
  get enabled(): boolean {
    return this.targets.store !== undefined;
  }

  async list(options?: ErrorListOptions): Promise<readonly ErrorEntry[]> {
    return await this.#store().list(this.targets.appName, options);
  }

  async count(): Promise<number> {
    return await this.#store().count(this.targets.appName);
  }

  /** One entry of this app, or undefined. */
  async get(id: number): Promise<ErrorEntry | undefined> {
    const entry = await this.#store().get(id);
    return entry?.appName === this.targets.appName ? entry : undefined;
  }

  async discard(id: number): Promise<boolean> {
    if ((await this.get(id)) === undefined) return false;
    return this.#store().discard(id);
  }

  async discardAll(): Promise<number> {
    return await this.#store().discardAll(this.targets.appName);
  }

  /**
   * Re-injects an entry and removes it once it went through. Rejects (keeping the entry) when
   * it fails again, when the app does not run, or when it has no such entry.
   */
  async replay(id: number): Promise<void> {
    const store = this.#store();
    const entry = await this.get(id);
    if (entry === undefined) {
      throw new TributaryError(
        'E_NO_ERROR_ENTRY',
        ioMessages.E_NO_ERROR_ENTRY(this.targets.appName, id),
      );
    }
    try {
      await this.#reinject(entry);
    } catch (error) {
      if (error instanceof TributaryError && error.code === 'E_REPLAY_TARGET') throw error;
      throw new TributaryError(
        'E_REPLAY_FAILED',
        ioMessages.E_REPLAY_FAILED(id, describe(error)),
        true,
        {
          cause: error,
        },
      );
    }
    await store.discard(id);
  }

  /** Replays every entry of the app, oldest first; entries that fail again are kept. */
  async replayAll(): Promise<ReplayReport> {
    const entries = await this.list();
    let replayed = 0;
    const failed: { id: number; reason: string }[] = [];
    for (const entry of entries) {
      try {
        await this.replay(entry.id);
        replayed += 1;
      } catch (error) {
        failed.push({ id: entry.id, reason: describe(error) });
      }
    }
    return { replayed, failed };
  }

  #reinject(entry: ErrorEntry): Promise<void> {
    const index = entry.origin?.index ?? 0;
    switch (entry.occurrence) {
      case 'BEFORE_SOURCE_MAPPING': {
        const source = this.targets.source(entry.streamName, index);
        if (source === undefined)
          throw this.#noTarget(entry, `stream '${entry.streamName}' has no such source`);
        return source.replay(entry.payload, entry.transport ?? {});
      }
      case 'STORE_ON_SINK_ERROR': {
        const sink = this.targets.sink(entry.streamName, index);
        if (sink === undefined)
          throw this.#noTarget(entry, `stream '${entry.streamName}' has no such sink`);
        return Promise.all(entry.events.map((event) => sink.republish(entry.payload, event))).then(
          () => undefined,
        );
      }
      case 'STORE_ON_STREAM_ERROR': {
        const input = this.targets.input(entry.streamName);
        const events = entry.events.map((e) => ({ timestamp: e.timestamp, data: [...e.data] }));
        const { result: taken, acks } = collectAcks(() => input.sendEvents(events));
        if (!taken)
          throw this.#noTarget(entry, `the buffer of stream '${entry.streamName}' is full`);
        return acks;
      }
      default:
        throw this.#noTarget(entry, `${entry.occurrence} entries are replayed by their table`);
    }
  }

  #noTarget(entry: ErrorEntry, detail: string): TributaryError {
    return new TributaryError(
      'E_REPLAY_TARGET',
      ioMessages.E_REPLAY_TARGET(this.targets.appName, entry.id, detail),
    );
  }

  #store(): ErrorStore {
    const store = this.targets.store;
    if (store === undefined) {
      throw new TributaryError(
        'E_ERROR_STORE_MISSING',
        ioMessages.E_ERROR_STORE_MISSING(this.targets.appName),
      );
    }
    return store;
  }
}
