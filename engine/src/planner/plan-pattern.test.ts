// End-to-end tests of pattern and sequence queries through `createEngine` on a virtual clock:
// `every` restarts, `within`, counting and collected attributes, `and`/`or`, strict sequences
// with Kleene states, `e2[last]` inside its own filter, and absent (`not … for`) states.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import { VirtualClock } from '../runtime/time/index.js';

function start(text: string): { app: AppRuntime; seen: unknown[][]; clock: VirtualClock } {
  const clock = new VirtualClock(1000);
  const result = createEngine({ timeService: clock, logger: { log: () => undefined } }).createApp(
    'define stream S (sym string, p double); define stream T (sym string, p double); ' + text,
  );
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const seen: unknown[][] = [];
  result.app.on('q', (inEvents) => {
    seen.push(...inEvents.map((e) => e.data));
  });
  result.app.start();
  return { app: result.app, seen, clock };
}

describe('patterns', () => {
  it('matches once without every and once per start event with every', () => {
    const once = start(
      "@info(name='q') from e1=S[p > 20] -> e2=T[p > e1.p] select e1.sym as a, e2.sym as b insert into O;",
    );
    once.app.input('S').send(['a', 30]);
    once.app.input('S').send(['b', 25]);
    once.app.input('T').send(['x', 40]);
    once.app.input('T').send(['y', 40]);
    expect(once.seen).toEqual([['a', 'x']]);

    const every = start(
      "@info(name='q') from every e1=S[p > 20] -> e2=T[p > e1.p] select e1.sym as a, e2.sym as b insert into O;",
    );
    every.app.input('S').send(['a', 30]);
    every.app.input('S').send(['b', 25]);
    every.app.input('T').send(['x', 40]);
    expect(every.seen).toEqual([
      ['a', 'x'],
      ['b', 'x'],
    ]);
  });

  it("passes a state's own event to f(*) in that state's filter", () => {
    // Siddhi's `f(*)`: every attribute of the event being tried, in definition order.
    const { app, seen } = start(
      "define stream N (a int, b int); @info(name='q') from every e1=N[maximum(*) > 5] -> " +
        'e2=N[minimum(*) < e1.a] select e1.a as x, e2.b as y insert into O;',
    );
    app.input('N').send([1, 2]);
    app.input('N').send([7, 1]);
    app.input('N').send([9, 3]);
    expect(seen).toEqual([[7, 3]]);
  });

  it('restarts an every group only after it completes', () => {
    const { app, seen } = start(
      "@info(name='q') from every (e1=S -> e2=S) select e1.p as a, e2.p as b insert into O;",
    );
    for (const p of [1, 2, 3, 4]) app.input('S').send(['s', p]);
    expect(seen).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('drops partial matches older than within', () => {
    const { app, seen, clock } = start(
      "@info(name='q') from every e1=S -> e2=T within 1 sec select e1.sym as a, e2.sym as b insert into O;",
    );
    app.input('S').send(['old', 1]);
    clock.advanceBy(1500);
    app.input('S').send(['new', 1]);
    clock.advanceBy(500);
    app.input('T').send(['t', 1]);
    expect(seen).toEqual([['new', 't']]);
  });

  it('collects counted events: indexes, last and the list without an index', () => {
    const { app, seen } = start(
      "@info(name='q') from e1=S[p > 20]<2:5> -> e2=T select e1[0].p as first, e1[last].p as last, " +
        'e1[7].p as none, e1.p as all insert into O;',
    );
    for (const p of [25, 47, 13, 48]) app.input('S').send(['s', p]);
    app.input('T').send(['t', 1]);
    expect(seen).toEqual([[25, 48, null, [25, 47, 48]]]);
  });

  it('completes or on the first side with the other side null', () => {
    const { app, seen } = start(
      "@info(name='q') from e1=S -> e2=T[p > 10] or e3=T[sym == 'x'] select e1.sym as a, e2.p as b, e3.p as c insert into O;",
    );
    app.input('S').send(['s', 1]);
    app.input('T').send(['x', 5]);
    expect(seen).toEqual([['s', null, 5]]);
  });

  it('waits for both sides of and', () => {
    const { app, seen } = start(
      "@info(name='q') from e1=S and e2=T select e1.sym as a, e2.sym as b insert into O;",
    );
    app.input('T').send(['t', 1]);
    expect(seen).toEqual([]);
    app.input('S').send(['s', 1]);
    expect(seen).toEqual([['s', 't']]);
  });

  it('emits on the timer of not … for when nothing arrived, and not when it did', () => {
    const quiet = start(
      "@info(name='q') from e1=S -> not T for 1 sec select e1.sym insert into O;",
    );
    quiet.app.input('S').send(['s', 1]);
    quiet.clock.advanceBy(1100);
    expect(quiet.seen).toEqual([['s']]);

    const busy = start("@info(name='q') from e1=S -> not T for 1 sec select e1.sym insert into O;");
    busy.app.input('S').send(['s', 1]);
    busy.clock.advanceBy(500);
    busy.app.input('T').send(['t', 1]);
    busy.clock.advanceBy(1000);
    expect(busy.seen).toEqual([]);
  });
});

describe('sequences', () => {
  it('drops a partial match broken by a non-matching event', () => {
    const { app, seen } = start(
      "@info(name='q') from every e1=S, e2=T[p > e1.p] select e1.sym as a, e2.sym as b insert into O;",
    );
    app.input('S').send(['a', 10]);
    app.input('T').send(['low', 5]);
    app.input('T').send(['high', 50]);
    app.input('S').send(['b', 10]);
    app.input('T').send(['high2', 50]);
    expect(seen).toEqual([['b', 'high2']]);
  });

  it('follows a rising run with e2[last] inside its own filter', () => {
    const { app, seen } = start(
      "@info(name='q') from every e1=S, e2=S[(e2[last].p is null and p >= e1.p) or " +
        '(not (e2[last].p is null) and p >= e2[last].p)]+, e3=S[p < e2[last].p] ' +
        'select e1.p as start, e2[last].p as peak, e3.p as drop insert into O;',
    );
    for (const p of [29, 30, 35, 40, 38]) app.input('S').send(['s', p]);
    expect(seen).toContainEqual([29, 40, 38]);
  });

  it('lets * match nothing', () => {
    const { app, seen } = start(
      "@info(name='q') from every e1=S, e2=T[p > 20]*, e3=S select e1.p as a, e2[0].p as b, e3.p as c insert into O;",
    );
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 2]);
    expect(seen).toEqual([[1, null, 2]]);
  });
});
