// Diagnostics: what the compiler reports instead of throwing. Every problem found is
// reported at once, each with a stable code and the span it is about.

import type { Span } from '../query-api/index.js';

export type Severity = 'error' | 'warning';

/**
 * One problem in an app, e.g.
 * `{ severity: 'error', code: 'E_UNKNOWN_STREAM', message: "unknown stream 'StokStream'",
 *    hint: "did you mean 'StockStream'?", span }`.
 */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier (`E_SYNTAX`, `E_UNKNOWN_STREAM`, …); never reworded. */
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
