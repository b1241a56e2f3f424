// Shared node:http/node:https listeners: every source on one scheme://host:port shares one
// server, and requests are routed by path (as Siddhi shares one Netty listener between
// apps whose context paths differ). The server closes when its last route goes.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import type { TlsOptions } from './tls-material.js';

/** Handles the requests of one path. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What a listener is opened with (taken from its first route). */
export interface ListenerSettings {
  /** https only: the key store, trust store and client-certificate policy. */
  readonly tls?: TlsOptions & { requestCert?: boolean; rejectUnauthorized?: boolean };
  /** Idle keep-alive connections are closed after this many ms (`socket.idle.timeout`). */
  readonly socketIdleTimeoutMs: number;
}

/** A path taken by another source. */
export class RouteTakenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteTakenError';
  }
}

interface Listener {
  readonly server: http.Server;
  readonly routes: Map<string, { readonly owner: string; readonly handler: RouteHandler }>;
  /** Settles once the server listens (rejects when it cannot). */
  readonly listening: Promise<void>;
}

/** `/a/b/` and `/a/b` are one route; the root stays `/`. */
export function routePath(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end -= 1;
  return end === path.length ? path : path.slice(0, end);
}

function requestPath(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return routePath(q < 0 ? url : url.slice(0, q));
}

/** The listener key and bind address of a receiver URL. */
function addressOf(url: URL): { key: string; host: string; port: number } {
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  // URL keeps IPv6 hosts in brackets; listen() wants them bare.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { key: `${url.protocol}//${host}:${String(port)}`, host, port };
}

/** How long a closing listener lets open requests finish. */
const CLOSE_GRACE_MS = 2_000;

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.end();
}

/**
 * The listeners of one set of http extensions.
 * @example
 * const listeners = new HttpListeners();
 * const detach = await listeners.attach(new URL('http://0.0.0.0:8280/app/S'), handler, "stream 'S'", { socketIdleTimeoutMs: 120000 });
 * await detach();
 */
export class HttpListeners {
  readonly #listeners = new Map<string, Listener>();

  /**
   * Routes the URL's path to `handler`, opening the listener if needed. Rejects with
   * `RouteTakenError` when another source has the path, and with `ConnectionUnavailableError`
   * when the port cannot be opened (in use by another process, no such interface).
   */
  async attach(
    url: URL,
    handler: RouteHandler,
    owner: string,
    settings: ListenerSettings,
  ): Promise<() => Promise<void>> {
    const { key, host, port } = addressOf(url);
    const path = routePath(url.pathname);
    let listener = this.#listeners.get(key);
    if (listener === undefined) {
      listener = this.#open(url.protocol === 'https:', host, port, settings);
      this.#listeners.set(key, listener);
    }
    const taken = listener.routes.get(path);
    if (taken !== undefined) {
      throw new RouteTakenError(`${url.href} is already taken by ${taken.owner}`);
    }
    const route = { owner, handler };
    listener.routes.set(path, route);
    const opened = listener;
    try {
      await opened.listening;
    } catch (error) {
      opened.routes.delete(path);
      if (this.#listeners.get(key) === opened) this.#listeners.delete(key);
      throw new ConnectionUnavailableError(
        `cannot listen on ${key}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    let detached = false;
    return async () => {
      if (detached) return;
      detached = true;
      if (opened.routes.get(path) === route) opened.routes.delete(path);
      if (opened.routes.size > 0) return;
      if (this.#listeners.get(key) === opened) this.#listeners.delete(key);
      await this.#close(opened);
    };
  }

  /** Open listener keys (`http://0.0.0.0:8280`), for tests and diagnostics. */
  get open(): readonly string[] {
    return [...this.#listeners.keys()];
  }

  #open(secure: boolean, host: string, port: number, settings: ListenerSettings): Listener {
    const routes: Listener['routes'] = new Map();
    const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
      const route = routes.get(requestPath(req.url));
      if (route === undefined) notFound(res);
      else route.handler(req, res);
    };
    const server = secure
      ? https.createServer({ ...settings.tls }, dispatch)
      : http.createServer(dispatch);
    server.keepAliveTimeout = settings.socketIdleTimeoutMs;
    const listening = new Promise<void>((resolve, reject) => {
      const failed = (error: Error): void => {
        reject(error);
      };
      server.once('error', failed);
      server.listen(port, host, () => {
        server.off('error', failed);
        resolve();
      });
    });
    // A rejected `listening` is handled by `attach`; this keeps it from counting as unhandled
    // while other attaches wait.
    listening.catch(() => undefined);
    return { server, routes, listening };
  }

  async #close(listener: Listener): Promise<void> {
    try {
      await listener.listening;
    } catch {
      return;
    }
    const server = listener.server;
    await new Promise<void>((resolve) => {
      // Answers being written finish; idle keep-alive connections close now, and whatever
      // is still open after the grace period is cut.
      const grace = setTimeout(() => {
        server.closeAllConnections();
      }, CLOSE_GRACE_MS);
      grace.unref();
      server.close(() => {
        clearTimeout(grace);
        resolve();
      });
      server.closeIdleConnections();
    });
  }
}
