// The `tcp` sink: connects to `tcp://host:port/context` and sends each payload as one
// siddhi-io-tcp message with that context as channel id. Text goes as UTF-8, bytes as they
// are; events from the passThrough mapper are written in Siddhi's binary event format. With
// `sync` an event is acknowledged once its message was handed to the network, otherwise at once.

import { encodeEvents, type BinaryType } from '@tributary/mapper-binary';
import {
  ConnectionUnavailableError,
  defineSink,
  MappingError,
  param,
  type DynamicOptions,
  type IoEvent,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { encodeFrame } from './tcp-frame.js';

const parameters = {
  url: param.string({ description: 'Where to send: `tcp://<host>:<port>/<context>`.' }),
  sync: param.bool({
    description:
      'Acknowledge an event only once its message was handed to the network (true), or as ' +
      'soon as it is queued (false); may name an attribute.',
    optional: true,
    default: false,
    dynamic: true,
  }),
  'tcp.no.delay': param.bool({
    description: 'Disable Nagle’s algorithm (no delay between writes).',
    optional: true,
    default: true,
  }),
  'keep.alive': param.bool({ description: 'TCP keep-alive.', optional: true, default: true }),
  'worker.threads': param.int({
    description: 'Kept for Siddhi apps; Node needs no thread pool.',
    optional: true,
    default: 10,
  }),
};

export type TcpSinkOptions = OptionsOf<typeof parameters>;

/** The parts of a `tcp://host:port/context` URL. */
export interface TcpUrl {
  readonly host: string;
  readonly port: number;
  readonly context: string;
}

/**
 * Reads a sink URL as siddhi-io-tcp does.
 * @example
 * parseTcpUrl('tcp://localhost:9892/App/Stream') // { host: 'localhost', port: 9892, context: 'App/Stream' }
 */
export function parseTcpUrl(url: string): TcpUrl {
  const format = "expected 'tcp://<host>:<port>/<context>'";
  if (!url.startsWith('tcp:'))
    throw new Error(`malformed url '${url}': the scheme is not tcp; ${format}`);
  let parsed: URL;
  try {
    parsed = new URL(`http${url.slice(3)}`);
  } catch {
    throw new Error(`malformed url '${url}'; ${format}`);
  }
  if (parsed.port === '') throw new Error(`malformed url '${url}' has no port; ${format}`);
  const context = decodeURIComponent(parsed.pathname.slice(1));
  if (context === '') throw new Error(`malformed url '${url}' has no context; ${format}`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port), context };
}

function isIoEvent(value: unknown): value is IoEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { data?: unknown }).data) &&
    typeof (value as { timestamp?: unknown }).timestamp === 'number'
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One `tcp` sink. */
class TcpSinkConnection implements SinkConnection {
  readonly #url: TcpUrl;
  readonly #where: string;
  readonly #types: readonly BinaryType[] | undefined;
  #socket: net.Socket | undefined;
  #sessionId = '';

  constructor(private readonly ctx: SinkContext<TcpSinkOptions>) {
    this.#url = parseTcpUrl(ctx.options.url);
    this.#where = `sink 'tcp' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#types = ctx.attributes.every((a) => a.type !== 'object')
      ? ctx.attributes.map((a) => a.type as BinaryType)
      : undefined;
  }

  async connect(): Promise<void> {
    const { host, port } = this.#url;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port, noDelay: this.ctx.options['tcp.no.delay'] });
      s.once('connect', () => {
        s.removeListener('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    }).catch((error: unknown) => {
      throw new ConnectionUnavailableError(
        `${this.#where} cannot connect to '${host}:${String(port)}': ${describe(error)}`,
        { cause: error },
      );
    });
    socket.setKeepAlive(this.ctx.options['keep.alive']);
    socket.on('error', (error) => {
      this.ctx.logger.log('warn', `${this.#where}: ${error.message}`);
    });
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
    });
    // Siddhi's session id: a UUID and the server's address.
    this.#sessionId = `${randomUUID()}-${host}:${String(port)}`;
    this.#socket = socket;
  }

  async disconnect(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => {
        resolve();
      });
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined || socket.destroyed || !socket.writable) {
      return Promise.reject(
        new ConnectionUnavailableError(
          `${this.#where} is not connected to '${this.#url.host}:${String(this.#url.port)}'`,
        ),
      );
    }
    const frame = encodeFrame(this.#sessionId, this.#url.context, this.#bytes(payload));
    const sync =
      options.sync === undefined
        ? this.ctx.options.sync
        : options.sync.trim().toLowerCase() === 'true';
    if (!sync) {
      socket.write(frame);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      socket.write(frame, (error) => {
        if (error instanceof Error) {
          reject(
            new ConnectionUnavailableError(`${this.#where}: sending failed: ${error.message}`, {
              cause: error,
            }),
          );
        } else resolve();
      });
    });
  }

  #bytes(payload: unknown): Uint8Array {
    if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
    if (payload instanceof Uint8Array) return payload;
    if (isIoEvent(payload)) {
      if (this.#types === undefined) {
        throw new MappingError(
          `${this.#where}: object attributes cannot be sent in Siddhi's binary format; use a text mapper`,
        );
      }
      return encodeEvents([payload], this.#types);
    }
    throw new MappingError(
      `${this.#where} sends text, bytes or events, but the mapper made ${payload === null ? 'null' : typeof payload}`,
    );
  }
}

/**
 * The `tcp` sink.
 * @example
 * createRegistry({ package: '@tributary/connector-tcp', version: '0.1.0', extensions: [tcpSink] });
 */
export const tcpSink = defineSink({
  name: 'tcp',
  status: 'stable',
  summary: 'Sends events over TCP in siddhi-io-tcp’s framing, to Tributary or Siddhi tcp sources.',
  description:
    'Each payload becomes one message with the URL’s path as channel id (the receiving ' +
    'source’s `context`). Without `@map` the `binary` mapper (package @tributary/mapper-binary) ' +
    'writes Siddhi’s binary event format; text mappers send UTF-8. A lost connection makes ' +
    'publishing a connection error, handled by `on.error`, and the engine reconnects.',
  parameters,
  defaultMapper: 'binary',
  examples: [
    {
      description:
        'Sends binary events to context abc of the server on localhost:8080, waiting for each write.',
      siddhi:
        "@sink(type='tcp', url='tcp://localhost:8080/abc', sync='true', @map(type='binary'))\n" +
        'define stream Foo (attribute1 string, attribute2 int);',
    },
    {
      description: 'Sends JSON text to a tcp source with context quotes.',
      siddhi:
        "@sink(type='tcp', url='tcp://127.0.0.1:9893/quotes', @map(type='json'))\n" +
        'define stream Quotes (symbol string, price double);',
    },
  ],
  create: (ctx) => new TcpSinkConnection(ctx),
});
