// Feed simulations (SI's /simulation/feed): named configurations that send events from CSV
// files, random generators or database tables into apps' streams at a fixed interval, with
// progress and run/pause/resume/stop. Time comes from an injected clock and scheduler.

import type { Clock, Scheduler } from '@tributary/engine';
import type { Deployments } from '../apps/deployments.js';
import { ApiError } from '../http/api-error.js';
import type { ServerLogger } from '../logging/server-logger.js';
import type { FeedConfig, FeedSourceConfig } from '../docs/api-schemas.js';
import {
  csvEvents,
  databaseEvents,
  randomEvents,
  type EventGenerator,
} from './event-generators.js';
import type { SimulationFiles } from './simulation-files.js';

export type FeedState = 'created' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export type FeedAction = 'run' | 'pause' | 'resume' | 'stop';

/** How far a source of a feed got. */
export interface SourceProgress {
  readonly siddhiAppName: string;
  readonly streamName: string;
  readonly simulationType: FeedSourceConfig['simulationType'];
  readonly sent: number;
  readonly total: number | undefined;
  readonly done: boolean;
}

/** A feed's state and progress. */
export interface FeedStatus {
  readonly name: string;
  readonly state: FeedState;
  readonly sent: number;
  /** Events the feed will send in all, when known. */
  readonly total: number | undefined;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
  readonly error: string | undefined;
  readonly sources: readonly SourceProgress[];
}

export interface FeedSimulationsOptions {
  readonly deployments: Deployments;
  readonly files: SimulationFiles;
  /** Datasource name → SQLite file. */
  readonly datasources: ReadonlyMap<string, string>;
  readonly time: Clock & Scheduler;
  readonly log: ServerLogger;
}

interface SourceRun {
  readonly config: FeedSourceConfig;
  readonly generator: EventGenerator;
  sent: number;
  done: boolean;
  cancel: (() => void) | undefined;
}

interface Feed {
  config: FeedConfig;
  state: FeedState;
  runs: SourceRun[];
  sent: number;
  /** Events taken (sent or being sent), so `noOfEvents` is never exceeded. */
  claimed: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  error: string | undefined;
  /** Bumped by every run/stop, so ticks of an earlier run do nothing. */
  generation: number;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The server's feed simulations.
 * @example
 * feeds.create(config);
 * await feeds.control('StockFeed', 'run');
 * feeds.status('StockFeed').sent;
 */
export class FeedSimulations {
  readonly #feeds = new Map<string, Feed>();

  constructor(private readonly options: FeedSimulationsOptions) {}

  list(): FeedStatus[] {
    return [...this.#feeds.keys()].sort().map((name) => this.status(name));
  }

  /** Feeds by state (metrics). */
  countByState(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const feed of this.#feeds.values()) counts[feed.state] = (counts[feed.state] ?? 0) + 1;
    return counts;
  }

  #feed(name: string): Feed {
    const feed = this.#feeds.get(name);
    if (feed === undefined) throw ApiError.of('E_FEED_NOT_FOUND', name);
    return feed;
  }

  config(name: string): FeedConfig {
    return this.#feed(name).config;
  }

  /** Checks what can be checked before a run: file names and datasources. */
  #checkStatic(config: FeedConfig): void {
    for (const source of config.sources) {
      if (source.simulationType === 'CSV_SIMULATION') this.options.files.path(source.fileName);
      if (
        source.simulationType === 'DATABASE_SIMULATION' &&
        !this.options.datasources.has(source.dataSourceName)
      ) {
        throw ApiError.of(
          'E_DATASOURCE_NOT_FOUND',
          source.dataSourceName,
          [...this.options.datasources.keys()].join(', '),
        );
      }
    }
  }

