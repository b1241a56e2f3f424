// End-to-end tests of the map package: every documented example compiles against a registry
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
  package: '@tributary/execution-map',
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

describe('map package', () => {
  it('registers 25 extensions under the map namespace', () => {
    expect(extensions.length).toBe(25);
    for (const e of extensions) expect(e.spec.namespace).toBe('map');
  });

  it.each(extensions.flatMap((e) => e.spec.examples.map((x) => [e.spec.name, x.siddhi])))(
    'example of %s compiles',
    (_name, siddhi) => {
      const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(siddhi);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it('rejects an odd number of map:create arguments', () => {
    const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(
      'define stream StockStream (symbol string, price double);\n' +
        'from StockStream select map:create(symbol) as m insert into OutputStream;',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('builds maps in queries and reads them back', async () => {
    const { runtime, out } = start(
      'define stream StockStream (symbol string, price double);\n' +
        "from StockStream select map:get(map:put(map:create(symbol, price), 'k', 'v'), symbol) as p, " +
        "map:toJSON(map:createFromXML('<s><a>1</a></s>')) as j insert into OutputStream;",
      'OutputStream',
    );
    runtime.input('StockStream').send(['IBM', 12.5]);
    expect(out).toEqual([[12.5, '{"a":1}']]);
    await runtime.shutdown();
  });

  it('collects a batch into a map and tokenizes it again', async () => {
    const { runtime, out } = start(
      'define stream StockStream (symbol string, price double);\n' +
        'from StockStream#window.lengthBatch(2) select map:collect(symbol, price) as m insert into TempStream;\n' +
        'from TempStream#map:tokenize(m) select key, value insert into SymbolStream;',
      'SymbolStream',
    );
    const input = runtime.input('StockStream');
    input.send(['IBM', 10.0]);
    input.send(['WSO2', 20.0]);
    // the batch aggregates to one map, tokenized into one event per symbol
    expect(out).toEqual([
      ['IBM', 10],
      ['WSO2', 20],
    ]);
    await runtime.shutdown();
  });
});
