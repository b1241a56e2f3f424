import { describe, expect, it } from 'vitest';
import { FaultInjector, faultySink, faultySource } from '../../testing/fault-injection.js';
import { startIoApp } from '../../testing/io-app.js';

/** Lets pending promise callbacks run (no timers involved). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('app.connections()', () => {
  it('reports each source and sink destination: waiting with retries, then connected', async () => {
    const sourceFaults = new FaultInjector().failConnects(2);
    const sinkFaults = new FaultInjector();
    const run = startIoApp(
      "@source(type='feed') define stream S (symbol string);\n" +
        "@sink(type='out', @distribution(strategy='roundRobin', @destination(topic='a'), @destination(topic='b')))\n" +
        'define stream O (symbol string);\n' +
        'from S select symbol insert into O;',
      { extensions: [faultySource(sourceFaults, 'feed'), faultySink(sinkFaults, 'out')] },
    );
    await settle();
    expect(run.app.connections()).toEqual([
      {
        kind: 'source',
        stream: 'S',
        type: 'feed',
        index: 0,
        state: 'waiting',
        retries: 1,
        lastError: 'injected: connection refused',
      },
      {
        kind: 'sink',
        stream: 'O',
        type: 'out',
        index: 0,
        destination: 0,
        state: 'connected',
        retries: 0,
      },
      {
        kind: 'sink',
        stream: 'O',
        type: 'out',
        index: 0,
        destination: 1,
        state: 'connected',
        retries: 0,
      },
    ]);
    run.clock.advanceBy(5_000);
    await settle();
    expect(run.app.connections()[0]).toMatchObject({ state: 'waiting', retries: 2 });
    run.clock.advanceBy(10_000);
    await run.app.whenConnected();
    // Connected again: the count starts over, the last error is kept for diagnosis.
    expect(run.app.connections()[0]).toEqual({
      kind: 'source',
      stream: 'S',
      type: 'feed',
      index: 0,
      state: 'connected',
      retries: 0,
      lastError: 'injected: connection refused',
    });
    await run.app.shutdown();
    expect(run.app.connections().map((c) => c.state)).toEqual([
      'disconnected',
      'disconnected',
      'disconnected',
    ]);
  });

  it('reports a connector that gave up as failed, and a sink in WAIT as waiting', async () => {
    const sourceFaults = new FaultInjector().failConnects(1, () => new Error('bad credentials'));
    const failing = startIoApp("@source(type='feed') define stream S (v int);", {
      extensions: [faultySource(sourceFaults, 'feed')],
    });
    await expect(failing.app.whenConnected()).rejects.toMatchObject({
      code: 'E_IO_START_FAILED',
    });
    expect(failing.app.connections()).toEqual([
      {
        kind: 'source',
        stream: 'S',
        type: 'feed',
        index: 0,
        state: 'failed',
        retries: 1,
        lastError: 'bad credentials',
      },
    ]);

    const sinkFaults = new FaultInjector();
    const waiting = startIoApp("@sink(type='out', on.error='WAIT') define stream O (v int);", {
      extensions: [faultySink(sinkFaults, 'out')],
    });
    await waiting.app.whenConnected();
    sinkFaults.failConnects(5).failPublishes(1);
    waiting.app.input('O').send([1]);
    await settle();
    expect(waiting.app.connections()[0]).toMatchObject({ kind: 'sink', state: 'waiting' });
    await waiting.app.shutdown();
  });

  it('warns once per outage and says once when it is connected again', async () => {
    const faults = new FaultInjector().failConnects(4);
    const run = startIoApp("@source(type='feed') define stream S (v int);", {
      extensions: [faultySource(faults, 'feed')],
    });
    for (const delay of [5_000, 10_000, 15_000, 30_000]) {
      await settle();
      run.clock.advanceBy(delay);
    }
    await run.app.whenConnected();
    const retrying = (level: 'warn' | 'debug'): number =>
      run.logs.filter((l) => l.level === level && l.message.includes('retrying in')).length;
    expect(retrying('warn')).toBe(1);
    expect(retrying('debug')).toBe(3);
    expect(run.messages('info').filter((m) => m.includes('connected again'))).toEqual([
      `source 'feed' of stream 'S' in app '${run.app.name}' is connected again (after 4 failed attempt(s))`,
    ]);
    // A lost connection is a new outage: its one warning, then quiet retries.
    faults.failConnects(2);
    faults.source?.connectionLost(new Error('gone'));
    for (const delay of [5_000, 10_000, 15_000]) {
      await settle();
      run.clock.advanceBy(delay);
    }
    await run.app.whenConnected();
    expect(run.messages('warn').filter((m) => m.includes('lost its connection'))).toHaveLength(1);
    expect(retrying('warn')).toBe(1);
    expect(run.messages('info').filter((m) => m.includes('connected again'))).toHaveLength(2);
    await run.app.shutdown();
  });

  it('is empty for an app without sources and sinks', () => {
    const run = startIoApp('define stream S (v int);');
    expect(run.app.connections()).toEqual([]);
  });
});
