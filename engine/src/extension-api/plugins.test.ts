// Plugins defined with define* and registered through createEngine({ extensions }): a function,
// a window, a stateless stream function, a stateful stream processor and a store, end to end.

import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../builtins/catalog/index.js';
import { builtinExtensions } from '../builtins/extensions.js';
import { lengthWindow } from '../builtins/windows/length-window.js';
import { createEngine } from '../engine.js';
import type { StreamEvent } from '../runtime/event/event.js';
import { DISCARD, type Processor } from '../runtime/processor/processor.js';
import { InMemoryTable } from '../runtime/table/index.js';
import { VirtualClock } from '../runtime/time/index.js';
import {
  defineFunction,
  defineStore,
  defineStreamFunction,
  defineStreamProcessor,
  defineWindow,
} from './define.js';
import { param } from './param.js';
import { createRegistry } from './registry.js';
import type { ExtensionList } from './registry-types.js';
import { statelessStreamFunction, type StreamProcessorInstance } from './stream-processor.js';

const example = (siddhi: string) => [{ description: 'example', siddhi }];

/** `#acme:sequence()`: appends 1, 2, 3… — keeps a counter, so it snapshots. */
class SequenceProcessor implements StreamProcessorInstance {
  next: Processor = DISCARD;
  private count = 0;

  process(chunk: StreamEvent[]): void {
    this.next.process(
      chunk.map((e) => (e.type === 'current' ? { ...e, data: [...e.data, (this.count += 1)] } : e)),
    );
  }
  start(): void {
    // no timers
  }
  stop(): void {
    // no timers
  }
  snapshot(): unknown {
    return this.count;
  }
  restore(state: unknown): void {
    this.count = state as number;
  }
}

const storeOptions: unknown[] = [];

const acme: ExtensionList = {
  package: 'tributary-plugin-acme',
  version: '1.0.0',
  extensions: [
    defineFunction({
      name: 'twice',
      namespace: 'acme',
      status: 'stable',
      summary: 'Doubles an int.',
      parameters: [{ name: 'value', types: ['int'] }],
      returnType: 'int',
      examples: example('define stream S (a int); from S select acme:twice(a) as b insert into O;'),
      create: () => ({ type: 'int', call: (args) => ((args[0] as number) * 2) | 0 }),
    }),
    defineWindow({
      name: 'last',
      namespace: 'acme',
      status: 'beta',
      summary: 'The last N events.',
      parameters: [{ name: 'window.length', types: ['int'], constant: true }],
      examples: example(
        'define stream S (a int); from S#window.acme:last(2) select sum(a) as s insert into O;',
      ),
      create: (args, ctx) => lengthWindow.create(args, ctx),
    }),
    defineStreamFunction({
      name: 'split',
      namespace: 'acme',
      status: 'stable',
      summary: 'One event per comma-separated token.',
      parameters: [{ name: 'text', types: ['string'] }],
      appends: [{ name: 'token', type: 'string' }],
      examples: example(
        'define stream S (t string); from S#acme:split(t) select token insert into O;',
      ),
      create: (args) =>
        statelessStreamFunction((event) =>
          String(args[0]?.evaluate(event))
            .split(',')
            .map((token) => [token]),
        ),
    }),
    defineStreamProcessor({
      name: 'sequence',
      namespace: 'acme',
      status: 'stable',
      summary: 'Numbers the events.',
      parameters: [],
      appends: [{ name: 'seq', type: 'long' }],
      examples: example(
        'define stream S (a int); from S#acme:sequence() select a, seq insert into O;',
      ),
      create: () => new SequenceProcessor(),
    }),
    defineStore({
      name: 'memo',
      status: 'experimental',
      summary: 'An in-memory store with options.',
      parameters: {
        capacity: param.int({ description: 'rows kept' }),
        'flush.interval': param.time({ description: 'flush', optional: true, default: '1 sec' }),
      },
      examples: example("@store(type='memo', capacity='10') define table T (a int);"),
      create: (schema, ctx) => {
        storeOptions.push(ctx.options);
        return new InMemoryTable(schema, ctx);
      },
    }),
  ],
};

const registry = createRegistry(builtinExtensions, acme);

