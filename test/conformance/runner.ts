// Runs loaded suites through an executor and reports the results as plain text lines and JSON.

import type { CaseExecutor, CaseResult, CaseStatus } from './executor.js';
import type { LoadedSuite } from './suite.js';

export interface CaseOutcome extends CaseResult {
  readonly name: string;
  readonly ms: number;
}

export interface SuiteOutcome {
  readonly suite: string;
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cases: readonly CaseOutcome[];
}

export interface Totals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

async function runCase(
  executor: CaseExecutor,
  c: LoadedSuite['cases'][number],
): Promise<CaseOutcome> {
  if (c.skipReason !== undefined) {
    return { name: c.name, status: 'skipped', reason: c.skipReason, ms: 0 };
  }
  const started = performance.now();
  let result: CaseResult;
  try {
    result = await executor(c);
  } catch (error) {
    result = {
      status: 'failed',
      reason: `the executor threw: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return { name: c.name, ...result, ms: performance.now() - started };
}

/**
 * Runs every case of every suite, in order, each on its own.
 * @example
 * const outcomes = await runSuites(loadSuites([dir]), compileOnlyExecutor);
 */
export async function runSuites(
  suites: readonly LoadedSuite[],
  executor: CaseExecutor,
): Promise<SuiteOutcome[]> {
  const outcomes: SuiteOutcome[] = [];
  for (const suite of suites) {
    const cases: CaseOutcome[] = [];
    for (const c of suite.cases) cases.push(await runCase(executor, c));
    const count = (status: CaseStatus): number => cases.filter((o) => o.status === status).length;
    outcomes.push({
      suite: suite.suite,
      file: suite.file,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      cases,
    });
  }
  return outcomes;
}

export function totalsOf(outcomes: readonly SuiteOutcome[]): Totals {
  return outcomes.reduce(
    (t, o) => ({
      passed: t.passed + o.passed,
      failed: t.failed + o.failed,
      skipped: t.skipped + o.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}

/** `N passed, N failed, N skipped` — the line CI reads. */
export function totalsLine(totals: Totals): string {
  return `${String(totals.passed)} passed, ${String(totals.failed)} failed, ${String(totals.skipped)} skipped`;
}

/** One `suite  passed/failed/skipped` line per suite, names aligned. */
export function suiteLines(outcomes: readonly SuiteOutcome[]): string[] {
  const width = outcomes.reduce((w, o) => Math.max(w, o.suite.length), 'suite'.length);
  return [
    `${'suite'.padEnd(width)}  passed/failed/skipped`,
    ...outcomes.map(
      (o) =>
        `${o.suite.padEnd(width)}  ${String(o.passed)}/${String(o.failed)}/${String(o.skipped)}`,
    ),
  ];
}

/** `FAIL suite › case: reason` for each failed case. */
export function failureLines(outcomes: readonly SuiteOutcome[]): string[] {
  return outcomes.flatMap((o) =>
    o.cases
      .filter((c) => c.status === 'failed')
      .map((c) => `FAIL ${o.suite} › ${c.name}: ${c.reason ?? 'no reason given'}`),
  );
}

/** The text report before the totals line: suite lines and the failures, if any. */
export function reportLines(outcomes: readonly SuiteOutcome[]): string[] {
  const failures = failureLines(outcomes);
  return [
    ...suiteLines(outcomes),
    ...(failures.length > 0
      ? ['', `${String(failures.length)} failing case(s):`, ...failures]
      : []),
  ];
}

/** The `--json` document: the mode, totals and every case's result. */
export function jsonReport(mode: string, outcomes: readonly SuiteOutcome[]): unknown {
  return {
    mode,
    totals: totalsOf(outcomes),
    suites: outcomes.map((o) => ({
      ...o,
      cases: o.cases.map((c) => ({ ...c, ms: Math.round(c.ms * 1000) / 1000 })),
    })),
  };
}