  /** Adds a feed (not started). */
  create(config: FeedConfig): FeedStatus {
    const name = config.properties.simulationName;
    if (this.#feeds.has(name)) throw ApiError.of('E_FEED_EXISTS', name);
    this.#checkStatic(config);
    this.#feeds.set(name, {
      config,
      state: 'created',
      runs: [],
      sent: 0,
      claimed: 0,
      startedAt: undefined,
      finishedAt: undefined,
      error: undefined,
      generation: 0,
    });
    return this.status(name);
  }

  /** Replaces a feed's configuration (it must not be running or paused). */
  update(name: string, config: FeedConfig): FeedStatus {
    const feed = this.#feed(name);
    if (config.properties.simulationName !== name) {
      throw new ApiError(
        'E_VALIDATION',
        `properties.simulationName must be '${name}' (the feed being updated)`,
      );
    }
    if (feed.state === 'running' || feed.state === 'paused') {
      throw ApiError.of('E_FEED_STATE', name, 'update', feed.state);
    }
    this.#checkStatic(config);
    feed.config = config;
    return this.status(name);
  }

  /** Stops (if needed) and removes a feed. */
  remove(name: string): void {
    this.#halt(this.#feed(name), 'stopped');
    this.#feeds.delete(name);
  }

  status(name: string): FeedStatus {
    const feed = this.#feed(name);
    const totals: number[] = [];
    for (const run of feed.runs)
      if (run.generator.total !== undefined) totals.push(run.generator.total);
    const known = feed.runs.length > 0 && totals.length === feed.runs.length;
    const sum = known ? totals.reduce((a, t) => a + t, 0) : undefined;
    const limit = feed.config.properties.noOfEvents;
    const total = limit === undefined ? sum : sum === undefined ? limit : Math.min(limit, sum);
    return {
      name,
      state: feed.state,
      sent: feed.sent,
      total,
      startedAt: feed.startedAt,
      finishedAt: feed.finishedAt,
      error: feed.error,
      sources: feed.runs.map((r) => ({
        siddhiAppName: r.config.siddhiAppName,
        streamName: r.config.streamName,
        simulationType: r.config.simulationType,
        sent: r.sent,
        total: r.generator.total,
        done: r.done,
      })),
    };
  }

  /** run (from the start), pause, resume or stop a feed; resolves with its status. */
  async control(name: string, action: FeedAction): Promise<FeedStatus> {
    const feed = this.#feed(name);
    const refuse = (): ApiError => ApiError.of('E_FEED_STATE', name, action, feed.state);
    switch (action) {
      case 'run':
        if (feed.state === 'running' || feed.state === 'paused') throw refuse();
        await this.#start(feed);
        break;
      case 'pause':
        if (feed.state !== 'running') throw refuse();
        feed.state = 'paused';
        for (const run of feed.runs) this.#cancel(run);
        break;
      case 'resume':
        if (feed.state !== 'paused') throw refuse();
        feed.state = 'running';
        for (const run of feed.runs)
          if (!run.done) this.#schedule(feed, run, this.options.time.now());
        break;
      case 'stop':
        if (feed.state !== 'running' && feed.state !== 'paused') throw refuse();
        this.#halt(feed, 'stopped');
        break;
    }
    this.options.log.info({ feed: name, action, state: feed.state }, 'feed simulation');
    return this.status(name);
  }

  /** Stops every feed (shutdown). */
  stopAll(): void {
    for (const feed of this.#feeds.values()) {
      if (feed.state === 'running' || feed.state === 'paused') this.#halt(feed, 'stopped');
    }
  }

  async #generator(source: FeedSourceConfig): Promise<EventGenerator> {
    const deployed = this.options.deployments.get(source.siddhiAppName);
    const schema = deployed.app.streamAttributes(source.streamName);
    if (schema === undefined) {
      const known = deployed.app.streamIds.filter((id) => !id.startsWith('!')).join(', ');
      throw ApiError.of('E_UNKNOWN_STREAM', source.siddhiAppName, source.streamName, known);
    }
    try {
      switch (source.simulationType) {
        case 'CSV_SIMULATION':
          return csvEvents(await this.options.files.existing(source.fileName), schema, source);
        case 'RANDOM_DATA_SIMULATION':
          return randomEvents(schema, source);
        case 'DATABASE_SIMULATION': {
          const path = this.options.datasources.get(source.dataSourceName);
          if (path === undefined) {
            throw ApiError.of(
              'E_DATASOURCE_NOT_FOUND',
              source.dataSourceName,
              [...this.options.datasources.keys()].join(', '),
            );
          }
          return databaseEvents(path, schema, source);
        }
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw ApiError.of('E_FEED_SOURCE', describeError(error));
    }
  }

  async #start(feed: Feed): Promise<void> {
    const runs: SourceRun[] = [];
    try {
      for (const config of feed.config.sources) {
        runs.push({
          config,
          generator: await this.#generator(config),
          sent: 0,
          done: false,
          cancel: undefined,
        });
      }
    } catch (error) {
      for (const run of runs) run.generator.close();
      throw error;
    }
    feed.generation += 1;
    feed.runs = runs;
    feed.sent = 0;
    feed.claimed = 0;
    feed.state = 'running';
    feed.error = undefined;
    feed.startedAt = this.options.time.now();
    feed.finishedAt = undefined;
    for (const run of runs) this.#schedule(feed, run, this.options.time.now());
  }

  #schedule(feed: Feed, run: SourceRun, at: number): void {
    const generation = feed.generation;
    run.cancel = this.options.time.schedule(at, (due) => {
      run.cancel = undefined;
      if (feed.generation === generation && feed.state === 'running') {
        void this.#tick(feed, run, due, generation);
      }
    });
  }

  #cancel(run: SourceRun): void {
    run.cancel?.();
    run.cancel = undefined;
  }

  /** Sends one event of a source, then schedules the next. */
  async #tick(feed: Feed, run: SourceRun, due: number, generation: number): Promise<void> {
    const { properties } = feed.config;
    if (properties.noOfEvents !== undefined) {
      if (feed.claimed >= properties.noOfEvents) return;
      feed.claimed += 1;
    }
    try {
      const event = await run.generator.next();
      if (feed.generation !== generation || feed.state !== 'running') return;
      if (event === undefined) {
        run.done = true;
        if (feed.runs.every((r) => r.done)) this.#halt(feed, 'finished');
        return;
      }
      const timestamp =
        event.timestamp ??
        (properties.startTimestamp === undefined
          ? undefined
          : properties.startTimestamp + run.sent * properties.timeInterval);
      await this.options.deployments.send(run.config.siddhiAppName, run.config.streamName, [
        timestamp === undefined ? { data: event.data } : { data: event.data, timestamp },
      ]);
      run.sent += 1;
      feed.sent += 1;
    } catch (error) {
      if (feed.generation !== generation) return;
      feed.error = `${run.config.siddhiAppName}.${run.config.streamName}: ${describeError(error)}`;
      this.options.log.warn(
        { feed: feed.config.properties.simulationName, err: error },
        'feed simulation failed',
      );
      this.#halt(feed, 'failed');
      return;
    }
    if (properties.noOfEvents !== undefined && feed.sent >= properties.noOfEvents) {
      this.#halt(feed, 'finished');
      return;
    }
    if (this.#current(feed, generation)) this.#schedule(feed, run, due + properties.timeInterval);
  }

  /** Still the same run, still running (a send may have taken a while). */
  #current(feed: Feed, generation: number): boolean {
    return feed.generation === generation && feed.state === 'running';
  }

  #halt(feed: Feed, state: FeedState): void {
    feed.generation += 1;
    for (const run of feed.runs) {
      this.#cancel(run);
      run.generator.close();
    }
    if (feed.state === 'running' || feed.state === 'paused') {
      feed.state = state;
      feed.finishedAt = this.options.time.now();
    }
  }
}