function run(text: string, stream: string, inputs: readonly (readonly unknown[])[], out?: string) {
  const result = createEngine({ timeService: new VirtualClock(0), extensions: registry }).createApp(
    text,
  );
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const seen: unknown[][] = [];
  if (out !== undefined) {
    result.app.onStream(out, (events) => {
      for (const e of events) seen.push([...e.data]);
    });
  }
  result.app.start();
  for (const data of inputs) result.app.input(stream).send([...data]);
  return { app: result.app, seen };
}

describe('plugins through createEngine({ extensions })', () => {
  it('runs a plugin function and a plugin window', () => {
    const { seen } = run(
      'define stream S (a int); from S#window.acme:last(2) select acme:twice(a) as d, sum(a) as s insert into O;',
      'S',
      [[1], [2], [3]],
      'O',
    );
    expect(seen).toEqual([
      [2, 1],
      [4, 3],
      [6, 5],
    ]);
  });

  it('runs a stateless stream function appending its attributes', () => {
    const { seen } = run(
      'define stream S (t string); from S#acme:split(t) select t, token insert into O;',
      'S',
      [['a,b']],
      'O',
    );
    expect(seen).toEqual([
      ['a,b', 'a'],
      ['a,b', 'b'],
    ]);
  });

  it('snapshots and restores a stateful stream processor', () => {
    const text =
      "@app:name('Seq') define stream S (a int); @info(name='q') from S#acme:sequence() select a, seq insert into O;";
    const { app, seen } = run(text, 'S', [[7], [8]], 'O');
    const snapshot = app.snapshot();
    app.input('S').send([9]);
    app.restore(snapshot);
    app.input('S').send([10]);
    expect(seen).toEqual([
      [7, 1],
      [8, 2],
      [9, 3],
      [10, 3],
    ]);
  });

  it('creates tables of plugin stores with parsed options', () => {
    storeOptions.length = 0;
    const { app } = run(
      "define stream S (a int); @store(type='MEMO', capacity='10') define table T (a int); from S insert into T;",
      'S',
      [[1], [2]],
    );
    expect(storeOptions).toEqual([{ capacity: 10, 'flush.interval': 1000 }]);
    expect(app.query('from T select a')).toEqual([[1], [2]]);
  });

  it('fails createApp with every option problem of a store, and names missing extensions', () => {
    const engine = createEngine({ timeService: new VirtualClock(0), extensions: registry });
    const bad = engine.createApp(
      "@store(type='memo', capacty='10', flush.interval='soon') define table T (a int);",
    );
    expect(bad.ok).toBe(false);
    // reported by the compiler already, in text order (the annotation first)
    expect(bad.diagnostics.map((d) => [d.code, d.hint])).toEqual([
      ['E_MISSING_OPTION', undefined],
      ['E_UNKNOWN_OPTION', "did you mean 'capacity'?"],
      ['E_INVALID_OPTION', undefined],
    ]);
    // the planner parses the options too (here the compiler's catalog does not know 'memo')
    const planned = createEngine({ extensions: registry, catalog: builtinCatalog }).createApp(
      "@store(type='memo', capacity='ten') define table T (a int);",
    );
    expect(planned.diagnostics.map((d) => d.message)).toEqual([
      "store 'memo': option 'capacity' must be an int, found 'ten'",
    ]);
    const plain = createEngine({ timeService: new VirtualClock(0) });
    const missingStore = plain.createApp(
      "@store(type='memo', capacity='1') define table T (a int);",
    );
    expect(missingStore.ok).toBe(false);
    expect(missingStore.diagnostics.map((d) => d.message)).toContain(
      "no implementation of store 'memo' is available to the runtime",
    );
    const missingWindow = plain.createApp(
      'define stream S (a int); from S#window.acme:last(2) select a insert into O;',
    );
    expect(missingWindow.diagnostics.map((d) => d.message)).toEqual(["unknown window 'acme:last'"]);
    const missingProcessor = plain.createApp(
      'define stream S (a int); from S#acme:sequence() select a insert into O;',
    );
    expect(missingProcessor.ok).toBe(false);
    expect(missingProcessor.diagnostics[0]?.message).toContain('acme:sequence');
  });
});
