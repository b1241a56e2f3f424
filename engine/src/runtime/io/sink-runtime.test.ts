import { describe, expect, it } from 'vitest';
import { inMemoryBroker, javaStringHashCode } from '../../builtins/io/index.js';
import { defineSink, defineSinkMapper } from '../../extension-api/define.js';
import { ConnectionUnavailableError, type IoEvent } from '../../extension-api/io-contracts.js';
import { param } from '../../extension-api/param.js';
import { FaultInjector, faultySink, faultySource } from '../../testing/fault-injection.js';
import { startIoApp } from '../../testing/io-app.js';

/** Lets pending promise callbacks run (no timers involved). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The data of the IoEvent payloads a faulty sink published. */
function published(faults: FaultInjector): unknown[] {
  return faults.payloads.map((p) => (p as IoEvent).data);
}

function setup(streamAnnotations: string, options: { errorStore?: boolean } = {}) {
  const sink = new FaultInjector();
  const source = new FaultInjector();
  const run = startIoApp(
    `@source(type='testSource') ${streamAnnotations} define stream S (symbol string, n int);`,
    {
      extensions: [faultySource(source, 'testSource'), faultySink(sink, 'testSink')],
      ...options,
    },
  );
  const emit = (row: unknown[]): Promise<void> => {
    if (source.source === undefined) throw new Error('the source was not created');
    return source.source.emit(row);
  };
  return { run, sink, source, emit };
}

describe("on.error='WAIT'", () => {
  it('retries every 5 s until the sink recovers; nothing is lost, order is kept', async () => {
    const { run, sink, source, emit } = setup("@sink(type='testSink', on.error='WAIT')");
    await run.app.whenConnected();
    sink.failPublishes(3);
    let acked = 0;
    for (const n of [1, 2, 3, 4]) {
      void emit(['A', n]).then(() => {
        acked += 1;
      });
    }
    await run.app.idle();
    // First failure, then the inline reconnect + publish failed too: waiting, sources paused.
    expect(published(sink)).toEqual([]);
    expect(source.paused).toBe(true);
    run.clock.advanceBy(5_000);
    await run.app.idle();
    expect(sink.failedPublishes).toBe(3);
    expect(published(sink)).toEqual([]);
    run.clock.advanceBy(5_000);
    await run.app.idle();
    expect(published(sink)).toEqual([
      ['A', 1],
      ['A', 2],
      ['A', 3],
      ['A', 4],
    ]);
    expect(source.paused).toBe(false);
    expect(acked).toBe(4);
    await run.app.shutdown();
  });

  it('keeps the order with asynchronous publishes and warns every 12 tries', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='WAIT')");
    await run.app.whenConnected();
    sink.asyncPublish = true;
    sink.failPublishes(14);
    for (const n of [1, 2, 3]) void emit(['B', n]);
    await run.app.idle();
    // Two failures at once (publish, inline reconnect + publish), then one per retry.
    for (let i = 0; i < 12; i += 1) {
      run.clock.advanceBy(5_000);
      await run.app.idle();
    }
    expect(run.messages('warn').filter((m) => m.includes('still waiting'))).toHaveLength(1);
    expect(published(sink)).toEqual([]);
    run.clock.advanceBy(5_000);
    await run.app.idle();
    expect(published(sink)).toEqual([
      ['B', 1],
      ['B', 2],
      ['B', 3],
    ]);
    await run.app.shutdown();
  });

  it('drops (and logs) what is still waiting when the app shuts down', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='WAIT')");
    await run.app.whenConnected();
    sink.failPublishes(100);
    void emit(['C', 1]);
    void emit(['C', 2]);
    await run.app.idle();
    await run.app.shutdown();
    expect(run.messages('error').some((m) => m.includes('2 unpublished event(s)'))).toBe(true);
    expect(sink.disconnects).toBeGreaterThan(0);
  });

  it('logs and drops events failing for other reasons than the connection', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='WAIT')");
    await run.app.whenConnected();
    sink.failPublishes(1, () => new TypeError('bad payload'));
    await emit(['D', 1]);
    await emit(['D', 2]);
    expect(published(sink)).toEqual([['D', 2]]);
    expect(run.messages('error').some((m) => m.includes('bad payload'))).toBe(true);
    await run.app.shutdown();
  });
});

