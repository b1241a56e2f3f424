// The app model (pure, immutable data): what the compiler produces and the planner,
// printer and tools consume.

export type * from './annotation.js';
export type * from './app.js';
export type * from './definition.js';
export type * from './expression.js';
export type * from './on-demand-query.js';
export type * from './query.js';
export { NO_SPAN } from './span.js';
export type { Node, Position, Span } from './span.js';
export { ATTRIBUTE_TYPES, TIME_UNIT_MILLIS } from './types.js';
export type { Attribute, AttributeType, OutputEventType, TimeUnit } from './types.js';
