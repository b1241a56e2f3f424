// Joins: the join event and its expression scope, the per-side join step, what a side offers
// the other (window contents, table rows) and the selector step.

export { joinEvent, otherSlot, type JoinEvent, type JoinSlot } from './join-event.js';
export { tableFindable, windowFindable, type JoinFindable } from './join-findable.js';
export { joinScope, type JoinScopeOptions, type JoinSideSchema } from './join-scope.js';
export { JoinSelection, type SelectedSink } from './join-selection.js';
export { JoinSide, type JoinSideOptions, type JoinSink } from './join-side.js';
export { PassThroughWindow } from './pass-through-window.js';
