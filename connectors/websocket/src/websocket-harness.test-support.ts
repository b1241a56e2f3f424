// Test support for the websocket connectors: free loopback ports, a peer WebSocket server that
// records what it receives and can send, a real-time wait on a condition, and a self-signed
// certificate made with openssl for the TLS cases.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * A port nothing listens on now.
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * Resolves once `ready()` holds, checking every 5 ms; rejects after `timeoutMs` saying `what`.
 * @example
 * await waitFor(() => peer.received.length === 2, () => 'nothing received');
 */
export async function waitFor(
  ready: () => boolean,
  what: () => string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${String(timeoutMs)} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A peer server for the client connectors. */
export interface PeerServer {
  readonly url: string;
  readonly port: number;
  /** Messages received, text as strings and binary as Buffers. */
  readonly received: (string | Buffer)[];
  /** The handshake requests of the clients, in connection order. */
  readonly handshakes: IncomingMessage[];
  readonly sockets: WebSocket[];
  /** Sends to every open client. */
  broadcast(data: string | Buffer): void;
  close(): Promise<void>;
}

/**
 * Starts a peer server on a loopback port (`port` 0: any free one).
 * @example
 * const peer = await startPeerServer({ protocols: ['chat'] });
 */
export async function startPeerServer(
  options: { readonly port?: number; readonly protocols?: readonly string[] } = {},
): Promise<PeerServer> {
  const protocols = options.protocols ?? [];
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    handleProtocols: (offered) => [...offered].find((p) => protocols.includes(p)) ?? false,
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const received: (string | Buffer)[] = [];
  const handshakes: IncomingMessage[] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket, request) => {
    handshakes.push(request);
    sockets.push(socket);
    socket.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      received.push(isBinary ? bytes : bytes.toString('utf8'));
    });
  });
  return {
    url: `ws://127.0.0.1:${String(port)}/peer`,
    port,
    received,
    handshakes,
    sockets,
    broadcast(data) {
      for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.send(data);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => {
          resolve();
        });
      }),
  };
}

/** A peer client of the server connectors. */
export interface PeerClient {
  readonly socket: WebSocket;
  readonly received: (string | Buffer)[];
  close(): void;
}

/**
 * Connects a peer client, retrying while the server is not listening yet.
 * @example
 * const client = await connectPeer('ws://127.0.0.1:9025/');
 */
export async function connectPeer(
  url: string,
  options: { readonly protocols?: string[]; readonly ca?: string } = {},
): Promise<PeerClient> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const socket = await new Promise<WebSocket>((resolve, reject) => {
        const s = new WebSocket(
          url,
          options.protocols ?? [],
          options.ca === undefined ? {} : { ca: options.ca },
        );
        s.once('open', () => {
          resolve(s);
        });
        s.once('error', reject);
      });
      const received: (string | Buffer)[] = [];
      socket.on('message', (data, isBinary) => {
        const bytes = data as Buffer;
        received.push(isBinary ? bytes : bytes.toString('utf8'));
      });
      socket.on('error', () => undefined);
      return {
        socket,
        received,
        close: () => {
          socket.terminate();
        },
      };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A self-signed certificate for 127.0.0.1 and its key, as PEM; `keyStore` holds both. */
export interface TestCertificate {
  readonly cert: string;
  readonly keyStorePath: string;
  readonly remove: () => void;
}

/**
 * Makes a self-signed certificate with openssl in a temporary folder.
 * @example
 * const tls = selfSignedCertificate(); // tls.keyStorePath → key + cert PEM
 */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-ws-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const certText = readFileSync(cert, 'utf8');
  const store = path.join(dir, 'store.pem');
  writeFileSync(store, readFileSync(key, 'utf8') + certText);
  return {
    cert: certText,
    keyStorePath: store,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
