// Script functions in JavaScript: results coerced to the declared type, isolation, the per-call
// timeout, and compile/runtime errors naming the function and the app line.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import type { Logger } from '../runtime/app/logger.js';
import { VirtualClock } from '../runtime/time/index.js';
import { createJavaScriptFunction } from './script-javascript.js';

function run(text: string, inputs: readonly (readonly unknown[])[]) {
  const logged: string[] = [];
  const logger: Logger = {
    log: (_level, message) => {
      logged.push(message);
    },
  };
  const result = createEngine({ timeService: new VirtualClock(0), logger }).createApp(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const seen: unknown[][] = [];
  result.app.onStream('O', (events) => {
    for (const e of events) seen.push([...e.data]);
  });
  result.app.start();
  for (const data of inputs) result.app.input('S').send([...data]);
  return { seen, logged };
}

const definition = {
  appName: 'A',
  functionName: 'f',
  returnType: 'int' as const,
  body: 'return data[0] * 2;',
  line: 3,
  timeoutMs: 1000,
};

describe('javascript script functions', () => {
  it('runs the body over data[] and coerces the result to the declared type', () => {
    const { seen } = run(
      `define stream S (a string, b string, n double);
define function concatFn[javascript] return string {
  var s1 = data[0];
  var s2 = data[1];
  return s1 + s2;
};
define function half[javascript] return int { return data[0] / 2; };
from S select concatFn(a, b) as c, half(n) as h insert into O;`,
      [
        ['IBM', '-NYSE', 7],
        ['WSO2', '', 9.9],
      ],
    );
    expect(seen).toEqual([
      ['IBM-NYSE', 3],
      ['WSO2', 4],
    ]);
  });

  it('coerces to long, double, bool and keeps null', () => {
    const call = (returnType: 'long' | 'double' | 'bool' | 'string', body: string) =>
      createJavaScriptFunction({ ...definition, returnType, body }).call?.([]);
    expect(call('long', 'return 2.9;')).toBe(2);
    expect(call('double', "return '1.5';")).toBe(1.5);
    expect(call('bool', 'return 1;')).toBe(true);
    expect(call('string', 'return null;')).toBeNull();
  });

  it('isolates globals: no require, process or host objects', () => {
    const f = createJavaScriptFunction({
      ...definition,
      returnType: 'string',
      body: 'return typeof require + typeof process + typeof globalThis.__leak;',
    });
    (globalThis as { __leak?: number }).__leak = 1;
    expect(f.call?.([])).toBe('undefinedundefinedundefined');
    delete (globalThis as { __leak?: number }).__leak;
  });

  it('stops a call that runs longer than the timeout', () => {
    const f = createJavaScriptFunction({ ...definition, body: 'while (true) {}', timeoutMs: 20 });
    expect(() => f.call?.([1])).toThrow(
      "script function 'f' (defined at line 3) ran longer than 20 ms",
    );
  });

  it('reports a runtime error naming the function and its line', () => {
    const f = createJavaScriptFunction({ ...definition, body: 'return data[0].nope.deeper;' });
    expect(() => f.call?.([1])).toThrow(
      /script function 'f' \(defined at line 3\) failed: .*deeper/,
    );
  });

  it('fails createApp on a syntax error, naming the function and the app line', () => {
    const engine = createEngine({ timeService: new VirtualClock(0) });
    const result = engine.createApp(
      `define stream S (a int);

define function broken[javascript] return int {
  var x = ;
  return x;
};
from S select broken(a) as b insert into O;`,
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span.start.line])).toEqual([
      [
        'E_SCRIPT_COMPILE',
        "script function 'broken' (line 4) does not compile: Unexpected token ';'",
        3,
      ],
    ]);
  });

  it('fails createApp when no script language of that name is registered', () => {
    const result = createEngine({ timeService: new VirtualClock(0) }).createApp(
      'define stream S (a int); define function f[python] return int { return 1 }; from S select f(a) as b insert into O;',
    );
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "no script language 'python' is available for function 'f'",
    ]);
  });
});
