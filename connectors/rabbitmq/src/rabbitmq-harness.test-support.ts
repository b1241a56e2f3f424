// Test support for the rabbitmq connectors: the shared broker on loopback, a private broker
// node (its own port, store and node name) whose rabbit application tests stop and start again,
// unique names, JSON rows, and engines with the rabbitmq extensions plus the json mapper.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { connect, type ChannelModel } from 'amqplib';
import { extensions } from './index.js';

/** The RabbitMQ broker every machine of this kind runs. */
export const AMQP_URI = 'amqp://guest:guest@127.0.0.1:5672';

/** The rabbitmq extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

let counter = 0;

/** A name no other test run uses (exchanges, queues). */
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

/** Options of `createApp`/`startApp`. */
export interface AppOptions {
  readonly logs?: string[];
  readonly delays?: readonly number[];
  readonly extensions?: readonly Extension[];
}

/** Creates an app with the rabbitmq extensions, the json mapper and quick reconnects. */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-rabbitmq', version: '0.1.0', extensions },
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

/** Resolves once the async `check` holds (polling); rejects after `timeoutMs`. */
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

/** A test connection to `uri` (default the shared broker) that ignores its errors. */
export async function client(uri = AMQP_URI): Promise<ChannelModel> {
  const connection = await connect(uri);
  connection.on('error', () => undefined);
  return connection;
}

/** The ready (not delivered, or returned) messages of a queue. */
export async function readyCount(connection: ChannelModel, queue: string): Promise<number> {
  const channel = await connection.createChannel();
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await channel.close();
  }
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

async function waitForPort(port: number, open: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await accepting(port)) !== open) {
    if (Date.now() > deadline)
      throw new Error(`port ${String(port)} did not ${open ? 'open' : 'close'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs rabbitmqctl against one node (without blocking the event loop: apps keep running). */
async function ctl(node: string, ...args: string[]): Promise<void> {
  const child = spawn('rabbitmqctl', ['-n', node, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed: ${output}`);
}

/**
 * A broker node of its own (port, store, node name; no plugins), so that a test may stop and
 * start its rabbit application (`rabbitmqctl stop_app`/`start_app`: every client connection
 * drops, durable queues and persistent messages stay) without touching the shared broker.
 * @example
 * const node = await PrivateRabbitNode.start();
 * await node.stop(); await node.restart();
 * await node.dispose();
 */
export class PrivateRabbitNode {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly node: string,
    private readonly dir: string,
  ) {}

  get uri(): string {
    return `amqp://guest:guest@127.0.0.1:${String(this.port)}`;
  }

  static async start(timeoutMs = 150_000): Promise<PrivateRabbitNode> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'tributary-rabbit-'));
    const node = new PrivateRabbitNode(
      port,
      `tributary-test-${String(process.pid)}@localhost`,
      dir,
    );
    writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${String(port)}\n`);
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    // The server runs as the rabbitmq user: it must own its folder.
    const uid = Number(spawnSync('id', ['-u', 'rabbitmq'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'rabbitmq'], { encoding: 'utf8' }).stdout.trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) {
      for (const path of [dir, join(dir, 'rabbitmq.conf'), join(dir, 'enabled_plugins')]) {
        chownSync(path, uid, gid);
      }
    }
    node.#child = spawn('rabbitmq-server', [], {
      stdio: 'ignore',
      env: {
        ...process.env,
        RABBITMQ_NODENAME: node.node,
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
        RABBITMQ_CONF_ENV_FILE: '/dev/null',
        RABBITMQ_DIST_PORT: String(await freePort()),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        RABBITMQ_PID_FILE: join(dir, 'pid'),
      },
    });
    await waitForPort(port, true, timeoutMs);
    return node;
  }

  /** Stops the rabbit application: the port closes, every connection drops. */
  async stop(): Promise<void> {
    await ctl(this.node, 'stop_app');
    await waitForPort(this.port, false, 30_000);
  }

  /** Starts the rabbit application again. */
  async restart(): Promise<void> {
    await ctl(this.node, 'start_app');
    await waitForPort(this.port, true, 60_000);
  }

  /** Stops the node and removes its store. */
  async dispose(): Promise<void> {
    try {
      await ctl(this.node, 'stop');
    } catch {
      this.#child?.kill('SIGTERM');
    }
    const child = this.#child;
    if (child?.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
        setTimeout(resolve, 10_000);
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
