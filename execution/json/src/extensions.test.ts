// End-to-end tests of the json package: every documented example compiles against a registry
// holding the package, and apps run its functions, aggregators and stream functions.

import {
  builtinExtensions,
  createEngine,
  silentLogger,
  VirtualClock,
  type AppRuntime,
} from '@tributary/engine';
import { createRegistry } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const registry = createRegistry(builtinExtensions, {
  package: '@tributary/execution-json',
  version: '0.1.0',
  extensions,
});

function start(app: string): { runtime: AppRuntime; out: unknown[][] } {
  const result = createEngine({
    extensions: registry,
    timeService: new VirtualClock(0),
    logger: silentLogger,
  }).createApp(app);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const out: unknown[][] = [];
  result.app.onStream('OutputStream', (events) => {
    for (const e of events) out.push(e.data);
  });
  result.app.start();
  return { runtime: result.app, out };
}

describe('json package', () => {
  it('registers every extension under the json namespace', () => {
    expect(extensions.length).toBe(15);
    for (const e of extensions) expect(e.spec.namespace).toBe('json');
  });

  it.each(extensions.flatMap((e) => e.spec.examples.map((x) => [e.spec.name, x.siddhi])))(
    'example of %s compiles',
    (_name, siddhi) => {
      const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(siddhi);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it('rejects a fail.on.missing.attribute that is not constant', () => {
    const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(
      'define stream InputStream (json string, path string, flag bool);\n' +
        'from InputStream#json:tokenize(json, path, flag) select jsonElement insert into OutputStream;',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('runs getters, setElement and toString in a query', async () => {
    const { runtime, out } = start(
      'define stream InputStream (json string);\n' +
        "from InputStream select json:getString(json, '$.name') as name, " +
        "json:getInt(json, '$.age') as age, json:isExists(json, '$.salary') as paid, " +
        "json:toString(json:setElement(json, '$', 'NY', 'city')) as moved insert into OutputStream;",
    );
    runtime.input('InputStream').send(["{'name' : 'John', 'age' : 23}"]);
    expect(out).toEqual([['John', 23, false, '{"name":"John","age":23,"city":"NY"}']]);
    await runtime.shutdown();
  });

  it('tokenizes into one event per element', async () => {
    const { runtime, out } = start(
      'define stream InputStream (json string, path string);\n' +
        'from InputStream#json:tokenize(json, path) select path, jsonElement insert into OutputStream;',
    );
    runtime
      .input('InputStream')
      .send(["{name:'John', subjects:['Maths', 'Physics']}", '$.subjects']);
    runtime.input('InputStream').send(["{name:'John'}", '$.name']);
    runtime.input('InputStream').send(["{name:'John'}", '$.salary']);
    expect(out).toEqual([
      ['$.subjects', '"Maths"'],
      ['$.subjects', '"Physics"'],
      ['$.name', 'John'],
    ]);
    await runtime.shutdown();
  });

  it('groups the JSON elements of a window', async () => {
    const { runtime, out } = start(
      'define stream InputStream (json string);\n' +
        'from InputStream#window.length(2) select json:group(json) as grouped insert into OutputStream;',
    );
    const input = runtime.input('InputStream');
    input.send(['{"a":1}']);
    input.send(['{"b":2}']);
    input.send(['{"c":3}']);
    expect(out).toEqual([['[{"a":1}]'], ['[{"a":1},{"b":2}]'], ['[{"b":2},{"c":3}]']]);
    await runtime.shutdown();
  });
});
