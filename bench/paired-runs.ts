// Timed runs of an engine subject beside raw code doing the same work, for benches whose runs
// are asynchronous and self-contained (read a file, send mails): rounds alternate engine and
// raw so drifting machine load hits both alike; the figures are units/s of wall-clock time and
// per cpu-second of this process (what other processes cannot inflate), with the ratios.

import { median, rate, type BenchOptions } from './bench.js';

/** One timed run. */
export interface Run {
  readonly ms: number;
  /** CPU time of this process (user + system) during the run. */
  readonly cpuMs: number;
}

/**
 * Times `work` (wall clock and this process's CPU).
 * @example
 * const run = await timed(() => readAll(file));
 */
export async function timed(work: () => Promise<void>): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The two subjects of a paired bench; each call is one run over `count` units. */
export interface PairedSubjects {
  readonly engine: (round: number) => Promise<Run>;
  readonly raw: (round: number) => Promise<Run>;
}

/** The timed runs of both subjects (warm-up runs dropped). */
export interface PairedRuns {
  readonly engine: readonly Run[];
  readonly raw: readonly Run[];
}

/**
 * Runs warm-up then timed rounds, engine first then raw in each round.
 * @example
 * const runs = await pairedRuns(options, { engine: engineRun, raw: rawRun });
 */
export async function pairedRuns(
  options: BenchOptions,
  subjects: PairedSubjects,
): Promise<PairedRuns> {
  const engine: Run[] = [];
  const raw: Run[] = [];
  const total = options.warmupRounds + options.rounds;
  for (let round = 0; round < total; round += 1) {
    const e = await subjects.engine(round);
    const r = await subjects.raw(round);
    if (round >= options.warmupRounds) {
      engine.push(e);
      raw.push(r);
    }
  }
  return { engine, raw };
}

/**
 * `label: N unit/s (min, max); per cpu-second M` for `count` units per run.
 * @example
 * describeRuns('engine', runs.engine, 1_000_000, 'events');
 */
export function describeRuns(
  label: string,
  runs: readonly Run[],
  count: number,
  unit: string,
): string {
  const rates = runs.map((r) => (count * 1000) / r.ms);
  const cpu = runs.map((r) => (count * 1000) / Math.max(0.001, r.cpuMs));
  return (
    `${label}: ${rate(median(rates))} ${unit}/s (min ${rate(Math.min(...rates))}, ` +
    `max ${rate(Math.max(...rates))}); per cpu-second ${rate(median(cpu))} ` +
    `(min ${rate(Math.min(...cpu))}, max ${rate(Math.max(...cpu))})`
  );
}

/**
 * `ratio raw / engine: throughput Xx (per cpu-second Yx)`, from the medians.
 * @example
 * ratioLine(runs, 'raw fs');
 */
export function ratioLine(runs: PairedRuns, rawLabel: string, engineLabel = 'engine'): string {
  const speed = (rs: readonly Run[]): number => median(rs.map((r) => 1 / r.ms));
  const cpu = (rs: readonly Run[]): number => median(rs.map((r) => 1 / Math.max(0.001, r.cpuMs)));
  return (
    `ratio ${rawLabel} / ${engineLabel}: throughput ` +
    `${(speed(runs.raw) / speed(runs.engine)).toFixed(2)}x ` +
    `(per cpu-second ${(cpu(runs.raw) / cpu(runs.engine)).toFixed(2)}x)`
  );
}
