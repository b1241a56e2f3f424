// How a case is run: an executor maps one case to a result. The compile-only executor is
// the first; a runtime executor (virtual clock, steps, listeners) plugs in beside it later.

import { compile, compileOnDemandQuery } from '../../engine/src/compiler/compile.js';
import type { Diagnostic } from '../../engine/src/compiler/diagnostic.js';
import { isQueryStep, type ConformanceCase } from './suite.js';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  readonly status: CaseStatus;
  /** Why the case failed or was skipped. */
  readonly reason?: string;
}

/** Runs one case (never a skipped one: the runner skips cases with `skipReason` itself). */
export type CaseExecutor = (c: ConformanceCase) => CaseResult | Promise<CaseResult>;

/** `3:14 E_UNKNOWN_STREAM unknown stream 'X'` — a one-line summary of a diagnostic. */
export function describeDiagnostic(d: Diagnostic): string {
  return `${String(d.span.start.line)}:${String(d.span.start.column)} ${d.code} ${d.message}`;
}

function firstError(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error');
}

function thrown(error: unknown): string {
  return `the compiler threw: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Compile-only checking: the app must compile without errors — or fail with a diagnostic for
 * `expectError: "compile"`. On-demand queries of `query` steps that are not expected to fail
 * must compile against the app too. `expectError: "runtime"` cases pass when the app compiles.
 */
export const compileOnlyExecutor: CaseExecutor = (c) => {
  let result;
  try {
    result = compile(c.app);
  } catch (error) {
    return { status: 'failed', reason: thrown(error) };
  }
  const error = firstError(result.diagnostics);
  if (c.expectError === 'compile') {
    if (result.ok)
      return { status: 'failed', reason: 'compiled, but the case expects a compile error' };
    if (error === undefined)
      return { status: 'failed', reason: 'failed to compile without an error diagnostic' };
    return { status: 'passed' };
  }
  if (!result.ok || result.app === undefined) {
    return {
      status: 'failed',
      reason: error === undefined ? 'no model and no error diagnostic' : describeDiagnostic(error),
    };
  }
  for (const step of c.steps ?? []) {
    if (!isQueryStep(step) || step.expectError === true) continue;
    try {
      const query = compileOnDemandQuery(step.query, result.app);
      const queryError = firstError(query.diagnostics);
      if (!query.ok) {
        const why =
          queryError === undefined ? 'no error diagnostic' : describeDiagnostic(queryError);
        return { status: 'failed', reason: `on-demand query \`${step.query}\`: ${why}` };
      }
    } catch (e) {
      return { status: 'failed', reason: `on-demand query \`${step.query}\`: ${thrown(e)}` };
    }
  }
  return { status: 'passed' };
};
