// Queries: inputs (single, join, pattern, sequence), selectors, output rate limits and
// output actions. Mirrors the shape of Siddhi's query model.

import type { Annotation } from './annotation.js';
import type { Expression, FunctionCall, TimeConstant, Variable } from './expression.js';
import type { Node, Span } from './span.js';
import type { OutputEventType } from './types.js';

/** `[condition]` after a stream. */
export interface Filter extends Node<'filter'> {
  readonly condition: Expression;
}

/** `#ns:name(args)` — a stream function or stream processor (e.g. `#log('x')`). */
export interface StreamFunction extends Node<'streamFunction'> {
  readonly call: FunctionCall;
}

/** `#window.ns:name(args)`. */
export interface WindowHandler extends Node<'window'> {
  readonly call: FunctionCall;
}

export type StreamHandler = Filter | StreamFunction | WindowHandler;

/**
 * `S[price > 10]#window.length(5) as s` — a stream (or table, window, aggregation,
 * trigger) with its handlers in source order; at most one is a window.
 */
export interface SingleInputStream extends Node<'single'> {
  readonly streamId: string;
  /** `#S`: a partition-local inner stream. */
  readonly inner?: boolean;
  /** `!S`: a fault stream. */
  readonly fault?: boolean;
  readonly alias?: string;
  readonly handlers: readonly StreamHandler[];
}

export type JoinType = 'join' | 'inner' | 'left outer' | 'right outer' | 'full outer';

/** `within a, b` (two bounds) or `within 'pattern'` (one bound). */
export interface WithinRange extends Node<'withinRange'> {
  readonly start: Expression;
  readonly end?: Expression;
}

/** `L join R on cond within … per …`; `unidirectional` on one side sets `trigger`. */
export interface JoinInputStream extends Node<'join'> {
  readonly left: SingleInputStream;
  readonly right: SingleInputStream;
  readonly type: JoinType;
  /** Which side's arrivals trigger output: both (`all`) unless one side is `unidirectional`. */
  readonly trigger: 'all' | 'left' | 'right';
  readonly on?: Expression;
  readonly within?: WithinRange;
  readonly per?: Expression;
}

/** `e1=S[cond]` — one stream state in a pattern or sequence. */
export interface StreamState extends Node<'streamState'> {
  readonly ref?: string;
  readonly input: SingleInputStream;
  readonly within?: TimeConstant;
}

/** `not S[cond] for 5 sec` (the wait is optional inside `and`). */
export interface AbsentState extends Node<'absentState'> {
  readonly input: SingleInputStream;
  readonly waitingTime?: TimeConstant;
  readonly within?: TimeConstant;
}

/** `a and b`, `a or b`, `not a and b`, `not a for t or b`. */
export interface LogicalState extends Node<'logicalState'> {
  readonly op: 'and' | 'or';
  readonly left: StreamState | AbsentState;
  readonly right: StreamState | AbsentState;
  readonly within?: TimeConstant;
}

/**
 * Counting: `e1=S<2:5>` in patterns; `e1=S+` (1..∞), `e1=S*` (0..∞), `e1=S?` (0..1)
 * in sequences. `max` is -1 for no upper bound.
 */
export interface CountState extends Node<'countState'> {
  readonly state: StreamState;
  readonly min: number;
  readonly max: number;
  /** How it was written, for printing: `<n:m>` or one of `+ * ?`. */
  readonly notation: 'range' | '+' | '*' | '?';
  readonly within?: TimeConstant;
}

/** `first -> next` in a pattern, `first, next` in a sequence. */
export interface NextState extends Node<'nextState'> {
  readonly first: StateElement;
  readonly next: StateElement;
  readonly within?: TimeConstant;
}

/** `every x` or `every (x -> y)`. */
export interface EveryState extends Node<'everyState'> {
  readonly state: StateElement;
  readonly within?: TimeConstant;
}

export type StateElement =
  StreamState | AbsentState | LogicalState | CountState | NextState | EveryState;

/** A pattern (`->`) or sequence (`,`) input. */
export interface StateInputStream extends Node<'pattern' | 'sequence'> {
  readonly state: StateElement;
  readonly within?: TimeConstant;
}

/** `from (from S … select … return) …` — a nested query used as an input. */
export interface AnonymousInputStream extends Node<'anonymous'> {
  readonly query: Query;
  readonly alias?: string;
  readonly handlers: readonly StreamHandler[];
}

