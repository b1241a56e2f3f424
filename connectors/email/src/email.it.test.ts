// The email sink and source against a real mail server (GreenMail: SMTP, IMAP, SMTPS, IMAPS):
// the io contracts, mails the sink sends read back by the source, search terms, folders, every
// `action.after.processed`, body content types and attachments, TLS, a server that goes down
// and comes back, and refused logins. Skips (saying why) only when Java or Maven is missing.

import {
  createPluginApp,
  describeSinkContract,
  describeSourceContract,
  until,
  eventually,
  type Rows,
} from '@tributary/engine/testing';
import type { AppRuntime } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { ImapFlow } from 'imapflow';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  greenMailMissing,
  startGreenMail,
  type GreenMail,
} from '../../../test/support/greenmail.js';
import { extensions } from './index.js';

/** The accounts: `sender` sends; every other one is the mailbox of one test. */
const MAILBOXES = [
  'contract-src',
  'contract-sink',
  'loop',
  'search',
  'folder',
  'act-none',
  'act-seen',
  'act-flagged',
  'act-answered',
  'act-delete',
  'act-move',
  'ctype-text',
  'ctype-html',
  'charset',
  'attach',
  'tls',
  'restart',
] as const;
type Mailbox = (typeof MAILBOXES)[number];
const DOMAIN = 'example.com';
const password = (login: string): string => `pw-${login}`;
// GreenMail makes a mailbox for any other recipient (login and password: the address).
const address = (login: string): string => `${login}@${DOMAIN}`;

const missing = greenMailMissing();
if (missing !== undefined) console.warn(`email.it.test.ts skipped: ${missing}`);
const server: GreenMail | undefined =
  missing === undefined
    ? await startGreenMail({
        tls: true,
        domain: DOMAIN,
        users: ['sender', ...MAILBOXES].map((login) => ({ login, password: password(login) })),
      })
    : undefined;
/** The server; only called inside the suites below, which are skipped when there is none. */
function mail(): GreenMail {
  if (server === undefined) throw new Error(`no GreenMail: ${missing ?? 'not started'}`);
  return server;
}
const imapPort = String(server?.imapPort ?? 0);
const smtpPort = String(server?.smtpPort ?? 0);

afterAll(async () => {
  await server?.stop();
});

const plugins = [
  { package: '@tributary/connector-email', version: '0.1.0', extensions },
  { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
];
const running: AppRuntime[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.shutdown();
});

/** The sink's account options (plain SMTP on GreenMail's port). */
const SENDER =
  `username='sender', address='${address('sender')}', password='${password('sender')}', ` +
  `host='127.0.0.1', port='${smtpPort}', ssl.enable='false'`;

/** A source's account options for `login` (plain IMAP), polling every second. */
function account(login: string): string {
  return (
    `username='${login}', password='${password(login)}', host='127.0.0.1', port='${imapPort}', ` +
    `ssl.enable='false', polling.interval='1'`
  );
}

/** Sends one mail from `sender` through GreenMail's SMTP, as any mail client would. */
async function send(options: SendMailOptions): Promise<void> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: mail().smtpPort,
    secure: false,
    auth: { user: 'sender', pass: password('sender') },
  });
  try {
    await transport.sendMail({ from: address('sender'), ...options });
  } finally {
    transport.close();
  }
}

/** Runs `work` on an IMAP session of `login` (the test's own view of the mailbox). */
async function withImap<T>(login: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: mail().imapPort,
    secure: false,
    auth: { user: login, pass: password(login) },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => {
      client.close();
    });
  }
}

/** A stored mail as the test sees it. */
interface Stored {
  readonly subject: string;
  readonly flags: string[];
}

