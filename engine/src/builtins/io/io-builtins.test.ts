import { describe, expect, it } from 'vitest';
import { ConnectionUnavailableError } from '../../extension-api/io-contracts.js';
import { startIoApp } from '../../testing/io-app.js';
import { InMemoryBroker, inMemoryBroker } from './in-memory-broker.js';
import { javaStringHashCode } from './distribution.js';
import { passThroughRows } from './pass-through.js';
import { renderLogPayload } from './log-sink.js';

describe('InMemoryBroker', () => {
  it('delivers to every subscriber and refuses topics without one, as Siddhi', () => {
    const broker = new InMemoryBroker();
    const got: unknown[] = [];
    const off = broker.subscribe('t', (m) => {
      got.push(m);
    });
    broker.subscribe('t', (m) => {
      got.push(`second ${String(m)}`);
    });
    expect(broker.publish('t', 1)).toBeUndefined();
    expect(got).toEqual([1, 'second 1']);
    off();
    expect(broker.subscriberCount('t')).toBe(1);
    expect(() => broker.publish('none', 1)).toThrow(
      new ConnectionUnavailableError("Subscriber for topic 'none' is unavailable"),
    );
  });
});

describe('javaStringHashCode', () => {
  it("matches Java's String.hashCode, overflow included", () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('IBM')).toBe(72276);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });
});

describe('passThrough', () => {
  it('takes an event, its data, or an array of either', () => {
    expect(passThroughRows({ timestamp: 1, data: ['a', 1] })).toEqual([['a', 1]]);
    expect(passThroughRows(['a', 1])).toEqual([['a', 1]]);
    expect(
      passThroughRows([
        ['a', 1],
        ['b', 2],
      ]),
    ).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(
      passThroughRows([
        { timestamp: 1, data: ['a'] },
        { timestamp: 2, data: ['b'] },
      ]),
    ).toEqual([['a'], ['b']]);
    expect(() => passThroughRows('text')).toThrow(/found a string/);
  });
});

describe('log sink', () => {
  it("logs Siddhi's Event rendering with the default prefix '<app> : <stream>'", async () => {
    const run = startIoApp(
      "@App:name('Logs') @sink(type='log') define stream S (symbol string, v int);" +
        "@sink(type='log', prefix='Alert', priority='WARN') define stream T (v int);" +
        "@sink(type='log', priority='OFF') define stream U (v int);",
    );
    run.clock.advanceTo(5);
    run.app.input('S').send(['IBM', 1]);
    run.app.input('T').send([2]);
    run.app.input('U').send([3]);
    // Sent before the sinks finished connecting: queued, logged once connected.
    await run.app.idle();
    expect(run.messages('info')).toEqual([
      'Logs : S : Event{timestamp=5, data=[IBM, 1], isExpired=false}',
    ]);
    expect(run.messages('warn')).toEqual(['Alert : Event{timestamp=5, data=[2], isExpired=false}']);
    expect(renderLogPayload('plain')).toBe('plain');
    await run.app.shutdown();
  });
});

describe('inMemory source and sink', () => {
  it('carry events between apps through a topic, acknowledging end to end', async () => {
    const consumer = startIoApp(
      "@source(type='inMemory', topic='io-test-prices') define stream In (symbol string, price double);",
    );
    const received = consumer.collect('In');
    const producer = startIoApp(
      "@sink(type='inMemory', topic='io-test-prices') define stream Out (symbol string, price double);",
    );
    await Promise.all([consumer.app.whenConnected(), producer.app.whenConnected()]);
    producer.app.input('Out').send(['IBM', 75.5]);
    await producer.app.idle();
    expect(received).toEqual([['IBM', 75.5]]);
    // Paused: messages wait, then arrive on resume.
    consumer.app.pause();
    producer.app.input('Out').send(['WSO2', 57.2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(1);
    consumer.app.resume();
    await producer.app.idle();
    expect(received).toEqual([
      ['IBM', 75.5],
      ['WSO2', 57.2],
    ]);
    await consumer.app.shutdown();
    expect(inMemoryBroker.subscriberCount('io-test-prices')).toBe(0);
    await producer.app.shutdown();
  });
});
