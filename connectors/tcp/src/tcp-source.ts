// The `tcp` source: receives siddhi-io-tcp messages whose channel id is its `context` (default
// `<app>/<stream>`) on the shared server of `host`:`port` — Siddhi's system parameters, which
// may also be given in the annotation. Payloads reach the `@map` as bytes (`binary` by default).

import {
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { tcpServerFor, type ServerSettings } from './tcp-server.js';

const parameters = {
  context: param.string({
    description:
      'The channel id messages must carry: the path of the sink URL (default `<app>/<stream>`).',
    optional: true,
  }),
  host: param.string({
    description: 'System parameter: the address the shared server listens on.',
    optional: true,
    default: '0.0.0.0',
  }),
  port: param.int({
    description: 'System parameter: the port the shared server listens on.',
    optional: true,
    default: 9892,
  }),
  'tcp.no.delay': param.bool({
    description: 'System parameter: disable Nagle’s algorithm on accepted connections.',
    optional: true,
    default: true,
  }),
  'keep.alive': param.bool({
    description: 'System parameter: TCP keep-alive on accepted connections.',
    optional: true,
    default: true,
  }),
  'receiver.threads': param.int({
    description: 'System parameter kept for Siddhi configurations; Node needs no thread pools.',
    optional: true,
    default: 10,
  }),
  'worker.threads': param.int({
    description: 'System parameter kept for Siddhi configurations; Node needs no thread pools.',
    optional: true,
    default: 10,
  }),
};

export type TcpSourceOptions = OptionsOf<typeof parameters>;

/** One `tcp` source. */
class TcpSourceConnection implements SourceConnection {
  readonly #context: string;
  readonly #settings: ServerSettings;
  readonly #server: ReturnType<typeof tcpServerFor>;
  #attached = false;

  constructor(private readonly ctx: SourceContext<TcpSourceOptions>) {
    this.#context = ctx.options.context ?? `${ctx.appName}/${ctx.streamId}`;
    if (this.#context === '') throw new Error('context must not be empty');
    if (ctx.requestedTransportProperties.length > 0) {
      throw new Error(
        `the tcp source offers no transport properties, but ${ctx.requestedTransportProperties
          .map((p) => `trp:${p}`)
          .join(', ')} is requested`,
      );
    }
    const port = ctx.options.port;
    if (port < 0 || port > 65535) throw new Error(`port must be 0–65535, found ${String(port)}`);
    this.#settings = {
      host: ctx.options.host,
      port,
      noDelay: ctx.options['tcp.no.delay'],
      keepAlive: ctx.options['keep.alive'],
    };
    this.#server = tcpServerFor(this.#settings);
  }

  async connect(): Promise<void> {
    await this.#server.attach(this.#context, {
      deliver: (data) => this.ctx.emit(data),
      logger: this.ctx.logger,
    });
    this.#attached = true;
  }

  async disconnect(): Promise<void> {
    if (!this.#attached) return;
    this.#attached = false;
    await this.#server.detach(this.#context);
  }

  pause(): void {
    this.#server.pause(this.#context);
  }

  resume(): void {
    this.#server.resume(this.#context);
  }
}

/**
 * The `tcp` source.
 * @example
 * createRegistry({ package: '@tributary/connector-tcp', version: '0.1.0', extensions: [tcpSource] });
 */
export const tcpSource = defineSource({
  name: 'tcp',
  status: 'stable',
  summary:
    'Receives events over TCP in siddhi-io-tcp’s framing, from Tributary or Siddhi tcp sinks.',
  description:
    'Every tcp source of the process on one host and port shares one server (default ' +
    '0.0.0.0:9892, set by the `host`/`port` system parameters); a message goes to the source ' +
    'whose `context` equals its channel id, the path of the sending sink’s URL. Messages for ' +
    'no source are logged and dropped. Payloads are bytes; without `@map` the `binary` mapper ' +
    '(package @tributary/mapper-binary) reads them. While any source on a server is paused, ' +
    'the server stops reading.',
  parameters,
  systemParameters: [
    { name: 'host', description: 'The address of the shared server.', defaultValue: '0.0.0.0' },
    { name: 'port', description: 'The port of the shared server.', defaultValue: '9892' },
    {
      name: 'tcp.no.delay',
      description: 'Disable Nagle’s algorithm.',
      defaultValue: 'true',
      possibleValues: ['true', 'false'],
    },
    {
      name: 'keep.alive',
      description: 'TCP keep-alive.',
      defaultValue: 'true',
      possibleValues: ['true', 'false'],
    },
    {
      name: 'receiver.threads',
      description: 'Not used (Siddhi compatibility).',
      defaultValue: '10',
    },
    { name: 'worker.threads', description: 'Not used (Siddhi compatibility).', defaultValue: '10' },
  ],
  defaultMapper: 'binary',
  examples: [
    {
      description: 'Receives binary events sent to context `abc` on the default server.',
      siddhi:
        "@source(type='tcp', context='abc', @map(type='binary'))\n" +
        'define stream Foo (attribute1 string, attribute2 int);',
    },
    {
      description: 'Receives JSON text on port 9893, for the sink URL tcp://host:9893/quotes.',
      siddhi:
        "@source(type='tcp', context='quotes', port='9893', @map(type='json'))\n" +
        'define stream Quotes (symbol string, price double);',
    },
  ],
  create: (ctx) => new TcpSourceConnection(ctx),
});
