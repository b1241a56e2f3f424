// Patterns in playback: `every e1=S[price>90] -> e2=S[symbol==e1.symbol and price<e1.price]
// within 1 sec` (prices uniform in [80, 100], timestamps 10 µs apart) and a counting pattern,
// beside plain JS loops keeping the same partial matches by hand.

import { LatencyProbe, scenarioBench, type Subject } from './bench.js';
import { createBenchApp, sendingSubject } from './workload.js';

const STREAM = 'define stream S (symbol string, price float, volume long, ts long); ';
const EVERY_APP =
  '@app:playback ' +
  STREAM +
  'from every e1=S[price > 90] -> e2=S[symbol == e1.symbol and price < e1.price] within 1 sec ' +
  'select e1.symbol as symbol, e1.price as p1, e2.price as p2 insert into O;';
const COUNT_APP =
  '@app:playback ' +
  STREAM +
  'from every e1=S[price > 98] -> e2=S[price < 82]<3> -> e3=S[symbol == e1.symbol] ' +
  'select e1.symbol as symbol, e2[0].price as first, e2[last].price as last, e3.price as p3 ' +
  'insert into O;';
const EVENTS = 1_000_000;
const LATENCY_SENDS = 100_000;
const EPOCH = 1_577_836_800_000;
const SYMBOLS = ['IBM', 'WSO2', 'ORCL', 'GOOG'];

/** 100 events per ms (10 µs apart). */
const playbackTime = (seq: number): number => EPOCH + Math.floor(seq / 100);

/** Rows with prices uniform in [80, 100] (a deterministic LCG), four symbols. */
function patternRows(count: number): unknown[][] {
  const out: unknown[][] = [];
  let seed = 12345;
  for (let i = 0; i < count; i += 1) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const price = Math.fround(80 + (seed / 0x1_0000_0000) * 20);
    out.push([SYMBOLS[(seed >>> 7) % SYMBOLS.length], price, i, i]);
  }
  return out;
}

interface OutEvent {
  timestamp: number;
  type: 'current';
  data: unknown[];
}

function engineSubject(text: string, rows: readonly unknown[][]): Subject {
  return sendingSubject(createBenchApp(text), {
    rows,
    latencySends: LATENCY_SENDS,
    timestamp: playbackTime,
  });
}

type Send = (row: unknown[], ts: number, emit: (events: OutEvent[]) => void) => void;

function plainSubject(rows: readonly unknown[][], send: Send): Subject {
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
      for (const row of rows) send(row, playbackTime(seq++), emit);
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(LATENCY_SENDS, (i) => {
        send(rows[i % rows.length] ?? [], playbackTime(seq++), emit);
      });
      timing = false;
      return result;
    },
  };
}

/** The `every … -> … within 1 sec` pattern by hand: pending e1s in arrival order. */
function plainEvery(): Send {
  let symbols: string[] = [];
  let prices: number[] = [];
  let stamps: number[] = [];
  return (row, ts, emit) => {
    const symbol = row[0] as string;
    const price = row[1] as number;
    if (symbols.length > 0) {
      const keptS: string[] = [];
      const keptP: number[] = [];
      const keptT: number[] = [];
      let matched: OutEvent[] | undefined;
      for (let i = 0; i < symbols.length; i += 1) {
        const t = stamps[i] ?? 0;
        if (ts - t > 1000) continue;
        const p = prices[i] ?? 0;
        if (symbols[i] === symbol && price < p) {
          (matched ??= []).push({ timestamp: ts, type: 'current', data: [symbol, p, price] });
        } else {
          keptS.push(symbols[i] ?? '');
          keptP.push(p);
          keptT.push(t);
        }
      }
      symbols = keptS;
      prices = keptP;
      stamps = keptT;
      if (matched !== undefined) emit(matched);
    }
    if (price > 90) {
      symbols.push(symbol);
      prices.push(price);
      stamps.push(ts);
    }
  };
}

interface Partial {
  readonly symbol: string;
  readonly price: number;
  readonly e2: number[];
}

/** The counting pattern by hand: e1, then three e2s (collected), then e3 of e1's symbol. */
function plainCount(): Send {
  let partials: Partial[] = [];
  return (row, ts, emit) => {
    const symbol = row[0] as string;
    const price = row[1] as number;
    let matched: OutEvent[] | undefined;
    if (partials.length > 0) {
      const kept: Partial[] = [];
      for (const m of partials) {
        if (m.e2.length === 3 && m.symbol === symbol) {
          (matched ??= []).push({
            timestamp: ts,
            type: 'current',
            data: [m.symbol, m.e2[0], m.e2[2], price],
          });
          continue;
        }
        if (m.e2.length < 3 && price < 82) m.e2.push(price);
        kept.push(m);
      }
      partials = kept;
    }
    if (matched !== undefined) emit(matched);
    if (price > 98) partials.push({ symbol, price, e2: [] });
  };
}

export const patternEveryBench = scenarioBench({
  name: 'pattern-every-within',
  description: [
    `app: ${EVERY_APP}`,
    'prices uniform in [80, 100], four symbols, timestamps 10 µs apart, one event per send()',
  ],
  events: EVENTS,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = patternRows(EVENTS);
    return { engine: engineSubject(EVERY_APP, rows), plain: plainSubject(rows, plainEvery()) };
  },
});

export const patternCountBench = scenarioBench({
  name: 'pattern-count',
  description: [
    `app: ${COUNT_APP}`,
    'prices uniform in [80, 100], four symbols, timestamps 10 µs apart, one event per send()',
  ],
  events: EVENTS,
  latencySends: LATENCY_SENDS,
  create() {
    const rows = patternRows(EVENTS);
    return { engine: engineSubject(COUNT_APP, rows), plain: plainSubject(rows, plainCount()) };
  },
});
