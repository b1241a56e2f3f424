// The `email` sink: sends each payload as the body of a mail through SMTP (nodemailer), with
// Siddhi's options — the account (username, password, address), the server (host, port,
// ssl.enable, auth) and per-event subject, recipients, content type and attachments. An event
// is acknowledged once the server accepted its mail.

import {
  ConnectionUnavailableError,
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTransport } from 'nodemailer';

const parameters = {
  username: param.string({ description: 'The account’s user name (`abc` of abc@gmail.com).' }),
  address: param.string({ description: 'The account’s address: the sender of every mail.' }),
  password: param.string({ description: 'The account’s password.', secret: true }),
  host: param.string({
    description: 'The SMTP server.',
    optional: true,
    default: 'smtp.gmail.com',
  }),
  port: param.int({
    description: 'The SMTP port (465 fits ssl.enable=true; 587 or 25 use STARTTLS when offered).',
    optional: true,
    default: 465,
  }),
  'ssl.enable': param.bool({
    description: 'Connect over TLS (true), or in clear text upgraded with STARTTLS when offered.',
    optional: true,
    default: true,
  }),
  auth: param.bool({
    description: 'Authenticate with username and password.',
    optional: true,
    default: true,
  }),
  'content.type': param.enum(['text/plain', 'text/html'], {
    description: 'The body’s type; may name an attribute.',
    optional: true,
    default: 'text/plain',
    dynamic: true,
  }),
  subject: param.string({ description: 'The subject; may name attributes.', dynamic: true }),
  to: param.string({
    description: 'The recipients, comma-separated; may name attributes.',
    dynamic: true,
  }),
  cc: param.string({
    description: 'Carbon-copy recipients, comma-separated; may name attributes.',
    optional: true,
    dynamic: true,
  }),
  bcc: param.string({
    description: 'Blind-copy recipients, comma-separated; may name attributes.',
    optional: true,
    dynamic: true,
  }),
  attachments: param.string({
    description:
      'Absolute paths of files to attach, comma-separated; a directory attaches the files ' +
      'directly in it. May name attributes.',
    optional: true,
    dynamic: true,
  }),
  'connection.pool.size': param.int({
    description: 'Concurrent SMTP connections.',
    optional: true,
    default: 1,
  }),
  'mail.smtp.ssl.trust': param.string({
    description:
      "System parameter: hosts whose certificates are trusted without verification — '*' for " +
      'all, or a space-separated list. Default: certificates are verified.',
    optional: true,
  }),
  'mail.smtp.connectiontimeout': param.int({
    description: 'System parameter: ms to wait for the connection (default: nodemailer’s 2 min).',
    optional: true,
  }),
  'mail.smtp.timeout': param.int({
    description: 'System parameter: ms of socket inactivity allowed (default: 10 min).',
    optional: true,
  }),
};

export type EmailSinkOptions = OptionsOf<typeof parameters>;

/** nodemailer's codes for a server that cannot be reached or went away. */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROXY',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The files `attachments` names: files as given, directories by the files directly in them.
 * @example
 * attachmentFiles('/tmp/report.pdf, /tmp/logs') // ['/tmp/report.pdf', '/tmp/logs/a.log', …]
 */
export function attachmentFiles(text: string | undefined): string[] {
  return list(text).flatMap((entry) => {
    const stats = statSync(entry, { throwIfNoEntry: false });
    if (stats === undefined) throw new Error(`attachment '${entry}' does not exist`);
    if (!stats.isDirectory()) return [entry];
    return readdirSync(entry, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(entry, e.name))
      .sort();
  });
}

function bodyOf(payload: unknown, where: string): string {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload).toString('utf8');
  throw new Error(
    `${where} sends text, but the mapper made ${payload === null ? 'null' : typeof payload}; use @map(type='text'), 'json' or 'xml'`,
  );
}

/** One `email` sink. */
class EmailSinkConnection implements SinkConnection {
  readonly #where: string;
  #transport: ReturnType<typeof createTransport> | undefined;
  #everConnected = false;

