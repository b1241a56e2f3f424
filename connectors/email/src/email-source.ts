// The `email` source: polls an IMAP mailbox every `polling.interval` seconds (on the app's
// scheduler) for unseen mails matching `search.term`, emits each mail's body with its headers
// as transport properties, and only once the events were processed marks, flags, moves or
// deletes the mails (`action.after.processed`) — so a mail is never lost (at-least-once).

import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type Extension,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import {
  describeImapError,
  ImapMailStore,
  type ImapSettings,
  type MailMessage,
  type MailStore,
} from './mail-store.js';
import {
  matchesSearch,
  parseSearchTerm,
  type MailAddress,
  type SearchCondition,
} from './search-term.js';

const parameters = {
  username: param.string({ description: 'The account’s user name.' }),
  password: param.string({ description: 'The account’s password.', secret: true }),
  store: param.enum(['imap', 'pop3'], {
    description: 'The mail store protocol; only `imap` is supported.',
    optional: true,
    default: 'imap',
  }),
  host: param.string({
    description: 'The IMAP server.',
    optional: true,
    default: 'imap.gmail.com',
  }),
  port: param.int({ description: 'The IMAP port (993 with SSL).', optional: true, default: 993 }),
  folder: param.string({ description: 'The folder read.', optional: true, default: 'INBOX' }),
  'search.term': param.string({
    description:
      "Conditions every mail must meet: `'subject:DAS, from:carbon, bcc:wso2'` — case-sensitive " +
      'substrings of the subject or of an address (keys subject, from, to, cc, bcc).',
    optional: true,
  }),
  'polling.interval': param.long({
    description: 'Seconds between polls.',
    optional: true,
    default: 600,
  }),
  'action.after.processed': param.enum(['NONE', 'SEEN', 'FLAGGED', 'ANSWERED', 'DELETE', 'MOVE'], {
    description:
      'What happens to a mail once its events were processed: NONE and SEEN mark it read, ' +
      'FLAGGED and ANSWERED also set that flag, DELETE deletes it, MOVE moves it to ' +
      '`folder.to.move`.',
    optional: true,
    default: 'NONE',
  }),
  'folder.to.move': param.string({
    description: 'The folder mails go to with `action.after.processed=MOVE`.',
    optional: true,
  }),
  'content.type': param.enum(['text/plain', 'text/html'], {
    description: 'Which body part is the payload.',
    optional: true,
    default: 'text/plain',
  }),
  'ssl.enable': param.bool({
    description: 'Connect over TLS (true), or in clear text upgraded with STARTTLS when offered.',
    optional: true,
    default: true,
  }),
  'mail.imap.ssl.trust': param.string({
    description:
      "System parameter: '*' (or a space-separated host list) trusts the server’s certificate " +
      'without verification. Default: certificates are verified.',
    optional: true,
  }),
};

export type EmailSourceOptions = OptionsOf<typeof parameters>;

/** The transport properties of a mail. */
const TRANSPORT_PROPERTIES = [
  { name: 'subject', description: 'The subject.' },
  { name: 'from', description: 'The senders, comma-separated.' },
  { name: 'to', description: 'The recipients, comma-separated.' },
  { name: 'cc', description: 'The carbon-copy recipients, comma-separated.' },
  { name: 'bcc', description: 'The blind-copy recipients, comma-separated.' },
  { name: 'reply.to', description: 'The reply-to addresses, comma-separated.' },
  { name: 'sent.date', description: 'When the mail was sent (ISO-8601).' },
  { name: 'received.date', description: 'When the server received it (ISO-8601).' },
  { name: 'content.type', description: 'The type of the payload part.' },
  { name: 'message.number', description: 'The mail’s IMAP UID.' },
];

function addresses(list: readonly MailAddress[] | undefined): string | undefined {
  if (list === undefined || list.length === 0) return undefined;
  return list.map((a) => a.address ?? a.name ?? '').join(', ');
}

/**
 * The transport properties of a mail.
 * @example
 * mailTransport({ uid: 7, content: 'x', contentType: 'text/plain', subject: 'Hi' })['subject'] // 'Hi'
 */
export function mailTransport(mail: MailMessage): TransportProperties {
  return {
    subject: mail.subject,
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    bcc: addresses(mail.bcc),
    'reply.to': addresses(mail.replyTo),
    'sent.date': mail.sentDate?.toISOString(),
    'received.date': mail.receivedDate?.toISOString(),
    'content.type': mail.contentType,
    'message.number': String(mail.uid),
  };
}

function isAuthenticationFailure(error: unknown): boolean {
  return (error as { authenticationFailed?: unknown } | null)?.authenticationFailed === true;
}

/** Makes the mailbox a source reads. */
export type MailStoreFactory = (settings: ImapSettings) => MailStore;

/** One `email` source. */
class EmailSourceConnection implements SourceConnection {
  readonly #where: string;
  readonly #conditions: readonly SearchCondition[];
  readonly #store: MailStore;
  #connected = false;
  #everConnected = false;
  #paused = false;
  #polling: Promise<void> | undefined;
  #cancel: (() => void) | undefined;

