// The prometheus sink: metrics served on a shared server (scraped over loopback) and pushed to
// a fake Pushgateway; counters, gauges, histograms and summaries; option checks.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as textMappers } from '@tributary/mapper-text';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition } from './exposition.js';
import {
  freePort,
  scrape,
  startPeer,
  waitFor,
  type Peer,
} from './prometheus-harness.test-support.js';
import { extensions as prometheusExtensions } from './index.js';

const extensions = [...prometheusExtensions, ...textMappers];
const cleanups: (() => Promise<void>)[] = [];

function start(app: string): IoAppRun {
  const run = startIoApp(app, { extensions });
  cleanups.push(() => run.app.shutdown());
  return run;
}

async function peer(port?: number): Promise<Peer> {
  const p = await startPeer(port);
  cleanups.push(() => p.close());
  return p;
}

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function samplesAt(url: string): Promise<Record<string, number>> {
  const text = (await scrape(url)) ?? '';
  const out: Record<string, number> = {};
  for (const family of parseExposition(text)) {
    for (const s of family.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      out[`${s.name}{${labels}}`] = s.value;
    }
  }
  return out;
}

describe('prometheus sink, server mode', () => {
  it('serves counters and gauges (both increased by the value) on one shared server', async () => {
    const port = await freePort();
    const server = `http://127.0.0.1:${String(port)}`;
    const run = start(
      `@sink(type='prometheus', server.url='${server}', metric.type='counter', metric.help='Orders', @map(type='keyvalue'))
       define stream FooCountStream (Name string, quantity int, value int);
       @sink(type='prometheus', server.url='${server}', metric.type='gauge', metric.name='stock_level',
             value.attribute='level')
       define stream Stock (item string, level double);`,
    );
    await run.app.whenConnected();
    run.app.input('FooCountStream').sendBatch([
      ['sweet', 2, 10],
      ['sweet', 2, 5],
      ['cake', 1, 1],
    ]);
    run.app.input('Stock').sendBatch([
      ['flour', 4.5],
      ['flour', -1.5],
    ]);
    await run.app.idle();
    const samples = await samplesAt(`${server}/metrics`);
    expect(samples).toMatchObject({
      'FooCountStream{Name=sweet,quantity=2}': 15,
      'FooCountStream{Name=cake,quantity=1}': 1,
      'stock_level{item=flour}': 3,
    });
    expect(await scrape(`${server}/metrics`)).toContain('# HELP FooCountStream Orders');
    await run.app.shutdown();
    // The last sink gone, the server stops.
    expect(await scrape(`${server}/metrics`)).toBeUndefined();
  });

  it('observes histograms with buckets and summaries with quantiles', async () => {
    const port = await freePort();
    const server = `http://127.0.0.1:${String(port)}`;
    const run = start(
      `@sink(type='prometheus', server.url='${server}', metric.type='histogram', metric.name='latency',
             buckets='0.5,1,5', value.attribute='ms')
       define stream H (path string, ms double);
       @sink(type='prometheus', server.url='${server}', metric.type='summary', metric.name='sizes',
             quantiles='0.5,0.9')
       define stream S (value long);`,
    );
    await run.app.whenConnected();
    run.app.input('H').sendBatch([
      ['/a', 0.2],
      ['/a', 3],
      ['/a', 9],
    ]);
    for (let v = 1; v <= 10; v += 1) run.app.input('S').send([v]);
    await run.app.idle();
    const samples = await samplesAt(server);
    expect(samples).toMatchObject({
      'latency_bucket{le=0.5,path=/a}': 1,
      'latency_bucket{le=1,path=/a}': 1,
      'latency_bucket{le=5,path=/a}': 2,
      'latency_bucket{le=+Inf,path=/a}': 3,
      'latency_count{path=/a}': 3,
      'latency_sum{path=/a}': 12.2,
      'sizes_count{}': 10,
      'sizes_sum{}': 55,
    });
    expect(samples['sizes{quantile=0.5}']).toBeCloseTo(5.5, 0);
  });

  it('refuses one metric name from two sinks on one server', async () => {
    const port = await freePort();
    const run = start(
      `@sink(type='prometheus', server.url='http://127.0.0.1:${String(port)}', metric.type='gauge', metric.name='dup')
       define stream A (value int);
       @sink(type='prometheus', server.url='http://127.0.0.1:${String(port)}', metric.type='gauge', metric.name='dup')
       define stream B (value int);`,
    );
    await expect(run.app.whenConnected()).rejects.toThrow(/already served/);
  });
});

describe('prometheus sink, pushgateway mode', () => {
  it('pushes under the job and grouping key, with push or pushadd', async () => {
    const gateway = await peer();
    const run = start(
      `@sink(type='prometheus', publish.mode='pushGateway', push.url='${gateway.url}', job='inventory',
             grouping.key="'region:eu','site:a b'", metric.type='gauge', @map(type='keyvalue'))
       define stream InventoryLevelStream (Name string, value int);
       @sink(type='prometheus', publish.mode='pushgateway', push.url='${gateway.url}', job='replace',
             push.operation='push', metric.type='counter')
       define stream Replaced (value int);`,
    );
    await run.app.whenConnected();
    // One push at connect per sink.
    expect(gateway.requests.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'POST /metrics/job/inventory/region/eu/site/a%20b',
      'PUT /metrics/job/replace',
    ]);
    run.app.input('InventoryLevelStream').send(['flour', 7]);
    run.app.input('Replaced').send([2]);
    await run.app.idle();
    const last = gateway.requests.filter((r) => r.url.includes('inventory')).at(-1);
    expect(last?.body).toContain('InventoryLevelStream{Name="flour"} 7');
    expect(gateway.requests.filter((r) => r.method === 'PUT').at(-1)?.body).toContain('Replaced 2');
  });

  it('retries while the gateway is down; a failed push goes to on.error', async () => {
    const port = await freePort();
    const run = start(
      `@sink(type='prometheus', publish.mode='pushgateway', push.url='http://127.0.0.1:${String(port)}',
             metric.type='counter', on.error='LOG')
       define stream C (value int);`,
    );
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot push')),
      () => run.messages().join(' | '),
    );
    const gateway = await peer(port);
    run.clock.advanceBy(5000);
    await run.app.whenConnected();
    gateway.status = 500;
    run.app.input('C').send([1]);
    await run.app.idle();
    expect(run.messages().join('\n')).toMatch(/push failed with status 500/);
  });
});
