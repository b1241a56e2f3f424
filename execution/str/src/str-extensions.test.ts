// End-to-end tests of the str package: registered with the built-ins, every documented
// example compiles, and apps using functions, the aggregator and tokenize run on the engine.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type AppRuntime,
  type Engine,
} from '@tributary/engine';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { extensions } from './index.js';

function engine(): Engine {
  const registry = createRegistry(builtinExtensions, {
    package: packageJson.name,
    version: '0.1.0',
    extensions,
  });
  return createEngine({
    extensions: registry,
    timeService: new VirtualClock(0),
    logger: silentLogger,
  });
}

function start(text: string): AppRuntime {
  const created = engine().createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

function collect(app: AppRuntime, stream: string): unknown[][] {
  const rows: unknown[][] = [];
  app.onStream(stream, (events) => {
    for (const e of events) rows.push([...e.data]);
  });
  return rows;
}

describe('@tributary/execution-str', () => {
  it('registers every function of Siddhi’s str namespace', () => {
    const names = extensions.map((e) => `${e.kind}:${e.spec.name}`).sort();
    expect(names).toEqual(
      [
        'aggregator:groupConcat',
        'function:charAt',
        'function:charFrequency',
        'function:coalesce',
        'function:concat',
        'function:contains',
        'function:equalsIgnoreCase',
        'function:fillTemplate',
        'function:hex',
        'function:length',
        'function:locate',
        'function:lower',
        'function:regexp',
        'function:repeat',
        'function:replaceAll',
        'function:replaceFirst',
        'function:reverse',
        'function:split',
        'function:strcmp',
        'function:substr',
        'function:trim',
        'function:unhex',
        'function:upper',
        'streamFunction:tokenize',
      ].sort(),
    );
  });

  it('compiles every example', () => {
    const e = engine();
    for (const extension of extensions) {
      for (const example of extension.spec.examples) {
        const created = e.createApp(example.siddhi);
        expect(
          created.diagnostics.filter((d) => d.severity === 'error'),
          example.siddhi,
        ).toEqual([]);
      }
    }
  });

  it('runs functions in a query', () => {
    const app = start(`
      define stream In (text string, n int, d double);
      from In
      select str:concat(text, '#', n, '#', d) as joined, str:upper(text) as up,
             str:substr(text, '(\\d+)', 1) as digits,
             str:fillTemplate('{{1}} costs {{2}}', text, d) as filled,
             str:split(text, '-', 1) as second
      insert into Out;`);
    const out = collect(app, 'Out');
    app.input('In').send(['ab-12-cd', 3, 2]);
    expect(out).toEqual([['ab-12-cd#3#2.0', 'AB-12-CD', '12', 'ab-12-cd costs 2.0', '12']]);
  });

  it('drops the event and keeps going when a function fails', () => {
    const app = start(`
      define stream In (text string, i int);
      from In select str:charAt(text, i) as ch insert into Out;`);
    const out = collect(app, 'Out');
    app.input('In').send(['abc', 5]);
    app.input('In').send(['abc', 1]);
    expect(out).toEqual([['b']]);
  });

  it('aggregates with groupConcat over a sliding window', () => {
    const app = start(`
      define stream In (key string);
      from In#window.length(3)
      select str:groupConcat(key) as all, str:groupConcat(key, '-', true, 'DESC') as sorted
      insert into Out;`);
    const out = collect(app, 'Out');
    for (const key of ['A', 'B', 'A', 'C']) app.input('In').send([key]);
    expect(out).toEqual([
      ['A', 'A'],
      ['A,B', 'B-A'],
      ['A,A,B', 'B-A'],
      ['A,B,C', 'C-B-A'],
    ]);
  });

  it('tokenizes into one event per token', () => {
    const app = start(`
      define stream In (id int, text string);
      from In#str:tokenize(text, ',') select id, token insert into Out;
      from In#str:tokenize(text, '\\s*,\\s*', true) select token insert into Distinct;`);
    const out = collect(app, 'Out');
    const distinct = collect(app, 'Distinct');
    app.input('In').send([1, 'Android,Windows8,iOS']);
    app.input('In').send([2, 'a , b,a,,']);
    expect(out).toEqual([
      [1, 'Android'],
      [1, 'Windows8'],
      [1, 'iOS'],
      [2, 'a '],
      [2, ' b'],
      [2, 'a'],
    ]);
    expect(distinct).toEqual([['Android'], ['Windows8'], ['iOS'], ['a'], ['b']]);
  });

  it('reports bad constant arguments when the app is compiled', () => {
    const e = engine();
    const messages = (text: string): string =>
      e
        .createApp(text)
        .diagnostics.map((d) => d.message)
        .join('; ');
    expect(
      messages(
        "define stream In (t string); from In select str:regexp(t, '[a-') as m insert into Out;",
      ),
    ).toMatch(/syntax error in the regular expression/);
    expect(
      messages(
        "define stream In (t string); from In select str:groupConcat(t, ',', true, 'UP') as g insert into Out;",
      ),
    ).toMatch(/'UP' is not one of ASC, DESC/);
    expect(
      messages(
        'define stream In (t string, r string); from In#str:tokenize(t, r) select token insert into Out;',
      ),
    ).toMatch(/constant/);
    expect(
      messages('define stream In (t string); from In select str:concat(t) as c insert into Out;'),
    ).toMatch(/at least two arguments/);
    expect(
      messages(
        'define stream In (t string); from In select str:substr(t, 1.5) as c insert into Out;',
      ),
    ).not.toBe('');
  });
});
