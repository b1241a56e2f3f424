// The `grpc` and `grpc-service` sources with real clients: transport properties, request/reply
// through Siddhi, the service timeout on a virtual clock, shared ports and the alias name.

import { credentials, status as grpcStatus } from '@grpc/grpc-js';
import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import { EventServiceCallError, EventServiceClient } from './event-service-client.js';
import { eventServiceAliasDefinition } from './event-service.js';
import { eventClient, freePort, until } from './grpc-harness.test-support.js';
import { grpcExtensions } from './index.js';

const runs: IoAppRun[] = [];
const clients: EventServiceClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const run of runs.splice(0)) await run.app.shutdown();
});

async function start(app: string): Promise<IoAppRun> {
  const run = startIoApp(app, { extensions: [...grpcExtensions(), ...jsonMapperList] });
  runs.push(run);
  await run.app.whenConnected();
  return run;
}

function client(port: number): EventServiceClient {
  const c = eventClient(port);
  clients.push(c);
  return c;
}

async function failure(call: Promise<unknown>): Promise<EventServiceCallError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof EventServiceCallError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('grpc source', () => {
  it('maps the payload and offers Event headers and call metadata as trp: values', async () => {
    const port = await freePort();
    const run = await start(
      `@source(type='grpc', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume',
               @map(type='json', @attributes(message='$.message', name='trp:name', age='trp:age')))
       define stream BarStream (message string, name string, age string);`,
    );
    const rows = run.collect('BarStream');
    const c = client(port);
    await c.call(
      'consume',
      { payload: '{"message":"hi"}', headers: { name: 'John', age: '1' } },
      { metadata: { age: '23' } },
    );
    // Answered once processed: the row is there when the call returns.
    expect(rows).toEqual([['hi', 'John', '23']]);
    const missing = await failure(c.call('consume', { payload: '{"message":"x"}', headers: {} }));
    expect(missing.code).toBe(grpcStatus.DATA_LOSS);
    expect(missing.details).toBe(
      "requested transport property 'name' not present in received event",
    );
    expect(run.messages('error').some((m) => m.includes('dropping request'))).toBe(true);
  });

  it('shares a port with a grpc-service source and answers under the org.wso2.grpc name too', async () => {
    const port = await freePort();
    const run = await start(
      `@source(type='grpc', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume', @map(type='json'))
       define stream In (message string);
       @source(type='grpc-service', source.id='s', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process',
               @map(type='json', @attributes(id='trp:messageId', message='$.event.message')))
       define stream Asks (id string, message string);
       @sink(type='grpc-service-response', source.id='s', message.id='{{id}}', @map(type='json'))
       define stream Answers (id string, message string);
       from Asks select id, message insert into Answers;`,
    );
    const rows = run.collect('In');
    const c = client(port);
    await c.call('consume', { payload: '{"event":{"message":"one"}}', headers: {} });
    const reply = await c.call('process', { payload: '{"event":{"message":"two"}}', headers: {} });
    expect(rows).toEqual([['one']]);
    const answered = JSON.parse(reply.payload) as { event: { id: string; message: string } };
    expect(answered.event.message).toBe('two');
    expect(answered.event.id).toMatch(/^[0-9a-f-]{36}$/);

    // A client that calls the url's service name literally reaches the same server.
    const alias = new EventServiceClient(
      `127.0.0.1:${String(port)}`,
      credentials.createInsecure(),
      {},
      eventServiceAliasDefinition,
    );
    clients.push(alias);
    await alias.call('consume', { payload: '{"event":{"message":"three"}}', headers: {} });
    expect(rows).toEqual([['one'], ['three']]);
  });
});

describe('grpc-service source and grpc-service-response sink', () => {
  it('answers each call with the response naming its message id, concurrently', async () => {
    const port = await freePort();
    await start(
      `@source(type='grpc-service', source.id='1', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process',
               @map(type='json', @attributes(messageId='trp:message.id', n='$.n')))
       define stream FooStream (messageId string, n int);
       @sink(type='grpc-service-response', source.id='1', message.id='{{messageId}}', @map(type='json', @payload('{"square":{{sq}}}')))
       define stream BarStream (messageId string, sq int);
       from FooStream select messageId, n * n as sq insert into BarStream;`,
    );
    const c = client(port);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        c.call('process', { payload: JSON.stringify({ n }), headers: {} }),
      ),
    );
    expect(replies.map((r) => JSON.parse(r.payload) as unknown)).toEqual(
      Array.from({ length: 20 }, (_, n) => ({ square: n * n })),
    );
  });

  it('fails a call nobody answers with DEADLINE_EXCEEDED after service.timeout', async () => {
    const port = await freePort();
    const run = await start(
      `@source(type='grpc-service', source.id='1', service.timeout='2000',
               receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process', @map(type='json'))
       define stream FooStream (message string);`,
    );
    const rows = run.collect('FooStream');
    const pending = failure(
      client(port).call('process', { payload: '{"message":"m"}', headers: {} }),
    );
    let settled = false;
    void pending.finally(() => {
      settled = true;
    });
    await until(() => rows.length === 1, 'the request event');
    run.clock.advanceBy(1999);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    run.clock.advanceBy(1);
    const error = await pending;
    expect(error.code).toBe(grpcStatus.DEADLINE_EXCEEDED);
    expect(error.details).toContain('no response within 2000 ms');
  });

  it('drops (and logs) a response for a call that is not waiting', async () => {
    const port = await freePort();
    const run = await start(
      `@source(type='grpc-service', source.id='1', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process', @map(type='json'))
       define stream FooStream (message string);
       @sink(type='grpc-service-response', source.id='1', message.id='{{id}}', @map(type='json'))
       define stream Late (id string, message string);`,
    );
    run.app.input('Late').send(['nope', 'x']);
    await run.app.idle();
    expect(run.messages('warn')).toEqual([
      expect.stringContaining("no call with message.id 'nope' is waiting") as string,
    ]);
  });
});
