// The table conformance suites (`query/table`, `store`) with every table kept by the `rdbms`
// store on SQLite, PostgreSQL and MariaDB, and by the `redis` store (live servers on loopback):
// at least 95% of the cases that run must pass on each. What still differs is printed.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites, totalsOf } from './runner.js';
import { createRuntimeExecutor } from './runtime-executor.js';
import { prepareStoreRun, STORE_TARGETS } from './store-targets.js';
import { DEFAULT_CORPUS, loadSuites } from './suite.js';

const FLOOR = 0.95;
const SUITES = [join(DEFAULT_CORPUS, 'query', 'table'), join(DEFAULT_CORPUS, 'store')];

describe.each(STORE_TARGETS)('table suites on %s', (target) => {
  it(`pass at ${String(FLOOR * 100)}% or more`, async () => {
    const run = await prepareStoreRun(target);
    let outcomes;
    try {
      outcomes = await runSuites(loadSuites(SUITES), createRuntimeExecutor(run));
    } finally {
      await run.cleanup();
    }
    const totals = totalsOf(outcomes);
    const ran = totals.passed + totals.failed;
    const differences = outcomes.flatMap((o) =>
      o.cases
        .filter((c) => c.status === 'failed')
        .map((c) => `${o.suite} › ${c.name}: ${c.reason ?? ''}`),
    );
    console.log(
      `${target}: ${String(totals.passed)}/${String(ran)} passed${differences.length > 0 ? `; differences:\n  ${differences.join('\n  ')}` : ''}`,
    );
    expect(ran).toBeGreaterThan(150);
    expect(totals.passed / ran).toBeGreaterThanOrEqual(FLOOR);
  }, 300_000);
});
