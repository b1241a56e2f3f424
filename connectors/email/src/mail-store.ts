// The mailbox the `email` source reads, behind a small interface: unseen messages of a folder
// (narrowed by the search conditions) with the body part of the wanted content type, and the
// after-processing actions. `ImapMailStore` is the IMAP implementation (imapflow).

import { ImapFlow, type MessageStructureObject } from 'imapflow';
import type { MailAddress, SearchCondition } from './search-term.js';

/** One message, ready to emit. */
export interface MailMessage {
  readonly uid: number;
  readonly subject?: string;
  readonly from?: readonly MailAddress[];
  readonly to?: readonly MailAddress[];
  readonly cc?: readonly MailAddress[];
  readonly bcc?: readonly MailAddress[];
  readonly replyTo?: readonly MailAddress[];
  readonly sentDate?: Date;
  readonly receivedDate?: Date;
  /** The body part of the wanted type ('' when the message has none). */
  readonly content: string;
  readonly contentType: string;
}

/** What to do with a processed message. */
export type MailAction = 'NONE' | 'SEEN' | 'FLAGGED' | 'ANSWERED' | 'DELETE' | 'MOVE';

/** A mailbox. */
export interface MailStore {
  /** Connects and logs in; rejects when the server is unreachable or refuses the login. */
  connect(): Promise<void>;
  /** The unseen messages of the folder that the server finds for `conditions`, oldest first. */
  unseen(conditions: readonly SearchCondition[]): Promise<MailMessage[]>;
  /** Applies `action` to processed messages (NONE marks them seen, as reading does). */
  after(uids: readonly number[], action: MailAction, moveTo: string | undefined): Promise<void>;
  close(): Promise<void>;
  /** Called when the connection closes without `close`. */
  onLost(callback: (error: Error) => void): void;
}

/** How to reach an IMAP mailbox. */
export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
  readonly folder: string;
  /** `text/plain` or `text/html`. */
  readonly contentType: string;
  readonly rejectUnauthorized: boolean;
}

/**
 * The part number of the first body part of `type` (depth first), skipping attachments.
 * @example
 * findPart({ type: 'multipart/alternative', childNodes: [{ part: '1', type: 'text/plain' }] }, 'text/plain') // '1'
 */
export function findPart(node: MessageStructureObject, type: string): string | undefined {
  if (node.childNodes !== undefined && node.childNodes.length > 0) {
    for (const child of node.childNodes) {
      const found = findPart(child, type);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (node.type.toLowerCase() !== type || node.disposition?.toLowerCase() === 'attachment') {
    return undefined;
  }
  // A single-part message has no part number: its body is part 1.
  return node.part ?? '1';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

const FLAGS: Partial<Record<MailAction, string[]>> = {
  NONE: ['\\Seen'],
  SEEN: ['\\Seen'],
  FLAGGED: ['\\Seen', '\\Flagged'],
  ANSWERED: ['\\Seen', '\\Answered'],
};

/** An IMAP mailbox through imapflow. */
export class ImapMailStore implements MailStore {
  #client: ImapFlow | undefined;
  #lost: ((error: Error) => void) | undefined;
  #closing = false;

  constructor(private readonly settings: ImapSettings) {}

  onLost(callback: (error: Error) => void): void {
    this.#lost = callback;
  }

  async connect(): Promise<void> {
    const s = this.settings;
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: { user: s.user, pass: s.password },
      logger: false,
      disableAutoIdle: true,
      tls: { rejectUnauthorized: s.rejectUnauthorized },
    });
    client.on('error', () => undefined);
    client.on('close', () => {
      if (!this.#closing && this.#client === client) {
        this.#client = undefined;
        this.#lost?.(new Error('the IMAP server closed the connection'));
      }
    });
    this.#closing = false;
    await client.connect();
    await client.mailboxOpen(s.folder);
    this.#client = client;
  }

  #open(): ImapFlow {
    if (this.#client === undefined) throw new Error('not connected to the IMAP server');
    return this.#client;
  }

  async unseen(conditions: readonly SearchCondition[]): Promise<MailMessage[]> {
    const client = this.#open();
    const query: Record<string, unknown> = { seen: false };
    for (const c of conditions) query[c.key] = c.value;
    const uids = await client.search(query, { uid: true });
    if (uids === false || uids.length === 0) return [];
    const fetched = await client.fetchAll(
      uids.sort((a, b) => a - b),
      { uid: true, envelope: true, bodyStructure: true, internalDate: true },
      { uid: true },
    );
    const messages: MailMessage[] = [];
    for (const m of fetched) {
      const part =
        m.bodyStructure === undefined
          ? undefined
          : findPart(m.bodyStructure, this.settings.contentType);
      // The body is read without setting \Seen: the message is marked once its events were processed.
      const content =
        part === undefined
          ? ''
          : await readAll((await client.download(String(m.uid), part, { uid: true })).content);
      const e = m.envelope;
      const received = m.internalDate === undefined ? undefined : new Date(m.internalDate);
      messages.push({
        uid: m.uid,
        content,
        contentType: this.settings.contentType,
        ...(e?.subject === undefined ? {} : { subject: e.subject }),
        ...(e?.from === undefined ? {} : { from: e.from }),
        ...(e?.to === undefined ? {} : { to: e.to }),
        ...(e?.cc === undefined ? {} : { cc: e.cc }),
        ...(e?.bcc === undefined ? {} : { bcc: e.bcc }),
        ...(e?.replyTo === undefined ? {} : { replyTo: e.replyTo }),
        ...(e?.date === undefined ? {} : { sentDate: e.date }),
        ...(received === undefined ? {} : { receivedDate: received }),
      });
    }
    return messages;
  }

  async after(
    uids: readonly number[],
    action: MailAction,
    moveTo: string | undefined,
  ): Promise<void> {
    if (uids.length === 0) return;
    const client = this.#open();
    const range = [...uids];
    if (action === 'DELETE') {
      await client.messageDelete(range, { uid: true });
      return;
    }
    if (action === 'MOVE') {
      await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
      await client.messageMove(range, moveTo ?? '', { uid: true });
      return;
    }
    await client.messageFlagsAdd(range, FLAGS[action] ?? ['\\Seen'], { uid: true });
  }

  async close(): Promise<void> {
    this.#closing = true;
    const client = this.#client;
    this.#client = undefined;
    if (client === undefined) return;
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }
}