describe("on.error='STREAM'", () => {
  it('sends the event and the error to the fault stream !S', async () => {
    const { run, sink, emit } = setup(
      "@OnError(action='STREAM') @sink(type='testSink', on.error='STREAM')",
    );
    const faults = run.collect('!S');
    await run.app.whenConnected();
    sink.failPublishes(2);
    await emit(['E', 1]);
    await emit(['E', 2]);
    expect(faults).toHaveLength(1);
    expect(faults[0]?.slice(0, 2)).toEqual(['E', 1]);
    expect(faults[0]?.[2]).toBeInstanceOf(ConnectionUnavailableError);
    expect(published(sink)).toEqual([['E', 2]]);
    await run.app.shutdown();
  });

  it('logs and drops without @OnError(action=STREAM)', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='STREAM')");
    await run.app.whenConnected();
    sink.failPublishes(2);
    await emit(['F', 1]);
    expect(published(sink)).toEqual([]);
    expect(run.messages('error').some((m) => m.includes('dropped'))).toBe(true);
    await run.app.shutdown();
  });
});

describe("on.error='LOG'", () => {
  it('logs (app, stream, cause) and drops, reconnecting in the background', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink')");
    await run.app.whenConnected();
    sink.failPublishes(1).failConnects(1);
    await emit(['G', 1]);
    // Disconnected, the reconnect waits for its backoff: the next event is dropped at once.
    await emit(['G', 2]);
    expect(published(sink)).toEqual([]);
    const errors = run.messages('error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain(`sink 'testSink' of stream 'S' in app '${run.app.name}'`);
    expect(errors[0]).toContain('injected: server unavailable');
    run.clock.advanceBy(5_000);
    await run.app.idle();
    await emit(['G', 3]);
    expect(published(sink)).toEqual([['G', 3]]);
    await run.app.shutdown();
  });
});

describe("on.error='STORE'", () => {
  it('saves the mapped payload in the error store and replays it with nothing lost', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='STORE')");
    await run.app.whenConnected();
    sink.failPublishes(2);
    for (const n of [1, 2, 3]) await emit(['H', n]);
    const errors = run.app.errors;
    if (errors === undefined) throw new Error('no error replayer');
    const entries = await errors.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      appName: run.app.name,
      streamName: 'S',
      occurrence: 'STORE_ON_SINK_ERROR',
      eventType: 'EVENT',
      errorType: 'TRANSPORT',
      origin: { kind: 'sink', index: 0 },
      cause: 'injected: server unavailable',
    });
    expect((entries[0]?.payload as IoEvent).data).toEqual(['H', 1]);
    expect(await errors.replayAll()).toEqual({ replayed: 1, failed: [] });
    expect(await errors.count()).toBe(0);
    expect(published(sink)).toEqual([
      ['H', 2],
      ['H', 3],
      ['H', 1],
    ]);
    await run.app.shutdown();
  });

  it('keeps an entry whose replay fails again', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='STORE')");
    await run.app.whenConnected();
    sink.failPublishes(2);
    await emit(['I', 1]);
    sink.failPublishes(1);
    const report = await run.app.errors?.replayAll();
    expect(report?.replayed).toBe(0);
    expect(report?.failed[0]?.reason).toContain('injected');
    expect(await run.app.errors?.count()).toBe(1);
    await run.app.shutdown();
  });

  it('logs and drops without an error store', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', on.error='STORE')", {
      errorStore: false,
    });
    expect(run.messages('error').some((m) => m.includes('no error store'))).toBe(true);
    await run.app.whenConnected();
    sink.failPublishes(2);
    await emit(['J', 1]);
    expect(run.messages('error').some((m) => m.includes('dropped'))).toBe(true);
    await run.app.shutdown();
  });
});

