// Comparing what listeners saw with a case's expectations: numbers within a relative tolerance
// of 1e-6, everything else exactly (arrays and plain objects deeply), in order or as multisets.

import type { EventData, Expectation } from './suite.js';

const TOLERANCE = 1e-6;

/** True when two values are equal under the conformance rules. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (expected === actual) return true;
    if (Number.isNaN(expected) || Number.isNaN(actual))
      return Number.isNaN(expected) && Number.isNaN(actual);
    return (
      Math.abs(expected - actual) <= TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual))
    );
  }
  // An error value (a fault stream's `_error`) is recorded as its string rendering.
  if (typeof expected === 'string' && actual instanceof Error) return expected === String(actual);
  if (Array.isArray(expected)) {
    if (actual instanceof Set) return sameMultiset(expected, [...actual]);
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((v, i) => sameValue(v, actual[i]))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = Object.keys(e);
    return keys.length === Object.keys(a).length && keys.every((k) => sameValue(e[k], a[k]));
  }
  return expected === actual;
}

/** True when `actual` is a permutation of `expected` under `sameValue`. */
export function sameMultiset(expected: readonly unknown[], actual: readonly unknown[]): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Array<boolean>(actual.length).fill(false);
  return expected.every((e) => {
    const i = actual.findIndex((a, k) => !used[k] && sameValue(e, a));
    if (i < 0) return false;
    used[i] = true;
    return true;
  });
}

/** Events seen by one listener. */
export interface Seen {
  readonly in: EventData[];
  readonly remove: EventData[];
}

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Set ? [...(v as Set<unknown>)] : v,
  );
}

function compareList(
  label: string,
  expected: readonly EventData[],
  actual: readonly EventData[],
  unordered: boolean,
): string | undefined {
  const same = unordered
    ? sameMultiset(expected, actual)
    : expected.length === actual.length && expected.every((e, i) => sameValue(e, actual[i]));
  return same ? undefined : `${label}: expected ${show(expected)}, got ${show(actual)}`;
}

/**
 * The first mismatch between a listener's expectation and what it saw, or undefined.
 * @example
 * checkExpectation('query:q', { inCount: 1 }, { in: [['IBM']], remove: [] }, false) // undefined
 */
export function checkExpectation(
  key: string,
  expectation: Expectation,
  seen: Seen,
  unordered: boolean,
): string | undefined {
  const all = [...seen.in, ...seen.remove];
  const problems: (string | undefined)[] = [];
  if (expectation.none === true && all.length > 0) {
    problems.push(`${key}: expected nothing, got ${show(all)}`);
  }
  if (expectation.arrived === true && all.length === 0) problems.push(`${key}: nothing arrived`);
  if (expectation.inCount !== undefined && expectation.inCount !== seen.in.length) {
    problems.push(
      `${key}: inCount expected ${String(expectation.inCount)}, got ${String(seen.in.length)} ${show(seen.in)}`,
    );
  }
  if (expectation.removeCount !== undefined && expectation.removeCount !== seen.remove.length) {
    problems.push(
      `${key}: removeCount expected ${String(expectation.removeCount)}, got ${String(seen.remove.length)} ${show(seen.remove)}`,
    );
  }
  if (expectation.count !== undefined && expectation.count !== all.length) {
    problems.push(
      `${key}: count expected ${String(expectation.count)}, got ${String(all.length)} ${show(all)}`,
    );
  }
  if (expectation.in !== undefined)
    problems.push(compareList(`${key} in`, expectation.in, seen.in, unordered));
  if (expectation.remove !== undefined) {
    problems.push(compareList(`${key} remove`, expectation.remove, seen.remove, unordered));
  }
  if (expectation.events !== undefined) {
    problems.push(compareList(`${key} events`, expectation.events, all, unordered));
  }
  const found = problems.filter((p): p is string => p !== undefined);
  return found.length > 0 ? found.join('; ') : undefined;
}
