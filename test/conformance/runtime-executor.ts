// The runtime executor: runs a case on a fresh app on a virtual clock (starting at
// 1577836800000 or the case's `startTime`), performs its steps, records what the `query:` and
// `stream:` listeners saw and compares it with the expectations.

import { createEngine } from '../../engine/src/engine.js';
import type { Registry } from '../../engine/src/extension-api/registry-types.js';
import type { AppRuntime } from '../../engine/src/runtime/app/app-runtime.js';
import type { Logger } from '../../engine/src/runtime/app/logger.js';
import { VirtualClock } from '../../engine/src/runtime/time/index.js';
import { InMemoryPersistenceStore } from '../../engine/src/runtime/state/index.js';
import { testStore } from '../../engine/src/testing/test-store.js';
import { checkExpectation, sameMultiset, sameValue, type Seen } from './compare-events.js';
import { describeDiagnostic, type CaseExecutor, type CaseResult } from './executor.js';
import type { ConformanceCase, EventData, Step } from './suite.js';

/** The virtual clock's start unless a case says otherwise (2020-01-01T00:00:00Z). */
export const DEFAULT_START_TIME = 1577836800000;

/** Collects what the app logs, for failure reasons. */
function recordingLogger(lines: string[]): Logger {
  return {
    log(level, message) {
      if (level === 'error' || level === 'fatal' || level === 'warn') lines.push(message);
    },
  };
}

/** Float attributes hold 32-bit values, as a Java `float` literal would. */
function prepareRow(app: AppRuntime, streamId: string, row: EventData): unknown[] {
  const attributes = app.streamAttributes(streamId) ?? [];
  return row.map((value, i) =>
    attributes[i]?.type === 'float' && typeof value === 'number' ? Math.fround(value) : value,
  );
}

function listen(app: AppRuntime, key: string, seen: Seen = { in: [], remove: [] }): Seen {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (kind === 'query') {
    app.on(name, (inEvents, removeEvents) => {
      for (const e of inEvents) seen.in.push(e.data);
      for (const e of removeEvents) seen.remove.push(e.data);
    });
  } else if (kind === 'stream') {
    app.onStream(name, (events) => {
      for (const e of events) seen.in.push(e.data);
    });
  } else {
    throw new Error(`unknown listener key '${key}' (expected query:NAME or stream:NAME)`);
  }
  return seen;
}

/** The app a case runs on; `restart` replaces it by a new one created from the same text. */
interface Running {
  app: AppRuntime;
  /** Shuts the app down and creates, listens to and starts a new one. */
  readonly restart: () => Promise<void>;
}

async function runStep(step: Step, running: Running, clock: VirtualClock): Promise<void> {
  const app = running.app;
  if ('send' in step) {
    const input = app.input(step.send);
    if ('events' in step) {
      const rows = step.events.map((row) => prepareRow(app, step.send, row));
      if (!input.sendBatch(rows)) await input.sendBatchAsync(rows);
    } else {
      const row = prepareRow(app, step.send, step.data);
      if (!input.send(row, step.timestamp)) await input.sendAsync(row, step.timestamp);
    }
    return;
  }
  // Events still buffered by @Async streams are processed before anything else happens.
  await app.idle();
  if ('sleep' in step) {
    clock.advanceBy(step.sleep);
  } else if ('query' in step) {
    runQueryStep(step, app);
  } else if ('persist' in step) {
    await app.persist();
  } else if ('restart' in step) {
    await running.restart();
  } else {
    await app.restoreLastRevision();
  }
}

type QueryStep = Extract<Step, { readonly query: string }>;