describe('acknowledgement and back-pressure', () => {
  it("resolves a source's emit only once the sinks acknowledged", async () => {
    const { run, sink, emit } = setup("@sink(type='testSink')");
    await run.app.whenConnected();
    sink.holdPublishes();
    let acked = false;
    void emit(['K', 1]).then(() => {
      acked = true;
    });
    await settle();
    expect(acked).toBe(false);
    expect(sink.releasePublishes()).toBe(1);
    await settle();
    expect(acked).toBe(true);
    await run.app.shutdown();
  });

  it('pauses and resumes the sources with the app', async () => {
    const { run, source } = setup("@sink(type='testSink')");
    await run.app.whenConnected();
    run.app.pause();
    expect(source.paused).toBe(true);
    run.app.resume();
    expect(source.paused).toBe(false);
    await run.app.shutdown();
  });
});

describe('dynamic options', () => {
  it('fills {{attr}} templates per event', async () => {
    const { run, sink, emit } = setup("@sink(type='testSink', topic='stocks/{{symbol}}/{{n}}')");
    await run.app.whenConnected();
    await emit(['IBM', 7]);
    expect(sink.published[0]?.options).toEqual({ topic: 'stocks/IBM/7' });
    await run.app.shutdown();
  });
});

describe('@distribution', () => {
  function subscribe(topics: readonly string[]): Map<string, unknown[]> {
    const got = new Map<string, unknown[]>();
    for (const topic of topics) {
      const rows: unknown[] = [];
      got.set(topic, rows);
      inMemoryBroker.subscribe(topic, (message) => {
        rows.push((message as IoEvent).data[0]);
      });
    }
    return got;
  }

  function app(strategy: string, topics: readonly string[], extra = ''): string {
    const destinations = topics.map((t) => `@destination(topic='${t}')`).join(', ');
    return (
      `@sink(type='inMemory', @distribution(strategy='${strategy}'${extra}, ${destinations})) ` +
      'define stream S (symbol string, n int);'
    );
  }

  it('roundRobin alternates between the destinations', async () => {
    const got = subscribe(['rr-1', 'rr-2']);
    const run = startIoApp(app('roundRobin', ['rr-1', 'rr-2']));
    await run.app.whenConnected();
    for (const s of ['a', 'b', 'c', 'd']) run.app.input('S').send([s, 0]);
    await run.app.idle();
    expect(Object.fromEntries(got)).toEqual({ 'rr-1': ['a', 'c'], 'rr-2': ['b', 'd'] });
    await run.app.shutdown();
  });

  it('broadcast sends every event to every destination', async () => {
    const got = subscribe(['bc-1', 'bc-2']);
    const run = startIoApp(app('broadcast', ['bc-1', 'bc-2']));
    await run.app.whenConnected();
    for (const s of ['a', 'b']) run.app.input('S').send([s, 0]);
    await run.app.idle();
    expect(Object.fromEntries(got)).toEqual({ 'bc-1': ['a', 'b'], 'bc-2': ['a', 'b'] });
    await run.app.shutdown();
  });

  it("partitioned picks abs(hashCode(key) % N), Java's string hash", async () => {
    const topics = ['pt-0', 'pt-1', 'pt-2'];
    const got = subscribe(topics);
    const run = startIoApp(app('partitioned', topics, ", partitionKey='symbol'"));
    await run.app.whenConnected();
    const symbols = ['IBM', 'WSO2', 'ORACLE', 'GOOG', 'zz', 'Ω'];
    for (const s of symbols) run.app.input('S').send([s, 0]);
    await run.app.idle();
    const expected = new Map<string, string[]>(topics.map((t) => [t, []]));
    for (const s of symbols) {
      expected.get(`pt-${String(Math.abs(javaStringHashCode(s) % 3))}`)?.push(s);
    }
    expect(got).toEqual(expected);
    await run.app.shutdown();
  });

  it('only considers connected destinations', async () => {
    const got: [string, unknown][] = [];
    const flaky = defineSink({
      name: 'flaky',
      status: 'experimental',
      summary: 'Connects unless its topic is down.',
      parameters: { topic: param.string({ description: 'the topic' }) },
      examples: [
        { description: 'x', siddhi: "@sink(type='flaky', topic='a') define stream S (v int);" },
      ],
      create: (ctx) => ({
        connect: () =>
          ctx.options.topic === 'down'
            ? Promise.reject(new ConnectionUnavailableError('down'))
            : Promise.resolve(),
        disconnect: () => Promise.resolve(),
        publish: (payload, options) => {
          got.push([options.topic ?? '', (payload as IoEvent).data[0]]);
        },
      }),
    });
    const text = (strategy: string, extra = ''): string =>
      `@sink(type='flaky', @distribution(strategy='${strategy}'${extra}, ` +
      "@destination(topic='up'), @destination(topic='down'))) define stream S (symbol string);";
    const rr = startIoApp(text('roundRobin'), { extensions: [flaky] });
    await rr.app.idle();
    for (const s of ['a', 'b', 'c']) rr.app.input('S').send([s]);
    await rr.app.idle();
    expect(got).toEqual([
      ['up', 'a'],
      ['up', 'b'],
      ['up', 'c'],
    ]);
    await rr.app.shutdown();
    got.length = 0;
    const pt = startIoApp(text('partitioned', ", partitionKey='symbol'"), { extensions: [flaky] });
    await pt.app.idle();
    // 'b' (hash 98) goes to destination 0 ('up'); 'a' (hash 97) to the down one: not sent.
    for (const s of ['a', 'b']) pt.app.input('S').send([s]);
    await pt.app.idle();
    expect(got).toEqual([['up', 'b']]);
    expect(pt.messages('error').some((m) => m.includes('no connected destination'))).toBe(true);
    await pt.app.shutdown();
  });
});

