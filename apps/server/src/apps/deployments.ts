// The deployed apps: deploy (compile, restore the last snapshot, start), update, undeploy,
// send, query, backup and restore. Changes run one at a time; deployed apps are mirrored as
// `<name>.siddhi` in the deployment folder, so a restart deploys them again.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  formatDiagnostics,
  parseApp,
  type AppRuntime,
  type Diagnostic,
  type Engine,
  type Logger as EngineLogger,
  type OnDemandResult,
  type PersistenceStore,
} from '@tributary/engine';
import { ApiError, diagnosticsJson } from '../http/api-error.js';
import type { ServerLogger } from '../logging/server-logger.js';
import { engineLogger } from '../logging/server-logger.js';
import { AppStatistics } from './app-statistics.js';
import { eventProblem } from './event-check.js';

export interface DeploymentsOptions {
  /** Creates the engine one app runs on, given the logger that names the app. */
  readonly createEngine: (logger: EngineLogger) => Engine;
  readonly log: ServerLogger;
  /** The deployment folder deployed apps are mirrored to; none: not mirrored. */
  readonly folder?: string;
  /** Where snapshots are persisted; none: persistence is off. */
  readonly persistence?: PersistenceStore;
  /** Count events per stream and query (default true). */
  readonly statistics?: boolean;
  /** Wall time (tests pass their own). */
  readonly now?: () => number;
  /** Told how long each send through the server took (metrics). */
  readonly onSend?: (app: string, stream: string, ms: number) => void;
}

/** A running app and what the server knows about it. */
export interface DeployedApp {
  readonly name: string;
  readonly text: string;
  readonly description: string | undefined;
  readonly app: AppRuntime;
  /** The file it was deployed from (or mirrored to). */
  readonly file: string | undefined;
  readonly deployedAt: number;
  readonly warnings: readonly Diagnostic[];
  /** The snapshot revision restored at deployment, if any. */
  readonly restoredRevision: string | undefined;
  readonly statistics: AppStatistics;
}

/** A file in the deployment folder that could not be deployed. */
export interface FailedFile {
  readonly file: string;
  /** The app the file is named after. */
  readonly name: string;
  readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
  readonly at: number;
}

/** How an app is listed. */
export interface AppSummary {
  readonly name: string;
  readonly status: 'active' | 'failed';
  readonly description?: string;
  readonly file?: string;
  readonly deployedAt?: number;
  readonly restoredRevision?: string;
  /** The last failed attempt to deploy a change from its file (the old version still runs). */
  readonly lastError?: FailedFile['error'];
}

export type DeployMode = 'create' | 'upsert';

export interface DeployOptions {
  /** `create` refuses a name already deployed; `upsert` replaces it (default `create`). */
  readonly mode?: DeployMode;
  /** The name the app must have (`PUT /siddhi-apps/{name}`, or a file's base name). */
  readonly expectedName?: string;
  /** The app comes from this file in the deployment folder (not mirrored back). */
  readonly file?: string;
}

export interface DeployOutcome {
  readonly deployed: DeployedApp;
  /** False when an app of the same name was replaced. */
  readonly created: boolean;
}

const APP_FILE = /\.siddhi$/;

