// HTTP ingest: events/s through the `http` source (POST → json mapper → filter query →
// callback, answered once processed) beside a raw node:http server doing the same work
// (read the body, JSON.parse, filter, count, answer 200). Both are driven by the same
// in-process keep-alive client, so the client's cost is in both figures; events per
// cpu-second of the process are printed too (what other processes cannot inflate).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  type AppRuntime,
} from '@tributary/engine';
import { extensions as httpList } from '../connectors/http/src/index.js';
import { extensions as jsonList } from '../mappers/json/src/index.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

/** Concurrent keep-alive connections of the client. */
const CONNECTIONS = 32;
/** Requests per timed run. */
const REQUESTS = 20_000;

interface Case {
  readonly label: string;
  /** Events per request body. */
  readonly batch: number;
}

const CASES: readonly Case[] = [
  { label: '1 event per request', batch: 1 },
  { label: '100 events per request', batch: 100 },
];

function body(batch: number, seed: number): string {
  const events = Array.from({ length: batch }, (_, i) => ({
    event: { symbol: `S${String((seed + i) % 10)}`, price: ((seed + i) % 200) + 0.5, volume: i },
  }));
  return JSON.stringify(batch === 1 ? events[0] : events);
}

/** Sends `requests` POSTs over `CONNECTIONS` keep-alive connections; resolves when all answered. */
async function drive(url: URL, bodies: readonly string[], requests: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let next = 0;
  const one = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) resolve();
            else reject(new Error(`status ${String(res.statusCode)}`));
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  const worker = async (): Promise<void> => {
    while (next < requests) {
      const i = next;
      next += 1;
      await one(bodies[i % bodies.length] ?? '');
    }
  };
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  } finally {
    agent.destroy();
  }
}

interface Target {
  readonly url: URL;
  /** Filtered events seen so far. */
  count(): number;
  close(): Promise<void>;
}

async function engineTarget(): Promise<Target> {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-http', version: '0.1.0', extensions: httpList },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonList },
    ),
    logger: silentLogger,
  });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  const created = engine.createApp(
    `@source(type='http', receiver.url='http://127.0.0.1:${String(port)}/ingest', worker.count='${String(CONNECTIONS)}', @map(type='json'))
     define stream S (symbol string, price double, volume long);
     from S[price > 100] select symbol, price insert into O;`,
  );
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const app: AppRuntime = created.app;
  let out = 0;
  app.onStream('O', (events) => {
    out += events.length;
  });
  app.start();
  await app.whenConnected();
  return {
    url: new URL(`http://127.0.0.1:${String(port)}/ingest`),
    count: () => out,
    close: () => app.shutdown(),
  };
}

async function rawTarget(): Promise<Target> {
  let out = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as
        | { event: { symbol: string; price: number; volume: number } }
        | { event: { symbol: string; price: number; volume: number } }[];
      for (const { event } of Array.isArray(parsed) ? parsed : [parsed]) {
        const row = [event.symbol, event.price, event.volume];
        if ((row[1] as number) > 100) out += 1;
      }
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${String(port)}/ingest`),
    count: () => out,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function measure(
  target: Target,
  batch: number,
  options: BenchOptions,
): Promise<{ rates: number[]; cpu: number[]; filtered: number }> {
  const bodies = Array.from({ length: 64 }, (_, i) => body(batch, i * 7));
  const requests = Math.max(200, Math.round(REQUESTS / Math.sqrt(batch)));
  for (let r = 0; r < options.warmupRounds; r += 1) await drive(target.url, bodies, requests);
  const rates: number[] = [];
  const cpu: number[] = [];
  const before = target.count();
  for (let r = 0; r < options.rounds; r += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await drive(target.url, bodies, requests);
    rates.push((requests * batch * 1000) / (performance.now() - t0));
    const used = process.cpuUsage(c0);
    cpu.push((requests * batch * 1e6) / Math.max(1, used.user + used.system));
  }
  return { rates, cpu, filtered: target.count() - before };
}

export const httpIngestBench: Bench = {
  name: 'http-ingest',
  run: async (options) => {
    const lines = [
      '`http` source (json mapper, filter query, 200 once processed) vs a raw node:http server ' +
        `doing the same work; ${String(CONNECTIONS)} keep-alive connections from an in-process client`,
    ];
    for (const c of CASES) {
      const engine = await engineTarget();
      const raw = await rawTarget();
      try {
        const e = await measure(engine, c.batch, options);
        const p = await measure(raw, c.batch, options);
        if (e.filtered !== p.filtered) {
          throw new Error(`engine kept ${String(e.filtered)} events, raw ${String(p.filtered)}`);
        }
        const em = median(e.rates);
        const pm = median(p.rates);
        const ec = median(e.cpu);
        const pc = median(p.cpu);
        lines.push(
          `${c.label}: http source ${rate(em)} events/s (min ${rate(Math.min(...e.rates))}, ` +
            `max ${rate(Math.max(...e.rates))}), per cpu-second ${rate(ec)}; ` +
            `raw node:http ${rate(pm)} events/s (min ${rate(Math.min(...p.rates))}, ` +
            `max ${rate(Math.max(...p.rates))}), per cpu-second ${rate(pc)}; ` +
            `ratio raw / source ${(pm / em).toFixed(2)}x (per cpu-second ${(pc / ec).toFixed(2)}x)`,
        );
      } finally {
        await engine.close();
        await raw.close();
      }
    }
    return lines;
  },
};
