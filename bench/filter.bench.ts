// Filter pass-through: `from S[700 > price] select * insert into O`, sent one event at a time
// and in 100-event batches, beside a plain JS loop doing the same work (test the price, copy the
// row into a new event, hand a chunk to the callback).

import type { AppRuntime } from '../engine/src/runtime/app/app-runtime.js';
import { LatencyProbe, scenarioBench, type Bench, type Subject } from './bench.js';
import { createBenchApp, stockRows } from './workload.js';

const APP =
  'define stream S (symbol string, price float, volume long, ts long); ' +
  'from S[700 > price] select * insert into O;';
const EVENTS = 1_000_000;
const BATCH = 100;

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

function engineSubject(rows: readonly unknown[][], batch: number, latencySends: number): Subject {
  const app: AppRuntime = createBenchApp(APP);
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  app.onStream('O', (events) => {
    out += events.length;
    if (timing) probe.hit();
  });
  const input = app.input('S');
  const batches: unknown[][][] = [];
  if (batch > 1)
    for (let i = 0; i < rows.length; i += batch) batches.push(rows.slice(i, i + batch));
  return {
    run() {
      out = 0;
      if (batch === 1) {
        for (const row of rows) input.send(row, 0);
      } else {
        for (const b of batches) input.sendBatch(b, 0);
      }
      return out;
    },
    latencies() {
      timing = true;
      const n = batch === 1 ? rows.length : batches.length;
      const result = probe.sample(latencySends, (i) => {
        if (batch === 1) input.send(rows[i % n] ?? [], 0);
        else input.sendBatch(batches[i % n] ?? [], 0);
      });
      timing = false;
      return result;
    },
  };
}

function plainSubject(rows: readonly unknown[][], batch: number, latencySends: number): Subject {
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  const callback = (events: readonly OutEvent[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  const process = (chunk: readonly unknown[][], timestamp: number): void => {
    const kept: OutEvent[] = [];
    for (const row of chunk) {
      if (700 > (row[1] as number)) kept.push({ timestamp, type: 'current', data: row.slice() });
    }
    if (kept.length > 0) callback(kept);
  };
  const batches: unknown[][][] = [];
  if (batch > 1)
    for (let i = 0; i < rows.length; i += batch) batches.push(rows.slice(i, i + batch));
  return {
    run() {
      out = 0;
      if (batch === 1) {
        for (const row of rows) process([row], 0);
      } else {
        for (const b of batches) process(b, 0);
      }
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(latencySends, (i) => {
        if (batch === 1) process([rows[i % rows.length] ?? []], 0);
        else process(batches[i % batches.length] ?? [], 0);
      });
      timing = false;
      return result;
    },
  };
}

function filterBench(name: string, batch: number): Bench {
  const latencySends = batch === 1 ? 100_000 : 10_000;
  return scenarioBench({
    name,
    description: [
      `app: ${APP}`,
      batch === 1 ? 'sent one event per send()' : `sent in batches of ${String(batch)} (sendBatch)`,
    ],
    events: EVENTS,
    latencySends,
    create() {
      const rows = stockRows(EVENTS);
      return {
        engine: engineSubject(rows, batch, latencySends),
        plain: plainSubject(rows, batch, latencySends),
      };
    },
  });
}

export const filterSingleBench = filterBench('filter-single', 1);
export const filterBatchBench = filterBench('filter-batch', BATCH);
