// Test support: a server on a free port with temp folders, a test user and token (cheap scrypt
// cost), the built-in extensions only unless asked, and its log lines captured.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRegistry, type Clock, type Scheduler } from '@tributary/engine';
import { hashSecret, type ScryptCost } from './auth/secret-hash.js';
import { loadServerConfig, type ServerConfig } from './config/server-config.js';
import type { LoadedExtensions } from './extensions/extension-catalogue.js';
import { startServer, type TributaryServer } from './server.js';

/** Cheap enough for tests; never for real credentials. */
export const TEST_COST: ScryptCost = { N: 1024, r: 8, p: 1 };
export const TEST_USER = { username: 'tester', password: 'pa55word' };
export const TEST_TOKEN = 'test-token-123';

/** `Authorization` values for the test user and token. */
export const BASIC = `Basic ${Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64')}`;
export const BEARER = `Bearer ${TEST_TOKEN}`;

export interface TestServer extends TributaryServer {
  /** The home folder (conf/siddhi-files and data/ are under it). */
  readonly home: string;
  /** Log lines (JSON) written so far. */
  readonly logs: () => string[];
  /** fetch with the test user's credentials (unless `auth: null`). */
  readonly request: (
    path: string,
    init?: RequestInit & { readonly auth?: string | null; readonly json?: unknown },
  ) => Promise<Response>;
}

export interface TestServerOptions {
  /** Configuration sections as in the file (merged over the test defaults). */
  readonly overrides?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Reuse a home folder (a restart). */
  readonly home?: string;
  readonly extensions?: LoadedExtensions | 'plugins';
  readonly time?: Clock & Scheduler;
}

/** The built-in extensions alone (fast start). */
export const BUILTIN_EXTENSIONS: LoadedExtensions = {
  registry: builtinRegistry,
  loaded: [],
  refused: [],
};

/** A config for tests: free port, temp home, a user and a token. */
export async function testConfig(options: TestServerOptions = {}): Promise<ServerConfig> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'tributary-server-'));
  const auth = {
    enabled: true,
    users: [
      {
        username: TEST_USER.username,
        passwordHash: await hashSecret(TEST_USER.password, TEST_COST),
      },
    ],
    tokens: [{ name: 'ci', tokenHash: await hashSecret(TEST_TOKEN, TEST_COST) }],
  };
  const overrides = options.overrides ?? {};
  return loadServerConfig({
    home,
    env: {},
    overrides: {
      ...overrides,
      server: { host: '127.0.0.1', port: 0, ...overrides.server },
      auth: { ...auth, ...overrides.auth },
      logging: { level: 'debug', ...overrides.logging },
      persistence: { interval: 0, ...overrides.persistence },
      deployment: { watch: false, ...overrides.deployment },
    },
  });
}

/**
 * Starts a server for a test.
 * @example
 * const server = await startTestServer();
 * const res = await server.request('/siddhi-apps');
 * await server.close();
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = await testConfig(options);
  const lines: string[] = [];
  const server = await startServer({
    config,
    logDestination: { write: (line: string) => void lines.push(line) },
    ...(options.extensions === 'plugins'
      ? {}
      : { extensions: options.extensions ?? BUILTIN_EXTENSIONS }),
    ...(options.time === undefined ? {} : { time: options.time }),
  });
  return {
    ...server,
    close: () => server.close(),
    home: config.home,
    logs: () => [...lines],
    request(path, init = {}) {
      const { auth = BASIC, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth !== null) headers.set('authorization', auth);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
  };
}
