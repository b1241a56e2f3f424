import { describe, expect, it } from 'vitest';
import { builtinExtensions } from '../builtins/extensions.js';
import { createEngine } from '../engine.js';
import { defineScript, defineSink, defineSource, defineStore } from '../extension-api/define.js';
import { param } from '../extension-api/param.js';
import { createRegistry } from '../extension-api/registry.js';
import { silentLogger } from '../runtime/app/logger.js';
import { InMemoryTable } from '../runtime/table/index.js';
import { VirtualClock } from '../runtime/time/index.js';
import { systemParametersFor, type SystemParameters } from './system-parameters.js';

const seen: {
  source: unknown[];
  sink: unknown[];
  published: unknown[];
  store: unknown[];
  timeouts: number[];
} = { source: [], sink: [], published: [], store: [], timeouts: [] };

const registry = createRegistry(builtinExtensions, {
  package: 'system-tests',
  version: '0.0.0',
  extensions: [
    defineSource({
      name: 'feed',
      status: 'experimental',
      summary: 'Records its options.',
      parameters: {
        host: param.string({ description: 'mandatory, may come from the system' }),
        port: param.int({ description: 'with a default', optional: true, default: 9000 }),
      },
      examples: [
        { description: 'x', siddhi: "@source(type='feed', host='h') define stream S (a int);" },
      ],
      create: (ctx) => {
        seen.source.push(ctx.options);
        return { connect: () => Promise.resolve(), disconnect: () => Promise.resolve() };
      },
    }),
    defineSink({
      name: 'drain',
      status: 'experimental',
      summary: 'Records its options and what it publishes.',
      parameters: {
        method: param.string({ description: 'with a default', optional: true, default: 'POST' }),
      },
      examples: [{ description: 'x', siddhi: "@sink(type='drain') define stream S (a int);" }],
      create: (ctx) => {
        seen.sink.push(ctx.options);
        return {
          connect: () => Promise.resolve(),
          disconnect: () => Promise.resolve(),
          publish: (_payload, options) => {
            seen.published.push(options);
          },
        };
      },
    }),
    defineStore({
      name: 'memo',
      status: 'experimental',
      summary: 'Records its options.',
      parameters: { url: param.string({ description: 'mandatory' }) },
      examples: [
        { description: 'x', siddhi: "@store(type='memo', url='u') define table T (a int);" },
      ],
      create: (schema, ctx) => {
        seen.store.push(ctx.options);
        return new InMemoryTable(schema, ctx);
      },
    }),
    defineScript({
      name: 'lisp',
      language: 'lisp',
      status: 'experimental',
      summary: 'Records its time limit.',
      systemParameters: [{ name: 'timeout', description: 'ms per call', defaultValue: '700' }],
      examples: [
        {
          description: 'x',
          siddhi:
            'define function f[lisp] return int { 1 };\n' +
            'define stream S (a int); from S select f() as b insert into O;',
        },
      ],
      create: (definition) => {
        seen.timeouts.push(definition.timeoutMs);
        return { type: 'int', call: () => 1 };
      },
    }),
  ],
});

function engineWith(systemParameters?: SystemParameters) {
  return createEngine({
    timeService: new VirtualClock(0),
    logger: silentLogger,
    extensions: registry,
    ...(systemParameters === undefined ? {} : { systemParameters }),
  });
}

describe('system parameters', () => {
  it('finds an extension by namespace:name, case-insensitively', () => {
    const settings = { 'Source:FEED': { host: 'a' }, 'sink:drain': { method: 'PUT' } };
    expect(systemParametersFor(settings, 'source', 'feed')).toEqual({ host: 'a' });
    expect(systemParametersFor(settings, 'sink', 'Drain')).toEqual({ method: 'PUT' });
    expect(systemParametersFor(settings, 'sink', 'feed')).toBeUndefined();
    expect(systemParametersFor(undefined, 'sink', 'drain')).toBeUndefined();
  });

  it('fill the options apps leave out, under the values apps give', async () => {
    seen.source.length = 0;
    seen.sink.length = 0;
    seen.published.length = 0;
    seen.store.length = 0;
    const engine = engineWith({
      'source:feed': { host: 'configured', port: '9100' },
      'sink:drain': { method: 'PUT' },
      'store:memo': { url: 'jdbc:sqlite:x.db' },
    });
    const created = engine.createApp(
      "@source(type='feed', port='9200') define stream S (a int);\n" +
        "@sink(type='drain') define stream O (a int);\n" +
        "@store(type='memo') define table T (a int);\n" +
        'from S select a insert into O;',
    );
    expect(created.diagnostics).toEqual([]);
    if (!created.ok) throw new Error('not created');
    // mandatory `host` from the system, `port` given by the app wins over the system's
    expect(seen.source).toEqual([{ host: 'configured', port: 9200 }]);
    expect(seen.sink).toEqual([{ method: 'PUT' }]);
    expect(seen.store).toEqual([{ url: 'jdbc:sqlite:x.db' }]);
    created.app.start();
    await created.app.whenConnected();
    created.app.input('S').send([1]);
    await created.app.idle();
    // the static options a sink publishes with carry the configured value too
    expect(seen.published).toEqual([{ method: 'PUT' }]);
    await created.app.shutdown();
  });

  it("fill the options of an aggregation's @store tables", () => {
    seen.store.length = 0;
    const created = engineWith({ 'store:memo': { url: 'jdbc:sqlite:agg.db' } }).createApp(
      'define stream S (a int);\n' +
        "@store(type='memo')\n" +
        'define aggregation A from S select a, sum(a) as total group by a aggregate every sec ... min;',
    );
    expect(created.diagnostics).toEqual([]);
    expect(seen.store.length).toBeGreaterThan(0);
    expect(seen.store.every((o) => JSON.stringify(o) === '{"url":"jdbc:sqlite:agg.db"}')).toBe(
      true,
    );
  });

  it("set a script language's time limit (`script:<language>` timeout)", () => {
    seen.timeouts.length = 0;
    const text = 'define function f[lisp] return int { 1 };\ndefine stream S (a int);';
    expect(engineWith().createApp(text).ok).toBe(true);
    expect(engineWith({ 'script:LISP': { timeout: '25' } }).createApp(text).ok).toBe(true);
    expect(seen.timeouts).toEqual([700, 25]);
  });

  it('leave mandatory options missing without them, and report bad configured values', () => {
    const missing = engineWith().createApp("@source(type='feed') define stream S (a int);");
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['E_MISSING_OPTION']);
    const bad = engineWith({ 'source:feed': { host: 'h', port: 'many' } }).createApp(
      "@source(type='feed') define stream S (a int);",
    );
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.message)).toEqual([
      "source 'feed': option 'port' (configured value) must be an int, found 'many'",
    ]);
  });
});
