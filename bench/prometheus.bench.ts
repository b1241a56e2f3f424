// `prometheus-sink`: events/s through three `prometheus` sinks (a counter, a gauge and a
// histogram, publish.mode=server, the symbol as label) plus one scrape of their HTTP server,
// beside raw prom-client making the same updates on the same metrics and serving one scrape
// from a node:http server; the two scrapes are checked equal.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  type AppRuntime,
} from '@tributary/engine';
import { freePort } from '@tributary/engine/testing';
import http from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { extensions as prometheusExtensions } from '../connectors/prometheus/src/index.js';
import type { Bench, BenchOptions } from './bench.js';
import { describeRuns, pairedRuns, ratioLine, timed, type Run } from './paired-runs.js';

const EVENTS = Number(process.env.PROMETHEUS_BENCH_EVENTS ?? 200_000);
const BATCH = 1_000;
const BUCKETS = [10, 50, 100, 150, 200];
const METRICS = ['counter', 'gauge', 'histogram'] as const;

type Row = [string, number];

/** Event i: twenty symbols (the label), values in [0.5, 199.5]. */
function batches(): Row[][] {
  const out: Row[][] = [];
  for (let i = 0; i < EVENTS; i += BATCH) {
    const batch: Row[] = [];
    for (let j = i; j < Math.min(EVENTS, i + BATCH); j += 1) {
      batch.push([`S${String(j % 20)}`, ((j * 37) % 200) + 0.5]);
    }
    out.push(batch);
  }
  return out;
}

async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${String(port)}/metrics`);
  return response.text();
}

function engineApp(port: number): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(builtinExtensions, {
      package: '@tributary/connector-prometheus',
      version: '0.1.0',
      extensions: prometheusExtensions,
    }),
    logger: silentLogger,
  });
  const sinks = METRICS.map(
    (type) =>
      `@sink(type='prometheus', publish.mode='server', server.url='http://127.0.0.1:${String(port)}',
             metric.type='${type}', metric.name='bench_${type}', metric.help='bench ${type}'` +
      `${type === 'histogram' ? `, buckets='${BUCKETS.join(',')}'` : ''})
       define stream ${type} (symbol string, value double);`,
  );
  const queries = METRICS.map((type) => `from Orders select symbol, value insert into ${type};`);
  const created = engine.createApp(
    `@app:name('PrometheusBench')
     define stream Orders (symbol string, value double);
     ${sinks.join('\n')}
     ${queries.join('\n')}`,
  );
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  return created.app;
}

interface Scraped {
  text: string;
}

async function engineRun(input: readonly Row[][], scraped: Scraped): Promise<Run> {
  const port = await freePort();
  const app = engineApp(port);
  app.start();
  await app.whenConnected();
  try {
    const orders = app.input('Orders');
    return await timed(async () => {
      for (const batch of input) orders.sendBatch(batch);
      await app.idle();
      scraped.text = await scrape(port);
    });
  } finally {
    await app.shutdown();
  }
}

async function rawRun(input: readonly Row[][], scraped: Scraped): Promise<Run> {
  const registry = new Registry();
  const config = (type: string) => ({
    name: `bench_${type}`,
    help: `bench ${type}`,
    labelNames: ['symbol'],
    registers: [registry],
  });
  const counter = new Counter(config('counter'));
  const gauge = new Gauge(config('gauge'));
  const histogram = new Histogram({ ...config('histogram'), buckets: BUCKETS });
  const server = http.createServer((_req, res) => {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    return await timed(async () => {
      for (const batch of input) {
        for (const [symbol, value] of batch) {
          const labels = { symbol };
          counter.inc(labels, value);
          gauge.inc(labels, value);
          histogram.observe(labels, value);
        }
      }
      scraped.text = await scrape(port);
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  }
}

async function run(options: BenchOptions): Promise<readonly string[]> {
  const input = batches();
  const engineScrape: Scraped = { text: '' };
  const rawScrape: Scraped = { text: '' };
  const runs = await pairedRuns(options, {
    engine: () => engineRun(input, engineScrape),
    raw: () => rawRun(input, rawScrape),
  });
  if (
    engineScrape.text !== rawScrape.text ||
    !engineScrape.text.includes('bench_histogram_bucket')
  ) {
    throw new Error(
      `the scrapes differ:\n--- sinks\n${engineScrape.text.slice(0, 600)}\n--- raw\n${rawScrape.text.slice(0, 600)}`,
    );
  }
  return [
    "Orders → three `prometheus` sinks (publish.mode='server'): counter, gauge, histogram " +
      `(${String(BUCKETS.length)} buckets), label symbol (20 values), then one HTTP scrape; vs raw ` +
      'prom-client making the same updates and serving one scrape (the scrapes are checked equal)',
    `${String(EVENTS)} events per run (each updates all three metrics), sent in batches of ` +
      `${String(BATCH)}; ${String(options.warmupRounds)} warm-up + ${String(options.rounds)} ` +
      `timed runs; scrape ${String(engineScrape.text.length)} bytes`,
    describeRuns('prometheus sinks', runs.engine, EVENTS, 'events'),
    describeRuns('raw prom-client ', runs.raw, EVENTS, 'events'),
    ratioLine(runs, 'prom-client', 'sinks'),
  ];
}

export const prometheusSinkBench: Bench = { name: 'prometheus-sink', run };
