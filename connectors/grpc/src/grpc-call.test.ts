// The `grpc` and `grpc-call` sinks against a loopback EventService server: what goes on the
// wire (payload, headers, sequence, metadata), reply correlation, and failures by `on.error`.

import { status as grpcStatus } from '@grpc/grpc-js';
import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import {
  freePort,
  startEventServer,
  until,
  type TestEventServer,
} from './grpc-harness.test-support.js';
import { grpcExtensions } from './index.js';

const runs: IoAppRun[] = [];
const servers: TestEventServer[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) await run.app.shutdown();
  for (const server of servers.splice(0)) await server.close();
});

async function start(app: string): Promise<IoAppRun> {
  const run = startIoApp(app, { extensions: [...grpcExtensions(), ...jsonMapperList] });
  runs.push(run);
  await run.app.whenConnected();
  return run;
}

async function server(process?: Parameters<typeof startEventServer>[0]): Promise<TestEventServer> {
  const started = await startEventServer(process);
  servers.push(started);
  return started;
}

describe('grpc sink', () => {
  it('sends the payload with the headers, the url sequence and metadata per event', async () => {
    const peer = await server();
    const run = await start(
      `@sink(type='grpc', publisher.url='grpc://127.0.0.1:${String(peer.port)}/org.wso2.grpc.EventService/consume/inSeq',
             headers="'Content-Type:json','region:{{region}}'", metadata="'Authorization:Basic {{token}}'",
             @map(type='json'))
       define stream S (id string, region string, token string);`,
    );
    run.app.input('S').send(['o1', 'eu', 'abc']);
    const [call] = await peer.waitFor(1);
    expect(call?.method).toBe('consume');
    expect(JSON.parse(call?.event.payload ?? '')).toEqual({
      event: { id: 'o1', region: 'eu', token: 'abc' },
    });
    expect(call?.event.headers).toEqual({
      'Content-Type': 'json',
      region: 'eu',
      sequence: 'inSeq',
    });
    expect(call?.metadata.authorization).toBe('Basic abc');
    expect(
      run.messages('info').some((m) => m.includes('has successfully connected to grpc://')),
    ).toBe(true);
  });

  it('fails app creation for a url of another method or a malformed static header list', () => {
    expect(() =>
      startIoApp(
        `@sink(type='grpc', publisher.url='grpc://127.0.0.1:1/org.wso2.grpc.EventService/process', @map(type='json'))
         define stream S (a string);`,
        { extensions: [...grpcExtensions(), ...jsonMapperList], start: false },
      ),
    ).toThrow("the method name should be 'consume' but given 'process'");
    expect(() =>
      startIoApp(
        `@sink(type='grpc', publisher.url='grpc://127.0.0.1:1', headers="'json'", @map(type='json'))
         define stream S (a string);`,
        { extensions: [...grpcExtensions(), ...jsonMapperList], start: false },
      ),
    ).toThrow("headers: expected 'key:value'");
  });

  it('reports an unreachable server as a connection error and sends once it is up', async () => {
    const port = await freePort();
    const run = startIoApp(
      `@sink(type='grpc', publisher.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume',
             on.error='WAIT', @map(type='json'))
       define stream S (a string);`,
      {
        extensions: [...grpcExtensions(), ...jsonMapperList],
        backoff: { delays: [1000], jitter: 0 },
      },
    );
    runs.push(run);
    await until(
      () =>
        run
          .messages()
          .some((m) => m.includes(`cannot connect to grpc://127.0.0.1:${String(port)}`)),
      'the connection error',
    );
    const peer = await server({ port });
    run.clock.advanceBy(1000);
    await run.app.whenConnected();
    run.app.input('S').send(['late']);
    await peer.waitFor(1);
    expect(JSON.parse(peer.calls[0]?.event.payload ?? '')).toEqual({ event: { a: 'late' } });
  });
});

describe('grpc-call sink and grpc-call-response source', () => {
  // trp: values are text (as in Siddhi), so the request's `n` comes back as a string.
  it('correlates every reply with the event that caused it (trp: attributes and reply headers)', async () => {
    const peer = await server({
      process: (call) => {
        const { event } = JSON.parse(call.event.payload) as { event: { id: string; n: number } };
        return {
          payload: JSON.stringify({ event: { result: event.n * 2 } }),
          headers: { served: `by-peer-${event.id}` },
        };
      },
    });
    const run = await start(
      `@sink(type='grpc-call', sink.id='calc', publisher.url='grpc://127.0.0.1:${String(peer.port)}/org.wso2.grpc.EventService/process/double',
             headers="'Content-Type:json'", @map(type='json'))
       define stream Requests (id string, n int);
       @source(type='grpc-call-response', sink.id='calc',
               @map(type='json', @attributes(id='trp:id', n='trp:n', result='$.event.result', served='trp:served')))
       define stream Replies (id string, n string, result int, served string);`,
    );
    const replies = run.collect('Replies');
    const requests = Array.from({ length: 50 }, (_, i) => [`r${String(i)}`, i]);
    for (const row of requests) run.app.input('Requests').send(row);
    await until(() => replies.length === 50, '50 replies');
    expect([...replies].sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual(
      requests.map(([id, n]) => [id, String(n), Number(n) * 2, `by-peer-${String(id)}`]),
    );
    expect(peer.calls.every((c) => c.event.headers.sequence === 'double')).toBe(true);
  });

  it('routes a failed call and a reply without response source by on.error', async () => {
    const peer = await server({
      process: (call) =>
        call.event.payload.includes('bad')
          ? { code: grpcStatus.INVALID_ARGUMENT, details: 'no such order' }
          : call.event,
    });
    const run = await start(
      `@OnError(action='STREAM')
       @sink(type='grpc-call', sink.id='orphan', on.error='STREAM',
             publisher.url='grpc://127.0.0.1:${String(peer.port)}/org.wso2.grpc.EventService/process', @map(type='json'))
       define stream Requests (id string);
       from !Requests select id, convert(_error, 'string') as error insert into Failures;`,
    );
    const failures = run.collect('Failures');
    run.app.input('Requests').send(['bad']);
    run.app.input('Requests').send(['good']);
    await until(() => failures.length === 2, 'two failures');
    const byId = new Map(failures.map((f) => [f[0], String(f[1])]));
    expect(byId.get('bad')).toContain('answered INVALID_ARGUMENT: no such order');
    expect(byId.get('good')).toContain(
      "a grpc-call-response source should be available with the same sink.id 'orphan'",
    );
  });
});
