// The embeddable API end to end: createEngine → createApp → callbacks, input handlers, start and
// shutdown, on a virtual clock (and once on the system clock, to prove no handle is leaked).

import { describe, expect, it } from 'vitest';
import {
  createEngine,
  TributaryError,
  VirtualClock,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';

const START = 1_577_836_800_000;
const STOCKS = 'define stream S (symbol string, price float, volume long);';

function setup(text: string): { app: AppRuntime; clock: VirtualClock; logged: string[] } {
  const clock = new VirtualClock(START);
  const logged: string[] = [];
  const logger: Logger = {
    log: (level, message) => {
      logged.push(`${level}: ${message}`);
    },
  };
  const result = createEngine({ timeService: clock, logger }).createApp(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return { app: result.app, clock, logged };
}

describe('engine API', () => {
  it('filters and projects, calling query and stream callbacks synchronously', async () => {
    const { app } = setup(
      `${STOCKS} @info(name='query1') from S[700 > price] select symbol, price * 2 as doubled insert into O;`,
    );
    const queryIn: unknown[][] = [];
    const streamOut: [number, unknown[]][] = [];
    app.on('query1', (inEvents, removeEvents) => {
      expect(removeEvents).toEqual([]);
      for (const e of inEvents) queryIn.push(e.data);
    });
    app.onStream('O', (events) => {
      for (const e of events) streamOut.push([e.timestamp, e.data]);
    });
    app.start();
    const input = app.input('S');
    input.send(['IBM', 75.5, 100]);
    input.send(['WSO2', 800, 10], START + 5);
    input.send(['ORCL', 10, 1], START + 7);
    expect(queryIn).toEqual([
      ['IBM', 151],
      ['ORCL', 20],
    ]);
    expect(streamOut).toEqual([
      [START, ['IBM', 151]],
      [START + 7, ['ORCL', 20]],
    ]);
    await app.shutdown();
  });

  it('processes a batch as one chunk: an aggregate emits once per chunk', async () => {
    const { app } = setup(
      `${STOCKS} @info(name='q') from S select sum(volume) as total insert into O;`,
    );
    const totals: unknown[] = [];
    app.on('q', (inEvents) => {
      for (const e of inEvents) totals.push(e.data[0]);
    });
    app.start();
    app.input('S').sendBatch([
      ['A', 1, 10],
      ['B', 2, 20],
      ['C', 3, 30],
    ]);
    app.input('S').send(['D', 4, 40]);
    expect(totals).toEqual([60, 100]);
    await app.shutdown();
  });

  it('chains queries through inferred streams and stream functions', async () => {
    const { app } = setup(
      'define stream P (theta double, rho double);' +
        'from P#pol2Cart(theta, rho) select x, y insert into C;' +
        "@info(name='near') from C[x < 20] select x insert into Near;",
    );
    const xs: number[] = [];
    app.on('near', (inEvents) => {
      for (const e of inEvents) xs.push(e.data[0] as number);
    });
    app.start();
    app.input('P').send([22.6, 13]);
    app.input('P').send([0, 100]);
    expect(xs).toHaveLength(1);
    expect(xs[0]).toBeCloseTo(12.0017328, 6);
    await app.shutdown();
  });

  it('returns diagnostics instead of throwing on bad or unsupported apps', () => {
    const engine = createEngine({ timeService: new VirtualClock(0) });
    const bad = engine.createApp('define stream S (a int); from S[a] select a insert into O;');
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.some((d) => d.code === 'E_NOT_BOOLEAN')).toBe(true);
    const unsupported = engine.createApp(
      'define stream S (a int); define function f[javascript] return int { return 1; }; from (from S select a return) select a insert into O;',
    );
    expect(unsupported.ok).toBe(false);
    expect(unsupported.diagnostics.map((d) => d.message)).toEqual([
      'anonymous (nested) queries are not supported by the runtime yet',
    ]);
    expect(engine.createApp('this is not siddhi').ok).toBe(false);
  });

  it('rejects sends before start, to unknown streams and after shutdown', async () => {
    const { app } = setup(`${STOCKS} from S select symbol insert into O;`);
    expect(() => {
      app.input('S').send(['IBM', 1, 1]);
    }).toThrow(TributaryError);
    expect(() => app.input('Nope')).toThrow(/no stream 'Nope'/);
    expect(() => app.on('missing', () => undefined)).toThrow(/no query named 'missing'/);
    app.start();
    app.input('S').send(['IBM', 1, 1]);
    await app.shutdown();
    expect(() => {
      app.input('S').send(['IBM', 1, 1]);
    }).toThrow(/not running/);
  });

  it('logs an event that fails inside processing, drops it and keeps going', async () => {
    const { app, logged } = setup(
      `${STOCKS} @info(name='q') from S[price + 0.0 > 0.0] select symbol insert into O;`,
    );
    const seen: unknown[] = [];
    app.on('q', (inEvents) => {
      for (const e of inEvents) seen.push(e.data[0]);
    });
    app.start();
    const input = app.input('S');
    input.send(['GOOD_0', 700, 100]);
    input.send(['BAD_1', 'EBAY', 200]);
    input.send(['GOOD_2', 60.5, 200]);
    expect(seen).toEqual(['GOOD_0', 'GOOD_2']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /^error: error while processing events of stream 'S'; 1 event\(s\) dropped/,
    );
    await app.shutdown();
  });

  it("routes failures of a stream with @OnError(action='stream') to !S with _error", async () => {
    const { app, logged } = setup(
      "@OnError(action='stream') define stream S (symbol string, price float);" +
        'from S[price + 0.0 > 0.0] select symbol insert into O;' +
        "@info(name='faults') from !S select symbol, _error insert into F;",
    );
    const faults: unknown[][] = [];
    app.on('faults', (inEvents) => {
      for (const e of inEvents) faults.push(e.data);
    });
    app.start();
    app.input('S').send(['BAD', 'EBAY']);
    expect(faults).toHaveLength(1);
    expect(faults[0]?.[0]).toBe('BAD');
    expect(faults[0]?.[1]).toBeInstanceOf(Error);
    expect(logged).toEqual([]);
    await app.shutdown();
  });

  it('runs triggers and time-based rate limiting on the injected clock; shutdown cancels timers', async () => {
    const { app, clock } = setup(
      'define trigger T at every 500 milliseconds; define stream L (ip string);' +
        "@info(name='rate') from L select ip output last every 1 sec insert into R;",
    );
    const ticks: unknown[][] = [];
    const rated: unknown[] = [];
    app.onStream('T', (events) => {
      for (const e of events) ticks.push(e.data);
    });
    app.on('rate', (inEvents) => {
      for (const e of inEvents) rated.push(e.data[0]);
    });
    app.start();
    app.input('L').send(['a']);
    app.input('L').send(['b']);
    clock.advanceBy(1100);
    expect(ticks).toEqual([[START + 500], [START + 1000]]);
    expect(rated).toEqual(['b']);
    expect(app.pendingTimers).toBeGreaterThan(0);
    await app.shutdown();
    expect(app.pendingTimers).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('lets event timestamps drive time in @app:playback apps', async () => {
    const { app } = setup(
      "@app:playback define stream L (ip string); @info(name='rate') from L select ip output last every 1 sec insert into R;",
    );
    const rated: unknown[] = [];
    app.on('rate', (inEvents) => {
      for (const e of inEvents) rated.push(e.data[0]);
    });
    app.start();
    const input = app.input('L');
    input.send(['a'], 100);
    input.send(['b'], 600);
    expect(rated).toEqual([]);
    input.send(['c'], 1200);
    expect(rated).toEqual(['b']);
    await app.shutdown();
  });

  it('leaves no pending timer handles when the system clock is used', async () => {
    const timers = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const result = createEngine().createApp(
      'define trigger T at every 1 sec; define stream L (ip string); from L select ip output every 5 sec insert into R;',
    );
    if (!result.ok) throw new Error('expected the app to plan');
    result.app.start();
    expect(timers()).toBeGreaterThan(before);
    await result.app.shutdown();
    expect(timers()).toBe(before);
  });
});
