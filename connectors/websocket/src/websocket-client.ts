// The `websocket` source and sink: a client of a WebSocket server at `url` (ws or wss), with
// Siddhi's sub-protocols, headers, idle timeout and trust store. The source turns each message
// into events (text as a string, binary as bytes); the sink sends each payload as a message,
// acknowledged once written to the socket.

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
import type { SecureContextOptions } from 'node:tls';
import WebSocket from 'ws';
import { IdleWatch } from './idle-watch.js';
import {
  framePayload,
  idleTimeoutOf,
  messagePayload,
  parseHeaders,
  parseSubProtocols,
  trustStore,
  WebSocketOptionError,
} from './websocket-options.js';

const clientParameters = {
  url: param.string({
    description: 'The server to connect to: `ws://host:port/path` or `wss://…`.',
  }),
  'sub.protocol': param.string({
    description: "Sub-protocols offered to the server: `'chat, superchat'`.",
    optional: true,
  }),
  headers: param.string({
    description: "Headers sent with the opening handshake: `\"'name:value','name:value'\"`.",
    optional: true,
  }),
  'idle.timeout': param.int({
    description:
      'Close the connection after this many ms without messages (the engine then reconnects ' +
      'with backoff); -1 never.',
    optional: true,
    default: -1,
  }),
  'truststore.path': param.string({
    description:
      '`wss`: the trusted CA certificates, a PEM or PKCS#12 file (default: the system CAs).',
    optional: true,
  }),
  'truststore.password': param.string({
    description: 'The password of a PKCS#12 trust store.',
    optional: true,
    secret: true,
  }),
};

export type WebSocketClientOptions = OptionsOf<typeof clientParameters>;

/** The resolved settings of a client. */
interface ClientSettings {
  readonly url: string;
  readonly protocols: string[];
  readonly headers: Record<string, string>;
  readonly idleMs: number | undefined;
  readonly tls: SecureContextOptions;
}

function clientSettings(options: WebSocketClientOptions): ClientSettings {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new WebSocketOptionError(`url '${options.url}' is not a URL`, { cause: error });
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new WebSocketOptionError(
      `url '${options.url}' must use the ws or wss scheme, not '${url.protocol.slice(0, -1)}'`,
    );
  }
  const storePath = options['truststore.path'];
  return {
    url: options.url,
    protocols:
      options['sub.protocol'] === undefined ? [] : parseSubProtocols(options['sub.protocol']),
    headers: options.headers === undefined ? {} : parseHeaders(options.headers),
    idleMs: idleTimeoutOf(options['idle.timeout']),
    tls:
      url.protocol === 'wss:' && storePath !== undefined
        ? trustStore(storePath, options['truststore.password'])
        : {},
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens a connection; rejects with ConnectionUnavailableError when the handshake fails. */
function openClient(settings: ClientSettings, where: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(settings.url, settings.protocols, {
      headers: settings.headers,
      ...settings.tls,
    });
    const fail = (error: unknown): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(
        new ConnectionUnavailableError(
          `${where} cannot connect to ${settings.url}: ${describe(error)}`,
          { cause: error },
        ),
      );
    };
    socket.once('error', fail);
    socket.once('unexpected-response', (_request, response) => {
      fail(new Error(`the server answered ${String(response.statusCode)}`));
    });
    socket.once('open', () => {
      socket.removeListener('error', fail);
      resolve(socket);
    });
  });
}

function closeQuietly(socket: WebSocket | undefined): Promise<void> {
  if (socket === undefined || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => {
      resolve();
    });
    socket.on('error', () => undefined);
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close(1000);
    // A peer that never answers the close handshake is cut off.
    setTimeout(() => {
      socket.terminate();
    }, 1000).unref();
  });
}

/** One `websocket` source. */
class WebSocketSourceConnection implements SourceConnection {
  readonly #settings: ClientSettings;
  readonly #where: string;
  #socket: WebSocket | undefined;
  #idle: IdleWatch | undefined;
  #paused = false;

  constructor(private readonly ctx: SourceContext<WebSocketClientOptions>) {
    this.#settings = clientSettings(ctx.options);
    this.#where = `source 'websocket' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
  }

  async connect(): Promise<void> {
    const socket = await openClient(this.#settings, this.#where);
    this.#socket = socket;
    if (this.#paused) socket.pause();
    const idleMs = this.#settings.idleMs;
    if (idleMs !== undefined) {
      this.#idle = new IdleWatch(this.ctx.clock, this.ctx.scheduler, idleMs, () => {
        this.#lost(new Error(`no message for ${String(idleMs)} ms (idle.timeout)`));
      });
    }
    socket.on('message', (data, isBinary) => {
      this.#idle?.touch();
      this.ctx.emit(messagePayload(data, isBinary)).catch((error: unknown) => {
        this.ctx.logger.log('warn', `${this.#where} dropped a message: ${describe(error)}`);
      });
    });
    socket.on('close', (code, reason) => {
      if (this.#socket === socket) {
        this.#lost(
          new Error(`the server closed the connection (${String(code)} ${reason.toString()})`),
        );
      }
    });
    socket.on('error', (error) => {
      if (this.#socket === socket) this.#lost(error);
    });
  }

