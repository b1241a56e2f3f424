// `define function f[javascript] return <type> { … };`: the body runs as a JavaScript function
// of `data` (the call's arguments) in its own node:vm context, compiled once per function and
// bounded by a timeout per call. A vm context isolates globals, not a hostile script.

import { createContext, Script } from 'node:vm';
import { defineScript, type ScriptDefinition } from '../extension-api/define.js';
import { extensionMessages } from '../errors/messages.js';
import { TributaryError } from '../errors/tributary-error.js';
import type { AttributeType } from '../query-api/index.js';
import type { FunctionInstance } from '../runtime/expression/types.js';

/** The line of `filename` a V8 error stack points at, if any. */
function lineIn(error: unknown, filename: string): number | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (stack === undefined) return undefined;
  const at = stack.indexOf(`${filename}:`);
  if (at < 0) return undefined;
  const m = /^:(\d+)/.exec(stack.slice(at + filename.length));
  return m === null ? undefined : Number(m[1]);
}

/** Text of any value a script produced (objects of the script's realm as JSON). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/** An error's message; errors thrown by scripts belong to another realm (no `instanceof`). */
function messageOf(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'message' in error) {
    return textOf(error.message);
  }
  return textOf(error);
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** A script result as the declared return type (`null`/`undefined` stay null). */
function coerce(value: unknown, type: AttributeType): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'int': {
      const n = toNumber(value);
      return n === null || !Number.isFinite(n) ? null : Math.trunc(n) | 0;
    }
    case 'long': {
      const n = toNumber(value);
      return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
    }
    case 'float':
      return toNumber(value) === null ? null : Math.fround(toNumber(value) ?? 0);
    case 'double':
      return toNumber(value);
    case 'bool':
      return typeof value === 'string' ? value.trim().toLowerCase() === 'true' : Boolean(value);
    case 'string':
      return textOf(value);
    case 'object':
      return value;
  }
}

/**
 * Compiles one script function; throws a `TributaryError` (E_SCRIPT_COMPILE) naming the
 * function and the app line when the body does not compile.
 * @example
 * const f = createJavaScriptFunction({ appName: 'A', functionName: 'twice', returnType: 'int',
 *   body: 'return data[0] * 2;', line: 1, timeoutMs: 1000 });
 * f.call?.([21]); // 42
 */
export function createJavaScriptFunction(definition: ScriptDefinition): FunctionInstance {
  const { functionName, returnType, line, timeoutMs } = definition;
  const filename = `${definition.appName}/${functionName}.js`;
  // The body's first line sits on the line of `{`; the wrapper's first line comes before it.
  const source = `(function (data) {${definition.body}\n})(__data)`;
  let script: Script;
  try {
    script = new Script(source, { filename, lineOffset: line - 1 });
  } catch (error) {
    throw new TributaryError(
      'E_SCRIPT_COMPILE',
      extensionMessages.E_SCRIPT_COMPILE(
        functionName,
        lineIn(error, filename) ?? line,
        messageOf(error),
      ),
      false,
      { cause: error },
    );
  }
  const context = createContext(Object.create(null) as object);
  const globals = context as { __data?: unknown };
  return {
    type: returnType,
    call: (args) => {
      globals.__data = [...args];
      let result: unknown;
      try {
        result = script.runInContext(context, { timeout: timeoutMs });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
          throw new TributaryError(
            'E_SCRIPT_TIMEOUT',
            extensionMessages.E_SCRIPT_TIMEOUT(functionName, line, timeoutMs),
            false,
            { cause: error },
          );
        }
        throw new TributaryError(
          'E_SCRIPT_RUNTIME',
          extensionMessages.E_SCRIPT_RUNTIME(functionName, line, messageOf(error)),
          false,
          { cause: error },
        );
      } finally {
        globals.__data = undefined;
      }
      return coerce(result, returnType);
    },
  };
}

/**
 * The `javascript` script language (Siddhi's siddhi-script-js): the body reads the call's
 * arguments as `data[0]`, `data[1]`… and `return`s the result.
 * @example
 * createRegistry(builtinExtensions).find('script', '', 'javascript')
 */
export const javascriptScript = defineScript({
  name: 'javascript',
  language: 'javascript',
  status: 'stable',
  summary: 'Runs script functions written in JavaScript, each in its own isolated context.',
  description:
    "The body is a JavaScript function body: the call's arguments are `data[0]`, `data[1]`…, " +
    'and the value it returns is converted to the declared return type. Each call may run ' +
    'at most `timeout` ms.',
  systemParameters: [
    {
      name: 'timeout',
      description: 'Milliseconds one call of a script function may run.',
      defaultValue: '1000',
    },
  ],
  examples: [
    {
      description: 'Concatenates two strings with a JavaScript function.',
      siddhi:
        'define stream StockStream (symbol string, exchange string);\n' +
        'define function concatFn[javascript] return string {\n' +
        '  var s1 = data[0];\n  var s2 = data[1];\n  return s1 + s2;\n};\n' +
        'from StockStream\nselect concatFn(symbol, exchange) as id\ninsert into OutputStream;',
    },
  ],
  create: createJavaScriptFunction,
});
