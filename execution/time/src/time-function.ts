// What the time:* functions share: the spec defaults (namespace `time`, stable), Siddhi's
// default formats, parsing a date string with its format as FastDateFormat does (in the
// JVM default zone, the host's), and Siddhi's error wording.

import {
  defineFunction,
  type ArgumentInfo,
  type Extension,
  type FunctionSpec,
} from '@tributary/engine/extension-api';
import {
  DateParseError,
  DatePatternError,
  javaDateFormat,
  type Dialect,
} from './java-date-format.js';
import { defaultZone } from './java-zones.js';

/** Siddhi's default date format: `yyyy-MM-dd HH:mm:ss.SSS`. */
export const DEFAULT_FORMAT = 'yyyy-MM-dd HH:mm:ss.SSS';
/** `time:date`'s output format. */
export const DATE_FORMAT = 'yyyy-MM-dd';

/** A time function spec without the parts every time function has in common. */
export type TimeFunctionSpec = Omit<FunctionSpec, 'namespace' | 'status'>;

/**
 * Describes a `time:` function (namespace `time`, status stable).
 * @example
 * export const currentDate = timeFunction({ name: 'currentDate', … });
 */
export function timeFunction(spec: TimeFunctionSpec): Extension {
  return defineFunction({ namespace: 'time', status: 'stable', ...spec });
}

/**
 * FastDateFormat's parse of `value` with `format` in the default zone, failing the event with
 * Siddhi's message when the value does not match.
 * @example
 * parseDate('2014-11-11 13:23:44.657', DEFAULT_FORMAT, Date.now()); // 1415712224657 in UTC
 */
export function parseDate(value: string, format: string, nowMs: number): number {
  try {
    return javaDateFormat(format, 'simple').parse(value, defaultZone(), nowMs);
  } catch (error) {
    if (error instanceof DateParseError) {
      throw new Error(
        `Provided format ${format} does not match with the timestamp ${value}. ${error.message}`,
      );
    }
    throw error;
  }
}

/** FastDateFormat's format of an instant in the default zone. */
export function formatDate(epochMs: number, format: string): string {
  return javaDateFormat(format, 'simple').format(epochMs, defaultZone());
}

/** Reads a string argument that may be null. */
export function optionalString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Reads a number argument that may be null. */
export function optionalNumber(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/**
 * A spec check rejecting constant date patterns Java rejects (Siddhi fails each event).
 * @example
 * check: patternCheck([1, 2])
 */
export function patternCheck(
  indexes: readonly number[],
  dialect: Dialect = 'simple',
): (args: readonly ArgumentInfo[]) => string | undefined {
  return (args) => {
    for (const i of indexes) {
      const arg = args[i];
      if (arg?.constant !== true || typeof arg.value !== 'string') continue;
      try {
        javaDateFormat(arg.value, dialect);
      } catch (error) {
        if (error instanceof DatePatternError)
          return `invalid date format '${arg.value}': ${error.message}`;
        throw error;
      }
    }
    return undefined;
  };
}

/** Siddhi's null-argument error for the time functions that fail on null. */
export function nullArgument(signature: string, ordinal: string): Error {
  return new Error(
    `Invalid input given to time:${signature} function. ${ordinal} argument cannot be null`,
  );
}
