// Prometheus metrics (prom-client, one registry per server): apps, per stream and query event
// counts, send latencies, stored errors, feed simulations, HTTP requests and the process.
// Counts are read from the apps' counters when scraped, so the hot path only adds numbers.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Deployments } from '../apps/deployments.js';

/** The state of one source or sink destination of an app (`app.connections()`). */
export interface ConnectionStatus {
  readonly kind: 'source' | 'sink';
  readonly stream: string;
  readonly type: string;
  readonly state: string;
  /** Failed connection attempts since it last connected. */
  readonly retries: number;
}

/** Every state a connection is reported in (each gets a sample, 0 when none is in it). */
const CONNECTION_STATES = ['connecting', 'connected', 'waiting', 'disconnected', 'failed'];

/** What the metrics read besides the deployments. */
export interface MetricsInputs {
  readonly deployments: Deployments;
  /** Stored errors per app. */
  readonly storedErrors?: () => Promise<readonly { appName: string; count: number }[]>;
  /** Feed simulations by state. */
  readonly feeds?: () => Readonly<Record<string, number>>;
  /** Sources and sinks of an app with their connection state. */
  readonly connections?: (app: string) => readonly ConnectionStatus[];
}

const LATENCY_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1];

interface MetricConfig<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
}

/** A gauge set at scrape time by `collect`. */
function gauge<L extends string>(
  registry: Registry,
  config: MetricConfig<L>,
  collect: (metric: Gauge<L>) => void | Promise<void>,
): Gauge<L> {
  const metric: Gauge<L> = new Gauge<L>({
    ...config,
    registers: [registry],
    collect: () => {
      metric.reset();
      return collect(metric);
    },
  });
  return metric;
}

/** A counter whose values are read from the apps' own counters at scrape time. */
function counter<L extends string>(
  registry: Registry,
  config: MetricConfig<L>,
  read: (set: (labels: Record<L, string>, value: number) => void) => void,
): Counter<L> {
  const metric: Counter<L> = new Counter<L>({
    ...config,
    registers: [registry],
    collect: () => {
      metric.reset();
      read((labels, value) => {
        metric.inc(labels, value);
      });
    },
  });
  return metric;
}

