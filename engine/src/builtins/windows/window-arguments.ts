// Reading a window's constant arguments (`length(5)`, `time(1 sec)`, `lengthBatch(4, true)`)
// with the checks the catalog's signatures cannot express.

import type { StreamEvent } from '../../runtime/event/event.js';
import { WindowArgumentError, type WindowArgument } from '../../runtime/window/window.js';

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

/** Reads a long timestamp attribute argument (externalTime's `timestamp`). */
export function timestampReader(
  args: readonly WindowArgument[],
  index: number,
): (event: StreamEvent) => number {
  const arg = args[index];
  if (arg === undefined) throw new WindowArgumentError('a timestamp attribute is required');
  const evaluate = arg.evaluate;
  return (event) => Number(evaluate(event));
}
