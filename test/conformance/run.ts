// `npm run conformance -- [--compile-only] [--store TARGET] [--json FILE] [paths…]`: runs the
// conformance corpus (../shared/conformance by default) and prints per-suite lines and a totals
// line. `--store rdbms-sqlite|rdbms-postgres|rdbms-mariadb` keeps every table in that database.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileOnlyExecutor, type CaseExecutor } from './executor.js';
import { jsonReport, reportLines, runSuites, totalsLine, totalsOf } from './runner.js';
import { createRuntimeExecutor, runtimeExecutor } from './runtime-executor.js';
import { isStoreTarget, prepareStoreRun, STORE_TARGETS, type StoreRun } from './store-targets.js';
import { DEFAULT_CORPUS, loadSuites } from './suite.js';

const USAGE = `usage: npm run conformance -- [--compile-only] [--store ${STORE_TARGETS.join('|')}] [--json FILE] [files or folders…]`;

interface Choice {
  readonly mode: string;
  readonly executor: CaseExecutor;
  readonly note?: string;
}

function chooseExecutor(compileOnly: boolean): Choice {
  if (compileOnly) return { mode: 'compile-only', executor: compileOnlyExecutor };
  if (runtimeExecutor !== undefined) return { mode: 'runtime', executor: runtimeExecutor };
  return {
    mode: 'compile-only',
    executor: compileOnlyExecutor,
    note: 'the runtime is not built yet: running compile-only checks (pass --compile-only to say so)',
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'compile-only': { type: 'boolean', default: false },
        json: { type: 'string' },
        store: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  // npm runs scripts from the repo root; resolve the user's paths against where they typed them.
  const base = process.env.INIT_CWD ?? process.cwd();
  const paths =
    parsed.positionals.length > 0
      ? parsed.positionals.map((p) => resolve(base, p))
      : [DEFAULT_CORPUS];

  const storeName = parsed.values.store;
  if (storeName !== undefined && !isStoreTarget(storeName)) {
    console.error(`unknown store '${storeName}' (${STORE_TARGETS.join(', ')})\n${USAGE}`);
    return 2;
  }
  let store: StoreRun | undefined;
  let choice = chooseExecutor(parsed.values['compile-only']);
  if (storeName !== undefined && choice.mode === 'runtime') {
    try {
      store = await prepareStoreRun(storeName);
    } catch (error) {
      console.error(
        `cannot prepare ${storeName}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 2;
    }
    console.log(`tables in ${store.where}`);
    choice = { mode: `runtime (${storeName})`, executor: createRuntimeExecutor(store) };
  }
  if (choice.note !== undefined) console.log(choice.note);

  const started = performance.now();
  let suites;
  try {
    suites = loadSuites(paths);
  } catch (error) {
    console.error(`cannot load suites: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let outcomes;
  try {
    outcomes = await runSuites(suites, choice.executor);
  } finally {
    await store?.cleanup();
  }
  for (const line of reportLines(outcomes)) console.log(line);
  console.log('');
  console.log(
    `${choice.mode}: ${String(suites.length)} suites in ${(performance.now() - started).toFixed(0)} ms`,
  );
  if (parsed.values.json !== undefined) {
    const file = resolve(base, parsed.values.json);
    writeFileSync(file, `${JSON.stringify(jsonReport(choice.mode, outcomes), null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
  const totals = totalsOf(outcomes);
  console.log(totalsLine(totals));
  return totals.failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
