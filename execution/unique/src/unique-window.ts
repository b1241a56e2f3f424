// What the unique windows share: the base of a window processor (a linked `next`, emitting
// non-empty chunks), reading the unique key and constant arguments, and events as plain data
// for snapshots.

import type { AttributeType, StreamEvent } from '@tributary/engine';
import {
  WindowArgumentError,
  type ParameterSpec,
  type WindowArgument,
  type WindowProcessor,
} from '@tributary/engine/extension-api';

/** A window's state as plain data. */
export type WindowSnapshot = ReturnType<WindowProcessor['snapshot']>;

/** Types a unique key may have. */
export const KEY_TYPES: readonly AttributeType[] = [
  'int',
  'long',
  'float',
  'bool',
  'double',
  'string',
];

/** The `unique.key` parameter. */
export const uniqueKey: ParameterSpec = {
  name: 'unique.key',
  types: KEY_TYPES,
  description: 'The attribute (or expression) whose value identifies the unique events.',
};

/** A constant time parameter (`1 sec` or milliseconds). */
export const timeParameter = (name: string, description: string): ParameterSpec => ({
  name,
  types: ['int', 'long'],
  constant: true,
  description,
});

/** The `window.length` parameter. */
export const lengthParameter: ParameterSpec = {
  name: 'window.length',
  types: ['int'],
  constant: true,
  description: 'The number of unique events the window holds (or batches).',
};

/** The optional `start.time` parameter of the time batch windows. */
export const startTimeParameter: ParameterSpec = {
  name: 'start.time',
  types: ['int', 'long'],
  constant: true,
  optional: true,
  description:
    'An offset (ms since the epoch) the batch boundaries are aligned to. Default: the batch ' +
    'starts with the first event.',
};

/**
 * Reads an event's unique key: the value of the one key argument, or a composite of several
 * (values of different attributes never collide, unlike a concatenation).
 * @example
 * const keyOf = keyReader(args.slice(0, 1)); keyOf(event); // 'IBM'
 */
export function keyReader(keyArgs: readonly WindowArgument[]): (event: StreamEvent) => unknown {
  const [first] = keyArgs;
  if (first === undefined) throw new WindowArgumentError('a unique.key is required');
  if (keyArgs.length === 1) return (event) => first.evaluate(event);
  return (event) => JSON.stringify(keyArgs.map((a) => a.evaluate(event) ?? null));
}

/** The constant number at `index` (an int, a long or a time constant in ms). */
export function numberArgument(
  args: readonly WindowArgument[],
  index: number,
  what: string,
  min = 0,
): number {
  const arg = args[index];
  if (arg?.constant !== true || typeof arg.value !== 'number') {
    throw new WindowArgumentError(`${what} must be a constant number`);
  }
  if (!Number.isFinite(arg.value) || arg.value < min) {
    throw new WindowArgumentError(
      `${what} must be at least ${String(min)}, got ${String(arg.value)}`,
    );
  }
  return Math.trunc(arg.value);
}

/** The constant bool at `index`, or `fallback` when absent. */
export function boolArgument(
  args: readonly WindowArgument[],
  index: number,
  what: string,
  fallback: boolean,
): boolean {
  const arg = args[index];
  if (arg === undefined) return fallback;
  if (!arg.constant || typeof arg.value !== 'boolean') {
    throw new WindowArgumentError(`${what} must be a constant bool`);
  }
  return arg.value;
}

/** A copy of `event` as an expired event stamped `timestamp`. */
export function expired(event: StreamEvent, timestamp: number): StreamEvent {
  return { timestamp, type: 'expired', data: event.data };
}

/** A reset event at `timestamp`. */
export function reset(timestamp: number): StreamEvent {
  return { timestamp, type: 'reset', data: [] };
}

/** Events as plain data (structured-clone safe). */
export function eventsToData(events: Iterable<StreamEvent>): [number, string, unknown[]][] {
  return [...events].map((e) => [e.timestamp, e.type, [...e.data]]);
}

/** The inverse of `eventsToData` (missing state gives no events). */
export function eventsFromData(data: unknown): StreamEvent[] {
  if (!Array.isArray(data)) return [];
  return (data as [number, StreamEvent['type'], unknown[]][]).map(([timestamp, type, values]) => ({
    timestamp,
    type,
    data: [...values],
  }));
}

/** A number field of a snapshot, or `fallback`. */
export function numberField(state: WindowSnapshot, key: string, fallback: number): number {
  const v = state[key];
  return typeof v === 'number' ? v : fallback;
}

/**
 * The plumbing every unique window shares: `next`, no-op lifecycle, and `emit` that skips empty
 * chunks. Subclasses implement `process`, `contents`, `snapshot` and `restore`.
 */
export abstract class UniqueWindow implements WindowProcessor {
  next: WindowProcessor['next'] = {
    process(): void {
      // not linked yet: nothing downstream
    },
  };

  abstract process(chunk: StreamEvent[]): void;
  abstract contents(): readonly StreamEvent[];
  abstract snapshot(): WindowSnapshot;
  abstract restore(state: WindowSnapshot): void;

  start(): void {
    // no timers by default
  }

  stop(): void {
    // no timers by default
  }

  /** Forwards `chunk` when it is not empty. */
  protected emit(chunk: StreamEvent[]): void {
    if (chunk.length > 0) this.next.process(chunk);
  }
}
