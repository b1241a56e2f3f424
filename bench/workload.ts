// Shared inputs of the runtime benches: stock-tick rows and an app built on a virtual clock
// (started, failing loudly when the app does not plan).

import { createEngine, type EngineOptions } from '../engine/src/engine.js';
import type { AppRuntime } from '../engine/src/runtime/app/app-runtime.js';
import { VirtualClock } from '../engine/src/runtime/time/index.js';
import { LatencyProbe, type Subject } from './bench.js';

const SYMBOLS = ['IBM', 'WSO2', 'ORCL', 'GOOG'];

/**
 * `count` rows of `(symbol string, price float, volume long, ts long)`; prices are floats
 * spread over [0, 1400) (half of them below 700), deterministic.
 */
export function stockRows(count: number): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < count; i += 1) {
    const price = Math.fround(((i * 7919) % 140_000) / 100);
    out.push([SYMBOLS[i % SYMBOLS.length], price, i, 1_577_836_800_000 + i]);
  }
  return out;
}

/** Creates and starts `text` on a virtual clock. */
export function createBenchApp(
  text: string,
  options: Omit<EngineOptions, 'timeService'> = {},
): AppRuntime {
  const result = createEngine({ ...options, timeService: new VirtualClock(0) }).createApp(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  result.app.start();
  return result.app;
}

/** How a sending subject is set up (see `sendingSubject`). */
export interface SendingOptions {
  /** The rows sent, one `send` each, in order. */
  readonly rows: readonly unknown[][];
  /** How many sends the latency sample times. */
  readonly latencySends: number;
  /** The input stream (default `S`). */
  readonly input?: string;
  /** The timestamp of the n-th send (default 0: the event keeps the clock's time). */
  readonly timestamp?: (seq: number) => number;
  /** Hooks `count` to every output callback (default: the stream `O`). */
  readonly listen?: (app: AppRuntime, count: (events: readonly unknown[]) => void) => void;
}

/**
 * The engine side of a scenario that sends one event at a time and counts the outputs.
 * @example
 * const engine = sendingSubject(createBenchApp(APP), { rows, latencySends: 100_000 });
 */
export function sendingSubject(app: AppRuntime, options: SendingOptions): Subject {
  const { rows, timestamp = () => 0 } = options;
  const probe = new LatencyProbe();
  let out = 0;
  let timing = false;
  let seq = 0;
  const count = (events: readonly unknown[]): void => {
    out += events.length;
    if (timing) probe.hit();
  };
  if (options.listen === undefined) app.onStream('O', count);
  else options.listen(app, count);
  const input = app.input(options.input ?? 'S');
  return {
    run() {
      out = 0;
      for (const row of rows) input.send(row, timestamp(seq++));
      return out;
    },
    latencies() {
      timing = true;
      const result = probe.sample(options.latencySends, (i) => {
        input.send(rows[i % rows.length] ?? [], timestamp(seq++));
      });
      timing = false;
      return result;
    },
  };
}
