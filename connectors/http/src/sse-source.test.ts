import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './http-harness.test-support.js';
import { httpExtensions } from './index.js';
import { SseParser } from './sse-parser.js';

describe('SseParser', () => {
  it('joins data lines, keeps event types and ids, ignores comments', () => {
    const parser = new SseParser();
    expect(parser.push(': hello\nevent: tick\ndata: a\ndata: b\nid: 1\n\ndata:c\n\n')).toEqual([
      { event: 'tick', data: 'a\nb', id: '1' },
      { event: 'message', data: 'c', id: '1' },
    ]);
    expect(parser.lastEventId).toBe('1');
  });

  it('handles lines and CRLF split across chunks, and a leading BOM', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFFdata: one\r')).toEqual([]);
    expect(parser.push('\n\r')).toEqual([{ event: 'message', data: 'one', id: '' }]);
    expect(parser.push('\ndata: tw')).toEqual([]);
    expect(parser.push('o\r\rdata')).toEqual([{ event: 'message', data: 'two', id: '' }]);
    expect(parser.push('\n\n')).toEqual([{ event: 'message', data: '', id: '' }]);
  });

  it('dispatches nothing for a block without data, and reads retry', () => {
    const parser = new SseParser();
    expect(parser.push('event: x\nretry: 3000\n\n')).toEqual([]);
    expect(parser.retryMs).toBe(3000);
  });
});

interface SseServer {
  readonly url: string;
  readonly clients: ServerResponse[];
  readonly lastEventIds: (string | undefined)[];
  waitForClients(count: number): Promise<void>;
  close(): Promise<void>;
}

async function sseServer(): Promise<SseServer> {
  const clients: ServerResponse[] = [];
  const lastEventIds: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    if (req.headers.accept !== 'text/event-stream') {
      res.statusCode = 406;
      res.end();
      return;
    }
    const id = req.headers['last-event-id'];
    lastEventIds.push(Array.isArray(id) ? id[0] : id);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-feed': 'stocks' });
    res.flushHeaders();
    clients.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/events`,
    clients,
    lastEventIds,
    async waitForClients(count) {
      const deadline = Date.now() + 5000;
      while (clients.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${String(count)} sse clients`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

const apps: TestApp[] = [];
const servers: SseServer[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.shutdown();
  for (const s of servers.splice(0)) await s.close();
});

describe("source 'sse'", () => {
  it('maps each message, with the event type and response headers as trp:', async () => {
    const server = await sseServer();
    servers.push(server);
    const started = await startApp(
      `@source(type='sse', receiver.url='${server.url}',
               @map(type='json', @attributes(symbol='$.symbol', price='$.price', kind='trp:event', feed='trp:X-Feed')))
       define stream S (symbol string, price double, kind string, feed string);`,
      httpExtensions(),
    );
    apps.push(started);
    await server.waitForClients(1);
    const client = server.clients[0];
    client?.write('event: quote\ndata: {"symbol":"IBM",\ndata: "price":75.5}\nid: 1\n\n');
    client?.write(': keep-alive\n\ndata: {"symbol":"WSO2","price":57.2}\nid: 2\n\n');
    expect(await started.waitForRows('S', 2)).toEqual([
      ['IBM', 75.5, 'quote', 'stocks'],
      ['WSO2', 57.2, 'message', 'stocks'],
    ]);
  });

  it('reconnects when the stream ends and resumes after the last message', async () => {
    const server = await sseServer();
    servers.push(server);
    const started = await startApp(
      `@source(type='sse', receiver.url='${server.url}', @map(type='json'))
       define stream S (v int);`,
      httpExtensions(),
    );
    apps.push(started);
    await server.waitForClients(1);
    server.clients[0]?.end('data: {"v":1}\nid: 41\n\n');
    await started.waitForRows('S', 1);
    await server.waitForClients(2);
    expect(server.lastEventIds).toEqual([undefined, '41']);
    server.clients[1]?.write('data: {"v":2}\n\n');
    expect(await started.waitForRows('S', 2)).toEqual([[1], [2]]);
  });

  it('fails the app when the server refuses the stream', async () => {
    const server = await sseServer();
    servers.push(server);
    await expect(
      startApp(
        `@source(type='sse', receiver.url='${server.url}', headers="'Accept:application/json'",
                 @map(type='json')) define stream S (v int);`,
        httpExtensions(),
      ),
    ).rejects.toThrow(/answered 406/);
  });
});
