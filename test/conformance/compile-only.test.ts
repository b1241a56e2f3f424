// The whole conformance corpus in compile-only mode: at least 99% of the runnable cases must
// pass (apps compile; `expectError: "compile"` apps fail with a diagnostic).

import { describe, expect, it } from 'vitest';
import { compileOnlyExecutor } from './executor.js';
import { failureLines, runSuites, totalsLine, totalsOf } from './runner.js';
import { DEFAULT_CORPUS, loadSuites } from './suite.js';

const REQUIRED_PASS_RATE = 0.99;

describe('conformance corpus, compile-only', () => {
  it(`passes at least ${String(REQUIRED_PASS_RATE * 100)}% of the cases`, async () => {
    const suites = loadSuites([DEFAULT_CORPUS]);
    expect(suites.length).toBeGreaterThan(0);
    const outcomes = await runSuites(suites, compileOnlyExecutor);
    const totals = totalsOf(outcomes);
    const run = totals.passed + totals.failed;
    expect(run).toBeGreaterThan(0);
    const rate = totals.passed / run;
    const report = [
      `${totalsLine(totals)} — pass rate ${(rate * 100).toFixed(2)}% (required ${String(REQUIRED_PASS_RATE * 100)}%)`,
      ...failureLines(outcomes),
    ].join('\n');
    if (rate < REQUIRED_PASS_RATE) expect.fail(report);
  }, 120_000);
});
