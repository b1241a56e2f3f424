// Partitions: `partition with (symbol of S) begin from S[700 > price] select symbol, price insert
// into O; end` over 10 keys and with a new key on every event (plus the heap each key retains),
// beside a plain JS loop doing the same work (key the event, test the price, project, emit).

import type { AppRuntime } from '../engine/src/runtime/app/app-runtime.js';
import { LatencyProbe, scenarioBench, type Bench, type Subject } from './bench.js';
import { createBenchApp } from './workload.js';

const APP =
  'define stream S (symbol string, price float, volume long, ts long); ' +
  'partition with (symbol of S) begin ' +
  'from S[700 > price] select symbol, price insert into O; ' +
  'end;';
const STATEFUL_QUERY = 'from S#window.length(2) select symbol, sum(price) as total insert into O;';
const STATEFUL_APP =
  'define stream S (symbol string, price float, volume long, ts long); ' +
  `partition with (symbol of S) begin ${STATEFUL_QUERY} end;`;
const PATTERN_QUERY =
  'from every e1=S[price > 10] -> e2=S[price < e1.price] within 1 sec ' +
  'select e1.symbol, e1.price as p1, e2.price as p2 insert into O;';
const JOIN_QUERY =
  'from S#window.length(2) as a join S#window.length(1) as b on a.price < b.price ' +
  'select a.symbol, a.price as p1, b.price as p2 insert into O;';
const partitioned = (query: string): string =>
  'define stream S (symbol string, price float, volume long, ts long); ' +
  `partition with (symbol of S) begin ${query} end;`;
const EVENTS = 1_000_000;
const LATENCY_SENDS = 100_000;

/** `count` rows over `keys` symbols (`k0`…), or a distinct symbol per row when `keys` is 0. */
function partitionRows(count: number, keys: number): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < count; i += 1) {
    const symbol = `k${String(keys === 0 ? i : i % keys)}`;
    out.push([symbol, Math.fround(((i * 7919) % 140_000) / 100), i, i]);
  }
  return out;
}

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

/** The engine; a fresh app per run when `fresh` (every key of the run is then new). */
function engineSubject(rows: readonly unknown[][], fresh: boolean): Subject {
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  const open = (): AppRuntime => {
    const created = createBenchApp(APP);
    created.onStream('O', (events) => {
      out += events.length;
      if (timing) probe.hit();
    });
    return created;
  };
  let app = open();
  return {
    run() {
      if (fresh) {
        void app.shutdown();
        app = open();
      }
      out = 0;
      const input = app.input('S');
      for (const row of rows) input.send(row, 0);
      return out;
    },
    latencies() {
      timing = true;
      const input = app.input('S');
      const result = probe.sample(LATENCY_SENDS, (i) => {
        input.send(rows[i % rows.length] ?? [], 0);
      });
      timing = false;
      return result;
    },
  };
}

function plainSubject(rows: readonly unknown[][]): Subject {
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  const callback = (events: readonly OutEvent[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  const process = (row: readonly unknown[], timestamp: number): void => {
    const key = row[0];
    if (key === null) return;
    const price = row[1] as number;
    if (700 > price) callback([{ timestamp, type: 'current', data: [key, price] }]);
  };
  return {
    run() {
      out = 0;
      for (const row of rows) process(row, 0);
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(LATENCY_SENDS, (i) => {
        process(rows[i % rows.length] ?? [], 0);
      });
      timing = false;
      return result;
    },
  };
}

type Gc = () => void;

/** Heap retained per key after sending one event for each of `keys` new keys (after gc). */
function bytesPerKey(): string[] {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (gc === undefined) return ['heap per key: not measured (run node with --expose-gc)'];
  const heap = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const keys = 200_000;
  const rows = partitionRows(keys + 1, 0);
  const retained = (text: string, count: number): { bytes: number; micros: number } => {
    const app = createBenchApp(text);
    app.onStream('O', () => undefined);
    const input = app.input('S');
    input.send(rows[0] ?? [], 0);
    const before = heap();
    const t0 = performance.now();
    for (let i = 1; i <= count; i += 1) input.send(rows[i] ?? [], 0);
    const elapsed = performance.now() - t0;
    const after = heap();
    void app.shutdown();
    return { bytes: (after - before) / count, micros: (elapsed * 1000) / count };
  };
  retained(APP, keys); // warm-up: code and caches settle before measuring
  const stateless = retained(APP, keys);
  const stateful = retained(STATEFUL_APP, 20_000);
  const pattern = retained(partitioned(PATTERN_QUERY), 20_000);
  const join = retained(partitioned(JOIN_QUERY), 20_000);
  const perKey = (label: string, query: string, r: { bytes: number; micros: number }): string =>
    `for comparison, a partitioned ${label} (${query}): ` +
    `${r.bytes.toFixed(0)} bytes and ${r.micros.toFixed(2)} µs per new key (20,000 keys)`;
  return [
    `engine heap retained per key: ${stateless.bytes.toFixed(1)} bytes ` +
      `(${keys.toLocaleString('en-US')} new keys, one event each, rows pre-built; heapUsed delta after gc)`,
    `for comparison, a stateful partitioned query (${STATEFUL_QUERY}): ` +
      `${stateful.bytes.toFixed(0)} bytes and ${stateful.micros.toFixed(2)} µs per new key (20,000 keys)`,
    perKey('pattern query', PATTERN_QUERY, pattern),
    perKey('join query', JOIN_QUERY, join),
  ];
}

function partitionBench(name: string, keys: number): Bench {
  return scenarioBench({
    name,
    description: [
      `app: ${APP}`,
      keys === 0
        ? 'a new key on every event (a fresh app per run), one event per send()'
        : `${String(keys)} keys, one event per send()`,
    ],
    events: EVENTS,
    latencySends: LATENCY_SENDS,
    create() {
      const rows = partitionRows(EVENTS, keys);
      return {
        engine: engineSubject(rows, keys === 0),
        plain: plainSubject(rows),
        ...(keys === 0 ? { report: bytesPerKey } : {}),
      };
    },
  });
}

export const partition10KeysBench = partitionBench('partition-10-keys', 10);
export const partitionNewKeysBench = partitionBench('partition-new-keys', 0);
