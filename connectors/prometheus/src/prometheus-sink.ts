// The `prometheus` sink: each event updates a counter, gauge, histogram or summary whose labels
// are the stream's other attributes — exposed on an HTTP server (publish.mode=server) or pushed
// to a Pushgateway after each batch of updates (publish.mode=pushgateway), as siddhi-io-prometheus
// does (counters and gauges are increased by the value, histograms and summaries observe it).

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type IoAttribute,
  type IoEvent,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import { Counter, Gauge, Histogram, Pushgateway, Registry, Summary } from 'prom-client';
import { parseKeyValueList } from './key-value-list.js';
import { leaseMetricsServer, type MetricsServerLease } from './metrics-server.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const parameters = {
  job: param.string({
    description: 'The job the metrics are pushed under (pushgateway mode).',
    optional: true,
    default: 'siddhiJob',
  }),
  'publish.mode': param.enum(['server', 'pushgateway'], {
    description:
      '`server`: expose the metrics on an HTTP server at `server.url`; `pushgateway`: push ' +
      'them to the Pushgateway at `push.url`.',
    optional: true,
    default: 'server',
  }),
  'push.url': param.string({
    description: 'The Pushgateway (pushgateway mode).',
    optional: true,
    default: 'http://localhost:9091',
  }),
  'server.url': param.string({
    description:
      'Where the metrics are served (server mode); sinks with the same host and port share ' +
      'one server.',
    optional: true,
    default: 'http://localhost:9080',
  }),
  'metric.type': param.enum(['counter', 'gauge', 'histogram', 'summary'], {
    description: 'The metric type.',
  }),
  'metric.help': param.string({
    description: 'The metric’s help text (default: `help for <type> <name>`).',
    optional: true,
  }),
  'metric.name': param.string({
    description: 'The metric name, matching `[a-zA-Z_:][a-zA-Z0-9_:]*` (default: the stream name).',
    optional: true,
  }),
  buckets: param.string({
    description: "Histogram bucket upper bounds: `'2,4,6,8'` (default: prom-client's defaults).",
    optional: true,
  }),
  quantiles: param.string({
    description: "Summary quantiles: `'0.5,0.75,0.95'`, each between 0 and 1.",
    optional: true,
  }),
  'quantile.error': param.double({
    description:
      'The error tolerance of summary quantiles, in [0, 1). Accepted for Siddhi apps: ' +
      'prom-client estimates quantiles with a t-digest of its own accuracy.',
    optional: true,
    default: 0.001,
  }),
  'value.attribute': param.string({
    description: 'The numeric attribute holding the value; every other attribute is a label.',
    optional: true,
    default: 'value',
  }),
  'push.operation': param.enum(['push', 'pushadd'], {
    description:
      '`push` replaces the job’s metrics on the Pushgateway (PUT); `pushadd` replaces only ' +
      'metrics of the same name (POST).',
    optional: true,
    default: 'pushadd',
  }),
  'grouping.key': param.string({
    description: "Pushgateway grouping key: `\"'key1:value1','key2:value2'\"`.",
    optional: true,
  }),
};

export type PrometheusSinkOptions = OptionsOf<typeof parameters>;

type Metric = Counter | Gauge | Histogram | Summary;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function numbers(text: string | undefined, option: string): number[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || Number.isNaN(value)) {
      throw new Error(`${option} '${text}' holds '${part.trim()}', which is not a number`);
    }
    return value;
  });
}

function hostAndPort(url: string, option: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${option} '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'http:') throw new Error(`${option} '${url}' must be an http URL`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 80) };
}

/** A label value as text: objects as JSON, null as empty. */
function labelValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** What one event sets: the value and the label values. */
interface Update {
  readonly value: number;
  readonly labels: Record<string, string>;
}

function isIoEvent(value: unknown): value is IoEvent {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data)
  );
}

