// `@purge` over millions of partition keys: a playback app with a stateful partitioned query
// gets a new key on every event while event time advances, so keys idle for longer than
// `idle.period` are purged all along. Prints events/s (and per cpu-second), the live keys, RSS
// and the heap retained (after gc) sampled every million events, then the same app without
// @purge on the first events, whose memory grows with every key.

import type { AppRuntime } from '../engine/src/runtime/app/app-runtime.js';
import { rate, type Bench } from './bench.js';
import { createBenchApp } from './workload.js';

const EPOCH = 1_577_836_800_000;
const PURGE = "@purge(enable='true', interval='1 sec', idle.period='2 sec') ";
const QUERY = 'from S#window.length(2) select key, sum(v) as s insert into O;';
const purgeApp = (purge: boolean): string =>
  '@app:playback define stream S (key string, v long); ' +
  `${purge ? PURGE : ''}partition with (key of S) begin ${QUERY} end;`;
/** Events per `sendEvents` call (each event with its own timestamp). */
const BATCH = 1000;
const SAMPLE_EVERY = 1_000_000;
/** The run without @purge stops at this many events or this much retained heap. */
const CONTRAST_EVENTS = 1_000_000;
const CONTRAST_SAMPLE_EVERY = 100_000;
const CONTRAST_HEAP_LIMIT = 2e9;

type Gc = () => void;

function positiveEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

interface Sample {
  readonly events: number;
  /** Keys with an instance (-1 when not sampled). */
  readonly keys: number;
  readonly rss: number;
  /** heapUsed after a full gc: what the app retains. */
  readonly heap: number;
}

/** The keys the app's partition holds (from a snapshot: the app exposes no other count). */
function liveKeys(app: AppRuntime): number {
  const state = Object.entries(app.snapshot().holders).find(([id]) =>
    id.startsWith('partition:'),
  )?.[1] as { keys?: unknown } | undefined;
  return Array.isArray(state?.keys) ? state.keys.length : -1;
}

/** Memory now; the rss is read before the gc (what the process holds while it runs). */
function sample(events: number, keys: number, gc: Gc): Sample {
  const rss = process.memoryUsage.rss();
  gc();
  gc();
  return { events, keys, rss, heap: process.memoryUsage().heapUsed };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

interface Run {
  readonly sent: number;
  readonly wall: number;
  readonly cpu: number;
  readonly outputs: number;
  readonly samples: readonly Sample[];
}

/**
 * Starts the app (with or without @purge) and sends up to `events` events, a new key (`k<i>`) each, `spacingUs` µs of event time apart, in
 * batches of `BATCH`; every `every` events it pauses the clocks and samples memory (and the live
 * keys when `keys`). Stops early once the retained heap passes `heapLimit`.
 */
function feed(
  purge: boolean,
  options: {
    events: number;
    spacingUs: number;
    every: number;
    keys: boolean;
    heapLimit: number;
    gc: Gc;
  },
): Run {
  // the app stays local: once this returns, nothing of it is left to skew the next run's heap
  const app = createBenchApp(purgeApp(purge));
  let outputs = 0;
  app.onStream('O', (events) => {
    outputs += events.length;
  });
  const input = app.input('S');
  const samples: Sample[] = [];
  let wall = 0;
  let cpu = 0;
  let sent = 0;
  while (sent < options.events) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const end = Math.min(options.events, sent + options.every);
    for (let i = sent; i < end; i += BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(end, i + BATCH); j += 1) {
        batch.push({
          data: [`k${String(j)}`, j],
          timestamp: EPOCH + Math.floor((j * options.spacingUs) / 1000),
        });
      }
      input.sendEvents(batch);
    }
    wall += (performance.now() - t0) / 1000;
    const used = process.cpuUsage(c0);
    cpu += (used.user + used.system) / 1e6;
    sent = end;
    const s = sample(sent, options.keys ? liveKeys(app) : -1, options.gc);
    samples.push(s);
    if (s.heap > options.heapLimit) break;
  }
  void app.shutdown();
  return { sent, wall, cpu, outputs, samples };
}

