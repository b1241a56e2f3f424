// The tcp source and sink over loopback against raw siddhi-io-tcp peers: contexts on a shared
// server, the binary default mapping, text payloads, sync publishing, lost servers, pause, and
// a sink feeding a source.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { decodeEvents, encodeEvents, extensions as binaryMappers } from '@tributary/mapper-binary';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import {
  freePort,
  sendFrames,
  startPeerServer,
  waitFor,
  type PeerServer,
} from './tcp-harness.test-support.js';
import { extensions as tcpExtensions } from './index.js';

const extensions = [...tcpExtensions, ...binaryMappers, ...jsonMappers];
const cleanups: (() => Promise<void> | void)[] = [];

function start(app: string): IoAppRun {
  const run = startIoApp(app, { extensions });
  cleanups.push(() => run.app.shutdown());
  return run;
}

async function peer(port?: number): Promise<PeerServer> {
  const server = await startPeerServer(port);
  cleanups.push(() => server.close());
  return server;
}

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const binary = (rows: unknown[][], types: ('string' | 'double' | 'int')[]): Buffer =>
  encodeEvents(
    rows.map((data, i) => ({ timestamp: 1000 + i, data })),
    types,
  );

describe('tcp source', () => {
  it('dispatches messages by context on one shared server; binary is the default mapping', async () => {
    const port = await freePort();
    const run = start(
      `@app:name('Shared')
       @source(type='tcp', host='127.0.0.1', port='${String(port)}')
       define stream S (symbol string, price double);
       @source(type='tcp', host='127.0.0.1', port='${String(port)}', context='quotes/json', @map(type='json'))
       define stream J (symbol string, price double);`,
    );
    const s = run.collect('S');
    const j = run.collect('J');
    await run.app.whenConnected();
    await sendFrames(port, [
      {
        channelId: 'Shared/S',
        data: binary(
          [
            ['IBM', 1.5],
            ['WSO2', 2.5],
          ],
          ['string', 'double'],
        ),
      },
      { channelId: 'quotes/json', data: Buffer.from('{"event":{"symbol":"MSFT","price":3.5}}') },
      { channelId: 'nobody', data: Buffer.from('x') },
    ]);
    await waitFor(
      () => s.length === 2 && j.length === 1,
      () => `s ${JSON.stringify(s)} j ${JSON.stringify(j)}`,
    );
    expect(s).toEqual([
      ['IBM', 1.5],
      ['WSO2', 2.5],
    ]);
    expect(j).toEqual([['MSFT', 3.5]]);
    await waitFor(
      () => run.messages().some((m) => m.includes("unknown context 'nobody'")),
      () => run.messages().join(' | '),
    );
  });

  it('stops reading while paused', async () => {
    const port = await freePort();
    const run = start(
      `@source(type='tcp', host='127.0.0.1', port='${String(port)}', context='p', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    run.app.pause();
    await sendFrames(port, [
      { channelId: 'p', data: Buffer.from('{"event":{"symbol":"A","price":1.5}}') },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows).toEqual([]);
    run.app.resume();
    await waitFor(
      () => rows.length === 1,
      () => JSON.stringify(rows),
    );
  });

  it('rejects two sources on one context, and retries while the port is taken', async () => {
    const port = await freePort();
    const taken = await peer();
    const run = start(
      `@source(type='tcp', host='127.0.0.1', port='${String(taken.port)}', context='c', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot listen')),
      () => run.messages().join(' | '),
    );
    const twice = start(
      `@source(type='tcp', host='127.0.0.1', port='${String(port)}', context='same', @map(type='json'))
       define stream A (symbol string, price double);
       @source(type='tcp', host='127.0.0.1', port='${String(port)}', context='same', @map(type='json'))
       define stream B (symbol string, price double);`,
    );
    await expect(twice.app.whenConnected()).rejects.toThrow(/already receives context 'same'/);
  });
});

describe('tcp sink', () => {
  it('frames each payload with its context; binary by default, passThrough events in binary too', async () => {
    const server = await peer();
    const run = start(
      `@sink(type='tcp', url='tcp://127.0.0.1:${String(server.port)}/App/S', sync='true')
       define stream S (symbol string, price double);
       @sink(type='tcp', url='tcp://127.0.0.1:${String(server.port)}/pass', @map(type='passThrough'))
       define stream P (symbol string, n int);
       @sink(type='tcp', url='tcp://127.0.0.1:${String(server.port)}/text', @map(type='json'))
       define stream T (symbol string, price double);`,
    );
    await run.app.whenConnected();
    run.app.input('S').sendBatch([
      ['IBM', 1.5],
      ['WSO2', 2.5],
    ]);
    run.app.input('P').send(['MSFT', 7]);
    run.app.input('T').send(['ORCL', 4.5]);
    await run.app.idle();
    await waitFor(
      () => server.frames.length === 3,
      () => JSON.stringify(server.frames.map((f) => f.channelId)),
    );
    const by = (c: string) => server.frames.find((f) => f.channelId === c);
    expect(by('App/S')?.sessionId).toMatch(/^[0-9a-f-]{36}-127\.0\.0\.1:\d+$/);
    expect(
      decodeEvents(by('App/S')?.data ?? Buffer.alloc(0), ['string', 'double']).map((e) => e.data),
    ).toEqual([
      ['IBM', 1.5],
      ['WSO2', 2.5],
    ]);
    expect(
      decodeEvents(by('pass')?.data ?? Buffer.alloc(0), ['string', 'int']).map((e) => e.data),
    ).toEqual([['MSFT', 7]]);
    expect(by('text')?.data.toString()).toBe('{"event":{"symbol":"ORCL","price":4.5}}');
  });

  it('retries while the server is down, and routes events by on.error once it is lost', async () => {
    const port = await freePort();
    const run = start(
      `@sink(type='tcp', url='tcp://127.0.0.1:${String(port)}/c', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot connect')),
      () => run.messages().join(' | '),
    );
    const server = await peer(port);
    run.clock.advanceBy(5000);
    await run.app.whenConnected();
    run.app.input('S').send(['A', 1.5]);
    await run.app.idle();
    await waitFor(
      () => server.frames.length === 1,
      () => 'nothing received',
    );
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    run.app.input('S').send(['B', 2.5]);
    await run.app.idle();
    expect(run.messages().join('\n')).toMatch(/not connected/);
  });

  it('feeds a tcp source: sink and source interoperate', async () => {
    const port = await freePort();
    const receiver = start(
      `@app:name('Receiver')
       @source(type='tcp', host='127.0.0.1', port='${String(port)}')
       define stream In (symbol string, price double, volume int);`,
    );
    const rows = receiver.collect('In');
    await receiver.app.whenConnected();
    const sender = start(
      `@sink(type='tcp', url='tcp://127.0.0.1:${String(port)}/Receiver/In')
       define stream Out (symbol string, price double, volume int);`,
    );
    await sender.app.whenConnected();
    for (let i = 0; i < 50; i += 1) sender.app.input('Out').send([`S${String(i)}`, i + 0.5, i]);
    await sender.app.idle();
    await waitFor(
      () => rows.length === 50,
      () => `${String(rows.length)} rows`,
    );
    expect(rows[49]).toEqual(['S49', 49.5, 49]);
  });
});
