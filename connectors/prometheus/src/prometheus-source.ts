// The `prometheus` source: scrapes a target's metrics endpoint every `scrape.interval` seconds
// (on the app's scheduler) and, when the response changed, emits one key-value map per sample
// of the chosen metric — metric_name, metric_type, help, subtype, the labels and the value —
// as siddhi-io-prometheus does. Unreachable targets and error answers are connection errors.

import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseExposition, type MetricFamily, type Sample } from './exposition.js';
import { parseKeyValueList } from './key-value-list.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const parameters = {
  'target.url': param.string({ description: 'The metrics endpoint to scrape.' }),
  'scrape.interval': param.int({
    description: 'Seconds between scrapes.',
    optional: true,
    default: 60,
  }),
  'scrape.timeout': param.int({
    description: 'Seconds a scrape may take before it fails.',
    optional: true,
    default: 10,
  }),
  scheme: param.enum(['HTTP', 'HTTPS'], {
    description: 'The scheme of `target.url`.',
    optional: true,
    default: 'HTTP',
  }),
  'metric.name': param.string({
    description: 'The metric (family) to read (default: the stream name).',
    optional: true,
  }),
  'metric.type': param.enum(['counter', 'gauge', 'histogram', 'summary'], {
    description: 'The type the metric must have.',
  }),
  username: param.string({ description: 'Basic authentication user.', optional: true }),
  password: param.string({
    description: 'Basic authentication password.',
    optional: true,
    secret: true,
  }),
  'client.truststore.file': param.string({
    description: 'HTTPS: trusted CA certificates, a PEM file (default: the system CAs).',
    optional: true,
  }),
  'client.truststore.password': param.string({
    description: 'Accepted for Siddhi apps; PEM trust stores have no password.',
    optional: true,
    secret: true,
  }),
  headers: param.string({
    description: "Request headers: `\"'header1:value1','header2:value2'\"`.",
    optional: true,
  }),
  job: param.string({ description: 'Only samples with this `job` label.', optional: true }),
  instance: param.string({
    description: 'Only samples with this `instance` label.',
    optional: true,
  }),
  'grouping.key': param.string({
    description: "Only samples with these labels: `\"'key1:value1','key2:value2'\"`.",
    optional: true,
  }),
};

export type PrometheusSourceOptions = OptionsOf<typeof parameters>;

/** The position state: the last response, so an unchanged one is not emitted again. */
export interface PrometheusSourceState {
  readonly lastResponse: string | undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a sample of each type is, beside its labels (Siddhi's `subtype`). */
function subtypeOf(family: MetricFamily, sample: Sample): string | null {
  if (family.type === 'histogram' || family.type === 'summary') {
    if (sample.name.endsWith('_bucket')) return 'bucket';
    if (sample.name.endsWith('_sum')) return 'sum';
    if (sample.name.endsWith('_count')) return 'count';
  }
  return null;
}

/**
 * The key-value maps a scrape yields for one metric, by Siddhi's rules.
 * @example
 * samplesToMaps(parseExposition(text), { name: 'up', type: 'gauge', labels: {} })
 * // [{ metric_name: 'up', metric_type: 'gauge', help: '…', subtype: null, job: 'a', value: 1 }]
 */
export function samplesToMaps(
  families: readonly MetricFamily[],
  wanted: {
    readonly name: string;
    readonly type: string;
    readonly labels: Readonly<Record<string, string>>;
  },
): Record<string, unknown>[] {
  const family = families.find((f) => f.name === wanted.name && f.type === wanted.type);
  if (family === undefined) return [];
  const filters = Object.entries(wanted.labels);
  return family.samples
    .filter((s) => !s.name.endsWith('_created'))
    .filter((s) => filters.every(([k, v]) => s.labels[k] === v))
    .map((sample) => ({
      metric_name: family.name,
      metric_type: family.type,
      help: family.help,
      subtype: subtypeOf(family, sample),
      ...sample.labels,
      value: sample.value,
    }));
}

/** One `prometheus` source. */
class PrometheusSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #url: URL;
  readonly #metricName: string;
  readonly #labels: Record<string, string>;
  readonly #headers: Record<string, string>;
  readonly #ca: string | undefined;
  #lastResponse: string | undefined;
  #cancel: (() => void) | undefined;
  #connected = false;
  #paused = false;
  #scraping = false;

  constructor(private readonly ctx: SourceContext<PrometheusSourceOptions>) {
    const options = ctx.options;
    this.#where = `source 'prometheus' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    try {
      this.#url = new URL(options['target.url']);
    } catch {
      throw new Error(`target.url '${options['target.url']}' is not a URL`);
    }
    const scheme = this.#url.protocol.slice(0, -1).toUpperCase();
    if (scheme !== options.scheme) {
      throw new Error(
        `the scheme of target.url '${options['target.url']}' is not ${options.scheme} (set scheme='${scheme}')`,
      );
    }
    this.#metricName = (options['metric.name'] ?? ctx.streamId).trim();
    if (!METRIC_NAME.test(this.#metricName)) {
      throw new Error(`metric name '${this.#metricName}' does not match [a-zA-Z_:][a-zA-Z0-9_:]*`);
    }
    if (options['scrape.interval'] < 1) {
      throw new Error(
        `scrape.interval must be 1 second or more, found ${String(options['scrape.interval'])}`,
      );
    }
    if (options['scrape.timeout'] < 1) {
      throw new Error(
        `scrape.timeout must be 1 second or more, found ${String(options['scrape.timeout'])}`,
      );
    }
    if ((options.username === undefined) !== (options.password === undefined)) {
      throw new Error('basic authentication needs both username and password');
    }
    this.#labels = Object.fromEntries(
      options['grouping.key'] === undefined
        ? []
        : parseKeyValueList(options['grouping.key'], 'grouping.key'),
    );
    if (options.job !== undefined) this.#labels.job = options.job;
    if (options.instance !== undefined) this.#labels.instance = options.instance;
    this.#headers = Object.fromEntries(
      options.headers === undefined ? [] : parseKeyValueList(options.headers, 'headers'),
    );
    if (options.username !== undefined && options.password !== undefined) {
      this.#headers.Authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    }
    const store = options['client.truststore.file'];
    this.#ca = store === undefined ? undefined : readFileSync(store, 'utf8');
  }

