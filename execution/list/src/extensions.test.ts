// End-to-end tests of the list package: every documented example compiles against a registry
// holding the package, and apps run its functions, aggregators and tokenize.

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
  package: '@tributary/execution-list',
  version: '0.1.0',
  extensions,
});

function start(app: string, stream: string): { runtime: AppRuntime; out: unknown[][] } {
  const result = createEngine({
    extensions: registry,
    timeService: new VirtualClock(0),
    logger: silentLogger,
  }).createApp(app);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const out: unknown[][] = [];
  result.app.onStream(stream, (events) => {
    for (const e of events) out.push(e.data);
  });
  result.app.start();
  return { runtime: result.app, out };
}

describe('list package', () => {
  it('registers 23 extensions under the list namespace', () => {
    expect(extensions.length).toBe(23);
    for (const e of extensions) expect(e.spec.namespace).toBe('list');
  });

  it.each(extensions.flatMap((e) => e.spec.examples.map((x) => [e.spec.name, x.siddhi])))(
    'example of %s compiles',
    (_name, siddhi) => {
      const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(siddhi);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it('rejects an unknown list:sort order', () => {
    const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(
      'define stream StockStream (symbol string, price double);\n' +
        "from StockStream select list:sort(list:create(symbol), 'UP') as l insert into OutputStream;",
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('builds lists in queries and reads them back', async () => {
    const { runtime, out } = start(
      'define stream StockStream (symbol string, price double);\n' +
        "from StockStream select list:get(list:add(list:create(symbol), 'IBM', 0), 1) as s, " +
        "list:size(list:sort(list:create(3, 1, 2), 'DESC')) as n insert into OutputStream;",
      'OutputStream',
    );
    runtime.input('StockStream').send(['WSO2', 12.5]);
    expect(out).toEqual([['WSO2', 3]]);
    await runtime.shutdown();
  });

  it('collects a sliding window into a list and tokenizes it', async () => {
    const { runtime, out } = start(
      'define stream StockStream (symbol string, price double);\n' +
        'from StockStream#window.length(2) select list:collect(symbol, true) as l insert into TempStream;\n' +
        'from TempStream#list:tokenize(l) select index, value insert into SymbolStream;',
      'SymbolStream',
    );
    const input = runtime.input('StockStream');
    input.send(['IBM', 10.0]);
    input.send(['IBM', 11.0]);
    input.send(['WSO2', 20.0]);
    expect(out).toEqual([
      [0, 'IBM'],
      [0, 'IBM'],
      [0, 'IBM'],
      [1, 'WSO2'],
    ]);
    await runtime.shutdown();
  });
});
