// Test support for the email connector: an in-process SMTP server (smtp-server) collecting the
// mails it accepts, an in-memory mailbox behind the `MailStore` interface for the IMAP source's
// logic, free ports and a real-time wait.

import { SMTPServer } from 'smtp-server';
import type { MailAction, MailMessage, MailStore } from './mail-store.js';
import type { SearchCondition } from './search-term.js';

import { freePort, until } from '@tributary/engine/testing';

// The shared live-test helpers of @tributary/engine/testing, under the names these tests use.
export { freePort, until as waitFor };

/** A mail the SMTP server accepted. */
export interface ReceivedMail {
  readonly from: string;
  readonly recipients: string[];
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly raw: string;
}

/** A running SMTP server. */
export interface SmtpPeer {
  readonly port: number;
  readonly mails: ReceivedMail[];
  readonly logins: string[];
  close(): Promise<void>;
}

function parseMail(raw: string, from: string, recipients: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { from, recipients, headers, body: body.replace(/\r\n$/, ''), raw };
}

/**
 * Starts an SMTP server on loopback accepting `user`/`pass` (any login when omitted).
 * @example
 * const smtp = await startSmtpPeer({ user: 'sender', pass: 'secret' });
 */
export async function startSmtpPeer(
  options: { readonly port?: number; readonly user?: string; readonly pass?: string } = {},
): Promise<SmtpPeer> {
  const mails: ReceivedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (
        options.user !== undefined &&
        (auth.username !== options.user || auth.password !== options.pass)
      ) {
        callback(new Error('Invalid username or password'));
        return;
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            from,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    mails,
    logins,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** An in-memory mailbox: mails with flags, and switches to fail logins or connections. */
export class MemoryMailbox implements MailStore {
  readonly mails: (MailMessage & { flags: Set<string>; folder: string })[] = [];
  readonly actions: string[] = [];
  connected = false;
  refuseLogin = false;
  unreachable = false;
  #lost: ((error: Error) => void) | undefined;
  #nextUid = 1;

  /** Delivers a mail to INBOX. */
  deliver(mail: Omit<MailMessage, 'uid' | 'contentType'> & { contentType?: string }): void {
    this.mails.push({
      contentType: 'text/plain',
      ...mail,
      uid: this.#nextUid++,
      flags: new Set(),
      folder: 'INBOX',
    });
  }

  /** Drops the connection as a server would. */
  drop(): void {
    this.connected = false;
    this.#lost?.(new Error('the IMAP server closed the connection'));
  }

  onLost(callback: (error: Error) => void): void {
    this.#lost = callback;
  }

  connect(): Promise<void> {
    if (this.unreachable) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:993'));
    if (this.refuseLogin) {
      return Promise.reject(
        Object.assign(new Error('Invalid credentials'), { authenticationFailed: true }),
      );
    }
    this.connected = true;
    return Promise.resolve();
  }

  unseen(conditions: readonly SearchCondition[]): Promise<MailMessage[]> {
    if (!this.connected) return Promise.reject(new Error('not connected'));
    // Like an IMAP server: case-insensitive conditions.
    const found = this.mails.filter(
      (m) =>
        m.folder === 'INBOX' &&
        !m.flags.has('\\Seen') &&
        conditions.every((c) => {
          const v = c.value.toLowerCase();
          if (c.key === 'subject') return (m.subject ?? '').toLowerCase().includes(v);
          return (m[c.key] ?? []).some((a) =>
            `${a.name ?? ''} ${a.address ?? ''}`.toLowerCase().includes(v),
          );
        }),
    );
    return Promise.resolve(
      found.map((m): MailMessage => {
        const mail: Partial<typeof m> = { ...m };
        delete mail.flags;
        delete mail.folder;
        return mail as MailMessage;
      }),
    );
  }

  after(uids: readonly number[], action: MailAction, moveTo: string | undefined): Promise<void> {
    if (!this.connected) return Promise.reject(new Error('not connected'));
    this.actions.push(`${action} ${uids.join(',')}`);
    for (const mail of this.mails.filter((m) => uids.includes(m.uid))) {
      if (action === 'DELETE') this.mails.splice(this.mails.indexOf(mail), 1);
      else if (action === 'MOVE') mail.folder = moveTo ?? '';
      else {
        mail.flags.add('\\Seen');
        if (action === 'FLAGGED') mail.flags.add('\\Flagged');
        if (action === 'ANSWERED') mail.flags.add('\\Answered');
      }
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }
}
