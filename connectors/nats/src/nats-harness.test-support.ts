// Test support for the nats connectors: the shared loopback server, a private nats-server
// (JetStream on, its own store) that tests stop and restart, unique names, JSON rows, and
// engines with the nats extensions plus the json mapper.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRuntime, ExtensionList } from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import {
  createPluginApp,
  freePort,
  LocalServerProcess,
  startPluginApp,
  uniqueName as uniqueNameJoinedBy,
  type PluginAppOptions,
} from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { connect, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { extensions } from './index.js';

export { eventually, freePort, jsonMessages, rowsOf, until } from '@tributary/engine/testing';

/** The NATS server (JetStream on) every machine of this kind runs. */
export const NATS_URL = 'nats://127.0.0.1:4222';

/** The nats extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

const PLUGINS: readonly ExtensionList[] = [
  { package: '@tributary/connector-nats', version: '0.1.0', extensions },
  { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
];

/** A name no other test run uses (subjects, streams, consumers). */
export function uniqueName(prefix: string): string {
  return uniqueNameJoinedBy(prefix, '_');
}

/** Options of `createApp`/`startApp`: logs, reconnect delays (ms), more (test) extensions. */
export type AppOptions = PluginAppOptions;

/**
 * Creates an app with the nats extensions, the json mapper and quick reconnects (not started).
 * @example
 * const app = createApp("@source(type='nats', destination='x', @map(type='json')) define stream S (a int);");
 */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  return createPluginApp(PLUGINS, text, options);
}

/** `createApp`, started and connected. */
export function startApp(text: string, options: AppOptions = {}): Promise<AppRuntime> {
  return startPluginApp(PLUGINS, text, options);
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

/**
 * A private nats-server (JetStream with a file store in a temp folder) that a test may stop
 * and start again on the same port, keeping its streams.
 * @example
 * const server = await PrivateNatsServer.start();
 * await server.stop(); await server.restart();
 * await server.dispose();
 */
export class PrivateNatsServer {
  readonly #process: LocalServerProcess;

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {
    this.#process = new LocalServerProcess(port, '/usr/sbin/nats-server', [
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '-js',
      '-sd',
      storeDir,
    ]);
  }

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
  restart(): Promise<void> {
    return this.#process.start();
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void> {
    return this.#process.stop();
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
