import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '@tributary/engine';
import { freePort, send, startApp, type TestApp } from './http-harness.test-support.js';
import { httpExtensions } from './index.js';

const apps: TestApp[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.shutdown();
});

function adder(port: number, extra = ''): string {
  return `
    @source(type='http-service', receiver.url='http://127.0.0.1:${String(port)}/add', source.id='adder' ${extra},
            @map(type='json', @attributes(messageId='trp:messageId', a='$.a', b='$.b')))
    define stream AddStream (messageId string, a long, b long);

    @sink(type='http-service-response', source.id='adder', message.id='{{messageId}}',
          headers="'X-Adder:v1'", @map(type='json'))
    define stream ResultStream (messageId string, sum long);

    from AddStream[a >= 0] select messageId, a + b as sum insert into ResultStream;`;
}

describe("source 'http-service' and sink 'http-service-response'", () => {
  it('answers each request with the event the app produced for it', async () => {
    const port = await freePort();
    const started = await startApp(adder(port), httpExtensions());
    apps.push(started);
    const url = `http://127.0.0.1:${String(port)}/add`;
    const [one, two] = await Promise.all([
      send(url, { body: '{"a":1,"b":2}' }),
      send(url, { body: '{"a":40,"b":2}' }),
    ]);
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toBe('application/json');
    expect(one.headers['x-adder']).toBe('v1');
    expect((JSON.parse(one.body) as { event: { sum: number } }).event.sum).toBe(3);
    expect((JSON.parse(two.body) as { event: { sum: number } }).event.sum).toBe(42);
  });

  it('answers 504 when nothing answers within connection.timeout', async () => {
    const port = await freePort();
    const clock = new VirtualClock(0);
    const started = await startApp(adder(port, ", connection.timeout='3000'"), httpExtensions(), {
      timeService: clock,
    });
    apps.push(started);
    // a < 0 is filtered out: no answer is produced.
    const pending = send(`http://127.0.0.1:${String(port)}/add`, { body: '{"a":-1,"b":2}' });
    await started.waitForRows('AddStream', 1);
    clock.advanceBy(2_999);
    const early = await Promise.race([
      pending.then(() => 'answered'),
      new Promise((resolve) => setTimeout(resolve, 50, 'waiting')),
    ]);
    expect(early).toBe('waiting');
    clock.advanceBy(1);
    expect((await pending).status).toBe(504);
  });

  it('answers the requests still open with 504 when the app stops', async () => {
    const port = await freePort();
    const started = await startApp(adder(port), httpExtensions());
    const pending = send(`http://127.0.0.1:${String(port)}/add`, { body: '{"a":-5,"b":0}' });
    await started.waitForRows('AddStream', 1);
    await started.app.shutdown();
    expect((await pending).status).toBe(504);
  });

  it('logs an answer for a request that is no longer waiting', async () => {
    const port = await freePort();
    const started = await startApp(adder(port), httpExtensions());
    apps.push(started);
    started.app.input('ResultStream').send(['no-such-id', 1]);
    await started.app.idle();
    expect(
      started.logs.some(
        (l) => l.level === 'warn' && l.message.includes("message.id 'no-such-id' is waiting"),
      ),
    ).toBe(true);
  });

  it('refuses a second http-service source with the same source.id in one app', async () => {
    const port = await freePort();
    await expect(
      startApp(
        `@source(type='http-service', receiver.url='http://127.0.0.1:${String(port)}/a', source.id='s', @map(type='json'))
         define stream A (v int);
         @source(type='http-service', receiver.url='http://127.0.0.1:${String(port)}/b', source.id='s', @map(type='json'))
         define stream B (v int);`,
        httpExtensions(),
      ),
    ).rejects.toThrow(/already has a source with source.id 's'/);
  });
});
