// End-to-end tests of join queries and named windows through `createEngine` on a virtual clock:
// inner and outer joins, unidirectional triggers, expired join output, tables and named windows
// as join inputs, named window readers, and the `within`/`per` diagnostic.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import { VirtualClock } from '../runtime/time/index.js';

interface Seen {
  readonly in: unknown[][];
  readonly remove: unknown[][];
}

function start(text: string, query = 'q'): { app: AppRuntime; seen: Seen; clock: VirtualClock } {
  const clock = new VirtualClock(1000);
  const result = createEngine({ timeService: clock, logger: { log: () => undefined } }).createApp(
    text,
  );
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const seen: Seen = { in: [], remove: [] };
  result.app.on(query, (inEvents, removeEvents) => {
    seen.in.push(...inEvents.map((e) => e.data));
    seen.remove.push(...removeEvents.map((e) => e.data));
  });
  result.app.start();
  return { app: result.app, seen, clock };
}

const STREAMS = 'define stream L (sym string, p int); define stream R (name string, sym string); ';

describe('stream-stream joins', () => {
  it('matches arrivals of either side against the other window and expires through it', () => {
    const { app, seen } = start(
      STREAMS +
        "@info(name='q') from L#window.length(1) join R#window.length(1) on L.sym == R.sym " +
        'select L.sym, p, name insert all events into O;',
    );
    app.input('L').send(['IBM', 1]);
    app.input('R').send(['r1', 'IBM']);
    app.input('L').send(['IBM', 2]);
    expect(seen.in).toEqual([
      ['IBM', 1, 'r1'],
      ['IBM', 2, 'r1'],
    ]);
    // The new L event pushed the old one out first: its match leaves as expired output.
    expect(seen.remove).toEqual([['IBM', 1, 'r1']]);
  });

  it('gives a null side for unmatched events of outer sides only', () => {
    const texts = {
      'left outer': [
        ['a', 1, null],
        ['b', 2, null],
        ['b', 2, 'x'],
      ],
      'right outer': [
        [null, null, 'z'],
        ['b', 2, 'x'],
      ],
      'full outer': [
        ['a', 1, null],
        [null, null, 'z'],
        ['b', 2, null],
        ['b', 2, 'x'],
      ],
      inner: [['b', 2, 'x']],
    } as const;
    for (const [type, expected] of Object.entries(texts)) {
      const { app, seen } = start(
        STREAMS +
          `@info(name='q') from L#window.length(5) as l ${type} join R#window.length(5) as r ` +
          'on l.sym == r.sym select l.sym as s, l.p as p, r.name as n insert into O;',
      );
      app.input('L').send(['a', 1]);
      app.input('R').send(['z', 'c']);
      app.input('L').send(['b', 2]);
      app.input('R').send(['x', 'b']);
      expect(seen.in, type).toEqual(expected.map((row) => [...row]));
    }
  });

  it('triggers only from the unidirectional side', () => {
    for (const [text, expected] of [
      ['L#window.length(5) unidirectional join R#window.length(5)', [['IBM', 2, 'r']]],
      ['L#window.length(5) join R#window.length(5) unidirectional', [['IBM', 1, 'r']]],
    ] as const) {
      const { app, seen } = start(
        STREAMS +
          `@info(name='q') from ${text} on L.sym == R.sym select L.sym, p, name insert into O;`,
      );
      app.input('L').send(['IBM', 1]);
      app.input('R').send(['r', 'IBM']);
      app.input('L').send(['IBM', 2]);
      expect(seen.in).toEqual(expected.map((row) => [...row]));
    }
  });

  it('finds nothing in an input without a window, and aggregates per triggering event', () => {
    const { app, seen } = start(
      STREAMS +
        "@info(name='q') from L join R#window.length(2) select L.sym as s, count() as c " +
        'insert into O;',
    );
    app.input('L').send(['a', 1]);
    app.input('R').send(['r1', 'x']);
    app.input('R').send(['r2', 'y']);
    app.input('L').send(['b', 2]);
    app.input('L').send(['c', 3]);
    expect(seen.in).toEqual([
      ['b', 2],
      ['c', 2],
    ]);
  });

  it('expands select * to both inputs', () => {
    const { app, seen } = start(
      'define stream L (sym string, p int); define stream R (name string, company string); ' +
        "@info(name='q') from L#window.length(5) join R#window.length(5) on sym == company " +
        'select * insert into O;',
    );
    app.input('R').send(['r', 'IBM']);
    app.input('L').send(['IBM', 7]);
    expect(seen.in).toEqual([['IBM', 7, 'r', 'IBM']]);
  });

  it('groups join events', () => {
    const { app, seen } = start(
      STREAMS +
        "@info(name='q') from L#window.length(5) join R#window.length(5) on L.sym == R.sym " +
        'select R.name, sum(p) as total group by R.name insert into O;',
    );
    app.input('R').send(['r1', 'IBM']);
    app.input('R').send(['r2', 'IBM']);
    app.input('L').send(['IBM', 7]);
    app.input('L').send(['IBM', 1]);
    expect(seen.in).toEqual([
      ['r1', 7],
      ['r2', 7],
      ['r1', 8],
      ['r2', 8],
    ]);
  });
});

describe('joins with tables and named windows', () => {
  it('joins a stream with a table; the table side never triggers', () => {
    const { app, seen } = start(
      'define stream S (sym string); define stream In (sym string, v long); ' +
        'define table T (sym string, v long); from In insert into T; ' +
        "@info(name='q') from S left outer join T on S.sym == T.sym select S.sym, T.v insert into O;",
    );
    app.input('In').send(['IBM', 10]);
    app.input('S').send(['IBM']);
    app.input('S').send(['ORCL']);
    app.input('In').send(['ORCL', 20]);
    expect(seen.in).toEqual([
      ['IBM', 10],
      ['ORCL', null],
    ]);
  });

  it('feeds named windows with insert into, filters readers, and joins them', () => {
    const text =
      'define stream S (sym string, p int); define stream C (sym string); ' +
      'define window W (sym string, p int) length(2) output all events; ' +
      'from S insert into W; ' +
      "@info(name='reader') from W[p > 1] select sym, p insert all events into O; " +
      "@info(name='q') from C join W on C.sym == W.sym select W.sym, W.p insert into J;";
    const { app, seen } = start(text);
    const reader: Seen = { in: [], remove: [] };
    app.on('reader', (i, r) => {
      reader.in.push(...i.map((e) => e.data));
      reader.remove.push(...r.map((e) => e.data));
    });
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 2]);
    app.input('S').send(['a', 3]);
    expect(reader.in).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
    expect(reader.remove).toEqual([]);
    app.input('C').send(['a']);
    expect(seen.in).toEqual([['a', 3]]);
  });

  it('lets only the chosen event type out of a named window', () => {
    const { app, seen } = start(
      'define stream S (sym string); define window W (sym string) length(1) output expired events; ' +
        "from S insert into W; @info(name='q') from W select sym insert all events into O;",
    );
    app.input('S').send(['a']);
    app.input('S').send(['b']);
    expect(seen).toEqual({ in: [], remove: [['a']] });
  });

  it('rejects within/per on joins with a clear diagnostic', () => {
    const result = createEngine({ timeService: new VirtualClock(0) }).createApp(
      STREAMS +
        "from L#window.length(1) join R#window.length(1) on L.sym == R.sym within '2020-**-** **:**:**' per 'days' " +
        'select L.sym insert into O;',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.message).join('\n')).toMatch(/within|per|aggregation/);
  });
});
