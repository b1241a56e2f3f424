// End to end: apps deployed through createEngine with the built-ins, the gRPC extensions and
// the json mapper — one app's `grpc` sink feeding another app's `grpc` source (SI to SI),
// and a request/reply round trip between a `grpc-call` app and a `grpc-service` app.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
} from '@tributary/engine';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, until } from './grpc-harness.test-support.js';
import { grpcExtensions } from './index.js';

const apps: AppRuntime[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.shutdown();
});

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-grpc', version: '0.1.0', extensions: grpcExtensions() },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
  ),
});

async function deploy(text: string): Promise<AppRuntime> {
  const created = engine.createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  apps.push(created.app);
  created.app.start();
  await created.app.whenConnected();
  return created.app;
}

describe('grpc apps end to end', () => {
  it('moves filtered events from one app to another over EventService consume', async () => {
    const port = await freePort();
    const receiver = await deploy(
      `@app:name('Receiver')
       @source(type='grpc', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume', @map(type='json'))
       define stream Quotes (symbol string, price double);
       from Quotes[price > 100] select symbol insert into Expensive;`,
    );
    const expensive: unknown[] = [];
    receiver.onStream('Expensive', (events) => {
      for (const e of events) expensive.push(e.data[0]);
    });
    const sender = await deploy(
      `@app:name('Sender')
       define stream In (symbol string, price double);
       @sink(type='grpc', publisher.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume', @map(type='json'))
       define stream Quotes (symbol string, price double);
       from In select * insert into Quotes;`,
    );
    sender.input('In').send(['CHEAP', 10]);
    sender.input('In').send(['GOOG', 120.5]);
    sender.input('In').send(['IBM', 101]);
    await until(() => expensive.length === 2, 'two expensive quotes');
    expect(expensive).toEqual(['GOOG', 'IBM']);
  });

  it('round-trips requests between a grpc-call app and a grpc-service app', async () => {
    const port = await freePort();
    await deploy(
      `@app:name('Pricer')
       @source(type='grpc-service', source.id='p', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process',
               @map(type='json', @attributes(id='trp:messageId', qty='$.event.qty')))
       define stream Asks (id string, qty int);
       @sink(type='grpc-service-response', source.id='p', message.id='{{id}}', @map(type='json'))
       define stream Prices (id string, total double);
       from Asks select id, qty * 2.5 as total insert into Prices;`,
    );
    const client = await deploy(
      `@app:name('Shop')
       @sink(type='grpc-call', sink.id='price', publisher.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/process',
             @map(type='json'))
       define stream Orders (order string, qty int);
       @source(type='grpc-call-response', sink.id='price',
               @map(type='json', @attributes(order='trp:order', total='$.event.total')))
       define stream Priced (order string, total double);`,
    );
    const priced: unknown[][] = [];
    client.onStream('Priced', (events) => {
      for (const e of events) priced.push([...e.data]);
    });
    client.input('Orders').send(['o-1', 4]);
    client.input('Orders').send(['o-2', 10]);
    await until(() => priced.length === 2, 'two priced orders');
    expect(priced.sort()).toEqual([
      ['o-1', 10],
      ['o-2', 25],
    ]);
  });
});
