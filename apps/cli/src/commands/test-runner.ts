// Runs one case of `tributary test` on a fresh app on a virtual clock, performs its steps and
// compares what the `query:`/`stream:` listeners saw with the expectations (numbers with a
// relative tolerance of 1e-6; `unordered` compares as multisets), as FORMAT.md specifies.

import {
  createEngine,
  InMemoryPersistenceStore,
  VirtualClock,
  type AppRuntime,
  type Logger,
  type Registry,
} from '@tributary/engine';
import type { EventData, Expectation, Step, TestCase } from './test-cases.js';

/** The virtual clock's start unless a case says otherwise (2020-01-01T00:00:00Z). */
export const DEFAULT_START_TIME = 1577836800000;

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  readonly name: string;
  readonly status: CaseStatus;
  readonly reason?: string;
}

/** What one listener saw. */
interface Seen {
  readonly in: EventData[];
  readonly remove: EventData[];
}

/** Equal values, numbers within a relative tolerance of 1e-6. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Object.is(expected, actual) || expected === actual) return true;
    if (Number.isNaN(expected) || Number.isNaN(actual)) return false;
    return Math.abs(expected - actual) <= 1e-6 * Math.max(Math.abs(expected), Math.abs(actual));
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((e, i) => sameValue(e, actual[i]));
  }
  if (
    typeof expected === 'object' &&
    expected !== null &&
    typeof actual === 'object' &&
    actual !== null
  ) {
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) =>
        sameValue((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]),
      )
    );
  }
  return expected === actual;
}

/** The same rows in any order. */
export function sameMultiset(expected: readonly unknown[], actual: readonly unknown[]): boolean {
  if (expected.length !== actual.length) return false;
  const left = [...actual];
  for (const row of expected) {
    const i = left.findIndex((candidate) => sameValue(row, candidate));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function sameRows(
  expected: readonly EventData[],
  actual: readonly EventData[],
  unordered: boolean,
): boolean {
  return unordered ? sameMultiset(expected, actual) : sameValue(expected, actual);
}

/** What differs between an expectation and what was seen, or undefined when it holds. */
export function checkExpectation(
  key: string,
  expectation: Expectation,
  seen: Seen,
  unordered: boolean,
): string | undefined {
  const problems: string[] = [];
  const total = seen.in.length + seen.remove.length;
  if (expectation.none === true && total > 0)
    problems.push(`expected nothing, got ${show(seen.in)}`);
  if (expectation.arrived === true && total === 0) problems.push('expected events, got none');
  const count = expectation.inCount ?? expectation.count;
  if (count !== undefined && seen.in.length !== count) {
    problems.push(
      `expected ${String(count)} event(s), got ${String(seen.in.length)}: ${show(seen.in)}`,
    );
  }
  if (expectation.removeCount !== undefined && seen.remove.length !== expectation.removeCount) {
    problems.push(
      `expected ${String(expectation.removeCount)} expired event(s), got ${String(seen.remove.length)}`,
    );
  }
  const events = expectation.in ?? expectation.events;
  if (events !== undefined && !sameRows(events, seen.in, unordered)) {
    problems.push(`expected ${show(events)}, got ${show(seen.in)}`);
  }
  if (expectation.remove !== undefined && !sameRows(expectation.remove, seen.remove, unordered)) {
    problems.push(`expected expired ${show(expectation.remove)}, got ${show(seen.remove)}`);
  }
  return problems.length === 0 ? undefined : `${key}: ${problems.join('; ')}`;
}

function listen(app: AppRuntime, key: string, seen: Seen): void {
  const colon = key.indexOf(':');
  const name = key.slice(colon + 1);
  if (key.startsWith('query:')) {
    app.on(name, (inEvents, removeEvents) => {
      for (const e of inEvents) seen.in.push(e.data);
      for (const e of removeEvents) seen.remove.push(e.data);
    });
  } else {
    app.onStream(name, (events) => {
      for (const e of events) seen.in.push(e.data);
    });
  }
}

/** A `float` attribute holds a 32-bit value, as a Java float literal would. */
function prepareRow(app: AppRuntime, stream: string, row: EventData): unknown[] {
  const attributes = app.streamAttributes(stream) ?? [];
  return row.map((v, i) =>
    attributes[i]?.type === 'float' && typeof v === 'number' ? Math.fround(v) : v,
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type QueryStep = Extract<Step, { readonly query: string }>;

function runQuery(step: QueryStep, app: AppRuntime): void {
  let rows: unknown[][];
  try {
    rows = app.query(step.query);
  } catch (error) {
    if (step.expectError === true) return;
    throw new Error(`query '${step.query}' failed: ${message(error)}`);
  }
  if (step.expectError === true)
    throw new Error(`query '${step.query}' should have failed, got ${show(rows)}`);
  const differs = (what: string): Error =>
    new Error(`query '${step.query}': ${what}, got ${show(rows)}`);
  if (step.expect !== undefined && !sameRows(step.expect, rows, step.unordered === true)) {
    throw differs(`expected ${show(step.expect)}`);
  }
  if (step.expectCount !== undefined && rows.length !== step.expectCount) {
    throw differs(`expected ${String(step.expectCount)} row(s)`);
  }
  for (const [row, column, value] of step.expectCells ?? []) {
    if (!sameValue(value, rows[row]?.[column])) {
      throw differs(`expected ${show(value)} at row ${String(row)}, column ${String(column)}`);
    }
  }
}

/**
 * Runs one case; never throws (a failure is a result with its reason).
 * @example
 * const result = await runCase({ name: 'filters', app, steps, expect }, registry);
 * result.status; // 'passed'
 */
export async function runCase(
  c: TestCase,
  registry: Registry,
  appText?: string,
): Promise<CaseResult> {
  const name = c.name;
  if (c.skipReason !== undefined) return { name, status: 'skipped', reason: c.skipReason };
  const text = c.app ?? appText ?? '';
  const clock = new VirtualClock(c.startTime ?? DEFAULT_START_TIME);
  const logged: string[] = [];
  const logger: Logger = {
    log(level, text) {
      if (level === 'error' || level === 'fatal' || level === 'warn') logged.push(text);
    },
  };
  const engine = createEngine({
    timeService: clock,
    logger,
    extensions: registry,
    persistence: { store: new InMemoryPersistenceStore() },
  });
  const created = engine.createApp(text);
  if (c.expectError === 'compile') {
    return created.ok
      ? {
          name,
          status: 'failed',
          reason: 'the app was created, but the case expects a compile error',
        }
      : { name, status: 'passed' };
  }
  if (!created.ok) {
    const error = created.diagnostics.find((d) => d.severity === 'error');
    const where =
      error === undefined
        ? ''
        : `${String(error.span.start.line)}:${String(error.span.start.column)} `;
    return {
      name,
      status: 'failed',
      reason: `the app does not compile: ${where}${error?.message ?? ''}`,
    };
  }
  let app = created.app;
  const seen = new Map<string, Seen>();
  try {
    for (const key of Object.keys(c.expect ?? {})) {
      const recorded = { in: [], remove: [] };
      seen.set(key, recorded);
      listen(app, key, recorded);
    }
    app.start();
    for (const [index, step] of (c.steps ?? []).entries()) {
      try {
        if ('send' in step) {
          const input = app.input(step.send);
          if ('events' in step)
            await input.sendBatchAsync(
              step.events.map((r) => prepareRow(app, step.send, r)),
              step.timestamp,
            );
          else await input.sendAsync(prepareRow(app, step.send, step.data), step.timestamp);
          continue;
        }
        await app.idle();
        if ('sleep' in step) clock.advanceBy(step.sleep);
        else if ('query' in step) runQuery(step, app);
        else if ('persist' in step) await app.persist();
        else if ('restart' in step) {
          await app.shutdown();
          const again = engine.createApp(text);
          if (!again.ok) throw new Error('the app could not be created again');
          app = again.app;
          for (const [key, recorded] of seen) listen(app, key, recorded);
          app.start();
        } else await app.restoreLastRevision();
      } catch (error) {
        if (c.expectError === 'runtime' && (c.errorStep === undefined || c.errorStep === index)) {
          return { name, status: 'passed' };
        }
        return {
          name,
          status: 'failed',
          reason: `step ${String(index)} failed: ${message(error)}`,
        };
      }
    }
    await app.idle();
    if (c.expectError === 'runtime') {
      return {
        name,
        status: 'failed',
        reason: 'every step succeeded, but the case expects a runtime error',
      };
    }
    const problems = Object.entries(c.expect ?? {})
      .map(([key, expectation]) =>
        checkExpectation(
          key,
          expectation,
          seen.get(key) ?? { in: [], remove: [] },
          c.unordered === true,
        ),
      )
      .filter((p): p is string => p !== undefined);
    if (problems.length === 0) return { name, status: 'passed' };
    const log = logged.length > 0 ? ` (logged: ${logged.slice(0, 3).join(' | ')})` : '';
    return { name, status: 'failed', reason: problems.join('; ') + log };
  } catch (error) {
    return { name, status: 'failed', reason: message(error) };
  } finally {
    await app.shutdown();
    clock.shutdown();
  }
}
