// Test support for the redis pub/sub connectors: the shared server on loopback, a private
// redis-server that tests stop and start again, unique names, JSON rows, and engines with the
// redis extensions plus the json mapper.

import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { Redis } from 'ioredis';
import { extensions } from './index.js';

/** The Redis server every machine of this kind runs. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** The redis extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

let counter = 0;

/** A channel name no other test run uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}.${String(process.pid)}.${Date.now().toString(36)}.${String(counter)}`;
}

/** Rows as the json mapper's default format: `{"event":{...}}`, one message per row. */
export function jsonMessages(
  names: readonly string[],
  rows: readonly (readonly unknown[])[],
): string[] {
  return rows.map((row) =>
    JSON.stringify({ event: Object.fromEntries(names.map((n, i) => [n, row[i]])) }),
  );
}

interface Wrapped {
  readonly event: Record<string, unknown>;
}

/** The rows of a `{"event":{...}}` message or of an array of them (grouped events). */
export function rowsOf(names: readonly string[], text: string): unknown[][] {
  const parsed = JSON.parse(text) as Wrapped | Wrapped[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((e) => names.map((n) => e.event[n]));
}

/** A logger that keeps what it is told. */
export function recordingLogger(lines: string[]): Logger {
  return {
    log(level, message) {
      lines.push(`${level}: ${message}`);
    },
  };
}

/** Creates, starts and connects an app with the redis extensions, the json mapper and quick reconnects. */
export async function startApp(
  text: string,
  options: { readonly logs?: string[]; readonly delays?: readonly number[] } = {},
): Promise<AppRuntime> {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-redis', version: '0.1.0', extensions },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
    ),
    logger: recordingLogger(options.logs ?? []),
    backoff: { delays: options.delays ?? [50], jitter: 0 },
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  created.app.start();
  await created.app.whenConnected();
  return created.app;
}

/** Resolves once `ready()` holds (polling); rejects after `timeoutMs` saying `what()`. */
export async function until(
  ready: () => boolean,
  what: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A test client (default: the shared server). */
export function client(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}

/** Rows from every message of `channel`. */
export async function collectChannel(
  channel: string,
  names: readonly string[],
): Promise<{ received(): unknown[][]; close(): Promise<void> }> {
  const c = client();
  const rows: unknown[][] = [];
  c.on('message', (_channel: string, message: string) => {
    rows.push(...rowsOf(names, message));
  });
  await c.subscribe(channel);
  return {
    received: () => rows,
    close: async () => {
      await c.quit();
    },
  };
}

async function freePort(): Promise<number> {
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

async function accepting(port: number): Promise<boolean> {
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
 * A private redis-server (no persistence) on a free port that a test may stop and start again.
 * @example
 * const server = await PrivateRedisServer.start(); await server.stop(); await server.restart();
 */
export class PrivateRedisServer {
  #child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${String(this.port)}`;
  }

  static async start(): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(await freePort());
    await server.restart();
    return server;
  }

  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (!(await accepting(this.port))) {
      if (child.exitCode !== null) throw new Error('redis-server exited at start');
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

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
