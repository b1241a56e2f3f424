// Test support for the prometheus connector: free loopback ports, a scrape target serving a
// settable text, a fake Pushgateway recording pushes, a scrape helper and a real-time wait.

import http from 'node:http';

import { freePort, until } from '@tributary/engine/testing';

// The shared live-test helpers of @tributary/engine/testing, under the names these tests use.
export { freePort, until as waitFor };

/** A request the peer received. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback HTTP peer: a scrape target or a Pushgateway. */
export interface Peer {
  readonly url: string;
  readonly port: number;
  readonly requests: Received[];
  /** What GET answers (status 200 unless `status` is set). */
  body: string;
  status: number;
  close(): Promise<void>;
}

/** Starts a peer on a loopback port (any free one unless given). */
export async function startPeer(port = 0): Promise<Peer> {
  const requests: Received[] = [];
  const peer: Peer = {
    url: '',
    port: 0,
    requests,
    body: '',
    status: 200,
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(peer.status, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(req.method === 'GET' ? peer.body : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  return Object.assign(peer, {
    url: `http://127.0.0.1:${String(actual)}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  });
}

/** GETs a URL's text, or undefined when nothing answers. */
export function scrape(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
      })
      .on('error', () => {
        resolve(undefined);
      });
  });
}
