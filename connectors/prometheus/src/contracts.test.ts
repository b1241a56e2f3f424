// The engine's io contract suites for the prometheus source (scraping a loopback target) and
// sink (pushing to a fake Pushgateway, whose pushes are read back as rows).

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as textMappers } from '@tributary/mapper-text';
import { parseExposition } from './exposition.js';
import { freePort, startPeer, type Peer } from './prometheus-harness.test-support.js';
import { extensions as prometheusExtensions } from './index.js';

const extensions = [...prometheusExtensions, ...textMappers];
const batch: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

let target: Peer | undefined;
let deliveries = 0;
const targetPort = await freePort();
describeSourceContract('prometheus', {
  extensions,
  app:
    `@source(type='prometheus', target.url='http://127.0.0.1:${String(targetPort)}/metrics',
             metric.type='gauge', metric.name='quotes', scrape.interval='1', @map(type='keyvalue'))\n` +
    'define stream S (symbol string, value double);',
  batch,
  setup: async () => {
    target = await startPeer(targetPort);
    target.body = '# TYPE quotes gauge\n';
  },
  deliver: (rows) => {
    deliveries += 1;
    // A comment makes each delivery a new response (unchanged ones are not emitted again).
    const lines = rows.map(([s, v]) => `quotes{symbol="${String(s)}"} ${String(v)}`);
    if (target !== undefined) {
      target.body = `# delivery ${String(deliveries)}\n# TYPE quotes gauge\n${lines.join('\n')}\n`;
    }
  },
  teardown: () => target?.close(),
});

const gatewayPort = await freePort();
describeSinkContract('prometheus', {
  extensions,
  app:
    `@sink(type='prometheus', publish.mode='pushgateway', push.url='http://127.0.0.1:${String(gatewayPort)}',
           metric.type='gauge', metric.name='quotes', value.attribute='price')\n` +
    'define stream S (symbol string, price double);',
  batch,
  unordered: true,
  collect: async () => {
    const gateway = await startPeer(gatewayPort);
    return {
      // Each push carries every sample: a row is a sample that is new or changed since the
      // previous push; the push at connect (no samples yet) starts a round.
      received: () => {
        const rows: unknown[][] = [];
        let last = new Map<string, number>();
        for (const push of gateway.requests) {
          const samples = parseExposition(push.body).flatMap((f) => f.samples);
          if (samples.length === 0) last = new Map();
          for (const s of samples) {
            const symbol = s.labels.symbol ?? '';
            if (last.get(symbol) !== s.value) rows.push([symbol, s.value]);
            last.set(symbol, s.value);
          }
        }
        return rows;
      },
      close: () => gateway.close(),
    };
  },
});
