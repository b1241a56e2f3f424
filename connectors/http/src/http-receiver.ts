// What the listening sources (`http`, `http-service`) share: their options, and a receiver
// that routes its path on a shared listener, checks basic auth, answers 405 to other methods
// and empty bodies, holds requests while paused and runs at most `worker.count` at a time.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { param, type OptionsOf, type SourceContext } from '@tributary/engine/extension-api';
import type { HttpListeners, ListenerSettings } from './http-listeners.js';
import { parseKeyValueList } from './key-value-list.js';
import { siddhiBodyText } from './payload-body.js';
import { requestTransport } from './request-transport.js';
import { keyStoreOptions, protocolOptions, trustStoreOptions } from './tls-material.js';

/**
 * Checks the user name and password of a request with basic auth. Hosts pass their user
 * store (`httpExtensions({ authenticate })`); Siddhi checks SI's user store.
 */
export type Authenticator = (username: string, password: string) => boolean | Promise<boolean>;

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Options of every listening source. */
export const receiverParameters = {
  'receiver.url': param.string({
    description:
      'The URL to listen on, e.g. `http://0.0.0.0:8006/stocks`; `https` needs ' +
      '`https.keystore.file`. Sources on the same host and port share one listener (their ' +
      'paths must differ). Default: `http://0.0.0.0:9763/<app name>/<stream name>`.',
    optional: true,
  }),
  'basic.auth.enabled': param.bool({
    description:
      "Require HTTP basic authentication, checked by the host's authenticator; requests " +
      'without valid credentials get 401.',
    optional: true,
    default: false,
  }),
  'worker.count': param.int({
    description:
      'How many requests are processed at a time. 1 (the default) keeps the order in which ' +
      'they arrived; more is faster but loses ordering.',
    optional: true,
    default: 1,
  }),
  'socket.idle.timeout': param.int({
    description: 'Milliseconds an idle keep-alive connection stays open.',
    optional: true,
    default: 120_000,
  }),
  'https.keystore.file': param.string({
    description:
      'https: the server certificate and key, a PKCS#12 (.p12/.pfx) file or a PEM file ' +
      "holding both (Tributary's counterpart of SI's `keyStoreLocation`).",
    optional: true,
  }),
  'https.keystore.password': param.string({
    description: 'Password of the key store.',
    optional: true,
    secret: true,
  }),
  'https.truststore.file': param.string({
    description: 'PEM file of the CA certificates client certificates must chain to.',
    optional: true,
  }),
  'ssl.verify.client': param.enum(['require', 'optional'], {
    description:
      'Ask clients for a certificate: `require` refuses clients without a valid one, ' +
      '`optional` accepts them.',
    optional: true,
  }),
  'ssl.protocol': param.string({
    description: '`TLS` (any version Node allows) or one version: `TLSv1.2`, `TLSv1.3`.',
    optional: true,
    default: 'TLS',
  }),
  'ssl.configurations': param.string({
    description:
      "TLS settings as `\"'<key>:<value>','<key>:<value>'\"`: `sslEnabledProtocols` " +
      '(e.g. `TLSv1.2,TLSv1.3`) and `ciphers` (OpenSSL names, comma separated).',
    optional: true,
  }),
  'request.size.validation.configurations': param.string({
    description:
      'Request size limit as `"\'<key>:<value>\',…"`: `request.size.validation:true` turns it ' +
      'on, `request.size.validation.maximum.value` is the largest body in bytes, ' +
      '`request.size.validation.reject.status.code` (default 413), ' +
      '`request.size.validation.reject.message` and ' +
      '`request.size.validation.reject.message.content.type` (default text/plain) shape the ' +
      'refusal.',
    optional: true,
  }),
};

export type ReceiverOptions = OptionsOf<typeof receiverParameters>;

/** What a received request's body becomes. */
export interface ReceivedRequest {
  /** The body as Siddhi reads it (lines joined with `\n`). */
  readonly payload: string;
  /** The requested transport properties. */
  readonly transport: Record<string, string | undefined>;
  readonly res: ServerResponse;
}

