// The shapes of benchmarks and their measurement: a `Bench` prints plain text lines; a
// `Scenario` (engine vs a hand-written plain-JS loop doing the same work) is measured by
// `scenarioBench`: warm-up, timed runs (median, min–max events/s) and send → callback latency.

export interface BenchOptions {
  /** Timed runs per subject, after the warm-up runs. */
  readonly rounds: number;
  readonly warmupRounds: number;
}

export interface Bench {
  readonly name: string;
  readonly run: (options: BenchOptions) => readonly string[] | Promise<readonly string[]>;
}

/** One implementation of a scenario's work (the engine's, or the plain-JS reference). */
export interface Subject {
  /** One timed pass over the scenario's input events; returns how many outputs it produced. */
  run(): number;
  /**
   * Sends the latency sample, timing each send until the last callback it caused; returns the
   * latencies (ms) of the sends that caused at least one callback.
   */
  latencies(): number[];
}

/** Another subject of a scenario, over the first `events` input events (fewer when slow). */
export interface Extra {
  readonly label: string;
  readonly subject: Subject;
  readonly events: number;
  /** Its expected output count, checked after the runs. */
  readonly outputs: number;
}

/** Engine work and the plain-JS loop doing the same work, on the same input. */
export interface Scenario {
  readonly name: string;
  /** What is measured, printed first (e.g. the app). */
  readonly description: readonly string[];
  /** Input events per timed run (each `Subject.run`). */
  readonly events: number;
  /** Sends (single events or batches) per latency sample. */
  readonly latencySends: number;
  /** Builds the subjects; `extra` ones are measured and reported too (e.g. without the index). */
  create(): {
    readonly engine: Subject;
    readonly plain: Subject;
    readonly extra?: readonly Extra[];
    /** Further lines printed after the figures (e.g. memory per resident event). */
    readonly report?: () => readonly string[];
  };
}

/** The `q`-quantile (0..1) of ascending `sorted`, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** `0.123 ms` with three decimals. */
export function ms(value: number): string {
  return `${value.toFixed(3)} ms`;
}

/** `1.23 µs`, for latencies. */
export function micros(valueMs: number): string {
  return `${(valueMs * 1000).toFixed(2)} µs`;
}

/** `12,345,678` events/s. */
export function rate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

interface Figures {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Events per cpu-second of the process (median, min, max): what contention cannot inflate. */
  readonly cpu: readonly [number, number, number];
  readonly p50: number;
  readonly p99: number;
  readonly outputs: number;
}

function measure(subject: Subject, events: number, options: BenchOptions): Figures {
  let outputs = 0;
  for (let r = 0; r < options.warmupRounds; r += 1) outputs = subject.run();
  subject.latencies();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    outputs = subject.run();
    rates.push((events * 1000) / (performance.now() - t0));
    const cpu = process.cpuUsage(c0);
    cpuRates.push((events * 1e6) / Math.max(1, cpu.user + cpu.system));
  }
  const latencies = subject.latencies().sort((a, b) => a - b);
  return {
    median: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    cpu: [median(cpuRates), Math.min(...cpuRates), Math.max(...cpuRates)],
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    outputs,
  };
}

function describeFigures(label: string, f: Figures): string {
  return (
    `${label}: ${rate(f.median)} events/s (min ${rate(f.min)}, max ${rate(f.max)}); ` +
    `per cpu-second ${rate(f.cpu[0])} (min ${rate(f.cpu[1])}, max ${rate(f.cpu[2])}); ` +
    `latency p50 ${micros(f.p50)}, p99 ${micros(f.p99)}`
  );
}

/**
 * A bench measuring a scenario: each subject runs its warm-up passes, then `rounds` timed passes
 * (median and min–max input events/s), then its latency sample (p50/p99, send → last callback).
 * @example
 * export const filterSingle = scenarioBench({ name: 'filter-single', … });
 */
export function scenarioBench(scenario: Scenario): Bench {
  return {
    name: scenario.name,
    run: (options) => {
      const { engine, plain, extra = [], report } = scenario.create();
      const engineFigures = measure(engine, scenario.events, options);
      const plainFigures = measure(plain, scenario.events, options);
      if (engineFigures.outputs !== plainFigures.outputs) {
        throw new Error(
          `${scenario.name}: the engine produced ${String(engineFigures.outputs)} outputs, ` +
            `plain JS ${String(plainFigures.outputs)}`,
        );
      }
      const lines = [
        ...scenario.description,
        `${rate(scenario.events)} input events per run (${rate(engineFigures.outputs)} outputs), ` +
          `${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed runs; ` +
          `latency over ${rate(scenario.latencySends)} sends`,
        describeFigures('engine  ', engineFigures),
        describeFigures('plain JS', plainFigures),
      ];
      for (const { label, subject, events, outputs } of extra) {
        const figures = measure(subject, events, options);
        if (figures.outputs !== outputs) {
          throw new Error(
            `${scenario.name}: '${label}' produced ${String(figures.outputs)} outputs, not ${String(outputs)}`,
          );
        }
        lines.push(describeFigures(`${label} (${rate(events)} events per run)`, figures));
      }
      lines.push(
        `ratio plain JS / engine: throughput ${(plainFigures.median / engineFigures.median).toFixed(2)}x ` +
          `(per cpu-second ${(plainFigures.cpu[0] / engineFigures.cpu[0]).toFixed(2)}x), ` +
          `p50 latency ${(engineFigures.p50 / plainFigures.p50).toFixed(2)}x`,
      );
      if (report !== undefined) lines.push(...report());
      return lines;
    },
  };
}

/** Measures send → last callback for `sends` calls of `send(i)`; `stamp` is read by callbacks. */
export class LatencyProbe {
  /** performance.now() of the latest callback; callbacks set it via `hit()`. */
  private last = -1;

  hit(): void {
    this.last = performance.now();
  }

  sample(sends: number, send: (i: number) => void): number[] {
    const out: number[] = [];
    for (let i = 0; i < sends; i += 1) {
      this.last = -1;
      const t0 = performance.now();
      send(i);
      if (this.last >= 0) out.push(this.last - t0);
    }
    return out;
  }
}
