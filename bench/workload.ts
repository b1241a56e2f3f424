// Shared inputs of the runtime benches: stock-tick rows and an app built on a virtual clock
// (started, failing loudly when the app does not plan).

import { createEngine, type EngineOptions } from '../engine/src/engine.js';
import type { AppRuntime } from '../engine/src/runtime/app/app-runtime.js';
import { VirtualClock } from '../engine/src/runtime/time/index.js';

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
