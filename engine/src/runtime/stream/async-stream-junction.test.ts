import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine.js';
import type { Logger } from '../app/logger.js';
import type { EventChunk } from '../event/event.js';
import { VirtualClock } from '../time/index.js';
import { AsyncStreamJunction } from './async-stream-junction.js';

const quiet: Logger = { log: () => undefined };
const event = (v: number): EventChunk[number] => ({ timestamp: v, type: 'current', data: [v] });

describe('AsyncStreamJunction', () => {
  it('returns at once and delivers later, in order, in chunks of batch.size.max', async () => {
    const junction = new AsyncStreamJunction('S', 1, quiet, {
      bufferSize: 10,
      workers: 1,
      batchSizeMax: 3,
    });
    const chunks: number[][] = [];
    junction.subscribe({ receive: (c) => chunks.push(c.map((e) => e.timestamp)) });
    for (let v = 1; v <= 7; v += 1) junction.send([event(v)]);
    expect(chunks).toEqual([]);
    expect(junction.buffered).toBe(7);
    await junction.whenIdle();
    expect(chunks).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('reports a full buffer and lets waiting senders in as it drains', async () => {
    const junction = new AsyncStreamJunction('S', 1, quiet, {
      bufferSize: 2,
      workers: 1,
      batchSizeMax: 2,
    });
    const seen: number[] = [];
    junction.subscribe({ receive: (c) => seen.push(...c.map((e) => e.timestamp)) });
    junction.send([event(1), event(2)]);
    expect(junction.hasRoom(1)).toBe(false);
    const waited = junction.whenRoom(1).then(() => {
      junction.send([event(3)]);
    });
    expect(junction.hasRoom(1)).toBe(false); // someone is waiting first
    await waited;
    await junction.whenIdle();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('flushes synchronously', () => {
    const junction = new AsyncStreamJunction('S', 1, quiet, {
      bufferSize: 4,
      workers: 1,
      batchSizeMax: 4,
    });
    const seen: number[] = [];
    junction.subscribe({ receive: (c) => seen.push(...c.map((e) => e.timestamp)) });
    junction.send([event(1)]);
    junction.flush();
    expect(seen).toEqual([1]);
  });
});

describe('@Async streams in an app', () => {
  const text = `@async(buffer.size='4', workers='2', batch.size.max='2')
    define stream S (v int);
    @info(name = 'q') from S[v > 0] select v insert into Out;`;

  it('applies back-pressure: send returns false on a full buffer, sendAsync waits', async () => {
    const created = createEngine({ timeService: new VirtualClock(0), logger: quiet }).createApp(
      text,
    );
    if (!created.ok) throw new Error('not created');
    const app = created.app;
    const out: unknown[] = [];
    app.onStream('Out', (events) => {
      for (const e of events) out.push(e.data[0]);
    });
    app.start();
    const input = app.input('S');
    const accepted = [1, 2, 3, 4, 5].map((v) => input.send([v]));
    expect(accepted).toEqual([true, true, true, true, false]);
    expect(out).toEqual([]);
    for (let v = 5; v <= 20; v += 1) await input.sendAsync([v]);
    await app.idle();
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('processes what is still buffered when the app shuts down', async () => {
    const created = createEngine({ timeService: new VirtualClock(0), logger: quiet }).createApp(
      text,
    );
    if (!created.ok) throw new Error('not created');
    const app = created.app;
    let count = 0;
    app.onStream('Out', (events) => {
      count += events.length;
    });
    app.start();
    app.input('S').sendBatch([[1], [2], [3]]);
    await app.shutdown();
    expect(count).toBe(3);
  });
});
