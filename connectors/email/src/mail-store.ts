// The mailbox the `email` source reads, behind a small interface: unseen messages of a folder
// (narrowed by the search conditions) with the body part of the wanted content type, and the
// after-processing actions. `ImapMailStore` is the IMAP implementation (imapflow).

import { ImapFlow, type MessageStructureObject, type SearchObject } from 'imapflow';
import { decodeBody } from './body-decoding.js';
import { matchesSearch, type MailAddress, type SearchCondition } from './search-term.js';

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
  /** The unseen messages of the folder meeting `conditions`, oldest first. */
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
  return findBodyPart(node, type)?.part;
}

/** A body part to fetch: its number and how its bytes are encoded. */
export interface BodyPart {
  readonly part: string;
  readonly encoding: string | undefined;
  readonly charset: string | undefined;
}

/**
 * The first body part of `type` (depth first, attachments skipped) with its encoding.
 * @example
 * findBodyPart({ type: 'text/plain', encoding: 'base64', parameters: { charset: 'utf-8' } }, 'text/plain')
 * // { part: '1', encoding: 'base64', charset: 'utf-8' }
 */
export function findBodyPart(node: MessageStructureObject, type: string): BodyPart | undefined {
  if (node.childNodes !== undefined && node.childNodes.length > 0) {
    for (const child of node.childNodes) {
      const found = findBodyPart(child, type);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (node.type.toLowerCase() !== type || node.disposition?.toLowerCase() === 'attachment') {
    return undefined;
  }
  return {
    // A single-part message has no part number: its body is part 1.
    part: node.part ?? '1',
    encoding: node.encoding,
    charset: node.parameters?.charset,
  };
}

/**
 * An IMAP error in words: the server's response text when it gave one (imapflow's own message
 * is only "Command failed").
 * @example
 * describeImapError(loginError) // 'LOGIN failed. Invalid login/password for user id bob'
 */
export function describeImapError(error: unknown): string {
  const text = (error as { responseText?: unknown } | null)?.responseText;
  if (typeof text === 'string' && text !== '') return text;
  return error instanceof Error ? error.message : String(error);
}

/** imapflow answers a refused STORE/MOVE/EXPUNGE with false instead of rejecting. */
function checked(result: unknown, what: string, uids: readonly number[]): void {
  if (result === false) {
    throw new Error(`the IMAP server refused to ${what} the mail(s) ${uids.join(',')}`);
  }
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
  /** Folders known to exist on this connection. */
  readonly #folders = new Set<string>();

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
    this.#folders.clear();
    try {
      await client.connect();
      await client.mailboxOpen(s.folder).catch((error: unknown) => {
        throw new Error(`cannot open folder '${s.folder}': ${describeImapError(error)}`, {
          cause: error,
        });
      });
    } catch (error) {
      // A login that succeeded must not stay open behind a folder that could not be opened.
      client.close();
      throw error;
    }
    this.#client = client;
  }

  #open(): ImapFlow {
    if (this.#client === undefined) throw new Error('not connected to the IMAP server');
    return this.#client;
  }

  async unseen(conditions: readonly SearchCondition[]): Promise<MailMessage[]> {
    const client = this.#open();
    // The server narrows by subject only: servers differ on address searches (GreenMail, like
    // javax.mail's AddressTerm, wants a whole address), so addresses are matched here.
    const subject = conditions.find((c) => c.key === 'subject')?.value;
    const query: SearchObject = subject === undefined ? { seen: false } : { seen: false, subject };
    const uids = await client.search(query, { uid: true });
    if (uids === false || uids.length === 0) return [];
    const fetched = await client.fetchAll(
      uids.sort((a, b) => a - b),
      { uid: true, envelope: true, bodyStructure: true, internalDate: true },
      { uid: true },
    );
    const wanted: { readonly uid: number; readonly body: BodyPart | undefined }[] = [];
    const messages: MailMessage[] = [];
    for (const m of fetched) {
      const e = m.envelope;
      const headers = {
        ...(e?.subject === undefined ? {} : { subject: e.subject }),
        ...(e?.from === undefined ? {} : { from: e.from }),
        ...(e?.to === undefined ? {} : { to: e.to }),
        ...(e?.cc === undefined ? {} : { cc: e.cc }),
        ...(e?.bcc === undefined ? {} : { bcc: e.bcc }),
        ...(e?.replyTo === undefined ? {} : { replyTo: e.replyTo }),
      };
      // Bodies are fetched only for the mails every condition holds for.
      if (!matchesSearch(headers, conditions)) continue;
      const received = m.internalDate === undefined ? undefined : new Date(m.internalDate);
      wanted.push({
        uid: m.uid,
        body:
          m.bodyStructure === undefined
            ? undefined
            : findBodyPart(m.bodyStructure, this.settings.contentType),
      });
      messages.push({
        uid: m.uid,
        content: '',
        contentType: this.settings.contentType,
        ...headers,
        ...(e?.date === undefined ? {} : { sentDate: e.date }),
        ...(received === undefined ? {} : { receivedDate: received }),
      });
    }
    const bodies = await this.#bodies(client, wanted);
    return messages.map((m) => ({ ...m, content: bodies.get(m.uid) ?? '' }));
  }

  /**
   * The bodies of `mails` by UID: one FETCH (BODY.PEEK, so no \Seen) per distinct part number
   * — usually one for all — instead of a download per mail.
   */
  async #bodies(
    client: ImapFlow,
    mails: readonly { readonly uid: number; readonly body: BodyPart | undefined }[],
  ): Promise<Map<number, string>> {
    const byPart = new Map<string, Map<number, BodyPart>>();
    for (const { uid, body } of mails) {
      if (body === undefined) continue;
      const group = byPart.get(body.part) ?? new Map<number, BodyPart>();
      group.set(uid, body);
      byPart.set(body.part, group);
    }
    const bodies = new Map<number, string>();
    for (const [part, group] of byPart) {
      const fetched = await client.fetchAll(
        [...group.keys()],
        { uid: true, bodyParts: [part] },
        { uid: true },
      );
      for (const m of fetched) {
        const body = group.get(m.uid);
        const raw = m.bodyParts?.get(part);
        if (body !== undefined && raw !== undefined) {
          bodies.set(m.uid, decodeBody(raw, body.encoding, body.charset));
        }
      }
    }
    return bodies;
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
      checked(await client.messageDelete(range, { uid: true }), 'delete', range);
      return;
    }
    if (action === 'MOVE') {
      const folder = moveTo ?? '';
      await this.#ensureFolder(client, folder);
      checked(await client.messageFlagsAdd(range, ['\\Seen'], { uid: true }), 'flag', range);
      checked(await client.messageMove(range, folder, { uid: true }), `move to '${folder}'`, range);
      return;
    }
    checked(
      await client.messageFlagsAdd(range, FLAGS[action] ?? ['\\Seen'], { uid: true }),
      'flag',
      range,
    );
  }

  /** Creates `folder` when the server does not have it (as Siddhi does for `folder.to.move`). */
  async #ensureFolder(client: ImapFlow, folder: string): Promise<void> {
    if (this.#folders.has(folder)) return;
    const listed = await client.list();
    if (!listed.some((f) => f.path === folder)) {
      await client.mailboxCreate(folder).catch((error: unknown) => {
        throw new Error(`cannot create folder '${folder}': ${describeImapError(error)}`, {
          cause: error,
        });
      });
    }
    this.#folders.add(folder);
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