  constructor(
    private readonly ctx: SourceContext<EmailSourceOptions>,
    createStore: MailStoreFactory,
  ) {
    const o = ctx.options;
    this.#where = `source 'email' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    if (o.store === 'pop3') throw new Error("store 'pop3' is not supported; use an IMAP server");
    if (o['action.after.processed'] === 'MOVE' && o['folder.to.move'] === undefined) {
      throw new Error("action.after.processed='MOVE' needs folder.to.move");
    }
    if (o['polling.interval'] < 1) {
      throw new Error(
        `polling.interval must be 1 second or more, found ${String(o['polling.interval'])}`,
      );
    }
    this.#conditions = o['search.term'] === undefined ? [] : parseSearchTerm(o['search.term']);
    const trust = o['mail.imap.ssl.trust']?.trim();
    this.#store = createStore({
      host: o.host,
      port: o.port,
      secure: o['ssl.enable'],
      user: o.username,
      password: o.password,
      folder: o.folder,
      contentType: o['content.type'],
      rejectUnauthorized: !(
        trust !== undefined &&
        (trust === '*' || trust.split(/\s+/).includes(o.host))
      ),
    });
    this.#store.onLost((error) => {
      if (this.#connected)
        this.ctx.connectionLost(new ConnectionUnavailableError(`${this.#where}: ${error.message}`));
    });
  }

  async connect(): Promise<void> {
    try {
      await this.#store.connect();
    } catch (error) {
      await this.#store.close().catch(() => undefined);
      const o = this.ctx.options;
      const server = `${o.host}:${String(o.port)}`;
      const refused = isAuthenticationFailure(error);
      const message = refused
        ? `${this.#where} cannot log in to ${server} as '${o.username}': ${describeImapError(error)}`
        : `${this.#where} cannot connect to ${server}: ${describeImapError(error)}`;
      // A login refused at the first connect will not heal by retrying: the app fails to start.
      // Once it was accepted, a refusal is the server's passing state (a restart): retried.
      if (refused && !this.#everConnected) throw new Error(message, { cause: error });
      throw new ConnectionUnavailableError(message, { cause: error });
    }
    this.#connected = true;
    this.#everConnected = true;
    this.#poll();
    this.#arm();
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.#cancel?.();
    this.#cancel = undefined;
    await this.#polling?.catch(() => undefined);
    await this.#store.close();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  #arm(): void {
    if (!this.#connected) return;
    const at = this.ctx.clock.now() + this.ctx.options['polling.interval'] * 1000;
    this.#cancel = this.ctx.scheduler.schedule(at, () => {
      this.#cancel = undefined;
      this.#poll();
      this.#arm();
    });
  }

  #poll(): void {
    // A poll still running, or a paused app, skips this turn.
    if (!this.#connected || this.#paused || this.#polling !== undefined) return;
    this.#polling = this.#read()
      .catch((error: unknown) => {
        if (this.#connected) {
          this.ctx.connectionLost(
            new ConnectionUnavailableError(`${this.#where}: ${describeImapError(error)}`, {
              cause: error,
            }),
          );
        }
      })
      .finally(() => {
        this.#polling = undefined;
      });
  }

  async #read(): Promise<void> {
    const mails = (await this.#store.unseen(this.#conditions)).filter((m) =>
      matchesSearch(m, this.#conditions),
    );
    if (mails.length === 0) return;
    try {
      await Promise.all(mails.map((m) => this.ctx.emit(m.content, mailTransport(m))));
    } catch (error) {
      // The app stopped: the mails stay unseen and are read again later.
      this.ctx.logger.log(
        'warn',
        `${this.#where} left ${String(mails.length)} mail(s) unread: ${describeImapError(error)}`,
      );
      return;
    }
    await this.#store.after(
      mails.map((m) => m.uid),
      this.ctx.options['action.after.processed'],
      this.ctx.options['folder.to.move'],
    );
  }
}

/**
 * The `email` source reading through `createStore` (default: IMAP with imapflow).
 * @example
 * const source = emailSourceWith((settings) => new ImapMailStore(settings));
 */
export function emailSourceWith(createStore: MailStoreFactory): Extension {
  return defineSource({
    name: 'email',
    status: 'beta',
    summary: 'Polls an IMAP mailbox and turns each new mail into events.',
    description:
      'Every `polling.interval` seconds the unseen mails of `folder` that meet `search.term` are ' +
      'read; the body part of `content.type` is the payload and the headers are transport ' +
      'properties (`trp:subject`, `trp:from`…). Once a mail’s events were processed it is ' +
      'handled by `action.after.processed`, which at least marks it read, so the next poll ' +
      'skips it. POP3 is not supported.',
    parameters,
    transportProperties: TRANSPORT_PROPERTIES,
    examples: [
      {
        description:
          'Reads new mails about DAS from carbon every 5 minutes and moves them to "processed".',
        siddhi:
          "@source(type='email', @map(type='xml'), username='receiver.account', password='account.password',\n" +
          "        search.term='subject:DAS, from:carbon', polling.interval='300',\n" +
          "        action.after.processed='MOVE', folder.to.move='processed')\n" +
          'define stream InputStream (name string, age int, country string);',
      },
      {
        description: 'Takes the subject and sender of each mail, the text body as the message.',
        siddhi:
          "@source(type='email', username='alerts', password='secret', host='mail.example.com', port='143',\n" +
          "        ssl.enable='false', polling.interval='60',\n" +
          "        @map(type='text', regex.A='(?s)(.*)', @attributes(message='A', subject='trp:subject', sender='trp:from')))\n" +
          'define stream Mails (message string, subject string, sender string);',
      },
    ],
    create: (ctx) => new EmailSourceConnection(ctx, createStore),
  });
}

/**
 * The `email` source over IMAP.
 * @example
 * createRegistry({ package: '@tributary/connector-email', version: '0.1.0', extensions: [emailSource] });
 */
export const emailSource: Extension = emailSourceWith((settings) => new ImapMailStore(settings));