/** What the receiver is built from. */
export interface ReceiverParts<O extends ReceiverOptions> {
  readonly ctx: SourceContext<O>;
  /** Named in messages: `source 'http' of stream 'S' in app 'A'`. */
  readonly where: string;
  readonly listeners: HttpListeners;
  readonly authenticate: Authenticator | undefined;
  /**
   * Processes one accepted request (emits it and answers it); holds a worker slot until it
   * settles. A rejection is answered 503 if nothing was answered yet.
   */
  readonly process: (request: ReceivedRequest) => Promise<void>;
}

/** Writes a status (and body) unless an answer was already written. */
export function answer(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>> = NO_HEADERS,
  body?: string | Uint8Array,
): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  res.statusCode = status;
  if (headers !== NO_HEADERS) {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  }
  res.end(body);
}

/** The default receiver URL, as Siddhi's: `http://0.0.0.0:9763/<app>/<stream>`. */
export function defaultReceiverUrl(appName: string, streamId: string): string {
  return `http://0.0.0.0:9763/${encodeURIComponent(appName)}/${encodeURIComponent(streamId)}`;
}

function listenerSettings(url: URL, options: ReceiverOptions, where: string): ListenerSettings {
  const base = { socketIdleTimeoutMs: options['socket.idle.timeout'] };
  if (url.protocol !== 'https:') return base;
  const keyStore = options['https.keystore.file'];
  if (keyStore === undefined || keyStore === '') {
    throw new Error(`${where}: an https receiver.url needs https.keystore.file`);
  }
  const verify = options['ssl.verify.client'];
  const trust = options['https.truststore.file'];
  return {
    ...base,
    tls: {
      ...protocolOptions(options['ssl.protocol'], options['ssl.configurations']).options,
      ...keyStoreOptions(keyStore, options['https.keystore.password']),
      ...(trust === undefined || trust === '' ? {} : trustStoreOptions(trust)),
      ...(verify === undefined
        ? {}
        : { requestCert: true, rejectUnauthorized: verify === 'require' }),
    },
  };
}

const EMPTY = Buffer.alloc(0);

/** How long a disconnecting source waits for the requests it is processing. */
const DISCONNECT_GRACE_MS = 5_000;

/** The request size limit of `request.size.validation.configurations`. */
export interface SizeLimit {
  readonly maxBytes: number;
  readonly status: number;
  readonly message: string;
  readonly contentType: string;
}

/** Reads `request.size.validation.configurations`; undefined when validation is off. */
export function sizeLimitOf(text: string | undefined, where: string): SizeLimit | undefined {
  const entries = new Map(parseKeyValueList(text ?? ''));
  if (entries.get('request.size.validation')?.toLowerCase() !== 'true') return undefined;
  const number = (key: string, fallback: number): number => {
    const value = entries.get(key);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value))
      throw new Error(`${where}: ${key} must be a number, found '${value}'`);
    return Number(value);
  };
  return {
    maxBytes: number('request.size.validation.maximum.value', Number.MAX_SAFE_INTEGER),
    status: number('request.size.validation.reject.status.code', 413),
    message:
      entries.get('request.size.validation.reject.message') ??
      'Message is bigger than the valid size',
    contentType: entries.get('request.size.validation.reject.message.content.type') ?? 'text/plain',
  };
}

/** A body over the size limit. */
class TooLargeError extends Error {}

/**
 * The whole body of a request (listeners rather than an async iterator: this is per request);
 * rejects with `TooLargeError` past `maxBytes`.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(new TooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        reject(new TooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(chunks.length === 1 ? (chunks[0] ?? EMPTY) : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function credentials(req: IncomingMessage): readonly [string, string] | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/**
 * The listening side of a source.
 * @example
 * const receiver = new HttpReceiver({ ctx, where, listeners, authenticate, process: async (r) => {
 *   await ctx.emit(r.payload, r.transport); answer(r.res, 200); } });
 * await receiver.connect();
 */
export class HttpReceiver<O extends ReceiverOptions> {
  readonly url: URL;
  readonly #settings: ListenerSettings;
  readonly #transportOf: (req: IncomingMessage) => Record<string, string | undefined>;
  readonly #workers: number;
  readonly #sizeLimit: SizeLimit | undefined;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  #paused = false;
  readonly #held: (() => void)[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #detach: (() => Promise<void>) | undefined;