/** Runs an on-demand query step; throws with what differs from its expectation. */
function runQueryStep(step: QueryStep, app: AppRuntime): void {
  let rows: unknown[][];
  try {
    rows = app.query(step.query);
  } catch (error) {
    if (step.expectError === true) return;
    throw new Error(`query '${step.query}' failed: ${message(error)}`);
  }
  if (step.expectError === true) {
    throw new Error(`query '${step.query}' should have failed, but returned ${show(rows)}`);
  }
  const differs = (what: string): Error =>
    new Error(`query '${step.query}': ${what}, got ${show(rows)}`);
  if (step.expect !== undefined) {
    const same =
      step.unordered === true
        ? sameMultiset(step.expect, rows)
        : step.expect.length === rows.length && step.expect.every((e, i) => sameValue(e, rows[i]));
    if (!same) throw differs(`expected ${show(step.expect)}`);
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

function show(value: unknown): string {
  return JSON.stringify(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How a runtime executor runs cases (by default: the built-ins, apps as written). */
export interface RuntimeExecutorOptions {
  /** The extensions apps may use (e.g. with a store plugin). */
  readonly extensions?: Registry;
  /** Rewrites a case's app text before it runs (e.g. to put tables into a store). */
  readonly rewriteApp?: (app: string) => string;
}

async function execute(
  c: ConformanceCase,
  options: RuntimeExecutorOptions = {},
): Promise<CaseResult> {
  const clock = new VirtualClock(c.startTime ?? DEFAULT_START_TIME);
  const logged: string[] = [];
  const engine = createEngine({
    timeService: clock,
    logger: recordingLogger(logged),
    // the Siddhi suites' `testStoreContainingInMemoryTable`: a record-table store plugin
    stores: [testStore],
    persistence: { store: new InMemoryPersistenceStore() },
    ...(options.extensions === undefined ? {} : { extensions: options.extensions }),
  });
  const appText = options.rewriteApp?.(c.app) ?? c.app;
  const created = engine.createApp(appText);
  if (c.expectError === 'compile') {
    return created.ok
      ? { status: 'failed', reason: 'the app was created, but the case expects a compile error' }
      : { status: 'passed' };
  }
  if (!created.ok) {
    const error = created.diagnostics.find((d) => d.severity === 'error');
    return {
      status: 'failed',
      reason: error === undefined ? 'the app was not created' : describeDiagnostic(error),
    };
  }
  const seen = new Map<string, Seen>();
  const running: Running = {
    app: created.app,
    restart: async () => {
      await running.app.shutdown();
      const again = engine.createApp(appText);
      if (!again.ok) throw new Error('the app could not be created again');
      running.app = again.app;
      for (const [key, recorded] of seen) listen(again.app, key, recorded);
      again.app.start();
    },
  };
  try {
    for (const key of Object.keys(c.expect ?? {})) seen.set(key, listen(running.app, key));
    running.app.start();
    const steps = c.steps ?? [];
    for (const [index, step] of steps.entries()) {
      try {
        await runStep(step, running, clock);
      } catch (error) {
        if (c.expectError === 'runtime' && (c.errorStep === undefined || c.errorStep === index)) {
          return { status: 'passed' };
        }
        return { status: 'failed', reason: `step ${String(index)} failed: ${message(error)}` };
      }
    }
    await running.app.idle();
    if (c.expectError === 'runtime') {
      return {
        status: 'failed',
        reason: 'every step succeeded, but the case expects a runtime error',
      };
    }
    const problems: string[] = [];
    for (const [key, expectation] of Object.entries(c.expect ?? {})) {
      const found = checkExpectation(
        key,
        expectation,
        seen.get(key) ?? { in: [], remove: [] },
        c.unordered === true,
      );
      if (found !== undefined) problems.push(found);
    }
    if (problems.length === 0) return { status: 'passed' };
    const log = logged.length > 0 ? ` (logged: ${logged.slice(0, 3).join(' | ')})` : '';
    return { status: 'failed', reason: problems.join('; ') + log };
  } catch (error) {
    return { status: 'failed', reason: message(error) };
  } finally {
    await running.app.shutdown();
    clock.shutdown();
  }
}

/** Runs a case for real on the runtime. */
export const runtimeExecutor: CaseExecutor | undefined = (c) => execute(c);

/**
 * A runtime executor with other extensions or rewritten apps (see `--store`).
 * @example
 * const executor = createRuntimeExecutor({ extensions, rewriteApp: (app) => app });
 */
export function createRuntimeExecutor(options: RuntimeExecutorOptions): CaseExecutor {
  return (c) => execute(c, options);
}
