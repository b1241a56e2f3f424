// Patterns and sequences: partial matches (state events), the state machine, its grouping, the
// expression scope over matches and the per-query runtime.

export { StateEvent, linkedCopy, type LinkedEvent } from './state-event.js';
export {
  CountPostState,
  CountPreState,
  LogicalPostState,
  LogicalPreState,
  PostState,
  PreState,
  type StateKind,
} from './state-processors.js';
export {
  AbsentLogicalPostState,
  AbsentLogicalPreState,
  AbsentStreamPostState,
  AbsentStreamPreState,
  type AbsentEnvironment,
  type AbsentTimed,
} from './absent-processors.js';
export {
  EveryRuntime,
  LogicalRuntime,
  NextRuntime,
  StreamRuntime,
  type InnerRuntime,
} from './inner-runtime.js';
export { patternScope, type StatePosition } from './pattern-scope.js';
export {
  DEFAULT_MAX_PARTIAL_MATCHES,
  PatternRuntime,
  type PatternRuntimeOptions,
  type PatternSnapshot,
} from './pattern-runtime.js';
