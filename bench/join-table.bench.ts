// A stream joined with a 1,000,000-row table on its primary key: each event of Q looks one row of
// T up (random keys, all present); beside a plain JS loop doing a Map lookup per event and
// building the same output event.

import { LatencyProbe, scenarioBench, type Subject } from './bench.js';
import { createBenchApp, sendingSubject } from './workload.js';

const ROWS = 1_000_000;
const LOOKUPS = 500_000;
const LATENCY_SENDS = 100_000;
const APP = [
  'define stream Q (symbol string);',
  'define stream TS (symbol string, price float, volume long);',
  "@PrimaryKey('symbol') @Index('volume') define table T (symbol string, price float, volume long);",
  'from TS insert into T;',
  'from Q join T on T.symbol == Q.symbol select Q.symbol, T.price, T.volume insert into O;',
].join('\n');

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

function tableRows(): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < ROWS; i += 1) {
    out.push([`S${String(i)}`, Math.fround(((i * 7919) % 140_000) / 100), i % 1000]);
  }
  return out;
}

/** `LOOKUPS` one-attribute events naming random (deterministic) rows of the table. */
function lookups(): unknown[][] {
  let seed = 42;
  const out: unknown[][] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push([`S${String(seed % ROWS)}`]);
  }
  return out;
}

function engineSubject(rows: readonly unknown[][], queries: readonly unknown[][]): Subject {
  const app = createBenchApp(APP);
  const load = app.input('TS');
  for (let i = 0; i < rows.length; i += 10_000) load.sendBatch(rows.slice(i, i + 10_000), 0);
  return sendingSubject(app, { rows: queries, input: 'Q', latencySends: LATENCY_SENDS });
}

function plainSubject(rows: readonly unknown[][], queries: readonly unknown[][]): Subject {
  const table = new Map<unknown, unknown[]>();
  for (const row of rows) table.set(row[0], row);
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  const emit = (events: OutEvent[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  const send = (q: unknown[], ts: number): void => {
    const row = table.get(q[0]);
    if (row !== undefined) emit([{ timestamp: ts, type: 'current', data: [q[0], row[1], row[2]] }]);
  };
  return {
    run() {
      out = 0;
      for (const q of queries) send(q, 0);
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(LATENCY_SENDS, (i) => {
        send(queries[i % queries.length] ?? [], 0);
      });
      timing = false;
      return result;
    },
  };
}

export const joinTableBench = scenarioBench({
  name: 'join-table',
  description: [
    APP.replaceAll('\n', ' '),
    `${ROWS.toLocaleString('en-US')} table rows; one Q event per send(), random keys (all present)`,
  ],
  events: LOOKUPS,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = tableRows();
    const queries = lookups();
    return { engine: engineSubject(rows, queries), plain: plainSubject(rows, queries) };
  },
});