/** `first …, max …, last …` of one sampled figure. */
function spread(samples: readonly Sample[], pick: (s: Sample) => number, unit = mb): string {
  const values = samples.map(pick);
  const first = values[0] ?? Number.NaN;
  const last = values.at(-1) ?? Number.NaN;
  return `first ${unit(first)}, max ${unit(Math.max(...values))}, last ${unit(last)}`;
}

export const partitionPurgeBench: Bench = {
  name: 'partition-purge',
  run: () => {
    const gc = (globalThis as { gc?: Gc }).gc;
    if (gc === undefined) return ['not measured: run node with --expose-gc (npm run bench does)'];
    const events = positiveEnv('PURGE_BENCH_EVENTS', 10_000_000);
    const spacingUs = positiveEnv('PURGE_BENCH_SPACING_US', 20);
    const baseline = sample(0, 0, gc);

    const run = feed(true, {
      events,
      spacingUs,
      every: SAMPLE_EVERY,
      keys: true,
      heapLimit: Number.POSITIVE_INFINITY,
      gc,
    });
    const peakRss = process.resourceUsage().maxRSS * 1024;

    const contrast = feed(false, {
      events: Math.min(events, CONTRAST_EVENTS),
      spacingUs,
      every: CONTRAST_SAMPLE_EVERY,
      keys: false,
      heapLimit: CONTRAST_HEAP_LIMIT,
      gc,
    });

    const perKey = (r: Run): number => {
      const [first] = r.samples;
      const last = r.samples.at(-1);
      return first === undefined || last === undefined || last.events === first.events
        ? Number.NaN
        : (last.heap - first.heap) / (last.events - first.events);
    };
    const keys = run.samples.map((s) => s.keys);
    const last = run.samples.at(-1);
    const perLiveKey =
      last === undefined || last.keys <= 0 ? Number.NaN : (last.heap - baseline.heap) / last.keys;
    return [
      `app: ${purgeApp(true)}`,
      `${rate(run.sent)} events, a new key on each, ${String(spacingUs)} µs of event time apart ` +
        `(${rate(run.sent * spacingUs * 1e-6)} s of event time), ${String(BATCH)} events per ` +
        'sendEvents() with their own timestamps; rows built as they are sent (in the timings)',
      `with @purge: ${run.wall.toFixed(1)} s, ${rate(run.sent / run.wall)} events/s, ` +
        `per cpu-second ${rate(run.sent / run.cpu)} (${rate(run.outputs)} outputs)`,
      `live keys every ${rate(SAMPLE_EVERY)} events: ${keys.map((k) => rate(k)).join(', ')}`,
      `RSS every ${rate(SAMPLE_EVERY)} events: ${spread(run.samples, (s) => s.rss)}; ` +
        `after the first sample ${spread(run.samples.slice(1), (s) => s.rss)}; ` +
        `peak RSS of the process ${mb(peakRss)}`,
      `heapUsed after gc every ${rate(SAMPLE_EVERY)} events: ` +
        `${spread(run.samples, (s) => s.heap)} (${mb(baseline.heap)} before the app; ` +
        `${perLiveKey.toFixed(0)} bytes per live key at the end)`,
      `change from the 1st to the last sample: heap ${mb((run.samples.at(-1)?.heap ?? 0) - (run.samples[0]?.heap ?? 0))}, ` +
        `${perKey(run).toFixed(2)} bytes per further key`,
      `without @purge (same app, first ${rate(contrast.sent)} events` +
        `${contrast.sent < Math.min(events, CONTRAST_EVENTS) ? `, stopped at ${mb(CONTRAST_HEAP_LIMIT)} of heap` : ''}): ` +
        `${rate(contrast.sent / contrast.wall)} events/s, per cpu-second ${rate(contrast.sent / contrast.cpu)}; ` +
        `heapUsed after gc every ${rate(CONTRAST_SAMPLE_EVERY)} events: ` +
        `${contrast.samples.map((s) => mb(s.heap)).join(', ')}; RSS ${spread(contrast.samples, (s) => s.rss)}; ` +
        `${perKey(contrast).toFixed(0)} bytes per further key`,
    ];
  },
};
