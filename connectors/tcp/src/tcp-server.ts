// The TCP servers `tcp` sources listen on. As in Siddhi, sources of every app on one host and
// port share one server, and each message goes to the source whose `context` its channel id
// names. A server stops reading while any of its sources is paused, and reads a connection
// again only once the events of its earlier messages were handled (bounded memory).

import type { Logger } from '@tributary/engine';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import net from 'node:net';
import { FrameDecoder } from './tcp-frame.js';

/** A source registered on a server. */
export interface ChannelListener {
  /** Handles one message's payload; resolves once its events were handled. */
  deliver(data: Buffer): Promise<void>;
  readonly logger: Logger;
}

/** The socket settings of a server (Siddhi's system parameters). */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly noDelay: boolean;
  readonly keepAlive: boolean;
}

/** Messages of one connection being handled at once, at most; more pause the connection. */
const MAX_IN_FLIGHT = 1024;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One listening server and the sources on it. */
class TcpServer {
  readonly #channels = new Map<string, ChannelListener>();
  readonly #paused = new Set<string>();
  readonly #sockets = new Set<net.Socket>();
  /** Sockets paused because too many of their messages are in flight. */
  readonly #busy = new Set<net.Socket>();
  #server: net.Server | undefined;
  #transition: Promise<void> = Promise.resolve();

  constructor(
    readonly key: string,
    private settings: ServerSettings,
  ) {}

  get channelCount(): number {
    return this.#channels.size;
  }

  attach(context: string, listener: ChannelListener, settings: ServerSettings): Promise<void> {
    const step = this.#transition.then(async () => {
      if (this.#channels.has(context)) {
        throw new Error(`another tcp source already receives context '${context}' on ${this.key}`);
      }
      if (this.#server === undefined) {
        this.settings = settings;
        this.#server = await this.#listen();
      }
      this.#channels.set(context, listener);
    });
    this.#transition = step.catch(() => undefined);
    return step;
  }

  detach(context: string): Promise<void> {
    const step = this.#transition.then(async () => {
      this.#channels.delete(context);
      this.#paused.delete(context);
      this.#applyPause();
      if (this.#channels.size === 0) await this.#close();
    });
    this.#transition = step.catch(() => undefined);
    return step;
  }

  pause(context: string): void {
    if (this.#channels.has(context)) this.#paused.add(context);
    this.#applyPause();
  }

  resume(context: string): void {
    this.#paused.delete(context);
    this.#applyPause();
  }

  #applyPause(): void {
    for (const socket of this.#sockets) this.#updateReading(socket);
  }

  #updateReading(socket: net.Socket): void {
    if (this.#paused.size > 0 || this.#busy.has(socket)) socket.pause();
    else socket.resume();
  }

  async #listen(): Promise<net.Server> {
    const server = net.createServer((socket) => {
      this.#accept(socket);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.settings.port, this.settings.host, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
    } catch (error) {
      throw new ConnectionUnavailableError(
        `tcp server cannot listen on ${this.key}: ${describe(error)}`,
        { cause: error },
      );
    }
    server.on('error', (error) => {
      this.#anyLogger()?.log('error', `tcp server on ${this.key}: ${describe(error)}`);
    });
    return server;
  }

  async #close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    this.#busy.clear();
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  #anyLogger(): Logger | undefined {
    return this.#channels.values().next().value?.logger;
  }

  #accept(socket: net.Socket): void {
    socket.setNoDelay(this.settings.noDelay);
    socket.setKeepAlive(this.settings.keepAlive);
    this.#sockets.add(socket);
    this.#updateReading(socket);
    const decoder = new FrameDecoder();
    let inFlight = 0;
    const settled = (): void => {
      inFlight -= 1;
      if (inFlight < MAX_IN_FLIGHT / 2 && this.#busy.delete(socket)) this.#updateReading(socket);
    };
    socket.on('data', (chunk) => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        this.#anyLogger()?.log(
          'error',
          `tcp server on ${this.key} closes a connection from ${String(socket.remoteAddress)}: ${describe(error)}`,
        );
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        const listener = this.#channels.get(frame.channelId);
        if (listener === undefined) {
          this.#anyLogger()?.log(
            'error',
            `tcp server on ${this.key}: events with unknown context '${frame.channelId}' are dropped`,
          );
          continue;
        }
        inFlight += 1;
        listener.deliver(frame.data).then(settled, (error: unknown) => {
          settled();
          listener.logger.log('warn', `tcp context '${frame.channelId}': ${describe(error)}`);
        });
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        this.#busy.add(socket);
        this.#updateReading(socket);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#sockets.delete(socket);
      this.#busy.delete(socket);
    });
  }
}

const servers = new Map<string, TcpServer>();

/**
 * The shared server of `host:port` (created on first use, forgotten when its last source
 * detached).
 * @example
 * await tcpServerFor(settings).attach('App/Stream', listener, settings);
 */
export function tcpServerFor(settings: ServerSettings): {
  attach(context: string, listener: ChannelListener): Promise<void>;
  detach(context: string): Promise<void>;
  pause(context: string): void;
  resume(context: string): void;
} {
  const key = `${settings.host}:${String(settings.port)}`;
  return {
    attach: async (context, listener) => {
      let server = servers.get(key);
      if (server === undefined) {
        server = new TcpServer(key, settings);
        servers.set(key, server);
      }
      try {
        await server.attach(context, listener, settings);
        // A detach that emptied the server meanwhile forgot it: it serves again.
        if (!servers.has(key)) servers.set(key, server);
      } catch (error) {
        if (server.channelCount === 0 && servers.get(key) === server) servers.delete(key);
        throw error;
      }
    },
    detach: async (context) => {
      const server = servers.get(key);
      if (server === undefined) return;
      await server.detach(context);
      if (server.channelCount === 0 && servers.get(key) === server) servers.delete(key);
    },
    pause: (context) => servers.get(key)?.pause(context),
    resume: (context) => servers.get(key)?.resume(context),
  };
}
