// Test support for the rabbitmq connectors: the shared broker on loopback, a private broker
// node (its own port, store and node name) whose rabbit application tests stop and start again,
// unique names, JSON rows, and engines with the rabbitmq extensions plus the json mapper.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRuntime, ExtensionList } from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import {
  createPluginApp,
  freePort,
  startPluginApp,
  uniqueName as uniqueNameJoinedBy,
  waitForPort,
  type PluginAppOptions,
} from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { connect, type ChannelModel } from 'amqplib';
import { extensions } from './index.js';

export { eventually, freePort, jsonMessages, rowsOf, until } from '@tributary/engine/testing';

/** The RabbitMQ broker every machine of this kind runs. */
export const AMQP_URI = 'amqp://guest:guest@127.0.0.1:5672';

/** The rabbitmq extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

const PLUGINS: readonly ExtensionList[] = [
  { package: '@tributary/connector-rabbitmq', version: '0.1.0', extensions },
  { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
];

/** A name no other test run uses (exchanges, queues). */
export function uniqueName(prefix: string): string {
  return uniqueNameJoinedBy(prefix, '.');
}

/** Options of `createApp`/`startApp`: logs, reconnect delays (ms), more (test) extensions. */
export type AppOptions = PluginAppOptions;

/**
 * Creates an app with the rabbitmq extensions, the json mapper and quick reconnects.
 * @example
 * const app = createApp("@sink(type='rabbitmq', …, @map(type='json')) define stream S (a int);");
 */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  return createPluginApp(PLUGINS, text, options);
}

/** `createApp`, started and connected. */
export function startApp(text: string, options: AppOptions = {}): Promise<AppRuntime> {
  return startPluginApp(PLUGINS, text, options);
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
