// Incremental aggregation ingest and on-demand `within … per 'minutes'` latency, and snapshot /
// restore of a 1-minute time window holding millions of events (JSON in memory, and binary
// through the file persistence store with the peak RSS it adds): figures only, no plain-JS loop.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppRuntime } from '../engine/src/runtime/app/app-runtime.js';
import { FilePersistenceStore } from '../engine/src/runtime/state/index.js';
import { median, micros, ms, quantile, rate, type Bench } from './bench.js';
import { createBenchApp } from './workload.js';

const EPOCH = 1_577_836_800_000;
const SYMBOLS = ['IBM', 'WSO2', 'ORCL', 'GOOG'];
const AGG_APP =
  'define stream S (symbol string, price float, volume long, ts long); ' +
  'define aggregation A from S select symbol, sum(price) as total, avg(price) as avgPrice, ' +
  'count() as n group by symbol aggregate by ts every sec...year;';
/** Ingest stops early (and says so) once it has taken this long. */
const INGEST_BUDGET_MS = 25_000;

function row(i: number, ts: number): unknown[] {
  return [SYMBOLS[i % SYMBOLS.length], Math.fround(((i * 7919) % 140_000) / 100), i, ts];
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

export const aggregationBench: Bench = {
  name: 'aggregation-ingest',
  run: () => {
    const target = 10_000_000;
    const app = createBenchApp(AGG_APP);
    const input = app.input('S');
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let sent = 0;
    // one event per ms of event time: 10 M events span about 2.8 hours
    while (sent < target && performance.now() - t0 < INGEST_BUDGET_MS) {
      const end = Math.min(target, sent + 100_000);
      for (let i = sent; i < end; i += 1) input.send(row(i, EPOCH + i), EPOCH + i);
      sent = end;
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(c0);
    const span = sent; // ms of event time covered
    const queries = [1, 5, 30, 60, 120].map(
      (minutes) =>
        `from A within ${String(EPOCH + span - minutes * 60_000)}L, ${String(EPOCH + span)}L ` +
        `per 'minutes' select AGG_TIMESTAMP, symbol, total, avgPrice, n`,
    );
    let rows = 0;
    for (const q of queries) rows += app.query(q).length; // compiles and caches each text
    const latencies: number[] = [];
    for (let r = 0; r < 200; r += 1) {
      for (const q of queries) {
        const q0 = performance.now();
        app.query(q);
        latencies.push(performance.now() - q0);
      }
    }
    latencies.sort((a, b) => a - b);
    void app.shutdown();
    return [
      `app: ${AGG_APP}`,
      `ingest: ${rate(sent)} events${sent < target ? ` (stopped after ${String(INGEST_BUDGET_MS / 1000)} s, of ${rate(target)})` : ''}, ` +
        `one per send(), 1 ms of event time apart, in ${wall.toFixed(2)} s: ${rate(sent / wall)} events/s, ` +
        `per cpu-second ${rate(sent / cpu)}`,
      `on-demand 'within … per 'minutes'' over the last 1, 5, 30, 60, 120 minutes (${String(rows)} rows in all), ` +
        `${String(latencies.length)} queries after one compiling run each: ` +
        `p50 ${micros(quantile(latencies, 0.5))}, p99 ${micros(quantile(latencies, 0.99))}, ` +
        `median ${ms(median(latencies))}`,
    ];
  },
};

const WINDOW_APP =
  '@app:playback define stream S (symbol string, price float, volume long, ts long); ' +
  'from S#window.time(1 min) select sum(price) as total insert into O;';

export const snapshotBench: Bench = {
  name: 'snapshot-time-window',
  run: () => {
    // 6 M events run out of the default 4.3 GB heap while snapshotting (window + encoded copy +
    // JSON text): 3 M is the default; SNAPSHOT_EVENTS overrides it.
    const events = Number(process.env.SNAPSHOT_EVENTS ?? 3_000_000);
    const app = createBenchApp(WINDOW_APP);
    const input = app.input('S');
    // spread over 59 s of event time: every event is still in the window at the end
    for (let i = 0; i < events; i += 1) {
      const ts = EPOCH + Math.floor((i * 59_000) / events);
      input.send(row(i, ts), ts);
    }
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const snapshot = app.snapshot();
    const t1 = performance.now();
    const text = JSON.stringify(snapshot);
    const t2 = performance.now();
    const takeCpu = cpuSeconds(c0);
    void app.shutdown();
    const other = createBenchApp(WINDOW_APP);
    const c1 = process.cpuUsage();
    const t3 = performance.now();
    const parsed: unknown = JSON.parse(text);
    const t4 = performance.now();
    other.restore(parsed as Parameters<typeof other.restore>[0]);
    const t5 = performance.now();
    const restoreCpu = cpuSeconds(c1);
    void other.shutdown();
    return [
      `app: ${WINDOW_APP}`,
      `${rate(events)} events resident (spread over 59 s of event time)`,
      `snapshot: ${ms(t1 - t0)} + JSON.stringify ${ms(t2 - t1)} (cpu ${takeCpu.toFixed(2)} s); ` +
        `size ${(text.length / 1e6).toFixed(1)} MB of JSON (${(text.length / events).toFixed(1)} bytes per event)`,
      `restore: JSON.parse ${ms(t4 - t3)} + restore ${ms(t5 - t4)} (cpu ${restoreCpu.toFixed(2)} s)`,
    ];
  },
};

/** Samples the process RSS every 2 ms from a worker thread (the main one is busy meanwhile). */
async function rssSampler(): Promise<{ stop: () => Promise<number> }> {
  const shared = new SharedArrayBuffer(16);
  const flags = new Int32Array(shared, 0, 2);
  const peak = new Float64Array(shared, 8, 1);
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const flags = new Int32Array(workerData, 0, 2);
     const peak = new Float64Array(workerData, 8, 1);
     while (Atomics.load(flags, 0) === 0) {
       const rss = process.memoryUsage.rss();
       if (rss > peak[0]) peak[0] = rss;
       Atomics.store(flags, 1, 1);
       Atomics.wait(flags, 0, 0, 2);
     }`,
    { eval: true, workerData: shared },
  );
  while (Atomics.load(flags, 1) === 0) await new Promise((r) => setTimeout(r, 5));
  return {
    stop: async () => {
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      await worker.terminate();
      return peak[0] ?? 0;
    },
  };
}

const collect = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/** Runs `op` and gives its time, cpu seconds and the peak RSS above the RSS just before it. */
async function measured<T>(
  op: () => Promise<T>,
): Promise<{ result: T; wall: number; cpu: number; peakDelta: number }> {
  collect();
  const sampler = await rssSampler();
  const base = process.memoryUsage.rss();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await op();
  const wall = performance.now() - t0;
  const cpu = cpuSeconds(c0);
  const peak = await sampler.stop();
  return { result, wall, cpu, peakDelta: Math.max(0, peak - base) };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** The total the window query reports for one more event (to check a restored window). */
function probe(app: AppRuntime, ts: number): unknown {
  let total: unknown;
  app.on('query1', (events) => {
    total = events.at(-1)?.data[0];
  });
  app.input('S').send(['IBM', 1, 1, ts], ts);
  return total;
}

export const binarySnapshotBench: Bench = {
  name: 'snapshot-binary',
  run: async () => {
    // SNAPSHOT_BINARY_EVENTS="1000000,6000000" (the default) lists the window sizes
    const sizes = (process.env.SNAPSHOT_BINARY_EVENTS ?? '1000000,6000000')
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
    // SNAPSHOT_CODEC=json measures the JSON codec the same way (for comparison)
    const codec = process.env.SNAPSHOT_CODEC === 'json' ? 'json' : 'binary';
    const directory = mkdtempSync(join(tmpdir(), 'tributary-snapshot-bench-'));
    const lines = [
      `app: ${WINDOW_APP.replace('from S', "@info(name='query1') from S")}`,
      `persist() to a FilePersistenceStore (${codec === 'binary' ? 'binary, streamed to the file as it is taken' : 'JSON'}) and ` +
        'restoreLastRevision() into a new app; peak RSS delta: sampled every 2 ms by a worker ' +
        'thread, above the RSS just before the operation',
    ];
    try {
      for (const events of sizes) {
        const store = new FilePersistenceStore(join(directory, String(events)), { keep: 1 });
        const text =
          "@app:name('Snap') " + WINDOW_APP.replace('from S', "@info(name='query1') from S");
        let app: AppRuntime | undefined = createBenchApp(text, { persistence: { store, codec } });
        const input = app.input('S');
        for (let i = 0; i < events; i += 1) {
          const ts = EPOCH + Math.floor((i * 59_000) / events);
          input.send(row(i, ts), ts);
        }
        collect();
        const resident = process.memoryUsage();
        const first = app;
        const snap = await measured(() => first.persist());
        const revision = snap.result;
        const size = statSync(join(directory, String(events), 'Snap', `${revision}.snapshot`)).size;
        const expected = probe(first, EPOCH + 59_500);
        await first.shutdown();
        app = undefined;
        collect();
        const second = createBenchApp(text, { persistence: { store, codec } });
        const before = process.memoryUsage.rss();
        const back = await measured(() => second.restoreLastRevision());
        collect();
        const retained = process.memoryUsage.rss() - before;
        const same = probe(second, EPOCH + 59_500) === expected;
        await second.shutdown();
        lines.push(
          `${rate(events)} events resident (heap ${mb(resident.heapUsed)}, rss ${mb(resident.rss)}): ` +
            `snapshot ${ms(snap.wall)} (cpu ${snap.cpu.toFixed(2)} s), peak RSS +${mb(snap.peakDelta)}, ` +
            `file ${mb(size)} (${(size / events).toFixed(1)} bytes per event); ` +
            `restore ${ms(back.wall)} (cpu ${back.cpu.toFixed(2)} s), peak RSS +${mb(back.peakDelta)} ` +
            `of which the restored window keeps +${mb(retained)}; ` +
            `restored window gives the same sum: ${same ? 'yes' : 'NO'}`,
        );
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    return lines;
  },
};
