// The prometheus source against a loopback scrape target: the first scrape at connect, later
// ones on the virtual clock, unchanged responses skipped, filters, histogram subtypes, basic
// authentication and lost targets.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as textMappers } from '@tributary/mapper-text';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startPeer, waitFor, type Peer } from './prometheus-harness.test-support.js';
import { extensions as prometheusExtensions } from './index.js';

const extensions = [...prometheusExtensions, ...textMappers];
const cleanups: (() => Promise<void>)[] = [];

function start(app: string): IoAppRun {
  const run = startIoApp(app, { extensions });
  cleanups.push(() => run.app.shutdown());
  return run;
}

async function target(body: string, port?: number): Promise<Peer> {
  const p = await startPeer(port);
  p.body = body;
  cleanups.push(() => p.close());
  return p;
}

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const counters = (sweet: number): string => `# HELP sweet_production_counter Sweets made.
# TYPE sweet_production_counter counter
sweet_production_counter{name="toffee",quantity="20",job="bakery"} ${String(sweet)}
sweet_production_counter{name="fudge",quantity="5",job="other"} 3
# TYPE other_gauge gauge
other_gauge 1
`;

describe('prometheus source', () => {
  it('emits the samples of its metric at connect, then only when the response changed', async () => {
    const peer = await target(counters(10));
    const run = start(
      `@source(type='prometheus', target.url='${peer.url}/metrics', metric.type='counter',
               metric.name='sweet_production_counter', scrape.interval='5', headers="'X-Token:t1'",
               username='admin', password='secret', @map(type='keyvalue'))
       define stream FooStream1 (metric_name string, metric_type string, help string, name string,
                                 quantity string, value double);`,
    );
    const rows = run.collect('FooStream1');
    await run.app.whenConnected();
    await waitFor(
      () => rows.length === 2,
      () => JSON.stringify(rows),
    );
    expect(rows).toEqual([
      ['sweet_production_counter', 'counter', 'Sweets made.', 'toffee', '20', 10],
      ['sweet_production_counter', 'counter', 'Sweets made.', 'fudge', '5', 3],
    ]);
    expect(peer.requests[0]?.headers['x-token']).toBe('t1');
    expect(peer.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('admin:secret').toString('base64')}`,
    );
    run.clock.advanceBy(5000);
    await waitFor(
      () => peer.requests.length === 2,
      () => 'no second scrape',
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows).toHaveLength(2);
    peer.body = counters(11);
    run.clock.advanceBy(5000);
    await waitFor(
      () => rows.length === 4,
      () => JSON.stringify(rows),
    );
    expect(rows[2]?.[5]).toBe(11);
  });

  it('filters by job and grouping key, and gives histogram subtypes and buckets', async () => {
    const peer = await target(`# TYPE latency histogram
latency_bucket{le="1",job="api",region="eu"} 2
latency_bucket{le="+Inf",job="api",region="eu"} 3
latency_sum{job="api",region="eu"} 4.5
latency_count{job="api",region="eu"} 3
latency_count{job="api",region="us"} 9
latency_count{job="web",region="eu"} 7
`);
    const run = start(
      `@source(type='prometheus', target.url='${peer.url}', metric.type='histogram', job='api',
               grouping.key="'region:eu'", @map(type='keyvalue', fail.on.missing.attribute='false'))
       define stream latency (subtype string, le string, value double);`,
    );
    const rows = run.collect('latency');
    await run.app.whenConnected();
    await waitFor(
      () => rows.length === 4,
      () => JSON.stringify(rows),
    );
    expect(rows).toEqual([
      ['bucket', '1', 2],
      ['bucket', '+Inf', 3],
      ['sum', null, 4.5],
      ['count', null, 3],
    ]);
  });

  it('retries while the target is down or answers an error', async () => {
    const port = await freePort();
    const run = start(
      `@source(type='prometheus', target.url='http://127.0.0.1:${String(port)}/m', metric.type='gauge',
               metric.name='other_gauge', @map(type='keyvalue'))
       define stream S (value double);`,
    );
    const rows = run.collect('S');
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot scrape')),
      () => run.messages().join(' | '),
    );
    const peer = await target(counters(1), port);
    peer.status = 503;
    run.clock.advanceBy(5000);
    // One warning per outage: the later failure of the same outage is a debug line.
    await waitFor(
      () => run.messages('debug').some((m) => m.includes('HTTP status 503')),
      () => run.messages('debug').join(' | '),
    );
    peer.status = 200;
    run.clock.advanceBy(10_000);
    await run.app.whenConnected();
    await waitFor(
      () => rows.length === 1,
      () => JSON.stringify(rows),
    );
    expect(rows).toEqual([[1]]);
  });

  it('rejects inconsistent options at app creation', () => {
    expect(() =>
      startIoApp(
        "@source(type='prometheus', target.url='https://h/m', metric.type='gauge', @map(type='keyvalue')) define stream S (value double);",
        { extensions, start: false },
      ),
    ).toThrow(/is not HTTP \(set scheme='HTTPS'\)/);
    expect(() =>
      startIoApp(
        "@source(type='prometheus', target.url='http://h/m', metric.type='gauge', username='u', @map(type='keyvalue')) define stream S (value double);",
        { extensions, start: false },
      ),
    ).toThrow(/both username and password/);
    expect(() =>
      startIoApp(
        "@sink(type='prometheus', metric.type='counter', value.attribute='v') define stream S (value double);",
        { extensions, start: false },
      ),
    ).toThrow(/value attribute 'v' is not in the stream/);
    expect(() =>
      startIoApp(
        "@sink(type='prometheus', metric.type='counter', buckets='1,2') define stream S (value double);",
        { extensions, start: false },
      ),
    ).toThrow(/buckets apply to histograms/);
    expect(() =>
      startIoApp(
        "@sink(type='prometheus', metric.type='counter', metric.name='bad-name') define stream S (value double);",
        { extensions, start: false },
      ),
    ).toThrow(/does not match/);
  });
});
