// The whole conformance corpus on the runtime: every case that fails must fail only for a
// feature the runtime reports as not supported yet (windows, joins, tables, on-demand queries…),
// apart from the few listed below; the pass count must not drop.

import { describe, expect, it } from 'vitest';
import { checkExpectation, sameMultiset, sameValue } from './compare-events.js';
import { runSuites, totalsOf } from './runner.js';
import { runtimeExecutor } from './runtime-executor.js';
import { DEFAULT_CORPUS, loadSuites } from './suite.js';

/** Cases failing for a reason other than an unsupported feature, with why. */
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

/** Passing cases on the whole corpus when this was written; raise it as features land. */
const MIN_PASSED = 1208;

const GAP = /E_UNSUPPORTED_FEATURE|not supported yet/;

describe('conformance corpus on the runtime', () => {
  it('fails only for features the runtime does not support yet', async () => {
    if (runtimeExecutor === undefined) throw new Error('the runtime executor is missing');
    const outcomes = await runSuites(loadSuites([DEFAULT_CORPUS]), runtimeExecutor);
    const unexpected = outcomes.flatMap((o) =>
      o.cases
        .filter((c) => c.status === 'failed' && !GAP.test(c.reason ?? ''))
        .filter((c) => KNOWN_GAPS[`${o.suite} › ${c.name}`] === undefined)
        .map((c) => `${o.suite} › ${c.name}: ${c.reason ?? ''}`),
    );
    expect(unexpected).toEqual([]);
    expect(totalsOf(outcomes).passed).toBeGreaterThanOrEqual(MIN_PASSED);
  }, 120_000);
});

describe('comparing events', () => {
  it('compares numbers with a relative tolerance and the rest exactly', () => {
    expect(sameValue(75.6, Math.fround(75.6))).toBe(true);
    expect(sameValue(75.6, 75.7)).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue([1, 'a'], [1, 'a'])).toBe(true);
    expect(sameValue([1, 2], new Set([2, 1]))).toBe(true);
  });

  it('compares an error value with its recorded string rendering', () => {
    const error = new Error('down');
    expect(sameValue('Error: down', error)).toBe(true);
    expect(sameValue('Error: up', error)).toBe(false);
  });

  it('compares unordered lists as multisets', () => {
    expect(sameMultiset([[1], [2], [2]], [[2], [1], [2]])).toBe(true);
    expect(sameMultiset([[1], [2], [2]], [[2], [1], [1]])).toBe(false);
  });

  it('checks counts, lists, none and arrived', () => {
    const seen = { in: [['a'], ['b']], remove: [['a']] };
    expect(
      checkExpectation('query:q', { inCount: 2, removeCount: 1, in: [['a'], ['b']] }, seen, false),
    ).toBeUndefined();
    expect(checkExpectation('query:q', { in: [['b'], ['a']] }, seen, false)).toMatch(
      /query:q in: expected/,
    );
    expect(checkExpectation('query:q', { in: [['b'], ['a']] }, seen, true)).toBeUndefined();
    expect(checkExpectation('stream:S', { none: true }, seen, false)).toMatch(/expected nothing/);
    expect(checkExpectation('stream:S', { arrived: true }, { in: [], remove: [] }, false)).toMatch(
      /nothing arrived/,
    );
  });
});