/** The mails of a folder (empty when the folder does not exist). */
function folder(login: Mailbox, path = 'INBOX'): Promise<Stored[]> {
  return withImap(login, async (client) => {
    const listed = await client.list();
    if (!listed.some((f) => f.path === path)) return [];
    const opened = await client.mailboxOpen(path);
    if (opened.exists === 0) return [];
    const fetched = await client.fetchAll('1:*', { envelope: true, flags: true });
    return fetched.map((m) => ({
      subject: m.envelope?.subject ?? '',
      flags: [...(m.flags ?? [])].sort(),
    }));
  });
}

/** Starts an app with the email and text extensions; collects what `streams` receive. */
async function start(
  text: string,
  streams: readonly string[] = [],
  logs: string[] = [],
): Promise<{ app: AppRuntime; rows: Map<string, unknown[][]> }> {
  const app = createPluginApp(plugins, text, { logs, delays: [200] });
  running.push(app);
  const rows = new Map<string, unknown[][]>();
  for (const stream of streams) {
    const collected: unknown[][] = [];
    rows.set(stream, collected);
    app.onStream(stream, (events) => {
      for (const e of events) collected.push([...e.data]);
    });
  }
  app.start();
  await app.whenConnected();
  return { app, rows };
}

function rowsOf(run: { rows: Map<string, unknown[][]> }, stream: string): unknown[][] {
  const rows = run.rows.get(stream);
  if (rows === undefined) throw new Error(`stream ${stream} is not collected`);
  return rows;
}

/** A source taking the whole body as `message`, with the subject and sender. */
function wholeBody(login: Mailbox, options = ''): string {
  return `@source(type='email', ${account(login)}${options === '' ? '' : `, ${options}`},
       @map(type='text', regex.A='(?s)(.*)',
            @attributes(message='A[1]', subject='trp:subject', sender='trp:from', kind='trp:content.type')))
     define stream Mails (message string, subject string, sender string, kind string);`;
}

const QUOTES: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

