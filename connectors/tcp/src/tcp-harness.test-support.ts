// Test support for the tcp connector: free loopback ports, a raw siddhi-io-tcp peer server
// that decodes what sinks send, a raw client that sends frames, and a real-time wait.

import net from 'node:net';
import { FrameDecoder, encodeFrame, type TcpFrame } from './tcp-frame.js';

import { freePort } from '@tributary/engine/testing';

// The shared live-test helpers of @tributary/engine/testing, under the names these tests use.
export { freePort };

/**
 * Resolves once `ready()` holds, checking every 5 ms; rejects after `timeoutMs` saying `what`.
 * @example
 * await waitFor(() => peer.frames.length === 1, () => 'no frame');
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

/** A raw server collecting the frames it receives. */
export interface PeerServer {
  readonly port: number;
  readonly frames: TcpFrame[];
  readonly sockets: net.Socket[];
  close(): Promise<void>;
}

/** Starts a peer server on a loopback port (any free one unless given). */
export async function startPeerServer(port = 0): Promise<PeerServer> {
  const frames: TcpFrame[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => frames.push(...decoder.push(chunk)));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    frames,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A raw client sending frames, retrying while nothing listens yet. */
export async function sendFrames(
  port: number,
  frames: readonly { channelId: string; data: Uint8Array }[],
): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.end(
            Buffer.concat(frames.map((f) => encodeFrame('test-session', f.channelId, f.data))),
            () => {
              resolve();
            },
          );
        });
        socket.once('error', reject);
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
