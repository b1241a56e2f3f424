// End to end: two apps deployed through createEngine with the built-ins, the prometheus
// extensions and the keyvalue mapper — one serves order counts as a Prometheus counter, the
// other scrapes them back as events.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { describe, expect, it } from 'vitest';
import { freePort, waitFor } from './prometheus-harness.test-support.js';
import { extensions } from './index.js';

describe('prometheus apps end to end', () => {
  it('Orders → prometheus sink (server) ← prometheus source → Scraped', async () => {
    const port = await freePort();
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/connector-prometheus', version: '0.1.0', extensions },
        { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
      ),
    });
    const exporter = engine.createApp(`
      @app:name('Exporter')
      define stream Orders (item string, qty int);
      @sink(type='prometheus', server.url='http://127.0.0.1:${String(port)}', metric.type='counter',
            metric.name='orders_total', metric.help='Ordered quantity', @map(type='keyvalue'))
      define stream Counted (item string, value int);
      from Orders[qty > 0] select item, qty as value insert into Counted;`);
    const scraper = engine.createApp(`
      @app:name('Scraper')
      @source(type='prometheus', target.url='http://127.0.0.1:${String(port)}/metrics', metric.type='counter',
              metric.name='orders_total', scrape.interval='1')
      define stream Scraped (item string, help string, value double);`);
    if (!exporter.ok || !scraper.ok) throw new Error('the apps cannot be created');
    const rows: unknown[][] = [];
    scraper.app.onStream('Scraped', (events) => {
      for (const e of events) rows.push(e.data);
    });
    try {
      exporter.app.start();
      await exporter.app.whenConnected();
      exporter.app.input('Orders').sendBatch([
        ['tea', 2],
        ['tea', 3],
        ['cake', 0],
        ['cake', 1],
      ]);
      await exporter.app.idle();
      scraper.app.start();
      await scraper.app.whenConnected();
      await waitFor(
        () => rows.length === 2,
        () => JSON.stringify(rows),
      );
      expect(rows).toEqual([
        ['tea', 'Ordered quantity', 5],
        ['cake', 'Ordered quantity', 1],
      ]);
    } finally {
      await scraper.app.shutdown();
      await exporter.app.shutdown();
    }
  });
});
