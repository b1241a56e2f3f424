// The embeddable entry point: `createEngine()` compiles app texts and plans them into running
// apps. Bad input never throws: it comes back as diagnostics (compile or runtime planning).

import { randomUUID } from 'node:crypto';
import { builtinRegistry, catalogOf } from './builtins/catalog/index.js';
import { compile, compileOnDemandQuery } from './compiler/compile.js';
import type { Diagnostic } from './compiler/diagnostic.js';
import type { ExtensionCatalog } from './compiler/extension-catalog.js';
import { resolveSchemas } from './compiler/validation/index.js';
import { runtimeMessages } from './errors/messages.js';
import type { Registry } from './extension-api/registry-types.js';
import { planApp } from './planner/plan-app.js';
import { planOnDemandQuery } from './planner/plan-on-demand.js';
import { planScriptFunctions } from './planner/plan-scripts.js';
import { withSystemParameters, type SystemParameters } from './planner/system-parameters.js';
import { NO_SPAN } from './query-api/index.js';
import { AppScheduler } from './runtime/app/app-scheduler.js';
import { AppRuntime } from './runtime/app/app-runtime.js';
import { consoleLogger, type Logger } from './runtime/app/logger.js';
import type { BackoffOptions } from './runtime/io/backoff.js';
import type { ErrorStore } from './runtime/io/error-store.js';
import { OnDemandQueries, OnDemandQueryError } from './runtime/on-demand/index.js';
import { fingerprintApp, StateRegistry, type PersistenceOptions } from './runtime/state/index.js';
import type { TableFactory } from './runtime/table/index.js';
import {
  PlaybackTimeService,
  readPlaybackConfig,
  SystemTimeService,
  type Clock,
  type Scheduler,
} from './runtime/time/index.js';

export interface EngineOptions {
  /**
   * Time for every app: a clock with a scheduler (e.g. a `VirtualClock` in tests). By default
   * each app gets its own system time service, released at shutdown.
   */
  readonly timeService?: Clock & Scheduler;
  /** Where processing errors and `#log()` output go; the console by default. */
  readonly logger?: Logger;
  /**
   * The extensions apps may use: `createRegistry(builtinExtensions, ...pluginLists)`; the
   * built-ins by default.
   */
  readonly extensions?: Registry;
  /** Overrides the compiler's view of the extensions (by default the registry's catalog). */
  readonly catalog?: ExtensionCatalog;
  /** Stores for `@store(type=…)` tables (tables without `@store` are in memory). */
  readonly stores?: readonly TableFactory[];
  /**
   * Share the evaluation of filters between the queries of one stream (default true): filters
   * comparing one attribute with constants are looked up in one index per event. Outputs are
   * the same either way; false evaluates every query's filter on its own.
   */
  readonly predicateIndex?: boolean;
  /**
   * Where `app.persist()` saves state snapshots and `app.restoreLastRevision()` finds them
   * (`InMemoryPersistenceStore`, `FilePersistenceStore` or your own), optionally persisting
   * every `interval` ms of app time and incrementally between full revisions.
   */
  readonly persistence?: PersistenceOptions;
  /**
   * Where erroneous events are kept for replay (`app.errors`): payloads sources could not map,
   * events sinks with `on.error='STORE'` could not publish, and events of streams with
   * `@OnError(action='STORE')`. None by default (those errors are logged).
   */
  readonly errorStore?: ErrorStore;
  /** The reconnect backoff of sources and sinks (Siddhi's 5 s … 5 min sequence by default). */
  readonly backoff?: BackoffOptions;
  /**
   * System parameters per extension, as Siddhi's `extensions:` configuration: keyed
   * `'<namespace>:<name>'` with the io namespaces `source`, `sink`, `sourceMapper`,
   * `sinkMapper`, `store` and `distributionStrategy` (`'source:kafka'`, `'store:rdbms'`), and
   * `script` for script languages (`'script:javascript': { timeout: '2000' }`); compared
   * case-insensitively. A value fills the option of the same key wherever an app leaves it
   * out (it sits under the app's values, over the spec's default), so an option configured
   * here is no longer missing when it is mandatory.
   * @example
   * createEngine({ extensions, systemParameters: { 'sink:http': { 'method': 'PUT' } } });
   */
  readonly systemParameters?: SystemParameters;
}

/** The outcome of `createApp`: a runtime, or the diagnostics that prevent running the app. */
export type CreateAppResult =
  | { readonly ok: true; readonly app: AppRuntime; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly app?: undefined; readonly diagnostics: readonly Diagnostic[] };

export interface Engine {
  /** Compiles and plans an app; never throws on bad input. The app is not started. */
  createApp(text: string): CreateAppResult;
}

