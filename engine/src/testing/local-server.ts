// Loopback ports and server processes of live-server tests: a free port, whether a port
// accepts connections, and a server child process a test may stop and start again.

import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { basename } from 'node:path';

/**
 * A port nobody listens on right now (loopback).
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * Whether something accepts connections on the loopback `port`.
 * @example
 * if (await isAccepting(4222)) console.log('up');
 */
export async function isAccepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * Resolves once the loopback `port` accepts connections (`open`) or refuses them (not `open`),
 * checking every 100 ms; rejects after `timeoutMs`.
 * @example
 * await waitForPort(port, false, 30_000);
 */
export async function waitForPort(port: number, open: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await isAccepting(port)) !== open) {
    if (Date.now() > deadline)
      throw new Error(`port ${String(port)} did not ${open ? 'open' : 'close'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A server child process on a loopback port (its output ignored) that a test may stop
 * (SIGTERM) and start again with the same command line.
 * @example
 * const server = new LocalServerProcess(port, 'redis-server', ['--port', String(port)]);
 * await server.start(); await server.stop(); await server.start();
 */
export class LocalServerProcess {
  #child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly command: string,
    private readonly args: readonly string[],
  ) {}

  /** Starts the process (again) and waits (10 s at most) until its port accepts connections. */
  async start(): Promise<void> {
    const name = basename(this.command);
    const child = spawn(this.command, this.args, { stdio: 'ignore' });
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (!(await isAccepting(this.port))) {
      if (child.exitCode !== null) throw new Error(`${name} exited at start`);
      if (Date.now() > deadline) throw new Error(`${name} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops the process (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child?.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
