// Test support for the http connectors: free loopback ports, a recording HTTP server, a
// request helper, and engines with the http extensions plus the json mapper.

import { readFileSync } from 'node:fs';
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type LogLevel,
  type TimeService,
} from '@tributary/engine';
import { defineSourceMapper, type Extension } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';

export const TLS_DIR = new URL('./__fixtures__/tls/', import.meta.url);
export const CERT_FILE = new URL('cert.pem', TLS_DIR).pathname;
export const KEY_FILE = new URL('key.pem', TLS_DIR).pathname;
/** A PKCS#12 key store of the same key and certificate, password `tributary`. */
export const P12_FILE = new URL('keystore.p12', TLS_DIR).pathname;
/** The key and the certificate in one PEM file. */
export const PEM_STORE_FILE = new URL('server.pem', TLS_DIR).pathname;
export const CERT_PEM = readFileSync(CERT_FILE, 'utf8');

export { freePort } from '@tributary/engine/testing';

/** One request a test server received. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a test server answers. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A test HTTP(S) server on a free loopback port that records requests. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** Resolves once `count` requests were received. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/**
 * Starts a server answering each request with `reply(request, index)` (default 200).
 * @example
 * const server = await startServer(() => ({ status: 200 }));
 */
export async function startServer(
  reply: (request: Received, index: number) => Reply | Promise<Reply> = () => ({}),
  options: { readonly tls?: boolean; readonly port?: number } = {},
): Promise<TestServer> {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = received.length;
      received.push(request);
      for (const wake of waiters.splice(0)) wake();
      void Promise.resolve(reply(request, index)).then((r) => {
        res.statusCode = r.status ?? 200;
        for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
        res.end(r.body);
      });
    });
  };
  const server =
    options.tls === true
      ? https.createServer({ key: readFileSync(KEY_FILE), cert: CERT_PEM }, handler)
      : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === true ? 'https' : 'http'}://127.0.0.1:${String(port)}`,
    port,
    received,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${String(count)} requests, got ${String(received.length)}`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** A response read whole. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one request (http or https; https trusts the fixture certificate). */
export function send(
  url: string,
  init: {
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
  } = {},
): Promise<Answer> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: init.method ?? 'POST',
        headers: init.headers ?? {},
        agent: false,
        ...(target.protocol === 'https:' ? { ca: CERT_PEM } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** `Basic <base64>` for a user and password. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A source mapper for tests: the whole payload, as text, is the first attribute. */
export const rawTextMapper: Extension = defineSourceMapper({
  name: 'rawText',
  status: 'experimental',
  summary: 'Test mapper: the payload text is the one attribute.',
  parameters: {},
  examples: [
    {
      description: 'The body of each response as one string.',
      siddhi:
        "@source(type='http-call-response', sink.id='s', @map(type='rawText')) define stream R (body string);",
    },
  ],
  create: () => ({
    map: (payload) => [[typeof payload === 'string' ? payload : JSON.stringify(payload)]],
  }),
});

/** One logged line. */
export interface Logged {
  readonly level: LogLevel;
  readonly message: string;
}

/** An app created on an engine with the built-ins, the http extensions and the json mapper. */
export interface TestApp {
  readonly app: AppRuntime;
  readonly logs: Logged[];
  /** Rows a stream received since the app was created. */
  readonly rows: (streamId: string) => unknown[][];
  /** Resolves once `streamId` received `count` rows. */
  readonly waitForRows: (
    streamId: string,
    count: number,
    timeoutMs?: number,
  ) => Promise<unknown[][]>;
}

/**
 * Creates and starts an app; throws with the diagnostics when it cannot be created.
 * @example
 * const { app, waitForRows } = await startApp(text, httpExtensions());
 */
export async function startApp(
  text: string,
  http: readonly Extension[],
  options: { readonly timeService?: TimeService; readonly streams?: readonly string[] } = {},
): Promise<TestApp> {
  const logs: Logged[] = [];
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-http', version: '0.1.0', extensions: http },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
      { package: 'http-test-support', version: '0.0.0', extensions: [rawTextMapper] },
    ),
    logger: {
      log(level, message) {
        logs.push({ level, message });
      },
    },
    backoff: { delays: [20], jitter: 0 },
    ...(options.timeService === undefined ? {} : { timeService: options.timeService }),
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  const app = created.app;
  const collected = new Map<string, unknown[][]>();
  for (const id of options.streams ?? app.streamIds) {
    const rows: unknown[][] = [];
    collected.set(id, rows);
    app.onStream(id, (events) => {
      for (const e of events) rows.push([...e.data]);
    });
  }
  app.start();
  await app.whenConnected();
  const rows = (id: string): unknown[][] => collected.get(id) ?? [];
  return {
    app,
    logs,
    rows,
    waitForRows: async (id, count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (rows(id).length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `stream ${id}: expected ${String(count)} rows, got ${JSON.stringify(rows(id))}; ` +
              `logged: ${logs.map((l) => `${l.level} ${l.message}`).join(' | ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return rows(id);
    },
  };
}