describe('mapper init', () => {
  function initMapper(ready: Promise<void>) {
    return defineSinkMapper({
      name: 'slowInit',
      status: 'experimental',
      summary: 'Fetches something before mapping.',
      parameters: {},
      examples: [
        {
          description: 'x',
          siddhi: "@sink(type='log', @map(type='slowInit')) define stream S (v int);",
        },
      ],
      create: () => ({
        init: () => ready,
        map: (events, emit) => {
          for (const e of events) emit({ timestamp: e.timestamp, data: [...e.data] }, e);
        },
      }),
    });
  }

  it('holds the events, in order, until the sink mapper is ready', async () => {
    let ready = (): void => undefined;
    const mapper = initMapper(
      new Promise<void>((resolve) => {
        ready = resolve;
      }),
    );
    const sink = new FaultInjector();
    const run = startIoApp(
      "@sink(type='testSink', @map(type='slowInit')) define stream S (symbol string, n int);",
      {
        extensions: [faultySink(sink, 'testSink'), mapper],
      },
    );
    run.app.input('S').send(['L', 1]);
    run.app.input('S').send(['L', 2]);
    await settle();
    expect(sink.connects).toBe(0);
    ready();
    await run.app.whenConnected();
    await run.app.idle();
    expect(published(sink)).toEqual([
      ['L', 1],
      ['L', 2],
    ]);
    await run.app.shutdown();
  });

  it("fails the app's start when it cannot get ready", async () => {
    const sink = new FaultInjector();
    const run = startIoApp(
      "@sink(type='testSink', @map(type='slowInit')) define stream S (v int);",
      {
        extensions: [
          faultySink(sink, 'testSink'),
          initMapper(Promise.reject(new Error('no schema'))),
        ],
      },
    );
    await expect(run.app.whenConnected()).rejects.toMatchObject({ code: 'E_IO_START_FAILED' });
    expect(run.messages('error').some((m) => m.includes('no schema'))).toBe(true);
  });
});
