// Test support for the nats connectors: the shared loopback server, a private nats-server
// (JetStream on, its own store) that tests stop and restart, unique names, JSON rows, and
// engines with the nats extensions plus the json mapper.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { connect, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { extensions } from './index.js';

/** The NATS server (JetStream on) every machine of this kind runs. */
export const NATS_URL = 'nats://127.0.0.1:4222';

/** The nats extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

let counter = 0;

/** A name no other test run uses (subjects, streams, consumers). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${String(process.pid)}_${Date.now().toString(36)}_${String(counter)}`;
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

/** Options of `createApp`/`startApp`. */
export interface AppOptions {
  readonly logs?: string[];
  /** Reconnect delays (ms; the last repeats). */
  readonly delays?: readonly number[];
  /** More extensions (test sinks). */
  readonly extensions?: readonly Extension[];
}

/**
 * Creates an app with the nats extensions, the json mapper and quick reconnects (not started).
 * @example
 * const app = createApp("@source(type='nats', destination='x', @map(type='json')) define stream S (a int);");
 */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-nats', version: '0.1.0', extensions },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
      { package: 'tributary-tests', version: '0.0.0', extensions: options.extensions ?? [] },
    ),
    logger: recordingLogger(options.logs ?? []),
    backoff: { delays: options.delays ?? [50], jitter: 0 },
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  return created.app;
}

/** `createApp`, started and connected. */
export async function startApp(text: string, options: AppOptions = {}): Promise<AppRuntime> {
  const app = createApp(text, options);
  app.start();
  await app.whenConnected();
  return app;
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

/** Resolves once the async `check` holds (polling); rejects after `timeoutMs` saying `what()`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A JetStream stream on `subjects` (memory storage unless `file`), returned with its name. */
export async function createStream(
  nc: NatsConnection,
  subjects: readonly string[],
  file = false,
): Promise<string> {
  const name = uniqueName('STREAM');
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({
    name,
    subjects: [...subjects],
    storage: file ? StorageType.File : StorageType.Memory,
    retention: RetentionPolicy.Limits,
  });
  return name;
}

export async function deleteStream(nc: NatsConnection, name: string): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.delete(name).catch(() => false);
}

/** A port nobody listens on right now (loopback). */
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
 * A private nats-server (JetStream with a file store in a temp folder) that a test may stop
 * and start again on the same port, keeping its streams.
 * @example
 * const server = await PrivateNatsServer.start();
 * await server.stop(); await server.restart();
 * await server.dispose();
 */
export class PrivateNatsServer {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${String(this.port)}`;
  }

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'tributary-nats-')),
    );
    await server.restart();
    return server;
  }

  /** Starts the server (again) and waits until it accepts connections. */
  async restart(): Promise<void> {
    const child = spawn(
      '/usr/sbin/nats-server',
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir],
      { stdio: 'ignore' },
    );
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (!(await accepting(this.port))) {
      if (child.exitCode !== null) throw new Error('nats-server exited at start');
      if (Date.now() > deadline) throw new Error('nats-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
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

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** A client connection to `url` (default the shared server). */
export function client(url = NATS_URL): Promise<NatsConnection> {
  return connect({ servers: url });
}
