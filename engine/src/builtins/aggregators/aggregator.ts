// The contract between the selector and attribute aggregators (sum, count, max, …): an
// implementation is instantiated once per aggregate call; every group key gets its own state.

import type { AttributeType } from '../../query-api/index.js';

/**
 * The running aggregate of one call for one group key. `add` takes a current event's
 * argument values, `remove` an expired event's, `reset` clears; each returns the new value.
 * @example
 * const state = sum.create(['int']).newState();
 * state.add(3); state.add(4); // 7
 * state.remove(3);            // 4
 */
export interface AggregatorState {
  add(...args: readonly unknown[]): unknown;
  remove(...args: readonly unknown[]): unknown;
  reset(): unknown;
  /** Plain data (arrays, records, primitives): JSON-able whenever the aggregated values are. */
  snapshot(): unknown;
  /** Replaces the state with one taken by `snapshot()` of a state of the same kind. */
  restore(snapshot: unknown): void;
}

/** How the query feeds the aggregator, known when the query is planned. */
export interface AggregatorOptions {
  /**
   * Whether expired events must be undone (a sliding window, or expired events in the output).
   * Default true. With false, min/max/unionSet keep only the current value, as Siddhi does for
   * batch or window-less input (expired events are then always followed by a reset).
   */
  readonly removes?: boolean;
  /**
   * What is known about each argument at the call site (extension aggregators read constant
   * arguments here, e.g. `str:groupConcat(k, '-', true, 'ASC')`). Absent for built-in uses.
   */
  readonly arguments?: readonly AggregatorArgument[];
}

/** One argument of an aggregate call: its type, and its value when it is a constant. */
export interface AggregatorArgument {
  readonly type: AttributeType;
  readonly constant: boolean;
  readonly value?: unknown;
}

/** One aggregate call, typed: the result type and a factory of per-group states. */
export interface AggregatorInstance {
  readonly returnType: AttributeType;
  newState(): AggregatorState;
}

/**
 * An attribute aggregator (`sum`, `ns:custom`…). `create` throws when the argument types do
 * not fit (the validator reports those earlier).
 * @example
 * const { returnType, newState } = avg.create(['double']);
 */
export interface AggregatorImplementation {
  /** `''` for built-ins. */
  readonly namespace: string;
  readonly name: string;
  create(argTypes: readonly AttributeType[], options?: AggregatorOptions): AggregatorInstance;
}

const NUMERIC: readonly AttributeType[] = ['int', 'long', 'float', 'double'];

/** Throws unless there is exactly one argument and its type is one of `accepted`. */
export function expectArgument(
  name: string,
  argTypes: readonly AttributeType[],
  accepted: readonly AttributeType[] = NUMERIC,
): AttributeType {
  const type = argTypes[0];
  if (argTypes.length !== 1 || type === undefined) {
    throw new Error(`${name} takes exactly 1 argument, got ${String(argTypes.length)}`);
  }
  if (!accepted.includes(type)) {
    throw new Error(`${name} does not accept an argument of type ${type}`);
  }
  return type;
}

/** The error for a value of the wrong runtime type (the event is dropped, as in Siddhi). */
export function wrongValue(name: string, expected: string, value: unknown): TypeError {
  const got = value === null ? 'null' : typeof value;
  return new TypeError(`${name} expects ${expected} values, got ${got}`);
}

/** Reads a snapshot taken by one of our states: a record, or an error naming the aggregator. */
export function snapshotRecord(name: string, snapshot: unknown): Record<string, unknown> {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
    throw new TypeError(`${name}: not a snapshot of its state`);
  }
  return snapshot as Record<string, unknown>;
}

/** A finite-or-not number field of a snapshot. */
export function numberField(name: string, record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number')
    throw new TypeError(`${name}: snapshot field ${key} is not a number`);
  return value;
}

/** A `[value, count]` list field of a snapshot. */
export function countsField(
  name: string,
  record: Record<string, unknown>,
  key: string,
): readonly (readonly [unknown, number])[] {
  const value = record[key];
  if (!Array.isArray(value)) throw new TypeError(`${name}: snapshot field ${key} is not a list`);
  return value as readonly (readonly [unknown, number])[];
}
