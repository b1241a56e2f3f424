import { describe, expect, it } from 'vitest';
import { defineSource, defineSourceMapper } from '../../extension-api/define.js';
import { ConnectionUnavailableError, MappingError } from '../../extension-api/io-contracts.js';
import { FaultInjector, faultySink, faultySource } from '../../testing/fault-injection.js';
import { startIoApp } from '../../testing/io-app.js';

/** Lets pending promise callbacks run (no timers involved). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A source recording the app time of every connect attempt. */
function timedSource(faults: FaultInjector, times: number[], now: () => number) {
  return defineSource({
    name: 'timed',
    status: 'experimental',
    summary: 'Records when it is asked to connect.',
    parameters: {},
    examples: [{ description: 'x', siddhi: "@source(type='timed') define stream S (v int);" }],
    create: (ctx) => {
      faults.source = ctx;
      return {
        connect: () => {
          times.push(now());
          return faults.connect();
        },
        disconnect: () => faults.disconnect(),
      };
    },
  });
}

/** A mapper reading an object's keys by the `@attributes` paths (trp: ones left to the engine). */
const keyMapper = defineSourceMapper({
  name: 'testKeys',
  status: 'experimental',
  summary: 'Reads object keys.',
  parameters: {},
  examples: [
    {
      description: 'x',
      siddhi: "@source(type='inMemory', topic='t', @map(type='testKeys')) define stream S (v int);",
    },
  ],
  create: (ctx) => ({
    map: (payload) => {
      const object = payload as Record<string, unknown>;
      return [(ctx.mappings ?? []).map((m) => (m.path === undefined ? null : object[m.path]))];
    },
  }),
});

describe('source connection', () => {
  it("retries with Siddhi's backoff on a virtual clock, and starts over after a connect", async () => {
    const faults = new FaultInjector().failConnects(9);
    const times: number[] = [];
    const run = startIoApp("@source(type='timed') define stream S (v int);", {
      extensions: [timedSource(faults, times, () => run.clock.now())],
      start: false,
    });
    run.app.start();
    for (let i = 0; i < 12; i += 1) {
      await settle();
      const next = run.clock.nextTimerTime();
      if (next === undefined) break;
      run.clock.advanceTo(next);
    }
    await run.app.whenConnected();
    expect(times).toEqual([
      0, 5_000, 15_000, 30_000, 60_000, 120_000, 180_000, 300_000, 600_000, 900_000,
    ]);
    expect(faults.disconnects).toBe(9);
    // Lost at runtime: disconnect, then the first delay again (the counter was reset).
    faults.failConnects(1);
    faults.source?.connectionLost(new ConnectionUnavailableError('gone'));
    await settle();
    run.clock.advanceBy(5_000);
    await settle();
    run.clock.advanceBy(10_000);
    await settle();
    expect(times.slice(10)).toEqual([905_000, 915_000]);
    expect(run.messages('warn').some((m) => m.includes('lost its connection: gone'))).toBe(true);
    await run.app.shutdown();
  });

  it('jitters the delays with the injected random source', async () => {
    const faults = new FaultInjector().failConnects(1);
    const times: number[] = [];
    const run = startIoApp("@source(type='timed') define stream S (v int);", {
      extensions: [timedSource(faults, times, () => run.clock.now())],
      backoff: { random: () => 0 },
      start: false,
    });
    run.app.start();
    await settle();
    run.clock.advanceTo(run.clock.nextTimerTime() ?? 0);
    await run.app.whenConnected();
    expect(times).toEqual([0, 4_500]);
    await run.app.shutdown();
  });

  it("fails the app's start on any other connect error", async () => {
    const faults = new FaultInjector().failConnects(1, () => new Error('bad credentials'));
    const run = startIoApp("@source(type='testSource') define stream S (v int);", {
      extensions: [faultySource(faults, 'testSource')],
    });
    await expect(run.app.whenConnected()).rejects.toMatchObject({
      code: 'E_IO_START_FAILED',
      message: expect.stringContaining('bad credentials') as unknown,
    });
    await settle();
    expect(run.app.running).toBe(false);
    expect(
      run
        .messages('error')
        .some(
          (m) => m.includes("source 'testSource' of stream 'S'") && m.includes('bad credentials'),
        ),
    ).toBe(true);
  });
});

