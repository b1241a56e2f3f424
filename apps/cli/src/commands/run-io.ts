// What `tributary run` and `tributary test` share: reading input events (JSON lines
// `{"stream":"S","data":[…]}` or CSV lines for one stream), converting CSV values to attribute
// types, and printing errors with a code and a hint.

import type { AttributeType } from '@tributary/engine';
import type { CommandIo } from '../command-io.js';

/** One input event as read from a line. */
export interface InputLine {
  readonly app?: string;
  readonly stream: string;
  readonly data: readonly unknown[];
  readonly timestamp?: number;
}

/** A line that could not be read, with where it was. */
export class InputError extends Error {
  readonly code = 'E_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Prints an error the way every command does: `tributary <cmd>: message [CODE]` and a hint.
 * @example
 * reportError(io, 'run', 'E_INPUT', 'input:3: not JSON', 'one event per line: {"stream":"S","data":[…]}');
 */
export function reportError(
  io: CommandIo,
  command: string,
  code: string,
  message: string,
  hint?: string,
): void {
  io.err(
    `tributary ${command}: ${message} [${code}]${hint === undefined ? '' : `\n  hint: ${hint}`}`,
  );
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON line as an event: `{"stream":"S","data":[…]}`, optionally with `app` and `timestamp`.
 * @example
 * parseJsonLine('{"stream":"S","data":["IBM",75.5]}'); // { stream: 'S', data: ['IBM', 75.5] }
 */
export function parseJsonLine(line: string): InputLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InputError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value)) throw new InputError('expected an object {"stream":"S","data":[…]}');
  const { stream, data, app, timestamp } = value;
  const unknownKeys = Object.keys(value).filter(
    (k) => !['stream', 'data', 'app', 'timestamp'].includes(k),
  );
  if (unknownKeys.length > 0) throw new InputError(`unknown field(s) ${unknownKeys.join(', ')}`);
  if (typeof stream !== 'string' || stream === '')
    throw new InputError('"stream" must name a stream');
  if (!Array.isArray(data)) throw new InputError('"data" must be an array of attribute values');
  if (app !== undefined && typeof app !== 'string') throw new InputError('"app" must be a string');
  if (timestamp !== undefined && !Number.isSafeInteger(timestamp)) {
    throw new InputError('"timestamp" must be ms since epoch');
  }
  return {
    stream,
    data: data as unknown[],
    ...(app === undefined ? {} : { app }),
    ...(timestamp === undefined ? {} : { timestamp: timestamp as number }),
  };
}

/**
 * The fields of a CSV line (double quotes group a field; `""` is a quote inside one).
 * @example
 * splitCsv('IBM,"a, b",3'); // ['IBM', 'a, b', '3']
 */
export function splitCsv(line: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"' && current === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/** A CSV field as a value of `type` (empty is null); throws `InputError` when it does not fit. */
export function csvValue(text: string, type: AttributeType, attribute: string): unknown {
  if (text === '') return null;
  const fail = (what: string): InputError =>
    new InputError(`${attribute} (${type}): '${text}' is not ${what}`);
  switch (type) {
    case 'int':
    case 'long': {
      const n = Number(text);
      if (!Number.isSafeInteger(n)) throw fail('an integer');
      return n;
    }
    case 'float':
    case 'double': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw fail('a number');
      return n;
    }
    case 'bool': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw fail('true or false');
    }
    case 'string':
    case 'object':
      return text;
  }
}
