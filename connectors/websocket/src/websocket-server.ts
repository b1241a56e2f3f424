// The `websocket-server` source and sink: a WebSocket server on `host`:`port` (TLS with a key
// store when `tls.enabled`). The source turns each message of any connected client into
// events; the sink sends each payload to every connected client.

import {
  ConnectionUnavailableError,
  defineSink,
  defineSource,
  param,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import http from 'node:http';
import https from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import WebSocket, { WebSocketServer } from 'ws';
import { IdleWatch } from './idle-watch.js';
import {
  framePayload,
  idleTimeoutOf,
  keyStore,
  messagePayload,
  parseSubProtocols,
  WebSocketOptionError,
} from './websocket-options.js';

const serverParameters = {
  host: param.string({ description: 'The address to listen on (`0.0.0.0` for all).' }),
  port: param.int({ description: 'The port to listen on.' }),
  'sub.protocol': param.string({
    description:
      "Sub-protocols the server accepts: `'chat, superchat'`; a client offering protocols " +
      'gets the first of its own that is listed.',
    optional: true,
  }),
  'idle.timeout': param.int({
    description: 'Close a client connection after this many ms without messages; -1 never.',
    optional: true,
    default: -1,
  }),
  'tls.enabled': param.bool({
    description: 'Serve `wss` with the key store.',
    optional: true,
    default: false,
  }),
  'keystore.path': param.string({
    description: 'With `tls.enabled`: the key and certificate, a PEM or PKCS#12 file.',
    optional: true,
  }),
  'keystore.password': param.string({
    description: 'The password of the key store.',
    optional: true,
    secret: true,
  }),
};

export type WebSocketServerOptions = OptionsOf<typeof serverParameters>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A listening WebSocket server and its clients. */
class ServerEndpoint {
  readonly #protocols: readonly string[];
  readonly #tls: SecureContextOptions | undefined;
  readonly #idleMs: number | undefined;
  #server: http.Server | undefined;
  #wss: WebSocketServer | undefined;
  readonly #idle = new Map<WebSocket, IdleWatch>();

  constructor(
    private readonly ctx:
      SourceContext<WebSocketServerOptions> | SinkContext<WebSocketServerOptions>,
    private readonly where: string,
    private readonly onClient: (socket: WebSocket) => void,
  ) {
    const options = ctx.options;
    if (options.port < 0 || options.port > 65535) {
      throw new WebSocketOptionError(`port must be 0–65535, found ${String(options.port)}`);
    }
    this.#protocols =
      options['sub.protocol'] === undefined ? [] : parseSubProtocols(options['sub.protocol']);
    this.#idleMs = idleTimeoutOf(options['idle.timeout']);
    if (options['tls.enabled']) {
      const path = options['keystore.path'];
      if (path === undefined)
        throw new WebSocketOptionError("tls.enabled='true' needs keystore.path");
      this.#tls = keyStore(path, options['keystore.password']);
    }
  }

  get clients(): ReadonlySet<WebSocket> {
    return this.#wss?.clients ?? new Set();
  }

  /** The port listened on (the given one, or the one the system chose for 0). */
  get port(): number | undefined {
    const address = this.#server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  async listen(): Promise<void> {
    const server = this.#tls === undefined ? http.createServer() : https.createServer(this.#tls);
    const protocols = this.#protocols;
    const wss = new WebSocketServer({
      server,
      ...(protocols.length === 0
        ? {}
        : {
            handleProtocols: (offered: Set<string>) =>
              [...offered].find((p) => protocols.includes(p)) ?? false,
          }),
    });
    wss.on('connection', (socket) => {
      this.#watch(socket);
      this.onClient(socket);
    });
    wss.on('error', (error) => {
      this.ctx.logger.log('error', `${this.where}: ${describe(error)}`);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.ctx.options.port, this.ctx.options.host, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
    } catch (error) {
      wss.close();
      throw new ConnectionUnavailableError(
        `${this.where} cannot listen on ${this.ctx.options.host}:${String(this.ctx.options.port)}: ${describe(error)}`,
        { cause: error },
      );
    }
    this.#server = server;
    this.#wss = wss;
  }

  #watch(socket: WebSocket): void {
    const idleMs = this.#idleMs;
    socket.on('error', () => undefined);
    if (idleMs === undefined) return;
    const watch = new IdleWatch(this.ctx.clock, this.ctx.scheduler, idleMs, () => {
      this.#idle.delete(socket);
      socket.close(1001, 'idle timeout');
    });
    this.#idle.set(socket, watch);
    socket.on('message', () => {
      watch.touch();
    });
    socket.on('close', () => {
      watch.stop();
      this.#idle.delete(socket);
    });
  }

  /** Something was sent to `socket`. */
  touch(socket: WebSocket): void {
    this.#idle.get(socket)?.touch();
  }

  async close(): Promise<void> {
    const wss = this.#wss;
    const server = this.#server;
    this.#wss = undefined;
    this.#server = undefined;
    for (const watch of this.#idle.values()) watch.stop();
    this.#idle.clear();
    if (wss === undefined || server === undefined) return;
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => {
      wss.close(() => {
        resolve();
      });
    });
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
  }
}

/** One `websocket-server` source. */
class WebSocketServerSourceConnection implements SourceConnection {
  readonly #endpoint: ServerEndpoint;
  readonly #where: string;
  #paused = false;

  constructor(private readonly ctx: SourceContext<WebSocketServerOptions>) {
    this.#where = `source 'websocket-server' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#endpoint = new ServerEndpoint(ctx, this.#where, (socket) => {
      if (this.#paused) socket.pause();
      socket.on('message', (data, isBinary) => {
        this.ctx.emit(messagePayload(data, isBinary)).catch((error: unknown) => {
          this.ctx.logger.log('warn', `${this.#where} dropped a message: ${describe(error)}`);
        });
      });
    });
  }

  connect(): Promise<void> {
    return this.#endpoint.listen();
  }

  disconnect(): Promise<void> {
    return this.#endpoint.close();
  }

  pause(): void {
    this.#paused = true;
    for (const socket of this.#endpoint.clients) socket.pause();
  }

  resume(): void {
    this.#paused = false;
    for (const socket of this.#endpoint.clients) socket.resume();
  }
}

/** One `websocket-server` sink. */
class WebSocketServerSinkConnection implements SinkConnection {
  readonly #endpoint: ServerEndpoint;
  readonly #where: string;

  constructor(ctx: SinkContext<WebSocketServerOptions>) {
    this.#where = `sink 'websocket-server' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#endpoint = new ServerEndpoint(ctx, this.#where, () => undefined);
  }

  connect(): Promise<void> {
    return this.#endpoint.listen();
  }

  disconnect(): Promise<void> {
    return this.#endpoint.close();
  }

  async publish(payload: unknown): Promise<void> {
    const data = framePayload(payload, this.#where);
    const sends: Promise<void>[] = [];
    for (const socket of this.#endpoint.clients) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      this.#endpoint.touch(socket);
      sends.push(
        new Promise((resolve) => {
          // A client that went away misses the message; the others still get it.
          socket.send(data, () => {
            resolve();
          });
        }),
      );
    }
    await Promise.all(sends);
  }
}

/**
 * The `websocket-server` source.
 * @example
 * createRegistry({ package: '@tributary/connector-websocket', version: '0.1.0', extensions: [webSocketServerSource] });
 */
export const webSocketServerSource = defineSource({
  name: 'websocket-server',
  status: 'stable',
  summary: 'Runs a WebSocket server; messages from its clients become events.',
  description:
    'Clients connect to `ws://host:port/` (any path; `wss` with `tls.enabled`). Text messages ' +
    'reach the `@map` as strings, binary ones as bytes. While the app is paused the clients ' +
    'are not read.',
  parameters: serverParameters,
  examples: [
    {
      description: 'Listens on port 9025 for XML events.',
      siddhi:
        "@source(type='websocket-server', host='0.0.0.0', port='9025', @map(type='xml'))\n" +
        'define stream Foo (attribute1 string, attribute2 int);',
    },
  ],
  create: (ctx) => new WebSocketServerSourceConnection(ctx),
});

/**
 * The `websocket-server` sink.
 * @example
 * createRegistry({ package: '@tributary/connector-websocket', version: '0.1.0', extensions: [webSocketServerSink] });
 */
export const webSocketServerSink = defineSink({
  name: 'websocket-server',
  status: 'stable',
  summary: 'Runs a WebSocket server and sends each payload to every connected client.',
  description:
    'An event is acknowledged once its message was written to every client connected at that ' +
    'moment; with no client connected it is dropped (as in Siddhi).',
  parameters: serverParameters,
  examples: [
    {
      description: 'Serves XML events to the clients of port 9025.',
      siddhi:
        "@sink(type='websocket-server', host='0.0.0.0', port='9025', @map(type='xml'))\n" +
        'define stream Foo (attribute1 string, attribute2 int);',
    },
  ],
  create: (ctx) => new WebSocketServerSinkConnection(ctx),
});