/** One `prometheus` sink. */
class PrometheusSinkConnection implements SinkConnection {
  readonly #where: string;
  readonly #metric: Metric;
  readonly #name: string;
  readonly #valueAttribute: string;
  readonly #labels: readonly IoAttribute[];
  readonly #server: { host: string; port: number } | undefined;
  readonly #gateway: Pushgateway<'text/plain; version=0.0.4; charset=utf-8'> | undefined;
  readonly #groupings: Record<string, string>;
  #registry: Registry | undefined;
  #lease: MetricsServerLease | undefined;
  /** The push that the next updates wait for (one push carries every update before it). */
  #queued: Promise<void> | undefined;
  #pushing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: SinkContext<PrometheusSinkOptions>) {
    const options = ctx.options;
    this.#where = `sink 'prometheus' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#name = (options['metric.name'] ?? ctx.streamId).trim();
    if (!METRIC_NAME.test(this.#name)) {
      throw new Error(`metric name '${this.#name}' does not match [a-zA-Z_:][a-zA-Z0-9_:]*`);
    }
    this.#valueAttribute = options['value.attribute'].trim();
    const value = ctx.attributes.find((a) => a.name === this.#valueAttribute);
    if (value === undefined) {
      throw new Error(`the value attribute '${this.#valueAttribute}' is not in the stream`);
    }
    if (!['int', 'long', 'float', 'double'].includes(value.type)) {
      throw new Error(
        `the value attribute '${this.#valueAttribute}' is a ${value.type}; it must be numeric`,
      );
    }
    this.#labels = ctx.attributes.filter((a) => a.name !== this.#valueAttribute);
    for (const label of this.#labels) {
      if (!LABEL_NAME.test(label.name) || label.name.startsWith('__')) {
        throw new Error(`attribute '${label.name}' cannot be a Prometheus label name`);
      }
    }
    const type = options['metric.type'];
    const buckets = numbers(options.buckets, 'buckets');
    const quantiles = numbers(options.quantiles, 'quantiles');
    if (buckets !== undefined && type !== 'histogram') {
      throw new Error(`buckets apply to histograms, not to a ${type}`);
    }
    if (quantiles !== undefined && type !== 'summary') {
      throw new Error(`quantiles apply to summaries, not to a ${type}`);
    }
    if (quantiles?.some((q) => q <= 0 || q >= 1) === true) {
      throw new Error(`quantiles must lie between 0 and 1, found '${options.quantiles ?? ''}'`);
    }
    const error = options['quantile.error'];
    if (error < 0 || error >= 1)
      throw new Error(`quantile.error must be in [0, 1), found ${String(error)}`);
    const config = {
      name: this.#name,
      help: options['metric.help'] ?? `help for ${type} ${this.#name}`,
      labelNames: this.#labels.map((l) => l.name),
      registers: [],
    };
    this.#metric =
      type === 'counter'
        ? new Counter(config)
        : type === 'gauge'
          ? new Gauge(config)
          : type === 'histogram'
            ? new Histogram({ ...config, ...(buckets === undefined ? {} : { buckets }) })
            : new Summary({
                ...config,
                ...(quantiles === undefined ? {} : { percentiles: quantiles }),
              });
    const groupingKey = options['grouping.key'];
    this.#groupings = Object.fromEntries(
      groupingKey === undefined ? [] : parseKeyValueList(groupingKey, 'grouping.key'),
    );
    if (options['publish.mode'] === 'server') {
      this.#server = hostAndPort(options['server.url'], 'server.url');
    } else {
      hostAndPort(options['push.url'], 'push.url');
      this.#registry = new Registry();
      this.#registry.registerMetric(this.#metric);
      this.#gateway = new Pushgateway(options['push.url'], { timeout: 10_000 }, this.#registry);
    }
  }