  constructor(private readonly ctx: SinkContext<EmailSinkOptions>) {
    this.#where = `sink 'email' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    if (ctx.options['connection.pool.size'] < 1) {
      throw new Error(
        `connection.pool.size must be 1 or more, found ${String(ctx.options['connection.pool.size'])}`,
      );
    }
  }

  #create(): ReturnType<typeof createTransport> {
    const o = this.ctx.options;
    const trust = o['mail.smtp.ssl.trust']?.trim();
    const trusted = trust !== undefined && (trust === '*' || trust.split(/\s+/).includes(o.host));
    const pool = o['connection.pool.size'];
    return createTransport({
      host: o.host,
      port: o.port,
      secure: o['ssl.enable'],
      ...(o.auth ? { auth: { user: o.username, pass: o.password } } : {}),
      ...(trusted ? { tls: { rejectUnauthorized: false } } : {}),
      ...(o['mail.smtp.connectiontimeout'] === undefined
        ? {}
        : { connectionTimeout: o['mail.smtp.connectiontimeout'] }),
      ...(o['mail.smtp.timeout'] === undefined ? {} : { socketTimeout: o['mail.smtp.timeout'] }),
      // Always pooled: the engine keeps up to a thousand publishes in flight, and without a
      // pool each would open its own SMTP connection (servers refuse or time out such bursts).
      pool: true,
      maxConnections: pool,
    });
  }

  async connect(): Promise<void> {
    const transport = this.#create();
    try {
      await transport.verify();
    } catch (error) {
      transport.close();
      throw this.#failure(error, 'cannot reach');
    }
    this.#transport = transport;
    this.#everConnected = true;
  }

  disconnect(): Promise<void> {
    this.#transport?.close();
    this.#transport = undefined;
    return Promise.resolve();
  }

  async publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const transport = this.#transport;
    if (transport === undefined) {
      throw new ConnectionUnavailableError(`${this.#where} is not connected`);
    }
    const body = bodyOf(payload, this.#where);
    const html =
      (options['content.type'] ?? this.ctx.options['content.type']).trim() === 'text/html';
    const cc = list(options.cc ?? this.ctx.options.cc);
    const bcc = list(options.bcc ?? this.ctx.options.bcc);
    const files = attachmentFiles(options.attachments ?? this.ctx.options.attachments);
    try {
      await transport.sendMail({
        from: this.ctx.options.address,
        to: list(options.to ?? this.ctx.options.to),
        ...(cc.length === 0 ? {} : { cc }),
        ...(bcc.length === 0 ? {} : { bcc }),
        subject: options.subject ?? this.ctx.options.subject,
        ...(html ? { html: body } : { text: body }),
        ...(files.length === 0 ? {} : { attachments: files.map((f) => ({ path: f })) }),
      });
    } catch (error) {
      throw this.#failure(error, 'could not send through');
    }
  }

  #failure(error: unknown, what: string): Error {
    const code = codeOf(error);
    const o = this.ctx.options;
    const server = `${o.host}:${String(o.port)}`;
    if (code === 'EAUTH') {
      const message = `${this.#where} cannot log in to ${server} as '${o.username}': ${describe(error)}`;
      // Refused at the first connect, the login will not heal (the app fails to start); once
      // accepted, a refusal is the server's passing state (a restart) and is retried.
      return this.#everConnected
        ? new ConnectionUnavailableError(message, { cause: error })
        : new Error(message, { cause: error });
    }
    const message = `${this.#where} ${what} ${server}: ${describe(error)}`;
    return code !== undefined && CONNECTION_CODES.has(code)
      ? new ConnectionUnavailableError(message, { cause: error })
      : new Error(message, { cause: error });
  }
}

/**
 * The `email` sink.
 * @example
 * createRegistry({ package: '@tributary/connector-email', version: '0.1.0', extensions: [emailSink] });
 */
export const emailSink = defineSink({
  name: 'email',
  status: 'stable',
  summary: 'Sends each event as an email through an SMTP server.',
  description:
    'The payload (from a text, json or xml `@map`) is the body; `subject`, `to`, `cc`, `bcc`, ' +
    '`content.type` and `attachments` may name attributes. The sender is `address`. The ' +
    'server is checked (and logged in to) at connect; an unreachable server is a connection ' +
    'error, retried with backoff, and a mail it cannot take goes to `on.error`.',
  parameters,
  systemParameters: [
    {
      name: 'mail.smtp.ssl.trust',
      description: 'Hosts trusted without verification.',
      defaultValue: '',
    },
    {
      name: 'mail.smtp.connectiontimeout',
      description: 'Connection timeout in ms.',
      defaultValue: '120000',
    },
    {
      name: 'mail.smtp.timeout',
      description: 'Socket inactivity timeout in ms.',
      defaultValue: '600000',
    },
  ],
  examples: [
    {
      description: 'Mails each alert as text, with the subject naming the symbol.',
      siddhi:
        "@sink(type='email', @map(type='text'), username='sender.account', address='sender.account@gmail.com',\n" +
        "      password='account.password', subject='Alerts from Wso2 Stream Processor {{symbol}}',\n" +
        "      to='{{email}}', cc='cc.account@gmail.com')\n" +
        'define stream FooStream (email string, symbol string, price float);',
    },
    {
      description: 'Sends HTML mails through a local relay without TLS or authentication.',
      siddhi:
        "@sink(type='email', username='alerts', address='alerts@example.com', password='unused', host='localhost',\n" +
        "      port='25', ssl.enable='false', auth='false', content.type='text/html', subject='Report',\n" +
        "      to='ops@example.com', @map(type='text', @payload('<b>{{count}}</b> orders')))\n" +
        'define stream Reports (count long);',
    },
  ],
  create: (ctx) => new EmailSinkConnection(ctx),
});
