// Definitions: streams, tables, named windows, triggers, script functions and
// incremental aggregations.

import type { Annotation } from './annotation.js';
import type { FunctionCall, TimeConstant, Variable } from './expression.js';
import type { Selector, SingleInputStream } from './query.js';
import type { Node } from './span.js';
import type { Attribute, AttributeType, OutputEventType, TimeUnit } from './types.js';

interface DefinitionBase<K extends string> extends Node<K> {
  readonly id: string;
  readonly annotations: readonly Annotation[];
}

/** `define stream S (a int, b string);` */
export interface StreamDefinition extends DefinitionBase<'stream'> {
  readonly attributes: readonly Attribute[];
}

/** `define table T (a int, b string);` (with `@store`, `@PrimaryKey`, `@Index` annotations). */
export interface TableDefinition extends DefinitionBase<'table'> {
  readonly attributes: readonly Attribute[];
}

/** `define window W (a int) length(5) output expired events;` */
export interface WindowDefinition extends DefinitionBase<'window'> {
  readonly attributes: readonly Attribute[];
  /** The window function, e.g. `time(1 sec)` or `unique:length(a, 3)`. */
  readonly window: FunctionCall;
  /** Absent means the default, all events. */
  readonly outputEventType?: OutputEventType;
}

/** `define trigger T at every 5 sec;` / `at 'start'` / `at '0 * * * * ?'` (cron). */
export interface TriggerDefinition extends DefinitionBase<'trigger'> {
  readonly at:
    | { readonly kind: 'every'; readonly interval: TimeConstant }
    | { readonly kind: 'start' }
    | { readonly kind: 'cron'; readonly expression: string };
}

/** `define function f[javascript] return int { … };` — the body is kept verbatim. */
export interface FunctionDefinition extends DefinitionBase<'function'> {
  readonly language: string;
  readonly returnType: AttributeType;
  readonly body: string;
}

/** `every sec ... year` (a range) or `every sec, min, hour` (a list). */
export type AggregationPeriods =
  | (Node<'range'> & { readonly from: TimeUnit; readonly to: TimeUnit })
  | (Node<'list'> & { readonly units: readonly TimeUnit[] });

/**
 * `define aggregation A from S select … group by … aggregate [by ts] every sec ... year;`
 */
export interface AggregationDefinition extends DefinitionBase<'aggregation'> {
  readonly input: SingleInputStream;
  readonly selector: Selector;
  readonly aggregateBy?: Variable;
  readonly periods: AggregationPeriods;
}

export type Definition =
  | StreamDefinition
  | TableDefinition
  | WindowDefinition
  | TriggerDefinition
  | FunctionDefinition
  | AggregationDefinition;
