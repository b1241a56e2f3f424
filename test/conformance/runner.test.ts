// Unit tests for the conformance runner: loading, skipping, executor results and report lines.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseExecutor } from './executor.js';
import { jsonReport, reportLines, runSuites, totalsLine, totalsOf } from './runner.js';
import { loadSuites, parseSuite } from './suite.js';

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  mkdirSync(join(dir, 'query'));
  writeFileSync(
    join(dir, 'query', 'A.json'),
    JSON.stringify({
      suite: 'query/A',
      cases: [
        { name: 'ok', app: 'good' },
        { name: 'bad', app: 'bad' },
        { name: 'skip', app: 'good', skipReason: 'custom extension' },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'B.json'),
    JSON.stringify({ suite: 'B', cases: [{ name: 'boom', app: 'throw' }] }),
  );
  writeFileSync(join(dir, 'notes.md'), 'not a suite');
  return dir;
}

const fake: CaseExecutor = (c) => {
  if (c.app === 'throw') throw new Error('kaput');
  return c.app === 'good' ? { status: 'passed' } : { status: 'failed', reason: '1:1 E_X nope' };
};

describe('conformance runner', () => {
  it('loads suites from folders recursively, in name order', () => {
    const suites = loadSuites([corpus()]);
    expect(suites.map((s) => [s.suite, s.file])).toEqual([
      ['B', 'B.json'],
      ['query/A', join('query', 'A.json')],
    ]);
  });

  it('rejects files that are not suites', () => {
    expect(() => parseSuite({ cases: [] }, 'x.json')).toThrow(/x\.json: not a conformance suite/);
    expect(() => parseSuite({ suite: 's', cases: [{ name: 'n' }] }, 'x.json')).toThrow(/case #0/);
  });

  it('skips cases with a skipReason, records executor failures and throws', async () => {
    const outcomes = await runSuites(loadSuites([corpus()]), fake);
    expect(totalsOf(outcomes)).toEqual({ passed: 1, failed: 2, skipped: 1 });
    expect(outcomes[0]?.cases[0]).toMatchObject({
      status: 'failed',
      reason: 'the executor threw: kaput',
    });
    expect(totalsLine(totalsOf(outcomes))).toBe('1 passed, 2 failed, 1 skipped');
  });

  it('prints one aligned line per suite and lists the failures', async () => {
    const outcomes = await runSuites(loadSuites([corpus()]), fake);
    expect(reportLines(outcomes)).toEqual([
      'suite    passed/failed/skipped',
      'B        0/1/0',
      'query/A  1/1/1',
      '',
      '2 failing case(s):',
      'FAIL B › boom: the executor threw: kaput',
      'FAIL query/A › bad: 1:1 E_X nope',
    ]);
    expect(jsonReport('compile-only', outcomes)).toMatchObject({
      mode: 'compile-only',
      totals: { passed: 1, failed: 2, skipped: 1 },
      suites: [{ suite: 'B', cases: [{ name: 'boom', status: 'failed' }] }, { suite: 'query/A' }],
    });
  });
});
