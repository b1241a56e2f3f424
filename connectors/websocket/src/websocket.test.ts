// The websocket family against real loopback peers: handshake headers and sub-protocols, text
// and binary messages, lost connections and idle timeouts (on the virtual clock), broadcast,
// pause, and TLS with a self-signed certificate.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { extensions as textMappers } from '@tributary/mapper-text';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectPeer,
  freePort,
  selfSignedCertificate,
  startPeerServer,
  waitFor,
  type PeerClient,
  type PeerServer,
} from './websocket-harness.test-support.js';
import { extensions as wsExtensions } from './index.js';

const extensions = [...wsExtensions, ...jsonMappers, ...textMappers];
const cleanups: (() => Promise<void> | void)[] = [];

function start(app: string): IoAppRun {
  const run = startIoApp(app, { extensions });
  cleanups.push(() => run.app.shutdown());
  return run;
}

async function peerServer(options: { protocols?: string[] } = {}): Promise<PeerServer> {
  const peer = await startPeerServer(options);
  cleanups.push(() => peer.close());
  return peer;
}

async function peerClient(url: string, protocols?: string[], ca?: string): Promise<PeerClient> {
  const client = await connectPeer(url, {
    ...(protocols === undefined ? {} : { protocols }),
    ...(ca === undefined ? {} : { ca }),
  });
  cleanups.push(() => {
    client.close();
  });
  return client;
}

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const event = (symbol: string, price: number): string =>
  JSON.stringify({ event: { symbol, price } });

