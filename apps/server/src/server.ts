// Composes and starts the server: configuration → logger → extensions → persistence and error
// stores → deployments, simulations, metrics → the NestJS app → the deployment folder → listen.
// The one place where every piece is chosen; `close()` drains gracefully.

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadPlugins } from '@tributary/cli';
import {
  createEngine,
  FilePersistenceStore,
  InMemoryErrorStore,
  InMemoryPersistenceStore,
  SystemTimeService,
  version,
  type Clock,
  type ErrorStore,
  type PersistenceStore,
  type Scheduler,
} from '@tributary/engine';
import type { DestinationStream } from 'pino';
import { Deployments } from './apps/deployments.js';
import { Authenticator } from './auth/authenticator.js';
import {
  loadServerConfig,
  type LoadConfigOptions,
  type ServerConfig,
} from './config/server-config.js';
import { HotDeployer } from './deployment/hot-deployer.js';
import { ExtensionCatalogue, type LoadedExtensions } from './extensions/extension-catalogue.js';
import { hostLists } from './extensions/host-lists.js';
import { checkSystemParameters } from './extensions/system-parameters.js';
import {
  AUTHENTICATOR,
  CONFIG,
  DEPLOYMENTS,
  ERROR_STORE,
  EXTENSIONS,
  FEEDS,
  HEALTH,
  LIFECYCLE,
  LOGGER,
  METRICS,
  SIMULATION_FILES,
} from './http/tokens.js';
import { createServerLogger, nestLogger, type ServerLogger } from './logging/server-logger.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { serverModule, type ServerContext } from './server-module.js';
import { FeedSimulations } from './simulation/feed-simulations.js';
import { SimulationFiles } from './simulation/simulation-files.js';
import { SqliteErrorStore } from './storage/sqlite-error-store.js';

export interface StartServerOptions {
  /** The configuration; loaded with `load` (file and environment) when absent. */
  readonly config?: ServerConfig;
  readonly load?: LoadConfigOptions;
  /** Where logs go (stdout by default). */
  readonly logDestination?: DestinationStream;
  /**
   * The extensions; by default the built-ins, bundled plugins and the plugins folder (the
   * http connector's sources then check basic auth against the configured users).
   */
  readonly extensions?: LoadedExtensions;
  /** Time for feed simulations (tests pass a virtual clock). */
  readonly time?: Clock & Scheduler;
}

/** A started server. */
export interface TributaryServer {
  /** `http://host:port` it listens on. */
  readonly url: string;
  readonly port: number;
  readonly config: ServerConfig;
  readonly deployments: Deployments;
  readonly log: ServerLogger;
  /** ms from the call to `startServer` until it listened. */
  readonly startupMs: number;
  /** Resolves when the server has closed (by `close()` or a signal). */
  readonly closed: Promise<void>;
  /** Graceful shutdown: stop sources, drain, persist state, stop sinks, close. */
  close(): Promise<void>;
}

interface HttpRequest {
  readonly method: string;
  readonly originalUrl: string;
  readonly route?: { readonly path?: unknown };
  readonly baseUrl?: string;
}

interface HttpResponse {
  readonly statusCode: number;
  on(event: 'finish', listener: () => void): void;
}

function persistenceStore(config: ServerConfig): PersistenceStore | undefined {
  const { persistence } = config;
  if (!persistence.enabled) return undefined;
  return persistence.store === 'memory'
    ? new InMemoryPersistenceStore({ keep: persistence.keep })
    : new FilePersistenceStore(persistence.directory, { keep: persistence.keep });
}

function errorStore(config: ServerConfig): { store: ErrorStore; close: () => void } {
  if (config.errorStore.type === 'memory')
    return { store: new InMemoryErrorStore(), close: () => undefined };
  const store = new SqliteErrorStore(config.errorStore.path, {
    maxEntries: config.errorStore.maxEntries,
  });
  return {
    store,
    close: () => {
      store.close();
    },
  };
}

