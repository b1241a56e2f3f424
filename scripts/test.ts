// `npm test`: runs Vitest over the whole repo, then prints the one line CI reads:
// `N passed, N failed` (plus `, N skipped` when any were skipped). Exits non-zero on any failure.
// A run that outlives TEST_TIMEOUT_MS (default 10 minutes) is killed and counted as a failure,
// since a synchronous endless loop in a test is something Vitest's own timeouts cannot stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface VitestJsonReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly assertionResults: readonly unknown[];
  }[];
}

const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);
const outDir = mkdtempSync(join(tmpdir(), 'tributary-test-'));
const outFile = join(outDir, 'vitest-results.json');

const child = spawn(
  process.execPath,
  [
    join('node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', detached: true },
);

const run = { timedOut: false };
const timer = setTimeout(() => {
  run.timedOut = true;
  console.log(`\nTests still running after ${String(timeoutMs)} ms; killing Vitest.`);
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
}, timeoutMs);

const status = await new Promise<number>((resolve) => {
  child.on('exit', (code) => {
    resolve(code ?? 1);
  });
});
clearTimeout(timer);

let report: VitestJsonReport | undefined;
try {
  report = JSON.parse(readFileSync(outFile, 'utf8')) as VitestJsonReport;
} catch {
  report = undefined;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

if (report === undefined || run.timedOut) {
  // Vitest died or hung before writing its report: count that as a failure.
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} else {
  // A file that fails to load (syntax error, bad import) has no tests in it: count it as one
  // failure, as is an error Vitest reports outside any test, so the line never hides a failure.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
  let failed = report.numFailedTests + brokenFiles;
  if (failed === 0 && status !== 0) {
    console.log('Vitest exited with an error outside any test; counting it as one failure.');
    failed = 1;
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  const line = `${String(report.numPassedTests)} passed, ${String(failed)} failed`;
  console.log(skipped > 0 ? `${line}, ${String(skipped)} skipped` : line);
  process.exitCode = failed > 0 ? 1 : 0;
}
