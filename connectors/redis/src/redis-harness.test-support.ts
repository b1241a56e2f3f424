// Test support for the redis pub/sub connectors: the shared server on loopback, a private
// redis-server that tests stop and start again, unique names, JSON rows, and engines with the
// redis extensions plus the json mapper.

import type { AppRuntime, ExtensionList } from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import {
  freePort,
  LocalServerProcess,
  rowsOf,
  startPluginApp,
  uniqueName as uniqueNameJoinedBy,
  type PluginAppOptions,
} from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { Redis } from 'ioredis';
import { extensions } from './index.js';

export { jsonMessages, rowsOf, until } from '@tributary/engine/testing';

/** The Redis server every machine of this kind runs. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** The redis extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

const PLUGINS: readonly ExtensionList[] = [
  { package: '@tributary/connector-redis', version: '0.1.0', extensions },
  { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
];

/** A channel name no other test run uses. */
export function uniqueName(prefix: string): string {
  return uniqueNameJoinedBy(prefix, '.');
}

/** Creates, starts and connects an app with the redis extensions, the json mapper and quick reconnects. */
export function startApp(text: string, options: PluginAppOptions = {}): Promise<AppRuntime> {
  return startPluginApp(PLUGINS, text, options);
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

/**
 * A private redis-server (no persistence) on a free port that a test may stop and start again.
 * @example
 * const server = await PrivateRedisServer.start(); await server.stop(); await server.restart();
 */
export class PrivateRedisServer {
  readonly #process: LocalServerProcess;

  private constructor(readonly port: number) {
    this.#process = new LocalServerProcess(port, 'redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
  }

  get url(): string {
    return `redis://127.0.0.1:${String(this.port)}`;
  }

  static async start(): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(await freePort());
    await server.restart();
    return server;
  }

  restart(): Promise<void> {
    return this.#process.start();
  }

  stop(): Promise<void> {
    return this.#process.stop();
  }
}
