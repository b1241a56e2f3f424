// Attribute types and time units of SiddhiQL.

import type { Node } from './span.js';

/** The attribute types a stream, table or window definition may declare. */
export type AttributeType = 'string' | 'int' | 'long' | 'float' | 'double' | 'bool' | 'object';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  'string',
  'int',
  'long',
  'float',
  'double',
  'bool',
  'object',
];

/** `name type` in a definition. */
export interface Attribute extends Node<'attribute'> {
  readonly name: string;
  readonly type: AttributeType;
}

/** Canonical time units (every singular/plural/abbreviated spelling maps to one of these). */
export type TimeUnit = 'millisec' | 'sec' | 'min' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Milliseconds per unit, as Siddhi counts them (a month is 30 days, a year 365). */
export const TIME_UNIT_MILLIS: Readonly<Record<TimeUnit, number>> = {
  millisec: 1,
  sec: 1000,
  min: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: 2_592_000_000,
  year: 31_536_000_000,
};

/** `current events` is the default of `insert into`; `all`/`expired` are explicit. */
export type OutputEventType = 'current' | 'expired' | 'all';