  async connect(): Promise<void> {
    if (this.#server !== undefined) {
      const lease = await leaseMetricsServer(this.#server.host, this.#server.port);
      const existing = lease.registry.getSingleMetric(this.#name);
      if (existing !== undefined && existing !== this.#metric) {
        await lease.release();
        throw new Error(
          `metric '${this.#name}' is already served on ${this.#server.host}:${String(this.#server.port)} by another sink`,
        );
      }
      if (existing === undefined) lease.registry.registerMetric(this.#metric);
      this.#lease = lease;
      this.#registry = lease.registry;
      return;
    }
    // Siddhi pushes once at connect: an unreachable Pushgateway is a connection error.
    await this.#push();
  }

  async disconnect(): Promise<void> {
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease !== undefined) {
      if (lease.registry.getSingleMetric(this.#name) === this.#metric) {
        lease.registry.removeSingleMetric(this.#name);
      }
      await lease.release();
    }
    await this.#pushing.catch(() => undefined);
  }

  publish(payload: unknown): Promise<void> {
    const update = this.#read(payload);
    const metric = this.#metric;
    if (metric instanceof Counter) metric.inc(update.labels, update.value);
    else if (metric instanceof Gauge) metric.inc(update.labels, update.value);
    else metric.observe(update.labels, update.value);
    return this.#gateway === undefined ? Promise.resolve() : this.#schedulePush();
  }

  #read(payload: unknown): Update {
    let get: (name: string, index: number) => unknown;
    if (isIoEvent(payload)) {
      const data = payload.data;
      get = (_, index) => data[index];
    } else if (payload instanceof Map) {
      const map = payload as ReadonlyMap<unknown, unknown>;
      get = (name) => map.get(name);
    } else if (typeof payload === 'object' && payload !== null) {
      const record = payload as Readonly<Record<string, unknown>>;
      get = (name) => record[name];
    } else {
      throw new Error(
        `${this.#where} takes key-value maps or events, but the mapper made ${typeof payload}; use @map(type='keyvalue')`,
      );
    }
    const valueIndex = this.ctx.attributes.findIndex((a) => a.name === this.#valueAttribute);
    const raw = get(this.#valueAttribute, valueIndex);
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (raw === null || raw === undefined || Number.isNaN(value)) {
      throw new Error(`${this.#where}: the value '${String(raw)}' is not a number`);
    }
    const labels: Record<string, string> = {};
    for (const label of this.#labels) {
      const v = get(label.name, this.ctx.attributes.indexOf(label));
      labels[label.name] = labelValue(v);
    }
    return { value, labels };
  }

  /** Pushes every update made before it; updates during a push wait for the next one. */
  #schedulePush(): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;
    const next = this.#pushing
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#push();
      });
    this.#queued = next;
    this.#pushing = next;
    return next;
  }

  async #push(): Promise<void> {
    const gateway = this.#gateway;
    if (gateway === undefined) return;
    const params = { jobName: this.ctx.options.job, groupings: this.#groupings };
    try {
      if (this.ctx.options['push.operation'] === 'push') await gateway.push(params);
      else await gateway.pushAdd(params);
    } catch (error) {
      throw new ConnectionUnavailableError(
        `${this.#where} cannot push to ${this.ctx.options['push.url']}: ${describe(error)}`,
        { cause: error },
      );
    }
  }
}

/**
 * The `prometheus` sink.
 * @example
 * createRegistry({ package: '@tributary/connector-prometheus', version: '0.1.0', extensions: [prometheusSink] });
 */
export const prometheusSink = defineSink({
  name: 'prometheus',
  status: 'stable',
  summary: 'Turns events into a Prometheus counter, gauge, histogram or summary, served or pushed.',
  description:
    'The metric (named after the stream unless `metric.name` says otherwise) has the stream’s ' +
    'attributes as labels, except `value.attribute`, whose value increases a counter or gauge ' +
    'or is observed by a histogram or summary. In server mode an HTTP server at `server.url` ' +
    'serves it (sinks on one host and port share the server); in pushgateway mode the metrics ' +
    'are pushed under `job` and `grouping.key`, and an event is acknowledged once a push ' +
    "carrying it succeeded. Payloads are key-value maps (`@map(type='keyvalue')`) or events " +
    '(the default passThrough mapping).',
  parameters,
  examples: [
    {
      description: 'Counts foo orders by name and quantity, served on localhost:9080.',
      siddhi:
        "@sink(type='prometheus', job='fooOrderCount', server.url='http://localhost:9080', publish.mode='server',\n" +
        "      metric.type='counter', metric.help='Number of foo orders', @map(type='keyvalue'))\n" +
        'define stream FooCountStream (Name string, quantity int, value int);',
    },
    {
      description: 'Pushes an inventory gauge to a Pushgateway.',
      siddhi:
        "@sink(type='prometheus', job='inventoryLevel', push.url='http://localhost:9091', publish.mode='pushGateway',\n" +
        "      metric.type='gauge', metric.help='Current level of inventory', @map(type='keyvalue'))\n" +
        'define stream InventoryLevelStream (Name string, value int);',
    },
    {
      description: 'Observes latencies in a histogram with custom buckets.',
      siddhi:
        "@sink(type='prometheus', metric.type='histogram', metric.name='request_latency', buckets='0.1,0.5,1,5',\n" +
        "      value.attribute='latency', server.url='http://0.0.0.0:9080')\n" +
        'define stream Latencies (path string, latency double);',
    },
  ],
  create: (ctx) => new PrometheusSinkConnection(ctx),
});