/**
 * The server's metrics registry.
 * @example
 * const metrics = new ServerMetrics();
 * metrics.watch({ deployments });
 * const text = await metrics.text(); // Prometheus exposition format
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #sendDuration: Histogram<'app' | 'stream'>;
  readonly #httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly #httpDuration: Histogram<'method' | 'route'>;
  #inputs: MetricsInputs | undefined;

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    const registry = this.registry;
    if (options.processMetrics !== false) {
      collectDefaultMetrics({ register: registry, prefix: 'tributary_' });
    }
    this.#sendDuration = new Histogram({
      name: 'tributary_send_duration_seconds',
      help: 'Time to process events sent through the server (REST, simulation), per send',
      labelNames: ['app', 'stream'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.#httpRequests = new Counter({
      name: 'tributary_http_requests_total',
      help: 'HTTP requests served, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.#httpDuration = new Histogram({
      name: 'tributary_http_request_duration_seconds',
      help: 'HTTP request durations, by route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    });
    const apps = (): Deployments['apps'] => this.#inputs?.deployments.apps ?? [];
    gauge(
      registry,
      { name: 'tributary_apps', help: 'Deployed apps, by status', labelNames: ['status'] },
      (metric) => {
        const list = this.#inputs?.deployments.list() ?? [];
        metric.set({ status: 'active' }, list.filter((a) => a.status === 'active').length);
        metric.set({ status: 'failed' }, list.filter((a) => a.status === 'failed').length);
      },
    );
    counter(
      registry,
      {
        name: 'tributary_stream_events_total',
        help: 'Events inserted into each stream of each app',
        labelNames: ['app', 'stream'],
      },
      (set) => {
        for (const d of apps()) {
          for (const [stream, n] of d.statistics.streams) set({ app: d.name, stream }, n);
        }
      },
    );
    counter(
      registry,
      {
        name: 'tributary_query_events_total',
        help: 'Events out of each query of each app (current and expired)',
        labelNames: ['app', 'query', 'type'],
      },
      (set) => {
        for (const d of apps()) {
          for (const [query, c] of d.statistics.queries) {
            set({ app: d.name, query, type: 'current' }, c.current);
            set({ app: d.name, query, type: 'expired' }, c.expired);
          }
        }
      },
    );
    counter(
      registry,
      {
        name: 'tributary_sent_events_total',
        help: 'Events sent into streams through the server (REST, simulation)',
        labelNames: ['app', 'stream'],
      },
      (set) => {
        for (const d of apps()) {
          for (const [stream, c] of d.statistics.sent) set({ app: d.name, stream }, c.events);
        }
      },
    );
    gauge(
      registry,
      {
        name: 'tributary_app_uptime_seconds',
        help: 'Seconds since each app was deployed',
        labelNames: ['app'],
      },
      (metric) => {
        for (const d of apps()) metric.set({ app: d.name }, (Date.now() - d.deployedAt) / 1000);
      },
    );
    gauge(
      registry,
      {
        name: 'tributary_connection_state',
        help: 'Sources and sink destinations of each app, by connection state',
        labelNames: ['app', 'kind', 'stream', 'type', 'state'],
      },
      (metric) => {
        const connections = this.#inputs?.connections;
        if (connections === undefined) return;
        for (const d of apps()) {
          const seen = new Set<string>();
          for (const { kind, stream, type, state } of connections(d.name)) {
            const key = `${kind}\u0000${stream}\u0000${type}`;
            if (!seen.has(key)) {
              seen.add(key);
              for (const s of CONNECTION_STATES) {
                metric.set({ app: d.name, kind, stream, type, state: s }, 0);
              }
            }
            metric.inc({ app: d.name, kind, stream, type, state }, 1);
          }
        }
      },
    );
    gauge(
      registry,
      {
        name: 'tributary_connection_retries',
        help: 'Failed connection attempts of sources and sinks since they last connected',
        labelNames: ['app', 'kind', 'stream', 'type'],
      },
      (metric) => {
        const connections = this.#inputs?.connections;
        if (connections === undefined) return;
        for (const d of apps()) {
          for (const { kind, stream, type, retries } of connections(d.name)) {
            metric.inc({ app: d.name, kind, stream, type }, retries);
          }
        }
      },
    );
    gauge(
      registry,
      {
        name: 'tributary_stored_errors',
        help: 'Entries in the error store, per app',
        labelNames: ['app'],
      },
      async (metric) => {
        const stored = this.#inputs?.storedErrors;
        if (stored === undefined) return;
        for (const { appName, count } of await stored()) metric.set({ app: appName }, count);
      },
    );
    gauge(
      registry,
      {
        name: 'tributary_feed_simulations',
        help: 'Feed simulations, by state',
        labelNames: ['state'],
      },
      (metric) => {
        for (const [state, n] of Object.entries(this.#inputs?.feeds?.() ?? {})) {
          metric.set({ state }, n);
        }
      },
    );
  }

  /** Starts reading the apps (and the other inputs) at scrape time. */
  watch(inputs: MetricsInputs): void {
    this.#inputs = inputs;
  }

  /** Records how long a send through the server took (`Deployments`' `onSend`). */
  readonly observeSend = (app: string, stream: string, ms: number): void => {
    this.#sendDuration.observe({ app, stream }, ms / 1000);
  };

  /** Records an HTTP request. */
  observeRequest(method: string, route: string, status: number, ms: number): void {
    this.#httpRequests.inc({ method, route, status: String(status) });
    this.#httpDuration.observe({ method, route }, ms / 1000);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