  async connect(): Promise<void> {
    this.#connected = true;
    try {
      // The first scrape happens at once: an unreachable target fails the connect (retried).
      await this.#scrape();
    } catch (error) {
      this.#connected = false;
      throw error;
    }
    this.#arm();
  }

  disconnect(): Promise<void> {
    this.#connected = false;
    this.#cancel?.();
    this.#cancel = undefined;
    return Promise.resolve();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  snapshot(): PrometheusSourceState {
    return { lastResponse: this.#lastResponse };
  }

  restore(state: unknown): void {
    const last = (state as { lastResponse?: unknown } | null)?.lastResponse;
    this.#lastResponse = typeof last === 'string' ? last : undefined;
  }

  #arm(): void {
    if (!this.#connected) return;
    const at = this.ctx.clock.now() + this.ctx.options['scrape.interval'] * 1000;
    this.#cancel = this.ctx.scheduler.schedule(at, () => {
      this.#cancel = undefined;
      if (!this.#connected) return;
      this.#arm();
      // A scrape still running (or a paused app) skips this turn.
      if (this.#scraping || this.#paused) return;
      this.#scrape().catch((error: unknown) => {
        if (this.#connected) this.ctx.connectionLost(error);
      });
    });
  }

  async #scrape(): Promise<void> {
    this.#scraping = true;
    try {
      const text = await this.#fetch();
      if (text === this.#lastResponse) return;
      let families: MetricFamily[];
      try {
        families = parseExposition(text);
      } catch (error) {
        this.ctx.logger.log(
          'error',
          `${this.#where}: ${this.#url.href} answered text that is not Prometheus metrics: ${describe(error)}`,
        );
        return;
      }
      const maps = samplesToMaps(families, {
        name: this.#metricName,
        type: this.ctx.options['metric.type'],
        labels: this.#labels,
      });
      await Promise.all(maps.map((map) => this.ctx.emit(map)));
      this.#lastResponse = text;
    } finally {
      this.#scraping = false;
    }
  }

  #fetch(): Promise<string> {
    const url = this.#url;
    const timeoutMs = this.ctx.options['scrape.timeout'] * 1000;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const fail = (error: unknown): void => {
        reject(
          new ConnectionUnavailableError(
            `${this.#where} cannot scrape ${url.href}: ${describe(error)}`,
            {
              cause: error,
            },
          ),
        );
      };
      const request = client.get(
        url,
        {
          headers: { accept: 'text/plain', ...this.#headers },
          timeout: timeoutMs,
          ...(this.#ca === undefined ? {} : { ca: this.#ca }),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          response.on('end', () => {
            if (response.statusCode !== 200) {
              fail(new Error(`HTTP status ${String(response.statusCode)}`));
              return;
            }
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        },
      );
      request.on('timeout', () => {
        request.destroy(new Error(`no answer within ${String(timeoutMs)} ms`));
      });
      request.on('error', fail);
    });
  }
}

/**
 * The `prometheus` source.
 * @example
 * createRegistry({ package: '@tributary/connector-prometheus', version: '0.1.0', extensions: [prometheusSource] });
 */
export const prometheusSource = defineSource({
  name: 'prometheus',
  status: 'stable',
  summary: 'Scrapes a Prometheus metrics endpoint and emits the samples of one metric.',
  description:
    'Every `scrape.interval` seconds the target is read; when its response changed, each ' +
    'sample of the metric (`metric.name`, of `metric.type`, filtered by `job`, `instance` and ' +
    '`grouping.key`) becomes a key-value map: `metric_name`, `metric_type`, `help`, `subtype` ' +
    '(`bucket`/`sum`/`count` for histograms and summaries, else null), one key per label ' +
    '(`le` for buckets, `quantile` for summaries) and `value`. Without `@map` the `keyvalue` ' +
    'mapper (package @tributary/mapper-text) maps them. An unreachable target or an error ' +
    'answer is a connection error: the engine reconnects with backoff.',
  parameters,
  defaultMapper: 'keyvalue',
  examples: [
    {
      description: 'Reads the counter sweet_production_counter with its name and quantity labels.',
      siddhi:
        "@source(type='prometheus', target.url='http://localhost:9080/metrics', metric.type='counter',\n" +
        "        metric.name='sweet_production_counter', @map(type='keyvalue'))\n" +
        'define stream FooStream1 (metric_name string, metric_type string, help string, subtype string,\n' +
        '                          name string, quantity string, value double);',
    },
    {
      description: 'Reads a summary every 10 s, quantiles and the sum and count samples.',
      siddhi:
        "@source(type='prometheus', target.url='http://localhost:9080/metrics', metric.type='summary',\n" +
        "        metric.name='sweet_production_summary', scrape.interval='10', @map(type='keyvalue', fail.on.missing.attribute='false'))\n" +
        'define stream FooStream2 (metric_name string, metric_type string, help string, subtype string,\n' +
        '                          name string, quantity string, quantile string, value double);',
    },
  ],
  create: (ctx) => new PrometheusSourceConnection(ctx),
});
