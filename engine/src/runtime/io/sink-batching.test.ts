import { describe, expect, it } from 'vitest';
import { defineSink } from '../../extension-api/define.js';
import {
  ConnectionUnavailableError,
  type IoEvent,
  type SinkPublication,
} from '../../extension-api/io-contracts.js';
import { FaultInjector, faultySource } from '../../testing/fault-injection.js';
import { startIoApp } from '../../testing/io-app.js';

/** Lets pending promise callbacks run (no timers involved). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A sink publishing batches: records each batch, fails or holds them on demand. */
class BatchSink {
  readonly batches: unknown[][] = [];
  failures = 0;
  failWith: () => Error = () => new ConnectionUnavailableError('injected: unavailable');
  held: (() => void)[] | undefined;

  /** The `n` values of every published event, in order. */
  get values(): unknown[] {
    return this.batches.flat();
  }

  publishBatch(publications: readonly SinkPublication[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(this.failWith());
    }
    this.batches.push(publications.map((p) => (p.payload as IoEvent).data[1]));
    const held = this.held;
    if (held === undefined) return Promise.resolve();
    return new Promise<void>((resolve) => held.push(resolve));
  }

  /** Acknowledges the oldest held batch; false when none is held. */
  releaseOne(): boolean {
    const next = this.held?.shift();
    next?.();
    return next !== undefined;
  }
}

function batchSink(sink: BatchSink) {
  return defineSink({
    name: 'batchSink',
    status: 'experimental',
    summary: 'A test sink publishing batches.',
    parameters: {},
    examples: [{ description: 'x', siddhi: "@sink(type='batchSink') define stream S (v int);" }],
    create: () => ({
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      publish: () => Promise.reject(new Error('publish is not used by a batching sink')),
      publishBatch: (publications) => sink.publishBatch(publications),
    }),
  });
}

function setup(onError: string) {
  const sink = new BatchSink();
  const source = new FaultInjector();
  const run = startIoApp(
    `@source(type='testSource') @sink(type='batchSink', on.error='${onError}') ` +
      'define stream S (symbol string, n int);',
    { extensions: [faultySource(source, 'testSource'), batchSink(sink)] },
  );
  const emitBatch = (values: readonly number[]): Promise<void> => {
    if (source.source === undefined) throw new Error('the source was not created');
    return source.source.emitBatch(values.map((n) => [['A', n]]));
  };
  return { run, sink, source, emitBatch };
}

describe('sinks publishing batches', () => {
  it("publishes a chunk's payloads as one batch and acknowledges the emit once", async () => {
    const { run, sink, emitBatch } = setup('LOG');
    await run.app.whenConnected();
    sink.held = [];
    let acked = false;
    void emitBatch([1, 2, 3]).then(() => {
      acked = true;
    });
    await settle();
    expect(sink.batches).toEqual([[1, 2, 3]]);
    expect(acked).toBe(false);
    sink.releaseOne();
    await settle();
    expect(acked).toBe(true);
    await run.app.shutdown();
  });

  it('WAIT: what queues while a batch is unacknowledged goes as the next batch, in order', async () => {
    const { run, sink, emitBatch } = setup('WAIT');
    await run.app.whenConnected();
    sink.held = [];
    const acks: number[] = [];
    void emitBatch([1, 2]).then(() => acks.push(1));
    void emitBatch([3]).then(() => acks.push(2));
    void emitBatch([4, 5]).then(() => acks.push(3));
    await settle();
    expect(sink.batches).toEqual([[1, 2]]);
    sink.releaseOne();
    await settle();
    expect(sink.batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(acks).toEqual([1]);
    sink.releaseOne();
    await settle();
    expect(acks).toEqual([1, 2, 3]);
    await run.app.shutdown();
  });

  it('WAIT: a failed batch is retried whole every 5 s with the sources paused', async () => {
    const { run, sink, source, emitBatch } = setup('WAIT');
    await run.app.whenConnected();
    sink.failures = 3;
    let acked = false;
    void emitBatch([1, 2, 3]).then(() => {
      acked = true;
    });
    await run.app.idle();
    // The publish and the inline reconnect + publish failed: waiting, sources paused.
    expect(source.paused).toBe(true);
    expect(sink.batches).toEqual([]);
    run.clock.advanceBy(5_000);
    await run.app.idle();
    expect(sink.failures).toBe(0);
    expect(sink.batches).toEqual([]);
    run.clock.advanceBy(5_000);
    await run.app.idle();
    expect(sink.batches).toEqual([[1, 2, 3]]);
    expect(source.paused).toBe(false);
    expect(acked).toBe(true);
    await run.app.shutdown();
  });

  it('LOG: each payload of a batch that cannot be published is logged and dropped', async () => {
    const { run, sink, emitBatch } = setup('LOG');
    await run.app.whenConnected();
    sink.failures = 1;
    sink.failWith = () => new TypeError('bad record');
    await emitBatch([1, 2]);
    await emitBatch([3]);
    expect(sink.values).toEqual([3]);
    expect(run.messages('error').filter((m) => m.includes('bad record'))).toHaveLength(2);
    await run.app.shutdown();
  });

  it('pauses the sources above the high-water mark and resumes them only at the low one', async () => {
    const { run, sink, source } = setup('WAIT');
    await run.app.whenConnected();
    sink.held = [];
    const input = run.app.input('S');
    input.send(['A', -1]);
    await settle();
    // 10,001 queued behind the unacknowledged batch: above the high-water mark (10,000).
    input.sendBatch(Array.from({ length: 10_001 }, (_, n) => ['A', n]));
    expect(source.paused).toBe(true);
    // Batches of 1,024 leave: still paused at 2,833 queued, resumed at 1,809 (≤ 2,500).
    for (let released = 0; released < 7; released += 1) {
      sink.releaseOne();
      await settle();
    }
    expect(source.paused).toBe(true);
    sink.releaseOne();
    await settle();
    expect(source.paused).toBe(false);
    while (sink.releaseOne()) await settle();
    expect(sink.values).toEqual([-1, ...Array.from({ length: 10_001 }, (_, n) => n)]);
    await run.app.shutdown();
  });
});