export type InputStream =
  SingleInputStream | JoinInputStream | StateInputStream | AnonymousInputStream;

/** `expr as name`, or a bare attribute reference (named after the attribute). */
export interface OutputAttribute extends Node<'outputAttribute'> {
  readonly rename?: string;
  readonly expression: Expression;
}

export interface OrderByAttribute extends Node<'orderBy'> {
  readonly variable: Variable;
  readonly order: 'asc' | 'desc';
}

/**
 * `select … group by … having … order by … limit … offset …`. A missing select clause
 * and `select *` are the same: `selectAll` true and no attributes.
 */
export interface Selector extends Node<'selector'> {
  readonly selectAll: boolean;
  readonly attributes: readonly OutputAttribute[];
  readonly groupBy: readonly Variable[];
  readonly having?: Expression;
  readonly orderBy: readonly OrderByAttribute[];
  readonly limit?: Expression;
  readonly offset?: Expression;
}

/** `output [all|first|last] every N events | <time>`, `output snapshot every <time>`. */
export type OutputRate =
  | (Node<'eventOutputRate'> & { readonly type: 'all' | 'first' | 'last'; readonly events: number })
  | (Node<'timeOutputRate'> & {
      readonly type: 'all' | 'first' | 'last';
      readonly interval: TimeConstant;
    })
  | (Node<'snapshotOutputRate'> & { readonly interval: TimeConstant });

/** `T.price = S.price` in `set`. */
export interface SetAssignment extends Node<'set'> {
  readonly target: Variable;
  readonly value: Expression;
}

/** `insert [events] into S` (or `#S` / `!S`). */
export interface InsertIntoStream extends Node<'insert'> {
  readonly target: string;
  /** Where the target's name was written (for diagnostics). */
  readonly targetSpan?: Span;
  readonly inner?: boolean;
  readonly fault?: boolean;
  /** Absent means the default (current events). */
  readonly eventType?: OutputEventType;
}

/** `delete T [for events] on cond`. */
export interface DeleteStream extends Node<'delete'> {
  readonly target: string;
  readonly targetSpan?: Span;
  readonly eventType?: OutputEventType;
  readonly on: Expression;
}

/** `update T [for events] [set …] on cond`. */
export interface UpdateStream extends Node<'update'> {
  readonly target: string;
  readonly targetSpan?: Span;
  readonly eventType?: OutputEventType;
  readonly set: readonly SetAssignment[];
  readonly on: Expression;
}

/** `update or insert into T [for events] [set …] on cond`. */
export interface UpdateOrInsertStream extends Node<'updateOrInsert'> {
  readonly target: string;
  readonly targetSpan?: Span;
  readonly eventType?: OutputEventType;
  readonly set: readonly SetAssignment[];
  readonly on: Expression;
}

/** `return [events]` — only inside partitions' nested queries and anonymous inputs. */
export interface ReturnStream extends Node<'return'> {
  readonly eventType?: OutputEventType;
}

export type OutputStream =
  InsertIntoStream | DeleteStream | UpdateStream | UpdateOrInsertStream | ReturnStream;

/** `@info(name='q') from … select … output … insert into …;` */
export interface Query extends Node<'query'> {
  readonly annotations: readonly Annotation[];
  readonly input: InputStream;
  readonly selector: Selector;
  readonly outputRate?: OutputRate;
  readonly output: OutputStream;
}

/** `attr of S` in `partition with (…)`. */
export interface ValuePartitionType extends Node<'valuePartition'> {
  readonly streamId: string;
  /** Where the stream's name was written (for diagnostics). */
  readonly streamSpan?: Span;
  readonly expression: Expression;
}

/** `cond as 'label'` — one range of a range partition. */
export interface RangePartitionCondition extends Node<'rangeCondition'> {
  readonly condition: Expression;
  readonly label: string;
}

/** `price < 100 as 'low' or price >= 100 as 'high' of S`. */
export interface RangePartitionType extends Node<'rangePartition'> {
  readonly streamId: string;
  readonly streamSpan?: Span;
  readonly ranges: readonly RangePartitionCondition[];
}

export type PartitionType = ValuePartitionType | RangePartitionType;

/** `partition with (…) begin query; query; end;` */
export interface Partition extends Node<'partition'> {
  readonly annotations: readonly Annotation[];
  readonly partitionTypes: readonly PartitionType[];
  readonly queries: readonly Query[];
}

export type ExecutionElement = Query | Partition;
