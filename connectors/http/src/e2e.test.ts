// End to end: apps deployed through createEngine with the built-ins, the http extensions and
// the json mapper, moving events between real loopback HTTP endpoints.

import { afterEach, describe, expect, it } from 'vitest';
import { inMemoryBroker, VirtualClock } from '@tributary/engine';
import {
  freePort,
  send,
  startApp,
  startServer,
  type TestApp,
  type TestServer,
} from './http-harness.test-support.js';
import { httpExtensions } from './index.js';

const apps: TestApp[] = [];
const servers: TestServer[] = [];
const unsubscribes: (() => void)[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.shutdown();
  for (const s of servers.splice(0)) await s.close();
  for (const off of unsubscribes.splice(0)) off();
});

describe('http apps end to end', () => {
  it('http source → filter → inMemory, log and http sinks; 200 only after the sinks acknowledged', async () => {
    const port = await freePort();
    const downstream = await startServer();
    servers.push(downstream);
    const topic = `e2e-${String(port)}`;
    const held: (() => void)[] = [];
    const got: unknown[] = [];
    unsubscribes.push(
      inMemoryBroker.subscribe(topic, (message) => {
        got.push(message);
        return new Promise<void>((resolve) => held.push(resolve));
      }),
    );
    const started = await startApp(
      `@app:name('Quotes')
       @source(type='http', receiver.url='http://127.0.0.1:${String(port)}/quotes', @map(type='json'))
       define stream QuoteStream (symbol string, price double);

       @sink(type='inMemory', topic='${topic}')
       @sink(type='log', prefix='expensive')
       @sink(type='http', publisher.url='${downstream.url}/alerts/{{symbol}}', @map(type='json'))
       define stream Expensive (symbol string, price double);

       from QuoteStream[price > 100] select symbol, price insert into Expensive;`,
      httpExtensions(),
    );
    apps.push(started);
    const url = `http://127.0.0.1:${String(port)}/quotes`;
    // Filtered out: nothing to acknowledge, 200 at once.
    expect((await send(url, { body: '{"symbol":"CHEAP","price":1}' })).status).toBe(200);

    let answered = false;
    const pending = send(url, { body: '{"symbol":"GOOG","price":120.5}' }).then((a) => {
      answered = true;
      return a;
    });
    await downstream.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The inMemory subscriber has not acknowledged yet: the caller still waits.
    expect(answered).toBe(false);
    expect(got).toEqual([{ timestamp: expect.any(Number) as number, data: ['GOOG', 120.5] }]);
    for (const release of held.splice(0)) release();
    expect((await pending).status).toBe(200);

    expect(downstream.received[0]?.url).toBe('/alerts/GOOG');
    expect(JSON.parse(downstream.received[0]?.body ?? '')).toEqual({
      event: { symbol: 'GOOG', price: 120.5 },
    });
    expect(
      started.logs.some(
        (l) =>
          l.level === 'info' && l.message.startsWith('expensive') && l.message.includes('GOOG'),
      ),
    ).toBe(true);
  });

  it('scrapes an endpoint with a trigger and http-call (the Siddhi way) on a virtual clock', async () => {
    const api = await startServer((_, i) => ({ body: JSON.stringify({ count: i * 10 }) }));
    servers.push(api);
    const clock = new VirtualClock(0);
    const started = await startApp(
      `define trigger Every5 at every 5 sec;

       @sink(type='http-call', sink.id='scrape', method='GET', publisher.url='${api.url}/count',
             @map(type='json'))
       define stream Scrape (at long);

       @source(type='http-call-response', sink.id='scrape', @map(type='json', @attributes(count='$.count')))
       define stream Counts (count long);

       from Every5 select triggered_time as at insert into Scrape;`,
      httpExtensions(),
      { timeService: clock },
    );
    apps.push(started);
    clock.advanceBy(5_000);
    await started.waitForRows('Counts', 1);
    clock.advanceBy(5_000);
    expect(await started.waitForRows('Counts', 2)).toEqual([[0], [10]]);
    expect(api.received.map((r) => r.method)).toEqual(['GET', 'GET']);
  });
});
