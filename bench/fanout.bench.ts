// One stream fanned out to N queries `from S[price > X and price < Y] select symbol insert into
// O_i`, each range about 1% of the prices, one event per send; beside a plain JS loop testing
// every range per event, and (N > 1) the engine with its predicate index turned off.

import { LatencyProbe, scenarioBench, type Bench, type Subject } from './bench.js';
import { createBenchApp, stockRows, sendingSubject } from './workload.js';

const PRICE_RANGE = 1400;
const WIDTH = PRICE_RANGE / 100;
const LATENCY_SENDS = 20_000;

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

/** Deterministic range starts in [0, PRICE_RANGE - WIDTH), two decimals. */
function rangeStarts(n: number): number[] {
  let seed = 12345;
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push(Math.round((seed / 2147483648) * (PRICE_RANGE - WIDTH) * 100) / 100);
  }
  return out;
}

function appText(starts: readonly number[]): string {
  const lines = ['define stream S (symbol string, price float, volume long, ts long);'];
  starts.forEach((x, i) => {
    const y = Math.round((x + WIDTH) * 100) / 100;
    lines.push(
      `@info(name='q${String(i)}') from S[price > ${x.toFixed(2)} and price < ${y.toFixed(2)}] ` +
        `select symbol insert into O_${String(i)};`,
    );
  });
  return lines.join('\n');
}

function engineSubject(
  rows: readonly unknown[][],
  starts: readonly number[],
  predicateIndex: boolean,
): Subject {
  return sendingSubject(createBenchApp(appText(starts), { predicateIndex }), {
    rows,
    latencySends: LATENCY_SENDS,
    listen: (app, count) => {
      for (let i = 0; i < starts.length; i += 1) app.on(`q${String(i)}`, count);
    },
  });
}

function plainSubject(rows: readonly unknown[][], starts: readonly number[]): Subject {
  const probe = new LatencyProbe();
  const lo = Float64Array.from(starts);
  const hi = Float64Array.from(starts, (x) => Math.round((x + WIDTH) * 100) / 100);
  const n = starts.length;
  let out = 0;
  let timing = false;
  const callback = (events: readonly OutEvent[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  const send = (row: unknown[]): void => {
    const price = row[1] as number;
    for (let i = 0; i < n; i += 1) {
      if (price > (lo[i] ?? 0) && price < (hi[i] ?? 0)) {
        callback([{ timestamp: 0, type: 'current', data: [row[0]] }]);
      }
    }
  };
  return {
    run() {
      out = 0;
      for (const row of rows) send(row);
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(LATENCY_SENDS, (i) => {
        send(rows[i % rows.length] ?? []);
      });
      timing = false;
      return result;
    },
  };
}

function fanoutBench(queries: number, events: number, slowEvents: number): Bench {
  return scenarioBench({
    name: `fanout-${String(queries)}`,
    description: [
      `one stream, ${String(queries)} queries 'from S[price > X and price < Y] select symbol insert into O_i' ` +
        `(each range ${String(WIDTH)} of prices spread over [0, ${String(PRICE_RANGE)})), one event per send(); ` +
        'plain JS tests every range per event',
    ],
    events,
    latencySends: LATENCY_SENDS,
    create() {
      const rows = stockRows(events);
      const starts = rangeStarts(queries);
      return {
        engine: engineSubject(rows, starts, true),
        plain: plainSubject(rows, starts),
        ...(queries > 1
          ? {
              extra: [
                {
                  label: 'engine without predicate index',
                  subject: engineSubject(rows.slice(0, slowEvents), starts, false),
                  events: slowEvents,
                  outputs: plainSubject(rows.slice(0, slowEvents), starts).run(),
                },
              ],
            }
          : {}),
      };
    },
  });
}

export const fanout1Bench = fanoutBench(1, 1_000_000, 0);
export const fanout100Bench = fanoutBench(100, 500_000, 100_000);
export const fanout1000Bench = fanoutBench(1000, 200_000, 10_000);