  #lost(error: Error): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#idle?.stop();
    this.#idle = undefined;
    void closeQuietly(socket);
    this.ctx.connectionLost(
      new ConnectionUnavailableError(`${this.#where}: ${error.message}`, { cause: error }),
    );
  }

  async disconnect(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#idle?.stop();
    this.#idle = undefined;
    await closeQuietly(socket);
  }

  pause(): void {
    this.#paused = true;
    this.#socket?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#socket?.resume();
  }
}

/** One `websocket` sink. */
class WebSocketSinkConnection implements SinkConnection {
  readonly #settings: ClientSettings;
  readonly #where: string;
  #socket: WebSocket | undefined;
  #idle: IdleWatch | undefined;

  constructor(private readonly ctx: SinkContext<WebSocketClientOptions>) {
    this.#settings = clientSettings(ctx.options);
    this.#where = `sink 'websocket' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
  }

  async connect(): Promise<void> {
    const socket = await openClient(this.#settings, this.#where);
    this.#socket = socket;
    socket.on('close', () => {
      if (this.#socket === socket) this.#drop();
    });
    socket.on('error', () => {
      if (this.#socket === socket) this.#drop();
    });
    // Messages from the server are not events of this sink.
    socket.on('message', () => this.#idle?.touch());
    const idleMs = this.#settings.idleMs;
    if (idleMs !== undefined) {
      this.#idle = new IdleWatch(this.ctx.clock, this.ctx.scheduler, idleMs, () => {
        this.#drop();
      });
    }
  }

  #drop(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#idle?.stop();
    this.#idle = undefined;
    void closeQuietly(socket);
  }

  async disconnect(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#idle?.stop();
    this.#idle = undefined;
    await closeQuietly(socket);
  }

  publish(payload: unknown): Promise<void> {
    const data = framePayload(payload, this.#where);
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN) {
      return Promise.reject(
        new ConnectionUnavailableError(`${this.#where}: not connected to ${this.#settings.url}`),
      );
    }
    this.#idle?.touch();
    return new Promise((resolve, reject) => {
      socket.send(data, (error) => {
        // ws passes null or nothing on success.
        if (!(error instanceof Error)) resolve();
        else {
          reject(
            new ConnectionUnavailableError(`${this.#where}: sending failed: ${error.message}`, {
              cause: error,
            }),
          );
        }
      });
    });
  }
}

/**
 * The `websocket` source.
 * @example
 * createRegistry({ package: '@tributary/connector-websocket', version: '0.1.0', extensions: [webSocketSource] });
 */
export const webSocketSource = defineSource({
  name: 'websocket',
  status: 'stable',
  summary: 'Connects to a WebSocket server and turns each message it sends into events.',
  description:
    'Text messages reach the `@map` as strings, binary ones as bytes. When the server closes ' +
    'the connection (or `idle.timeout` passes without a message) the engine reconnects with ' +
    'backoff. While the app is paused the socket stops reading.',
  parameters: clientParameters,
  examples: [
    {
      description: 'Receives XML events from a WebSocket server.',
      siddhi:
        "@source(type='websocket', url='ws://localhost:8025/websockets/abc', @map(type='xml'))\n" +
        'define stream Foo (attribute1 string, attribute2 int);',
    },
    {
      description: 'Offers a sub-protocol and sends an authorization header with the handshake.',
      siddhi:
        "@source(type='websocket', url='wss://feeds.example.com/quotes', sub.protocol='quotes.v1',\n" +
        "        headers=\"'Authorization:Bearer abc'\", @map(type='json'))\n" +
        'define stream Quotes (symbol string, price double);',
    },
  ],
  create: (ctx) => new WebSocketSourceConnection(ctx),
});

/**
 * The `websocket` sink.
 * @example
 * createRegistry({ package: '@tributary/connector-websocket', version: '0.1.0', extensions: [webSocketSink] });
 */
export const webSocketSink = defineSink({
  name: 'websocket',
  status: 'stable',
  summary: 'Connects to a WebSocket server and sends each payload as a message.',
  description:
    'Strings are sent as text messages, bytes as binary ones; an event is acknowledged once ' +
    'its message was written to the socket. When the connection is lost, publishing fails ' +
    'with a connection error (handled by `on.error`) and the engine reconnects.',
  parameters: clientParameters,
  examples: [
    {
      description: 'Sends each event as XML to a WebSocket server.',
      siddhi:
        "@sink(type='websocket', url='ws://localhost:8025/websockets/abc', @map(type='xml'))\n" +
        'define stream Foo (attribute1 string, attribute2 int);',
    },
  ],
  create: (ctx) => new WebSocketSinkConnection(ctx),
});
