// Filter pass-through throughput: `from S[700 > price] select * insert into O` fed one event at
// a time and in 100-event batches, as events/s (median of the measured rounds), beside a plain
// JS loop doing the same work (test, copy the row, hand it on) and the ratio between the two.

import { createEngine } from '../engine/src/engine.js';
import { VirtualClock } from '../engine/src/runtime/time/index.js';
import type { Bench } from './bench.js';

const APP =
  'define stream S (symbol string, price float, volume long, ts long); ' +
  'from S[700 > price] select * insert into O;';
const EVENTS = 200_000;
const BATCH = 100;
const SYMBOLS = ['IBM', 'WSO2', 'ORCL', 'GOOG'];

function rows(): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < EVENTS; i += 1) {
    out.push([SYMBOLS[i % SYMBOLS.length], Math.fround((i * 37) % 1400), i, 1_577_836_800_000 + i]);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

interface Workload {
  /** Runs the events once; returns how many came out. */
  run(data: readonly unknown[][]): number;
}

function engineWorkload(batch: number): Workload {
  const result = createEngine({ timeService: new VirtualClock(0) }).createApp(APP);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const app = result.app;
  let out = 0;
  app.onStream('O', (events) => {
    out += events.length;
  });
  app.start();
  const input = app.input('S');
  return {
    run(data) {
      out = 0;
      if (batch === 1) {
        for (const row of data) input.send(row, 0);
      } else {
        for (let i = 0; i < data.length; i += batch) input.sendBatch(data.slice(i, i + batch), 0);
      }
      return out;
    },
  };
}

/** The same work without the engine: test the price, copy the row into an event, count it. */
function plainWorkload(batch: number): Workload {
  let out = 0;
  const sink = (events: readonly { data: unknown[] }[]): void => {
    out += events.length;
  };
  const chunk = (rowsIn: readonly unknown[][]): void => {
    const kept: { timestamp: number; data: unknown[] }[] = [];
    for (const row of rowsIn) {
      if (700 > (row[1] as number)) kept.push({ timestamp: 0, data: row.slice(0, 4) });
    }
    if (kept.length > 0) sink(kept);
  };
  return {
    run(data) {
      out = 0;
      if (batch === 1) {
        for (const row of data) chunk([row]);
      } else {
        for (let i = 0; i < data.length; i += batch) chunk(data.slice(i, i + batch));
      }
      return out;
    },
  };
}

function measure(
  workload: Workload,
  data: readonly unknown[][],
  rounds: number,
  warmup: number,
): number {
  for (let r = 0; r < warmup; r += 1) workload.run(data);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const t0 = performance.now();
    workload.run(data);
    rates.push((data.length * 1000) / (performance.now() - t0));
  }
  return median(rates);
}

function rate(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} events/s`;
}

export const filterBench: Bench = {
  name: 'filter',
  run: ({ rounds, warmupRounds }) => {
    const data = rows();
    const expected = data.filter((row) => 700 > (row[1] as number)).length;
    const lines = [
      `app: ${APP}`,
      `${String(EVENTS)} events per round (${String(expected)} pass), median of ${String(rounds)} rounds after ${String(warmupRounds)} warm-up`,
    ];
    for (const batch of [1, BATCH]) {
      const engine = engineWorkload(batch);
      const plain = plainWorkload(batch);
      if (engine.run(data) !== expected || plain.run(data) !== expected) {
        throw new Error('the filter bench produced the wrong number of events');
      }
      const engineRate = measure(engine, data, rounds, warmupRounds);
      const plainRate = measure(plain, data, rounds, warmupRounds);
      const label = batch === 1 ? 'single events' : `batches of ${String(batch)}`;
      lines.push(
        `${label}: engine ${rate(engineRate)}, plain JS ${rate(plainRate)}, ratio ${(plainRate / engineRate).toFixed(2)}x`,
      );
    }
    return lines;
  },
};
