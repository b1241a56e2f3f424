// Window + aggregation scenarios: a sliding `length(10)`, a tumbling `lengthBatch(10)` grouped by
// symbol and an `@app:playback` `time(1 sec)` holding 100,000 events (with heap bytes per resident
// event), one event per send, each beside a plain JS loop doing the same window and aggregate work.

import { LatencyProbe, scenarioBench, type Subject } from './bench.js';
import { createBenchApp, stockRows, sendingSubject } from './workload.js';

const LATENCY_SENDS = 100_000;

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

/** A subject sending `rows` one per `send(row, timestamp(seq))`, counting events reaching O. */
function engineSubject(
  text: string,
  rows: readonly unknown[][],
  timestamp: (seq: number) => number,
): Subject {
  return sendingSubject(createBenchApp(text), { rows, latencySends: LATENCY_SENDS, timestamp });
}

/** A plain subject over `send(row, timestamp, emit)`, one call per event. */
function plainSubject(
  rows: readonly unknown[][],
  timestamp: (seq: number) => number,
  send: (row: unknown[], ts: number, emit: (events: OutEvent[]) => void) => void,
): Subject {
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  let seq = 0;
  const emit = (events: OutEvent[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  return {
    run() {
      out = 0;
      for (const row of rows) send(row, timestamp(seq++), emit);
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(LATENCY_SENDS, (i) => {
        send(rows[i % rows.length] ?? [], timestamp(seq++), emit);
      });
      timing = false;
      return result;
    },
  };
}

const STREAM = 'define stream S (symbol string, price float, volume long, ts long);';
const LENGTH_APP =
  STREAM +
  ' from S#window.length(10) select symbol, sum(price) as s, avg(volume) as v insert into O;';

/** `length(10)` by hand: a ring of 10 rows, running sums, one output event per input. */
function plainLength(): (row: unknown[], ts: number, emit: (e: OutEvent[]) => void) => void {
  const ring: unknown[][] = [];
  let head = 0;
  let sum = 0;
  let sumCount = 0;
  let vol = 0;
  let volCount = 0;
  return (row, ts, emit) => {
    if (ring.length === 10) {
      const old = ring[head] ?? [];
      sum -= old[1] as number;
      sumCount -= 1;
      vol -= old[2] as number;
      volCount -= 1;
      ring[head] = row;
      head = (head + 1) % 10;
    } else {
      ring.push(row);
    }
    sum += row[1] as number;
    sumCount += 1;
    vol += row[2] as number;
    volCount += 1;
    emit([
      {
        timestamp: ts,
        type: 'current',
        data: [row[0], sumCount === 0 ? null : sum, volCount === 0 ? null : vol / volCount],
      },
    ]);
  };
}

export const lengthWindowBench = scenarioBench({
  name: 'window-length',
  description: [`app: ${LENGTH_APP}`, 'one event per send()'],
  events: 1_000_000,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = stockRows(1_000_000);
    return {
      engine: engineSubject(LENGTH_APP, rows, () => 0),
      plain: plainSubject(rows, () => 0, plainLength()),
    };
  },
});

const BATCH_APP =
  STREAM +
  ' from S#window.lengthBatch(10) select symbol, sum(price) as s, avg(volume) as v ' +
  'group by symbol insert into O;';

interface Group {
  sum: number;
  count: number;
  vol: number;
  ts: number;
}

/** `lengthBatch(10)` by hand: collect 10 rows, then per symbol sums (first-seen order). */
function plainLengthBatch(): (row: unknown[], ts: number, emit: (e: OutEvent[]) => void) => void {
  let batch: unknown[][] = [];
  let stamps: number[] = [];
  return (row, ts, emit) => {
    batch.push(row);
    stamps.push(ts);
    if (batch.length < 10) return;
    const groups = new Map<string, Group>();
    for (let i = 0; i < batch.length; i += 1) {
      const r = batch[i] ?? [];
      const key = r[0] as string;
      let g = groups.get(key);
      if (g === undefined) {
        g = { sum: 0, count: 0, vol: 0, ts: 0 };
        groups.set(key, g);
      }
      g.sum += r[1] as number;
      g.vol += r[2] as number;
      g.count += 1;
      g.ts = stamps[i] ?? 0;
    }
    const out: OutEvent[] = [];
    for (const [key, g] of groups) {
      out.push({ timestamp: g.ts, type: 'current', data: [key, g.sum, g.vol / g.count] });
    }
    batch = [];
    stamps = [];
    emit(out);
  };
}

export const lengthBatchWindowBench = scenarioBench({
  name: 'window-length-batch',
  description: [`app: ${BATCH_APP}`, 'one event per send(), 4 symbols'],
  events: 1_000_000,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = stockRows(1_000_000);
    return {
      engine: engineSubject(BATCH_APP, rows, () => 0),
      plain: plainSubject(rows, () => 0, plainLengthBatch()),
    };
  },
});

