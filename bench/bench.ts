// The shape of a benchmark: a name and a function that measures and returns its figures as
// plain text lines (no timing assertions; the figures are for people and CI logs).

export interface BenchOptions {
  /** Measured rounds over the workload, after the warm-up rounds. */
  readonly rounds: number;
  readonly warmupRounds: number;
}

export interface Bench {
  readonly name: string;
  readonly run: (options: BenchOptions) => readonly string[] | Promise<readonly string[]>;
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