/** An invalid app as an error whose body lists the diagnostics with lines and columns. */
function invalidApp(diagnostics: readonly Diagnostic[], text: string, file?: string): ApiError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return ApiError.of('E_INVALID_APP', errors.length).with({
    diagnostics: diagnosticsJson(diagnostics),
    text: formatDiagnostics(diagnostics, text, {
      color: false,
      ...(file === undefined ? {} : { fileName: basename(file) }),
    }),
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The server's deployed apps.
 * @example
 * const deployments = new Deployments({ createEngine: (logger) => createEngine({ logger }), log });
 * await deployments.deploy(text);
 * await deployments.send('StockAlerts', 'StockStream', [{ data: ['IBM', 75.5, 100] }]);
 */
export class Deployments {
  readonly #apps = new Map<string, DeployedApp>();
  readonly #failedFiles = new Map<string, FailedFile>();
  #queue: Promise<unknown> = Promise.resolve();
  #closing = false;
  readonly #now: () => number;

  constructor(private readonly options: DeploymentsOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** Whether `shutdown` has begun (new deployments are refused). */
  get closing(): boolean {
    return this.#closing;
  }

  /** Whether snapshots are persisted. */
  get persistent(): boolean {
    return this.options.persistence !== undefined;
  }

  /** Runs changes one after the other, so a file event and a REST call never interleave. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  list(): AppSummary[] {
    const summaries: AppSummary[] = [];
    for (const d of this.#apps.values()) {
      const failed = d.file === undefined ? undefined : this.#failedFiles.get(d.file);
      summaries.push({
        name: d.name,
        status: 'active',
        ...(d.description === undefined ? {} : { description: d.description }),
        ...(d.file === undefined ? {} : { file: d.file }),
        deployedAt: d.deployedAt,
        ...(d.restoredRevision === undefined ? {} : { restoredRevision: d.restoredRevision }),
        ...(failed === undefined ? {} : { lastError: failed.error }),
      });
    }
    for (const f of this.#failedFiles.values()) {
      if (!this.#apps.has(f.name)) {
        summaries.push({ name: f.name, status: 'failed', file: f.file, lastError: f.error });
      }
    }
    return summaries.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The deployed app named `name`; throws `E_APP_NOT_FOUND` (or `E_APP_FAILED`). */
  get(name: string): DeployedApp {
    const deployed = this.#apps.get(name);
    if (deployed !== undefined) return deployed;
    const failed = [...this.#failedFiles.values()].find((f) => f.name === name);
    if (failed !== undefined) throw ApiError.of('E_APP_FAILED', name).with({ cause: failed.error });
    throw ApiError.of('E_APP_NOT_FOUND', name);
  }

  /** The summary of one app, deployed or failed. */
  summary(name: string): AppSummary {
    const found = this.list().find((s) => s.name === name);
    if (found === undefined) throw ApiError.of('E_APP_NOT_FOUND', name);
    return found;
  }

  get apps(): readonly DeployedApp[] {
    return [...this.#apps.values()];
  }

  /**
   * Deploys an app text: compiles and plans it, restores its last snapshot (when persistence
   * is on and the app's structure matches) and starts it. Throws `ApiError` with diagnostics.
   */
  deploy(text: string, options: DeployOptions = {}): Promise<DeployOutcome> {
    return this.#serial(() => this.#deploy(text, options));
  }

  async #deploy(text: string, options: DeployOptions): Promise<DeployOutcome> {
    if (this.#closing) throw ApiError.of('E_SHUTTING_DOWN');
    // The engine may log while the app is created, before its name is known.
    const named: { app?: string } = {};
    const logger = engineLogger(this.options.log, () => named.app);
    const created = this.options.createEngine(logger).createApp(text);
    if (!created.ok) throw invalidApp(created.diagnostics, text, options.file);
    const app = created.app;
    const model = parseApp(text).app;
    const declared = model?.name;
    if (declared === undefined) {
      await app.shutdown();
      throw ApiError.of('E_APP_NAME_REQUIRED');
    }
    if (options.expectedName !== undefined && declared !== options.expectedName) {
      await app.shutdown();
      throw ApiError.of('E_APP_NAME_MISMATCH', options.expectedName, declared);
    }
    named.app = declared;
    const previous = this.#apps.get(declared);
    if (previous !== undefined && options.mode !== 'upsert') {
      await app.shutdown();
      throw ApiError.of('E_APP_EXISTS', declared);
    }
    if (previous !== undefined) await this.#stop(previous, 'replaced');
    const restoredRevision = await this.#restore(app);
    const statistics = previous?.text === text ? previous.statistics : new AppStatistics();
    if (this.options.statistics !== false) statistics.attach(app);
    app.start();
    const file = options.file ?? (await this.#mirror(declared, text));
    const description = model?.annotations.find(
      (a) => a.namespace?.toLowerCase() === 'app' && a.name.toLowerCase() === 'description',
    )?.elements[0]?.value;
    const deployed: DeployedApp = {
      name: declared,
      text,
      description,
      app,
      file,
      deployedAt: this.#now(),
      warnings: created.diagnostics.filter((d) => d.severity === 'warning'),
      restoredRevision,
      statistics,
    };
    this.#apps.set(declared, deployed);
    if (file !== undefined) this.#failedFiles.delete(file);
    this.options.log.info(
      { app: declared, file, restoredRevision },
      previous === undefined ? 'app deployed' : 'app updated',
    );
    return { deployed, created: previous === undefined };
  }

  /** Restores the newest snapshot; a snapshot of a different app text is skipped with a warning. */
  async #restore(app: AppRuntime): Promise<string | undefined> {
    if (this.options.persistence === undefined) return undefined;
    try {
      return await app.restoreLastRevision();
    } catch (error) {
      this.options.log.warn(
        { app: app.name, code: errorCode(error), err: error },
        'the last snapshot was not restored; the app starts with empty state',
      );
      return undefined;
    }
  }

  /** Writes `<folder>/<name>.siddhi` (atomically) unless it already holds `text`. */
  async #mirror(name: string, text: string): Promise<string | undefined> {
    const folder = this.options.folder;
    if (folder === undefined) return undefined;
    const file = join(folder, `${name}.siddhi`);
    try {
      if ((await readFile(file, 'utf8').catch(() => undefined)) === text) return file;
      await mkdir(folder, { recursive: true });
      const temporary = join(folder, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
      await writeFile(temporary, text);
      await rename(temporary, file);
      return file;
    } catch (error) {
      this.options.log.warn(
        { app: name, file, err: error },
        'could not save the app to the deployment folder',
      );
      return undefined;
    }
  }

  /**
   * Stops one app in the order that loses nothing: sources paused, buffered events drained,
   * state persisted (when on), then the app shut down (sinks publish what they hold).
   */
  async #stop(deployed: DeployedApp, why: string): Promise<void> {
    const { app, name } = deployed;
    try {
      if (app.running) app.pause();
      await app.idle();
      if (this.options.persistence !== undefined && app.running) {
        const revision = await app.persist();
        this.options.log.info({ app: name, revision }, `state persisted (${why})`);
      }
    } catch (error) {
      this.options.log.error({ app: name, err: error }, `could not persist state (${why})`);
    }
    deployed.statistics.detach();
    await app.shutdown();
    this.#apps.delete(name);
  }

  /**
   * Undeploys an app: persists its state (so deploying it again resumes), stops it and removes
   * its file; `purgeState` also deletes its snapshots.
   */
  undeploy(name: string, options: { readonly purgeState?: boolean } = {}): Promise<void> {
    return this.#serial(async () => {
      const deployed = this.#apps.get(name);
      const failed = [...this.#failedFiles.values()].find((f) => f.name === name);
      if (deployed === undefined && failed === undefined)
        throw ApiError.of('E_APP_NOT_FOUND', name);
      if (deployed !== undefined) await this.#stop(deployed, 'undeployed');
      if (options.purgeState === true) await this.options.persistence?.clear(name);
      const file = deployed?.file ?? failed?.file;
      if (file !== undefined) {
        this.#failedFiles.delete(file);
        await rm(file, { force: true });
      }
      this.options.log.info({ app: name }, 'app undeployed');
    });
  }

  /**
   * Deploys (or redeploys) a file of the deployment folder; a failure is recorded and logged,
   * never thrown, and leaves the other apps (and a running older version) alone.
   */
  deployFile(file: string): Promise<void> {
    return this.#serial(async () => {
      if (this.#closing || !file.endsWith('.siddhi')) return;
      const name = basename(file).replace(APP_FILE, '');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        this.#recordFailure(file, name, new ApiError('E_FILE_UNREADABLE', describeError(error)));
        return;
      }
      const running = this.#apps.get(name);
      if (running?.text === text) {
        this.#failedFiles.delete(file);
        return;
      }
      try {
        await this.#deploy(text, { mode: 'upsert', expectedName: name, file });
      } catch (error) {
        this.#recordFailure(file, name, error);
      }
    });
  }

  #recordFailure(file: string, name: string, error: unknown): void {
    const api =
      error instanceof ApiError ? error : new ApiError('E_INTERNAL', describeError(error));
    const failure: FailedFile = {
      file,
      name,
      error: { code: api.code, message: api.message, details: api.details },
      at: this.#now(),
    };
    this.#failedFiles.set(file, failure);
    const text = typeof api.details.text === 'string' ? `\n${api.details.text}` : '';
    this.options.log.error(
      { app: name, file, code: api.code },
      `${basename(file)} was not deployed: ${api.message}${text}`,
    );
  }

  /** The file was removed from the deployment folder: undeploy the app deployed from it. */
  removeFile(file: string): Promise<void> {
    return this.#serial(async () => {
      this.#failedFiles.delete(file);
      const deployed = [...this.#apps.values()].find((d) => d.file === file);
      if (deployed !== undefined) {
        await this.#stop(deployed, 'file removed');
        this.options.log.info({ app: deployed.name, file }, 'app undeployed (file removed)');
      }
    });
  }

  /** The failures recorded for files of the deployment folder. */
  failedFiles(): readonly FailedFile[] {
    return [...this.#failedFiles.values()];
  }

  /**
   * Sends events to a stream of an app after checking them against its attributes; resolves
   * with the number sent once every event has been taken in.
   */
  async send(
    name: string,
    stream: string,
    events: readonly { readonly data: readonly unknown[]; readonly timestamp?: number }[],
  ): Promise<number> {
    if (this.#closing) throw ApiError.of('E_SHUTTING_DOWN');
    const deployed = this.get(name);
    const schema = deployed.app.streamAttributes(stream);
    if (schema === undefined || stream.startsWith('!')) {
      const known = deployed.app.streamIds.filter((id) => !id.startsWith('!'));
      throw ApiError.of('E_UNKNOWN_STREAM', name, stream, known.join(', '));
    }
    events.forEach((event, i) => {
      const problem = eventProblem(schema, event.data);
      if (problem !== undefined) {
        const where = events.length === 1 ? '' : `event ${String(i)}: `;
        throw ApiError.of('E_INVALID_EVENT', stream, `${where}${problem}`);
      }
    });
    const input = deployed.app.input(stream);
    const started = performance.now();
    for (const event of events) await input.sendAsync(event.data, event.timestamp);
    const ms = performance.now() - started;
    deployed.statistics.recordSend(stream, events.length, ms);
    this.options.onSend?.(name, stream, ms);
    return events.length;
  }

  /** Runs an on-demand query on an app; engine errors carry their diagnostics. */
  query(name: string, text: string): OnDemandResult {
    return this.get(name).app.queryResult(text);
  }

  #store(): PersistenceStore {
    const store = this.options.persistence;
    if (store === undefined) throw ApiError.of('E_NO_PERSISTENCE');
    return store;
  }

  /** Persists a snapshot of an app now; resolves with its revision. */
  backup(name: string): Promise<string> {
    this.#store();
    return this.get(name).app.persist();
  }

  /** The persisted revisions of an app, oldest first. */
  revisions(name: string): Promise<readonly string[]> {
    return this.#store().list(name);
  }

  /**
   * Restores an app's newest snapshot, or `revision` (with the full snapshot an incremental
   * one builds on); resolves with the revision restored.
   */
  async restore(name: string, revision?: string): Promise<string> {
    const { app } = this.get(name);
    if (revision === undefined) {
      const restored = await app.restoreLastRevision();
      if (restored === undefined) throw ApiError.of('E_REVISION_NOT_FOUND', name, 'latest');
      return restored;
    }
    const restored = await app.restoreRevision(revision);
    if (restored === undefined) throw ApiError.of('E_REVISION_NOT_FOUND', name, revision);
    return restored;
  }

  /**
   * Graceful shutdown: refuses new work, then persists and stops every app (sources stop
   * first, then buffered events drain, then sinks, as the engine's shutdown orders them).
   */
  shutdown(): Promise<void> {
    this.#closing = true;
    return this.#serial(async () => {
      for (const deployed of [...this.#apps.values()]) await this.#stop(deployed, 'shutdown');
    });
  }
}