describe('emit', () => {
  it('routes bad payloads to the log and the error store with the raw payload; never rejects', async () => {
    const faults = new FaultInjector();
    const run = startIoApp("@source(type='testSource') define stream S (symbol string, v int);", {
      extensions: [faultySource(faults, 'testSource')],
    });
    const rows = run.collect('S');
    await run.app.whenConnected();
    const emit = (payload: unknown): Promise<void> =>
      faults.source?.emit(payload, { topic: 't' }) ?? Promise.reject(new Error('no source'));
    await emit(42);
    await emit([
      ['A', 1],
      ['B', 2, 3],
      ['C', 3],
    ]);
    expect(rows).toEqual([
      ['A', 1],
      ['C', 3],
    ]);
    const entries = (await run.app.errors?.list()) ?? [];
    expect(entries.map((e) => [e.occurrence, e.eventType, e.errorType, e.payload])).toEqual([
      ['BEFORE_SOURCE_MAPPING', 'PAYLOAD_STRING', 'MAPPING', 42],
      ['BEFORE_SOURCE_MAPPING', 'PAYLOAD_STRING', 'MAPPING', ['B', 2, 3]],
    ]);
    expect(entries[0]).toMatchObject({ streamName: 'S', transport: { topic: 't' } });
    expect(run.messages('error')).toHaveLength(2);
    expect(run.messages('error')[0]).toContain(`stream 'S' in app '${run.app.name}'`);
    // Replaying a payload that still cannot be mapped keeps the entry.
    const first = entries[0];
    if (first === undefined) throw new Error('no entry');
    await expect(run.app.errors?.replay(first.id)).rejects.toMatchObject({
      code: 'E_REPLAY_FAILED',
    });
    expect(await run.app.errors?.count()).toBe(2);
    await run.app.shutdown();
  });

  it('replays a stored payload through the mapper once it maps', async () => {
    const faults = new FaultInjector();
    let strict = true;
    const picky = defineSourceMapper({
      name: 'picky',
      status: 'experimental',
      summary: 'Fails while strict.',
      parameters: {},
      examples: [
        {
          description: 'x',
          siddhi:
            "@source(type='inMemory', topic='t', @map(type='picky')) define stream S (v int);",
        },
      ],
      create: () => ({
        map: (payload) => {
          if (strict) throw new MappingError('not yet');
          return [[payload]];
        },
      }),
    });
    const run = startIoApp(
      "@source(type='testSource', @map(type='picky')) define stream S (v int);",
      {
        extensions: [faultySource(faults, 'testSource'), picky],
      },
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    await faults.source?.emit(7);
    strict = false;
    expect(await run.app.errors?.replayAll()).toEqual({ replayed: 1, failed: [] });
    expect(rows).toEqual([[7]]);
    expect(await run.app.errors?.count()).toBe(0);
    await run.app.shutdown();
  });

  it('fills trp: attributes from the transport properties', async () => {
    const faults = new FaultInjector();
    const run = startIoApp(
      "@source(type='testSource', @map(type='testKeys', @attributes(symbol='trp:topic', v='value'))) " +
        'define stream S (symbol string, v int);',
      { extensions: [faultySource(faults, 'testSource'), keyMapper] },
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    await faults.source?.emit({ value: 5 }, { topic: 'IBM' });
    // A requested transport property that is missing: routed like a mapping error.
    await faults.source?.emit({ value: 6 }, {});
    expect(rows).toEqual([['IBM', 5]]);
    expect(run.messages('error')[0]).toContain("transport property 'topic' is missing");
    await run.app.shutdown();
  });

  it("converts trp: values to their attributes' types; bad ones are mapping errors", async () => {
    const faults = new FaultInjector();
    const run = startIoApp(
      "@source(type='testSource', @map(type='testKeys', @attributes(" +
        "symbol='sym', partition='trp:partition', offset='trp:offset', " +
        "score='trp:score', urgent='trp:urgent')))" +
        'define stream S (symbol string, partition int, offset long, score double, urgent bool);',
      { extensions: [faultySource(faults, 'testSource'), keyMapper] },
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    const good = { partition: '3', offset: '9007199254740991', score: '2.5', urgent: 'TRUE' };
    await faults.source?.emit({ sym: 'IBM' }, good);
    const bad = { ...good, partition: 'three' };
    await faults.source?.emit({ sym: 'WSO2' }, bad);
    expect(rows).toEqual([['IBM', 3, 9007199254740991, 2.5, true]]);
    expect(typeof rows[0]?.[1]).toBe('number');
    expect(run.messages('error')[0]).toContain(
      "the transport property 'partition' (attribute 'partition'): 'three' is not an int",
    );
    // Routed like any mapping error: in the error store with the raw payload and transport.
    const entries = (await run.app.errors?.list()) ?? [];
    expect(entries.map((e) => [e.errorType, e.occurrence, e.payload, e.transport])).toEqual([
      ['MAPPING', 'BEFORE_SOURCE_MAPPING', { sym: 'WSO2' }, bad],
    ]);
    // Replay converts again: the entry stays while the value is still bad.
    const entry = entries[0];
    if (entry === undefined) throw new Error('no entry');
    await expect(run.app.errors?.replay(entry.id)).rejects.toMatchObject({
      code: 'E_REPLAY_FAILED',
    });
    expect(rows).toHaveLength(1);
    await run.app.shutdown();
  });

  it('rejects once the app is shut down', async () => {
    const faults = new FaultInjector();
    const run = startIoApp("@source(type='testSource') define stream S (v int);", {
      extensions: [faultySource(faults, 'testSource')],
    });
    await run.app.whenConnected();
    await run.app.shutdown();
    await expect(faults.source?.emit([1])).rejects.toMatchObject({ code: 'E_APP_NOT_RUNNING' });
    expect(faults.disconnects).toBe(1);
  });
});

describe('position state', () => {
  it("keeps a connection's snapshot in the app's snapshots and restores it", async () => {
    const positions: number[] = [];
    const restored: unknown[] = [];
    const positioned = defineSource({
      name: 'positioned',
      status: 'experimental',
      summary: 'Has an offset.',
      parameters: {},
      examples: [
        { description: 'x', siddhi: "@source(type='positioned') define stream S (v int);" },
      ],
      create: () => ({
        connect: () => Promise.resolve(),
        disconnect: () => Promise.resolve(),
        snapshot: () => ({ offset: positions.length }),
        restore: (state) => {
          restored.push(state);
        },
      }),
    });
    const text = "@source(type='positioned') define stream S (v int);";
    const first = startIoApp(text, { extensions: [positioned] });
    positions.push(1, 2, 3);
    const saved = first.app.snapshot();
    await first.app.shutdown();
    const second = startIoApp(text, { extensions: [positioned], start: false });
    second.app.restore(saved);
    expect(restored).toEqual([{ offset: 3 }]);
    await second.app.shutdown();
  });
});

describe('emitBatch', () => {
  it('sends the events of several payloads as one chunk with one acknowledgement', async () => {
    const source = new FaultInjector();
    const sink = new FaultInjector().holdPublishes();
    const run = startIoApp(
      "@source(type='testSource') @sink(type='testSink') define stream S (symbol string, v int);",
      { extensions: [faultySource(source, 'testSource'), faultySink(sink, 'testSink')] },
    );
    const chunks: number[] = [];
    run.app.onStream('S', (events) => chunks.push(events.length));
    await run.app.whenConnected();
    let acked = false;
    const emitted = source.source?.emitBatch(
      [
        [['A', 1]],
        42,
        [
          ['B', 2],
          ['C', 3],
        ],
      ],
      [{ topic: 't' }, { topic: 'u' }],
    );
    void emitted?.then(() => {
      acked = true;
    });
    await settle();
    // One chunk of three events; the bad payload is routed with its own transport properties.
    expect(chunks).toEqual([3]);
    const entries = (await run.app.errors?.list()) ?? [];
    expect(entries.map((e) => [e.payload, e.transport])).toEqual([[42, { topic: 'u' }]]);
    expect(acked).toBe(false);
    expect(sink.releasePublishes()).toBe(3);
    await settle();
    expect(acked).toBe(true);
    await run.app.shutdown();
    await expect(source.source?.emitBatch([[['D', 4]]])).rejects.toMatchObject({
      code: 'E_APP_NOT_RUNNING',
    });
  });

  it('fills trp: attributes per payload and drops only the payload missing one', async () => {
    const faults = new FaultInjector();
    const run = startIoApp(
      "@source(type='testSource', @map(type='testKeys', @attributes(symbol='trp:topic', v='value'))) " +
        'define stream S (symbol string, v int);',
      { extensions: [faultySource(faults, 'testSource'), keyMapper] },
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    await faults.source?.emitBatch(
      [{ value: 1 }, { value: 2 }, { value: 3 }],
      [{ topic: 'IBM' }, {}, { topic: 'WSO2' }],
    );
    expect(rows).toEqual([
      ['IBM', 1],
      ['WSO2', 3],
    ]);
    expect(run.messages('error')).toHaveLength(1);
    expect(run.messages('error')[0]).toContain("transport property 'topic' is missing");
    await run.app.shutdown();
  });
});