/** Stops waiting after `ms`, logging what did not finish. */
async function within(
  ms: number,
  work: Promise<void>,
  log: ServerLogger,
  what: string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, ms);
  });
  const outcome = await Promise.race([work.then(() => 'done' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') log.warn({ ms }, `${what} did not finish in time; closing anyway`);
}

/**
 * Starts a server.
 * @example
 * const server = await startServer({ load: { env: { TRIBUTARY_SERVER_PORT: '0' } } });
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<TributaryServer> {
  const started = performance.now();
  const config = options.config ?? loadServerConfig(options.load);
  const log = createServerLogger(config.logging.level, options.logDestination);
  const authenticator = new Authenticator(config.auth);
  const extensions =
    options.extensions ??
    (await loadPlugins({
      pluginsDir: config.plugins.folder,
      hostLists: hostLists((username, password) => authenticator.verifyUser(username, password)),
    }));
  const pluginsLoaded = performance.now();
  for (const refused of extensions.refused) {
    log.warn({ plugin: refused.name, reason: refused.reason }, 'plugin refused');
  }
  for (const problem of checkSystemParameters(config.extensions, extensions.registry)) {
    log.warn({ key: problem.key }, `conf extensions.${problem.key}: ${problem.message}`);
  }
  const persistence = persistenceStore(config);
  const errors = errorStore(config);
  const metrics = new ServerMetrics();
  const deployments = new Deployments({
    createEngine: (logger) =>
      createEngine({
        logger,
        extensions: extensions.registry,
        errorStore: errors.store,
        systemParameters: config.extensions,
        ...(persistence === undefined
          ? {}
          : {
              persistence: {
                store: persistence,
                incremental: config.persistence.incremental,
                ...(config.persistence.interval > 0
                  ? { interval: config.persistence.interval }
                  : {}),
              },
            }),
      }),
    log,
    folder: config.deployment.folder,
    ...(persistence === undefined ? {} : { persistence }),
    statistics: config.metrics.statistics,
    onSend: metrics.observeSend,
  });
  const time = options.time ?? new SystemTimeService();
  const files = new SimulationFiles(config.simulation.filesFolder);
  const feeds = new FeedSimulations({
    deployments,
    files,
    datasources: new Map(config.datasources.map((d) => [d.name, d.path])),
    time,
    log,
  });
  const storedErrors = errors.store;
  metrics.watch({
    deployments,
    feeds: () => feeds.countByState(),
    connections: (app) => deployments.get(app).app.connections(),
    storedErrors:
      storedErrors instanceof SqliteErrorStore
        ? () => storedErrors.apps()
        : async () =>
            Promise.all(
              deployments.apps.map(async (d) => ({
                appName: d.name,
                count: await storedErrors.count(d.name),
              })),
            ),
  });
  const hot = new HotDeployer({
    folder: config.deployment.folder,
    deployments,
    log,
    watch: config.deployment.watch,
  });
  let released = false;
  const context: ServerContext = {
    [CONFIG]: config,
    [LOGGER]: log,
    [AUTHENTICATOR]: authenticator,
    [DEPLOYMENTS]: deployments,
    [METRICS]: metrics,
    [FEEDS]: feeds,
    [SIMULATION_FILES]: files,
    [ERROR_STORE]: errors.store,
    [EXTENSIONS]: new ExtensionCatalogue(extensions),
    [HEALTH]: { startedAt: Date.now(), version },
    [LIFECYCLE]: {
      drain: () =>
        within(
          config.server.shutdownTimeout,
          (async () => {
            log.info('shutting down: stopping feeds and sources, persisting state');
            await hot.close();
            feeds.stopAll();
            await deployments.shutdown();
          })(),
          log,
          'the graceful shutdown',
        ),
      release: () => {
        if (!released) {
          released = true;
          errors.close();
          if (options.time === undefined && time instanceof SystemTimeService) time.shutdown();
          log.info('server stopped');
        }
        return Promise.resolve();
      },
    },
  };
  // Nest declares its options as a class but reads them as plain data.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const nest = await NestFactory.create<NestExpressApplication>(serverModule(context), {
    logger: nestLogger(log),
    bodyParser: false,
    abortOnError: false,
  });
  nest.useBodyParser('json', { limit: config.server.bodyLimit });
  nest.useBodyParser('text', { limit: config.server.bodyLimit, type: ['text/plain', 'text/csv'] });
  nest.use((req: HttpRequest, res: HttpResponse, next: () => void) => {
    const begun = performance.now();
    res.on('finish', () => {
      const path = req.route?.path;
      const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
      const ms = performance.now() - begun;
      metrics.observeRequest(req.method, route, res.statusCode, ms);
      log.debug(
        { method: req.method, url: req.originalUrl, status: res.statusCode, ms },
        'request',
      );
    });
    next();
  });
  nest.disable('x-powered-by');
  let closing: Promise<void> | undefined;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const nestCreated = performance.now();
  try {
    await hot.start();
    await nest.listen(config.server.port, config.server.host);
  } catch (error) {
    await nest.close().catch(() => undefined);
    throw error;
  }
  const address = nest.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.server.port;
  const host =
    config.server.host === '0.0.0.0' || config.server.host === '::'
      ? '127.0.0.1'
      : config.server.host;
  const startupMs = performance.now() - started;
  const server: TributaryServer = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`,
    port,
    config,
    deployments,
    log,
    startupMs,
    closed,
    close() {
      closing ??= nest.close().finally(resolveClosed);
      return closing;
    },
  };
  log.info(
    {
      url: server.url,
      startupMs: Math.round(startupMs),
      phasesMs: {
        plugins: Math.round(pluginsLoaded - started),
        http: Math.round(nestCreated - pluginsLoaded),
        deploy: Math.round(performance.now() - nestCreated),
      },
      apps: deployments.apps.length,
      failed: deployments.failedFiles().length,
      processUptimeMs: Math.round(process.uptime() * 1000),
      rssMb: Math.round(process.memoryUsage().rss / 1_048_576),
    },
    'server started',
  );
  return server;
}
