// A four-query filter/projection chain (S → A → B → C → O), one event per send, beside a plain
// JS loop doing the same four filter-and-project steps (a new event and chunk per step).

import { LatencyProbe, scenarioBench, type Subject } from './bench.js';
import { createBenchApp, stockRows, sendingSubject } from './workload.js';

const APP = [
  'define stream S (symbol string, price float, volume long, ts long);',
  'from S[price > 100] select symbol, price, volume insert into A;',
  'from A[volume % 2 == 0] select symbol, price * 2 as p2, volume insert into B;',
  'from B[p2 < 2400.0] select symbol, p2, volume insert into C;',
  "from C[symbol != 'ORCL'] select symbol, p2 as price insert into O;",
].join('\n');
const EVENTS = 1_000_000;
const LATENCY_SENDS = 100_000;

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

function engineSubject(rows: readonly unknown[][]): Subject {
  return sendingSubject(createBenchApp(APP), { rows, latencySends: LATENCY_SENDS });
}

function plainSubject(rows: readonly unknown[][]): Subject {
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  const callback = (events: readonly OutEvent[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  const event = (timestamp: number, data: unknown[]): OutEvent => ({
    timestamp,
    type: 'current',
    data,
  });
  const q4 = (chunk: readonly OutEvent[]): void => {
    const kept: OutEvent[] = [];
    for (const e of chunk) {
      if (e.data[0] !== 'ORCL') kept.push(event(e.timestamp, [e.data[0], e.data[1]]));
    }
    if (kept.length > 0) callback(kept);
  };
  const q3 = (chunk: readonly OutEvent[]): void => {
    const kept: OutEvent[] = [];
    for (const e of chunk) {
      if ((e.data[1] as number) < 2400)
        kept.push(event(e.timestamp, [e.data[0], e.data[1], e.data[2]]));
    }
    if (kept.length > 0) q4(kept);
  };
  const q2 = (chunk: readonly OutEvent[]): void => {
    const kept: OutEvent[] = [];
    for (const e of chunk) {
      if ((e.data[2] as number) % 2 === 0) {
        kept.push(
          event(e.timestamp, [e.data[0], Math.fround((e.data[1] as number) * 2), e.data[2]]),
        );
      }
    }
    if (kept.length > 0) q3(kept);
  };
  const q1 = (chunk: readonly OutEvent[]): void => {
    const kept: OutEvent[] = [];
    for (const e of chunk) {
      if ((e.data[1] as number) > 100)
        kept.push(event(e.timestamp, [e.data[0], e.data[1], e.data[2]]));
    }
    if (kept.length > 0) q2(kept);
  };
  const send = (row: unknown[]): void => {
    q1([event(0, row)]);
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

export const chainBench = scenarioBench({
  name: 'chain',
  description: ['app (one event per send()):', ...APP.split('\n').map((l) => `  ${l}`)],
  events: EVENTS,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = stockRows(EVENTS);
    return { engine: engineSubject(rows), plain: plainSubject(rows) };
  },
});