describe('websocket source', () => {
  it('sends headers and sub-protocols, maps messages, and reconnects when the server closes', async () => {
    const peer = await peerServer({ protocols: ['quotes.v2'] });
    const run = start(
      `@source(type='websocket', url='${peer.url}', sub.protocol='quotes.v1, quotes.v2',
               headers="'Authorization:Bearer abc','X-App:test'", @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    const request = peer.handshakes[0];
    expect(request?.headers.authorization).toBe('Bearer abc');
    expect(request?.headers['x-app']).toBe('test');
    expect(request?.headers['sec-websocket-protocol']).toBe('quotes.v1,quotes.v2');
    peer.broadcast(event('IBM', 1.5));
    peer.broadcast(Buffer.from(event('WSO2', 2.5)));
    await waitFor(
      () => rows.length === 2,
      () => JSON.stringify(rows),
    );
    expect(rows).toEqual([
      ['IBM', 1.5],
      ['WSO2', 2.5],
    ]);

    peer.sockets[0]?.close(1001, 'going away');
    await waitFor(
      () => run.messages().some((m) => m.includes('closed the connection')),
      () => run.messages().join(' | '),
    );
    // Siddhi's first backoff delay is 5 s.
    run.clock.advanceBy(5000);
    await waitFor(
      () => peer.handshakes.length === 2,
      () => 'no reconnect',
    );
    await run.app.whenConnected();
    peer.broadcast(event('MSFT', 3));
    await waitFor(
      () => rows.length === 3,
      () => JSON.stringify(rows),
    );
  });

  it('closes and reconnects after idle.timeout without messages', async () => {
    const peer = await peerServer();
    const run = start(
      `@source(type='websocket', url='${peer.url}', idle.timeout='1000', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    await run.app.whenConnected();
    run.clock.advanceBy(999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(run.messages()).toEqual([]);
    run.clock.advanceBy(1);
    await waitFor(
      () => run.messages().some((m) => m.includes('idle.timeout')),
      () => run.messages().join(' | '),
    );
    run.clock.advanceBy(5000);
    await waitFor(
      () => peer.handshakes.length === 2,
      () => 'no reconnect',
    );
  });

  it('retries while the server is down', async () => {
    const port = await freePort();
    const run = start(
      `@source(type='websocket', url='ws://127.0.0.1:${String(port)}/x', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot connect')),
      () => run.messages().join(' | '),
    );
    const peer = await startPeerServer({ port });
    cleanups.push(() => peer.close());
    run.clock.advanceBy(5000);
    await run.app.whenConnected();
    expect(peer.handshakes).toHaveLength(1);
  });
});

describe('websocket sink', () => {
  it('sends text and binary payloads; a lost server is a connection error for on.error', async () => {
    const peer = await peerServer();
    const run = start(
      `@sink(type='websocket', url='${peer.url}', @map(type='json'))
       define stream S (symbol string, price double);
       @sink(type='websocket', url='${peer.url}', @map(type='text', @payload('{{symbol}}')))
       define stream T (symbol string);`,
    );
    await run.app.whenConnected();
    run.app.input('S').send(['IBM', 1.5]);
    run.app.input('T').send(['WSO2']);
    await run.app.idle();
    await waitFor(
      () => peer.received.length === 2,
      () => JSON.stringify(peer.received),
    );
    expect(peer.received).toContain(event('IBM', 1.5));
    expect(peer.received).toContain('WSO2');

    for (const s of peer.sockets) s.terminate();
    await new Promise((resolve) => setTimeout(resolve, 30));
    run.app.input('T').send(['LOST']);
    await run.app.idle();
    expect(run.messages().join('\n')).toMatch(/not connected/);
  });
});

describe('websocket-server source and sink', () => {
  it('takes messages from every client, honouring pause and sub-protocols', async () => {
    const port = await freePort();
    const run = start(
      `@source(type='websocket-server', host='127.0.0.1', port='${String(port)}', sub.protocol='a, b',
               @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    const one = await peerClient(`ws://127.0.0.1:${String(port)}/`, ['x', 'b']);
    const two = await peerClient(`ws://127.0.0.1:${String(port)}/any/path`);
    expect(one.socket.protocol).toBe('b');
    one.socket.send(event('IBM', 1));
    two.socket.send(event('WSO2', 2));
    await waitFor(
      () => rows.length === 2,
      () => JSON.stringify(rows),
    );
    run.app.pause();
    one.socket.send(event('HELD', 3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows).toHaveLength(2);
    run.app.resume();
    await waitFor(
      () => rows.length === 3,
      () => JSON.stringify(rows),
    );
    expect(rows[2]).toEqual(['HELD', 3]);
  });

  it('broadcasts to every connected client', async () => {
    const port = await freePort();
    const run = start(
      `@sink(type='websocket-server', host='127.0.0.1', port='${String(port)}', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    await run.app.whenConnected();
    // No client yet: the event is dropped, not an error.
    run.app.input('S').send(['NOBODY', 0]);
    await run.app.idle();
    const one = await peerClient(`ws://127.0.0.1:${String(port)}/`);
    const two = await peerClient(`ws://127.0.0.1:${String(port)}/`);
    run.app.input('S').send(['IBM', 1.5]);
    await run.app.idle();
    await waitFor(
      () => one.received.length === 1 && two.received.length === 1,
      () => `${JSON.stringify(one.received)} ${JSON.stringify(two.received)}`,
    );
    expect(one.received).toEqual([event('IBM', 1.5)]);
    expect(two.received).toEqual([event('IBM', 1.5)]);
    expect(run.messages()).toEqual([]);
  });

  it('serves wss with a key store, and the client trusts it with a trust store', async () => {
    const tls = selfSignedCertificate();
    cleanups.push(tls.remove);
    const port = await freePort();
    const server = start(
      `@source(type='websocket-server', host='127.0.0.1', port='${String(port)}', tls.enabled='true',
               keystore.path='${tls.keyStorePath}', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    const rows = server.collect('S');
    await server.app.whenConnected();
    const client = start(
      `@sink(type='websocket', url='wss://127.0.0.1:${String(port)}/', truststore.path='${tls.keyStorePath}',
             @map(type='json'))
       define stream Out (symbol string, price double);`,
    );
    await client.app.whenConnected();
    client.app.input('Out').send(['TLS', 4.5]);
    await client.app.idle();
    await waitFor(
      () => rows.length === 1,
      () => `${JSON.stringify(rows)} ${client.messages().join(' | ')}`,
    );
    expect(rows).toEqual([['TLS', 4.5]]);
  });

  it('retries while the port is taken', async () => {
    const peer = await peerServer();
    const run = start(
      `@source(type='websocket-server', host='127.0.0.1', port='${String(peer.port)}', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot listen')),
      () => run.messages().join(' | '),
    );
  });
});