describe.skipIf(missing !== undefined)('email against GreenMail', () => {
  describeSourceContract('email (GreenMail IMAP)', {
    extensions: [...extensions, ...textMappers],
    app:
      `@source(type='email', ${account('contract-src')}, @map(type='csv'))\n` +
      'define stream S (symbol string, price double);',
    batch: QUOTES,
    timeoutMs: 15_000,
    deliver: async (rows) => {
      for (const [symbol, price] of rows) {
        await send({
          to: address('contract-src'),
          subject: 'quote',
          text: `${String(symbol)},${String(price)}`,
        });
      }
    },
  });

  describeSinkContract('email (GreenMail SMTP)', {
    extensions: [...extensions, ...textMappers],
    app:
      `@sink(type='email', ${SENDER}, subject='quote {{symbol}}', to='${address('contract-sink')}',
             @map(type='csv'))\n` + 'define stream S (symbol string, price double);',
    batch: QUOTES,
    // Mails are sent over concurrent SMTP sessions: their order in the mailbox may differ.
    unordered: true,
    timeoutMs: 15_000,
    collect: () => {
      // Reads the recipient's mailbox every 100 ms: each mail body is one csv row.
      const received: unknown[][] = [];
      let seen = 0;
      const state = { stopped: false };
      const reading = (async () => {
        while (!state.stopped) {
          const bodies = await withImap('contract-sink', async (client) => {
            const opened = await client.mailboxOpen('INBOX');
            if (opened.exists <= seen) return [];
            const fetched = await client.fetchAll(`${String(seen + 1)}:*`, { source: true });
            return fetched.map((m) => (m.source ?? Buffer.alloc(0)).toString('utf8'));
          });
          for (const source of bodies) {
            const body = source.slice(source.indexOf('\r\n\r\n') + 4).trim();
            const [symbol, price] = body.split(',');
            received.push([symbol, Number(price)]);
          }
          seen += bodies.length;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      return {
        received: () => received,
        close: async () => {
          state.stopped = true;
          await reading;
        },
      };
    },
  });

  it('reads back what the sink sent: the body, subject, sender and recipient of each mail', async () => {
    const run = await start(
      `@sink(type='email', ${SENDER}, subject='{{symbol}} above 100', to='{{owner}}',
             cc='${address('watcher')}', @map(type='text', @payload('{{symbol}} trades at {{price}}')))
       define stream Alerts (symbol string, price double, owner string);
       @source(type='email', ${account('loop')},
               @map(type='text', regex.A='(\\w+) trades at ([-0-9.]+)',
                    @attributes(symbol='A[1]', price='A[2]', subject='trp:subject', sender='trp:from',
                                recipient='trp:to', copy='trp:cc')))
       define stream Read (symbol string, price double, subject string, sender string,
                           recipient string, copy string);`,
      ['Read'],
    );
    run.app.input('Alerts').sendBatch([
      ['GOOG', 120.5, address('loop')],
      ['AAPL', 101.25, address('loop')],
    ]);
    const read = rowsOf(run, 'Read');
    await until(
      () => read.length === 2,
      () => `read ${JSON.stringify(read)}`,
    );
    const sortedBySymbol = [...read].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(sortedBySymbol).toEqual([
      ['AAPL', 101.25, 'AAPL above 100', address('sender'), address('loop'), address('watcher')],
      ['GOOG', 120.5, 'GOOG above 100', address('sender'), address('loop'), address('watcher')],
    ]);
    // Each mail became one event: they are marked read and not read again.
    await eventually(
      async () => (await folder('loop')).every((m) => m.flags.includes('\\Seen')),
      () => 'the mails were not marked read',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(read).toHaveLength(2);
  });

  it('takes only the mails search.term matches (case-sensitive), leaving the others unread', async () => {
    const run = await start(wholeBody('search', "search.term='subject:DAS, from:carbon'"), [
      'Mails',
    ]);
    await send({
      to: address('search'),
      from: 'carbon@example.org',
      subject: 'DAS 1',
      text: 'one',
    });
    await send({
      to: address('search'),
      from: 'carbon@example.org',
      subject: 'das 2',
      text: 'two',
    });
    await send({
      to: address('search'),
      from: 'other@example.org',
      subject: 'DAS 3',
      text: 'three',
    });
    await send({
      to: address('search'),
      from: '"carbon team" <team@example.org>',
      subject: 'DAS 4',
      text: 'four',
    });
    const mails = rowsOf(run, 'Mails');
    await until(
      () => mails.length >= 2,
      () => `read ${JSON.stringify(mails)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mails.map((m) => m[1]).sort()).toEqual(['DAS 1', 'DAS 4']);
    const stored = await folder('search');
    expect(stored.filter((m) => m.flags.includes('\\Seen')).map((m) => m.subject)).toEqual([
      'DAS 1',
      'DAS 4',
    ]);
  });

  it('reads the folder it is given and no other', async () => {
    await withImap('folder', async (client) => {
      await client.mailboxCreate('Orders');
      for (const n of [1, 2]) {
        await client.append(
          'Orders',
          `From: shop@example.org\r\nTo: ${address('folder')}\r\nSubject: order ${String(n)}\r\n\r\nitem ${String(n)}\r\n`,
        );
      }
    });
    await send({ to: address('folder'), subject: 'in the inbox', text: 'not an order' });
    const run = await start(wholeBody('folder', "folder='Orders'"), ['Mails']);
    const mails = rowsOf(run, 'Mails');
    await until(
      () => mails.length >= 2,
      () => `read ${JSON.stringify(mails)}`,
    );
    expect(mails.map((m) => [m[0], m[1]])).toEqual([
      ['item 1', 'order 1'],
      ['item 2', 'order 2'],
    ]);
    expect((await folder('folder')).map((m) => m.flags)).toEqual([[]]);
  });

  it.each([
    ['NONE', 'act-none', ['\\Seen']],
    ['SEEN', 'act-seen', ['\\Seen']],
    ['FLAGGED', 'act-flagged', ['\\Flagged', '\\Seen']],
    ['ANSWERED', 'act-answered', ['\\Answered', '\\Seen']],
  ] as const)(
    "action.after.processed='%s' sets its flags once the events were processed",
    async (action, login, flags) => {
      const run = await start(wholeBody(login, `action.after.processed='${action}'`), ['Mails']);
      await send({ to: address(login), subject: 'a', text: 'first' });
      await send({ to: address(login), subject: 'b', text: 'second' });
      const mails = rowsOf(run, 'Mails');
      await until(
        () => mails.length === 2,
        () => `read ${JSON.stringify(mails)}`,
      );
      expect(mails.map((m) => m[0])).toEqual(['first', 'second']);
      await eventually(
        async () =>
          (await folder(login)).every((m) => JSON.stringify(m.flags) === JSON.stringify(flags)),
        () => `the mails do not carry ${flags.join(' ')}`,
      );
      expect(await folder(login)).toHaveLength(2);
    },
  );

  it("action.after.processed='DELETE' deletes the processed mails", async () => {
    const run = await start(wholeBody('act-delete', "action.after.processed='DELETE'"), ['Mails']);
    await send({ to: address('act-delete'), subject: 'a', text: 'gone' });
    const mails = rowsOf(run, 'Mails');
    await until(
      () => mails.length === 1,
      () => `read ${JSON.stringify(mails)}`,
    );
    await eventually(
      async () => (await folder('act-delete')).length === 0,
      () => 'the mail is still in INBOX',
    );
    expect(mails).toEqual([['gone', 'a', address('sender'), 'text/plain']]);
  });

  it("action.after.processed='MOVE' moves them to folder.to.move, creating it", async () => {
    const run = await start(
      wholeBody('act-move', "action.after.processed='MOVE', folder.to.move='processed'"),
      ['Mails'],
    );
    await send({ to: address('act-move'), subject: 'a', text: 'moved 1' });
    await send({ to: address('act-move'), subject: 'b', text: 'moved 2' });
    const mails = rowsOf(run, 'Mails');
    await until(
      () => mails.length === 2,
      () => `read ${JSON.stringify(mails)}`,
    );
    await eventually(
      async () => (await folder('act-move', 'processed')).length === 2,
      () => 'the mails are not in "processed"',
    );
    expect(await folder('act-move')).toEqual([]);
    expect(await folder('act-move', 'processed')).toEqual([
      { subject: 'a', flags: ['\\Seen'] },
      { subject: 'b', flags: ['\\Seen'] },
    ]);
    expect(mails.map((m) => m[0])).toEqual(['moved 1', 'moved 2']);
  });

  it('takes the body part of content.type from multipart/alternative mails', async () => {
    const text = await start(wholeBody('ctype-text'), ['Mails']);
    const html = await start(wholeBody('ctype-html', "content.type='text/html'"), ['Mails']);
    await send({
      to: [address('ctype-text'), address('ctype-html')],
      subject: 'both',
      text: 'plain body',
      html: '<p>html body</p>',
    });
    const plain = rowsOf(text, 'Mails');
    const rich = rowsOf(html, 'Mails');
    await until(
      () => plain.length === 1 && rich.length === 1,
      () => `text ${JSON.stringify(plain)}, html ${JSON.stringify(rich)}`,
    );
    expect(plain).toEqual([['plain body', 'both', address('sender'), 'text/plain']]);
    expect(rich).toEqual([['<p>html body</p>', 'both', address('sender'), 'text/html']]);
  });

  it('decodes transfer encodings and charsets to text', async () => {
    const run = await start(wholeBody('charset'), ['Mails']);
    // nodemailer: UTF-8 in base64 or quoted-printable; a raw ISO-8859-1 mail from elsewhere.
    await send({ to: address('charset'), subject: 'Grüße', text: 'Grüße – € 10 '.repeat(8) });
    await withImap('charset', async (client) => {
      await client.append(
        'INBOX',
        'From: legacy@example.org\r\nTo: charset@example.com\r\nSubject: latin\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n' +
          'Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9 cr=E8me\r\n',
      );
    });
    const mails = rowsOf(run, 'Mails');
    await until(
      () => mails.length === 2,
      () => `read ${JSON.stringify(mails)}`,
    );
    expect(mails.map((m) => [m[1], m[0]])).toEqual([
      ['Grüße', 'Grüße – € 10 '.repeat(8)],
      ['latin', 'café crème'],
    ]);
  });

  it('sends attachments (a file and a directory) and reads the body, not an attachment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'email-attach-'));
    try {
      const reports = join(dir, 'reports');
      mkdirSync(reports);
      writeFileSync(join(dir, 'note.txt'), 'a note\n');
      writeFileSync(join(reports, 'a.csv'), 'IBM,75.5\n');
      writeFileSync(join(reports, 'b.csv'), 'WSO2,57.25\n');
      const run = await start(
        `@sink(type='email', ${SENDER}, subject='report', to='${address('attach')}',
               attachments='{{files}}', @map(type='text', @payload('see {{count}} files')))
         define stream Reports (count int, files string);
         ${wholeBody('attach')}`,
        ['Mails'],
      );
      run.app.input('Reports').send([3, `${join(dir, 'note.txt')}, ${reports}`]);
      const mails = rowsOf(run, 'Mails');
      await until(
        () => mails.length === 1,
        () => `read ${JSON.stringify(mails)}`,
      );
      expect(mails[0]?.[0]).toBe('see 3 files');
      const attachments = await withImap('attach', async (client) => {
        await client.mailboxOpen('INBOX');
        const [stored] = await client.fetchAll('1', { uid: true, bodyStructure: true });
        const parts = stored?.bodyStructure?.childNodes ?? [];
        const out: string[] = [];
        for (const part of parts.filter((p) => p.disposition === 'attachment')) {
          const { content } = await client.download('1', part.part);
          const chunks: Buffer[] = [];
          for await (const chunk of content) chunks.push(chunk as Buffer);
          const name = part.dispositionParameters?.filename ?? '?';
          out.push(`${name}=${Buffer.concat(chunks).toString('utf8')}`);
        }
        return out;
      });
      expect(attachments).toEqual(['note.txt=a note\n', 'a.csv=IBM,75.5\n', 'b.csv=WSO2,57.25\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a text attachment placed before the body is not taken for the body', async () => {
    const run = await start(wholeBody('attach', "search.term='subject:odd order'"), ['Mails']);
    await withImap('attach', async (client) => {
      await client.append(
        'INBOX',
        'From: odd@example.org\r\nTo: attach@example.com\r\nSubject: odd order\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n' +
          'Content-Type: text/plain\r\nContent-Disposition: attachment; filename=log.txt\r\n\r\n' +
          'attached log\r\n--XX\r\nContent-Type: text/plain\r\n\r\nthe body\r\n--XX--\r\n',
      );
    });
    const mails = rowsOf(run, 'Mails');
    await until(
      () => mails.length === 1,
      () => `read ${JSON.stringify(mails)}`,
    );
    expect(mails[0]?.[0]).toBe('the body');
  });

  it('sends over SMTPS and reads over IMAPS with a trusted self-signed certificate', async () => {
    const run = await start(
      `@sink(type='email', username='sender', address='${address('sender')}', password='${password('sender')}',
             host='127.0.0.1', port='${String(mail().smtpsPort)}', ssl.enable='true', mail.smtp.ssl.trust='*',
             subject='over tls', to='${address('tls')}', @map(type='text', @payload('{{v}}')))
       define stream Out (v string);
       @source(type='email', username='tls', password='${password('tls')}', host='127.0.0.1',
               port='${String(mail().imapsPort)}', ssl.enable='true', mail.imap.ssl.trust='127.0.0.1',
               polling.interval='1', @map(type='text', regex.A='(?s)(.*)', @attributes(v='A[1]')))
       define stream In (v string);`,
      ['In'],
    );
    run.app.input('Out').send(['secret text']);
    const read = rowsOf(run, 'In');
    await until(
      () => read.length === 1,
      () => `read ${JSON.stringify(read)}`,
    );
    expect(read).toEqual([['secret text']]);
  });

  it('an untrusted certificate is a connection error naming the cause', async () => {
    const logs: string[] = [];
    const app = createPluginApp(
      plugins,
      `@source(type='email', username='tls', password='${password('tls')}', host='127.0.0.1',
               port='${String(mail().imapsPort)}', ssl.enable='true', polling.interval='1', @map(type='text'))
       define stream In (v string);`,
      { logs, delays: [200] },
    );
    running.push(app);
    app.start();
    await until(
      () => (app.connections()[0]?.retries ?? 0) >= 1,
      () => JSON.stringify(app.connections()),
    );
    expect(app.connections()[0]?.lastError).toMatch(/cannot connect to 127\.0\.0\.1:\d+: .*cert/i);
  });

  it('refused logins fail the start with the server’s reason', async () => {
    const source = createPluginApp(
      plugins,
      `@source(type='email', username='loop', password='wrong', host='127.0.0.1', port='${imapPort}',
               ssl.enable='false', @map(type='text'))
       define stream In (v string);`,
    );
    running.push(source);
    source.start();
    await expect(source.whenConnected()).rejects.toThrow(
      /cannot log in to 127\.0\.0\.1:\d+ as 'loop': LOGIN failed\. Invalid login\/password/,
    );
    const sink = createPluginApp(
      plugins,
      `@sink(type='email', username='sender', address='${address('sender')}', password='wrong',
             host='127.0.0.1', port='${smtpPort}', ssl.enable='false', subject='s', to='a@example.com',
             @map(type='text'))
       define stream Out (v string);`,
    );
    running.push(sink);
    sink.start();
    await expect(sink.whenConnected()).rejects.toThrow(
      /cannot log in to 127\.0\.0\.1:\d+ as 'sender': .*535/,
    );
  });

  it('rides out a server restart: the source reconnects and no mail is lost', async () => {
    const logs: string[] = [];
    const run = await start(
      `@sink(type='email', ${SENDER}, subject='n{{n}}', to='${address('restart')}', on.error='WAIT',
             @map(type='text', @payload('{{n}}')))
       define stream Out (n int);
       ${wholeBody('restart')}`,
      ['Mails'],
      logs,
    );
    const mails = rowsOf(run, 'Mails');
    const numbers = (): number[] => mails.map((m) => Number(m[0])).sort((a, b) => a - b);
    run.app.input('Out').sendBatch([[1], [2], [3]]);
    await until(
      () => mails.length === 3,
      () => `read ${JSON.stringify(mails)}`,
    );
    await mail().kill();
    await until(
      () => run.app.connections().every((c) => c.kind === 'sink' || c.state !== 'connected'),
      () => `the source did not notice: ${JSON.stringify(run.app.connections())}`,
    );
    // Sent while the server is down: the sink waits (on.error='WAIT') and delivers them later.
    run.app.input('Out').sendBatch([[4], [5], [6]]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await mail().start();
    run.app.input('Out').sendBatch([[7], [8]]);
    await until(
      () => mails.length >= 8,
      () => `read ${JSON.stringify(numbers())}; ${logs.slice(-3).join(' | ')}`,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(numbers()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(logs.some((l) => l.includes("source 'email'") && l.includes('connect'))).toBe(true);
    expect(run.app.connections().map((c) => c.state)).toEqual(['connected', 'connected']);
  }, 60_000);
});
