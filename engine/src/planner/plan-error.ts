// The planner's error: a problem found while planning, carried as a diagnostic to report at
// its span (shared by the query, window and other planners).

import type { Diagnostic } from '../compiler/diagnostic.js';

/** A problem found while planning, reported as a diagnostic at `span`. */
export class PlanError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