function failure(diagnostics: readonly Diagnostic[]): CreateAppResult {
  return { ok: false, diagnostics };
}

function planningFailure(error: unknown): CreateAppResult {
  const detail = error instanceof Error ? error.message : String(error);
  return failure([
    {
      severity: 'error',
      code: 'E_PLAN_FAILED',
      message: runtimeMessages.E_PLAN_FAILED(detail),
      span: NO_SPAN,
    },
  ]);
}

/**
 * Creates an engine.
 * @example
 * const engine = createEngine({ timeService: new VirtualClock(0) });
 * const result = engine.createApp('define stream S (a int); @info(name=\'q\') from S[a > 1] select a insert into O;');
 * if (result.ok) {
 *   result.app.on('q', (inEvents) => console.log(inEvents.map((e) => e.data)));
 *   result.app.start();
 *   result.app.input('S').send([2]);
 * }
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const logger = options.logger ?? consoleLogger;
  const extensions = options.extensions ?? builtinRegistry;
  const systemParameters = options.systemParameters;
  const catalog = withSystemParameters(options.catalog ?? catalogOf(extensions), systemParameters);
  return {
    createApp(text) {
      let compiled;
      try {
        compiled = compile(text, { catalog });
      } catch (error) {
        return planningFailure(error);
      }
      const model = compiled.app;
      if (!compiled.ok || model === undefined) return failure(compiled.diagnostics);
      const releases: (() => void)[] = [];
      try {
        const appName = model.name ?? randomUUID();
        let base: Clock & Scheduler;
        if (options.timeService === undefined) {
          const system = new SystemTimeService({
            onError: (error) => {
              logger.log('error', `timer task failed in app '${appName}'`, error);
            },
          });
          releases.push(() => {
            system.shutdown();
          });
          base = system;
        } else {
          base = options.timeService;
        }
        const playbackConfig = readPlaybackConfig(model);
        let observeTimestamp: ((timestamp: number) => void) | undefined;
        let time: Clock & Scheduler = base;
        if (playbackConfig !== undefined) {
          const playback = new PlaybackTimeService({ ...playbackConfig, wall: base });
          releases.unshift(() => {
            playback.shutdown();
          });
          observeTimestamp = (timestamp) => {
            playback.onEventTime(timestamp);
          };
          time = playback;
        }
        const scheduler = new AppScheduler(time, logger);
        const schemas = resolveSchemas(model, catalog);
        const scripts = planScriptFunctions(
          model,
          extensions,
          appName,
          extensions.functions,
          systemParameters,
        );
        if (!scripts.ok) {
          for (const r of releases) r();
          return failure([...compiled.diagnostics, ...scripts.diagnostics]);
        }
        const functions = { clock: scheduler, functions: scripts.functions };
        const state = new StateRegistry();
        const plan = planApp(model, schemas, {
          state,
          appName,
          time: scheduler,
          logger,
          functions,
          extensions,
          ...(options.stores === undefined ? {} : { stores: options.stores }),
          ...(options.errorStore === undefined ? {} : { errorStore: options.errorStore }),
          ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
          ...(systemParameters === undefined ? {} : { systemParameters }),
          ...(options.predicateIndex === undefined
            ? {}
            : { predicateIndex: options.predicateIndex }),
        });
        const release = (): void => {
          for (const r of releases) r();
        };
        if (!plan.ok) {
          release();
          return failure([...compiled.diagnostics, ...plan.diagnostics]);
        }
        const app = new AppRuntime({
          name: appName,
          streams: plan.streams,
          queries: plan.queries,
          lifecycles: plan.lifecycles,
          tables: plan.tables,
          io: plan.io,
          onDemand: new OnDemandQueries(
            (queryText) => {
              const query = compileOnDemandQuery(queryText, model, { catalog });
              if (!query.ok || query.query === undefined) {
                throw new OnDemandQueryError(query.diagnostics);
              }
              return planOnDemandQuery(query.query, {
                tables: plan.tables,
                aggregations: plan.aggregations,
                schemas,
                functions,
                aggregators: extensions.aggregators,
              });
            },
            () => scheduler.now(),
          ),
          clock: scheduler,
          scheduler,
          logger,
          release,
          state,
          fingerprint: fingerprintApp(model),
          ...(options.persistence === undefined ? {} : { persistence: options.persistence }),
          ...(observeTimestamp === undefined ? {} : { observeTimestamp }),
        });
        return { ok: true, app, diagnostics: compiled.diagnostics };
      } catch (error) {
        for (const r of releases) r();
        return planningFailure(error);
      }
    },
  };
}