  constructor(private readonly parts: ReceiverParts<O>) {
    const { ctx, where } = parts;
    const text = ctx.options['receiver.url'] ?? defaultReceiverUrl(ctx.appName, ctx.streamId);
    try {
      this.url = new URL(text);
    } catch {
      throw new Error(`${where}: receiver.url '${text}' is not a URL`);
    }
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new Error(`${where}: receiver.url '${text}' must start with http:// or https://`);
    }
    this.#settings = listenerSettings(this.url, ctx.options, where);
    this.#transportOf = requestTransport(ctx.requestedTransportProperties);
    this.#workers = Math.max(1, ctx.options['worker.count']);
    this.#sizeLimit = sizeLimitOf(ctx.options['request.size.validation.configurations'], where);
  }

  async connect(): Promise<void> {
    if (this.#detach !== undefined) return;
    const { ctx, where } = this.parts;
    if (ctx.options['basic.auth.enabled'] && this.parts.authenticate === undefined) {
      ctx.logger.log(
        'warn',
        `${where}: basic.auth.enabled is set but the host gave no authenticator; every ` +
          'request will be refused with 401',
      );
    }
    this.#detach = await this.parts.listeners.attach(
      this.url,
      (req, res) => {
        this.#receive(req, res);
      },
      where,
      this.#settings,
    );
  }

  /** Stops taking requests; requests being processed are answered first. */
  async disconnect(): Promise<void> {
    const detach = this.#detach;
    this.#detach = undefined;
    // Held requests are answered 503 by `#handle` once released (the route is gone by then).
    this.#paused = false;
    for (const release of this.#held.splice(0)) release();
    // Requests being processed are answered first; a client still sending its body after
    // the grace period is cut off when the listener closes.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DISCONNECT_GRACE_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    await detach?.();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const release of this.#held.splice(0)) release();
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const handled: Promise<void> = this.#handle(req, res).then(
      () => {
        this.#inFlight.delete(handled);
      },
      (error: unknown) => {
        this.#inFlight.delete(handled);
        this.parts.ctx.logger.log('error', `${this.parts.where}: ${String(error)}`, error);
        answer(res, 500);
      },
    );
    this.#inFlight.add(handled);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.#paused) await new Promise<void>((resolve) => this.#held.push(resolve));
    if (this.#detach === undefined) {
      req.resume();
      answer(res, 503);
      return;
    }
    if (this.parts.ctx.options['basic.auth.enabled'] && !(await this.#authorized(req))) {
      req.resume();
      answer(res, 401, { 'www-authenticate': 'Basic realm="Tributary"' });
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      answer(res, 405, { allow: 'POST' });
      return;
    }
    const limit = this.#sizeLimit;
    let body: Buffer;
    try {
      body = await readBody(req, limit?.maxBytes ?? Number.MAX_SAFE_INTEGER);
    } catch (error) {
      if (!(error instanceof TooLargeError) || limit === undefined) throw error;
      req.resume();
      answer(
        res,
        limit.status,
        { 'content-type': limit.contentType, connection: 'close' },
        limit.message,
      );
      return;
    }
    const payload = siddhiBodyText(body.toString('utf8'));
    if (payload === '') {
      // Siddhi answers 405 to an empty body.
      answer(res, 405);
      return;
    }
    const transport = this.#transportOf(req);
    await this.#run(() =>
      this.parts.process({ payload, transport, res }).catch((error: unknown) => {
        this.parts.ctx.logger.log(
          'warn',
          `${this.parts.where}: a request could not be processed: ${String(error)}`,
          error,
        );
        answer(res, 503);
      }),
    );
  }

  async #authorized(req: IncomingMessage): Promise<boolean> {
    const authenticate = this.parts.authenticate;
    const given = credentials(req);
    if (authenticate === undefined || given === undefined) return false;
    try {
      return await authenticate(given[0], given[1]);
    } catch (error) {
      this.parts.ctx.logger.log('error', `${this.parts.where}: the authenticator failed`, error);
      return false;
    }
  }

  /** Runs `task` in a worker slot (FIFO when all `worker.count` slots are busy). */
  async #run(task: () => Promise<void>): Promise<void> {
    if (this.#active >= this.#workers) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active += 1;
    }
    try {
      await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#active -= 1;
      else next();
    }
  }
}
