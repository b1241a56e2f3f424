// The slot for the runtime executor: once the runtime exists, this runs a case's steps on a
// virtual clock and compares what the listeners saw. Until then it is absent.

import type { CaseExecutor } from './executor.js';

/** Runs a case for real; `undefined` while the runtime is not built (run.ts falls back). */
export const runtimeExecutor: CaseExecutor | undefined = undefined;