const TIME_APP =
  '@app:playback ' +
  STREAM +
  ' from S#window.time(1 sec) select sum(price) as total insert into O;';
const EVENTS_PER_MS = 100;
const EPOCH = 1_577_836_800_000;
/** 10 µs apart: 100 events per millisecond, so a 1 s window holds 100,000 events. */
const playbackTime = (seq: number): number => EPOCH + Math.floor(seq / EVENTS_PER_MS);

/** `time(1 sec)` by hand: a queue of (timestamp, price) with a head index, a running sum. */
function plainTime(): (row: unknown[], ts: number, emit: (e: OutEvent[]) => void) => void {
  let stamps: number[] = [];
  let prices: number[] = [];
  let head = 0;
  let sum = 0;
  let count = 0;
  return (row, ts, emit) => {
    while (head < stamps.length && (stamps[head] ?? 0) + 1000 <= ts) {
      sum -= prices[head] ?? 0;
      count -= 1;
      head += 1;
    }
    if (head > 65_536 && head * 2 > stamps.length) {
      stamps = stamps.slice(head);
      prices = prices.slice(head);
      head = 0;
    }
    stamps.push(ts);
    prices.push(row[1] as number);
    sum += row[1] as number;
    count += 1;
    emit([{ timestamp: ts, type: 'current', data: [count === 0 ? null : sum] }]);
  };
}

type Gc = () => void;

const MEMORY_EVENTS = 300_000;
/** After MEMORY_EVENTS events the last is at ms 2999: the events of ms 2000..2999 are held. */
const RESIDENT = 100_000;

function freshRow(i: number): unknown[] {
  return [i % 2 === 0 ? 'IBM' : 'WSO2', Math.fround(((i * 7919) % 140_000) / 100), i, EPOCH + i];
}

function heapAfterGc(gc: Gc): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Retained heap of a fresh engine app after MEMORY_EVENTS sends, per resident event. */
function engineResidentBytes(gc: Gc): number {
  const app = createBenchApp(TIME_APP);
  app.onStream('O', () => undefined);
  const input = app.input('S');
  input.send(freshRow(0), EPOCH);
  const before = heapAfterGc(gc);
  for (let i = 1; i < MEMORY_EVENTS; i += 1) input.send(freshRow(i), playbackTime(i));
  const after = heapAfterGc(gc);
  void app.shutdown();
  return (after - before) / RESIDENT;
}

/** The same for the plain JS queue. */
function plainResidentBytes(gc: Gc): number {
  const send = plainTime();
  const sink = (): void => undefined;
  send(freshRow(0), EPOCH, sink);
  const before = heapAfterGc(gc);
  for (let i = 1; i < MEMORY_EVENTS; i += 1) send(freshRow(i), playbackTime(i), sink);
  const after = heapAfterGc(gc);
  send(freshRow(MEMORY_EVENTS), playbackTime(MEMORY_EVENTS), sink);
  return (after - before) / RESIDENT;
}

/** Heap bytes per resident event (heapUsed delta after gc, rows created per send included). */
function residentBytes(): string[] {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (gc === undefined)
    return ['heap per resident event: not measured (run node with --expose-gc)'];
  // each in its own call, so that nothing of one is still reachable while the other measures
  const plain = plainResidentBytes(gc);
  const engine = engineResidentBytes(gc);
  const rows = rowBytes(gc);
  return [
    `heap per resident event (${RESIDENT.toLocaleString('en-US')} resident, heapUsed delta after gc, ` +
      `the row arrays created per send included): engine ${engine.toFixed(1)} bytes, ` +
      `plain JS ${plain.toFixed(1)} bytes (timestamps and prices only); ` +
      `of which the row itself ${rows.toFixed(1)} bytes`,
  ];
}

/** Heap bytes of one row array as sent (for the breakdown). */
function rowBytes(gc: Gc): number {
  const kept: unknown[][] = [];
  const before = heapAfterGc(gc);
  for (let i = 0; i < RESIDENT; i += 1) kept.push(freshRow(i));
  const after = heapAfterGc(gc);
  const bytes = (after - before) / kept.length;
  kept.length = 0;
  return bytes;
}

export const timeWindowBench = scenarioBench({
  name: 'window-time-playback',
  description: [
    `app: ${TIME_APP}`,
    'one event per send(), timestamps 10 µs apart (100 events per ms): 100,000 events resident',
  ],
  events: 1_000_000,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = stockRows(1_000_000);
    return {
      engine: engineSubject(TIME_APP, rows, playbackTime),
      plain: plainSubject(rows, playbackTime, plainTime()),
      report: residentBytes,
    };
  },
});
