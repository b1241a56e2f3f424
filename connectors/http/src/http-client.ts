// The client side of the http family (sinks, sse, polling): node:http/node:https requests on
// keep-alive agents. node:https rather than global fetch because the trust store, client key
// store and `ssl.verification.disabled` are per-sink agent settings global fetch cannot take.

import { createWriteStream } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import type { TlsOptions } from './tls-material.js';

/** How a client connects. */
export interface ClientSettings {
  /** Trust store, client key store, protocol versions and ciphers. */
  readonly tls: TlsOptions;
  /** False with `ssl.verification.disabled='true'`: any server certificate is accepted. */
  readonly verifyCertificates: boolean;
  /** False with `hostname.verification.enabled='false'`: the certificate may name another host. */
  readonly verifyHostname: boolean;
  /** A request whose socket is idle this long fails (`socket.idle.timeout`, ms). */
  readonly socketIdleTimeoutMs: number;
  /** Connections per host (`max.pool.active.connections`; undefined = unlimited). */
  readonly maxSockets?: number;
  /** Idle connections kept per host (`max.pool.idle.connections`). */
  readonly maxFreeSockets?: number;
}

/** One request. */
export interface OutgoingRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Write a 2xx response body to this file instead of keeping it (`downloading.enabled`). */
  readonly downloadTo?: string;
}

/** A complete response. */
export interface IncomingResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body (empty when it was downloaded to a file). */
  readonly body: Buffer;
  /** The file the body was written to, when downloaded. */
  readonly downloadedTo?: string;
}

/** An error status the caller decided not to accept (4xx other than 408/429). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

const EMPTY = Buffer.alloc(0);

/** Socket-level failures worth retrying (the engine's backoff and `on.error` handle them). */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'ERR_SOCKET_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Statuses after which the same request may succeed later: 408, 429 and 5xx. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A short, single-line excerpt of a response body for messages. */
export function bodyExcerpt(body: Buffer): string {
  const text = body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text}${body.length > 200 ? '…' : ''}`;
}

/**
 * Sends requests over pooled keep-alive connections.
 * @example
 * const client = new HttpClient({ tls: {}, verifyCertificates: true, verifyHostname: true, socketIdleTimeoutMs: 6000 });
 * const res = await client.send({ url: new URL('http://localhost:8080/x'), method: 'POST', headers: {}, body: '{}' });
 * client.close();
 */
export class HttpClient {
  readonly #settings: ClientSettings;
  #httpAgent: http.Agent | undefined;
  #httpsAgent: https.Agent | undefined;

  constructor(settings: ClientSettings) {
    this.#settings = settings;
  }

  #agentFor(url: URL): http.Agent {
    const s = this.#settings;
    const pool = {
      keepAlive: true,
      ...(s.maxSockets === undefined ? {} : { maxSockets: s.maxSockets }),
      ...(s.maxFreeSockets === undefined ? {} : { maxFreeSockets: s.maxFreeSockets }),
    };
    if (url.protocol === 'https:') {
      this.#httpsAgent ??= new https.Agent({
        ...pool,
        ...s.tls,
        rejectUnauthorized: s.verifyCertificates,
        ...(s.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
      });
      return this.#httpsAgent;
    }
    this.#httpAgent ??= new http.Agent(pool);
    return this.#httpAgent;
  }

  /**
   * Sends a request and reads the whole response. Rejects with `ConnectionUnavailableError`
   * when the server cannot be reached, the connection breaks or the socket stays idle too
   * long; with a plain Error for other failures (a certificate that does not verify, a
   * download file that cannot be written).
   */
  send(request: OutgoingRequest): Promise<IncomingResponse> {
    const { url } = request;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(
        new Error(`'${url.href}' is not an http or https URL (scheme '${url.protocol}')`),
      );
    }
    const headers: Record<string, string | number> = { ...request.headers };
    const body = request.body;
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<IncomingResponse>((resolve, reject) => {
      const req = transport.request(
        url,
        { method: request.method, headers, agent: this.#agentFor(url) },
        (res) => {
          this.#read(res, request).then(resolve, (error: unknown) => {
            reject(this.#failure(error, url));
          });
        },
      );
      req.setTimeout(this.#settings.socketIdleTimeoutMs, () => {
        req.destroy(this.#timeout());
      });
      req.on('error', (error) => {
        reject(this.#failure(error, url));
      });
      req.end(body);
    });
  }

  /**
   * Sends a request and resolves with the response stream once its headers arrived (for
   * long-lived responses such as event streams: no idle timeout applies after that). Rejects
   * as `send` does.
   */
  open(request: OutgoingRequest): Promise<IncomingMessage> {
    const { url } = request;
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = transport.request(
        url,
        { method: request.method, headers: request.headers, agent: this.#agentFor(url) },
        (res) => {
          req.setTimeout(0);
          resolve(res);
        },
      );
      req.setTimeout(this.#settings.socketIdleTimeoutMs, () => {
        req.destroy(this.#timeout());
      });
      req.on('error', (error) => {
        reject(this.#failure(error, url));
      });
      req.end(request.body);
    });
  }

  async #read(res: IncomingMessage, request: OutgoingRequest): Promise<IncomingResponse> {
    const status = res.statusCode ?? 0;
    if (request.downloadTo !== undefined && status >= 200 && status < 300) {
      await pipeline(res, createWriteStream(request.downloadTo));
      return { status, headers: res.headers, body: EMPTY, downloadedTo: request.downloadTo };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return {
      status,
      headers: res.headers,
      body: chunks.length === 1 ? (chunks[0] ?? EMPTY) : Buffer.concat(chunks),
    };
  }

  #timeout(): Error {
    const ms = String(this.#settings.socketIdleTimeoutMs);
    return Object.assign(new Error(`the socket was idle for ${ms} ms`), { code: 'ETIMEDOUT' });
  }

  #failure(error: unknown, url: URL): Error {
    const code = errorCode(error);
    const detail = error instanceof Error ? error.message : String(error);
    if (code !== undefined && TRANSIENT_CODES.has(code)) {
      return new ConnectionUnavailableError(`cannot reach ${url.origin}: ${detail}`, {
        cause: error,
      });
    }
    return error instanceof Error ? error : new Error(detail);
  }

  /** Closes the pooled connections (requests in flight finish or fail). */
  close(): void {
    this.#httpAgent?.destroy();
    this.#httpsAgent?.destroy();
    this.#httpAgent = undefined;
    this.#httpsAgent = undefined;
  }
}
