// Email against a real server (GreenMail, test/support/greenmail.ts; Java + Maven, run on the
// other core): `email-send` — mails/s through the `email` sink (text mapper) beside raw
// nodemailer sending the same mails with the same transport settings; `email-receive` — mails/s
// read by the `email` source (unseen mails, body + headers, marked read afterwards) beside raw
// imapflow doing the same IMAP steps.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  type AppRuntime,
} from '@tributary/engine';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import {
  decodeBody,
  extensions as emailExtensions,
  findBodyPart,
} from '../connectors/email/src/index.js';
import { extensions as textExtensions } from '../mappers/text/src/index.js';
import { startGreenMail, type GreenMail } from '../test/support/greenmail.js';
import type { Bench, BenchOptions } from './bench.js';
import { describeRuns, pairedRuns, ratioLine, timed, type Run } from './paired-runs.js';

const MAILS = Number(process.env.EMAIL_BENCH_MAILS ?? 500);
const TIMEOUT_MS = 300_000;
const SENDER = { login: 'sender', password: 'pw-sender' };
const RECEIVER = { login: 'receiver', password: 'pw-receiver' };
const ADDRESS = (login: string): string => `${login}@example.com`;

function createApp(text: string): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-email', version: '0.1.0', extensions: emailExtensions },
      { package: '@tributary/mapper-text', version: '0.1.0', extensions: textExtensions },
    ),
    logger: silentLogger,
  });
  const created = engine.createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  return created.app;
}

async function until(ready: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Runs `work` on an IMAP session of the receiver. */
async function withImap<T>(mail: GreenMail, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: mail.host,
    port: mail.imapPort,
    secure: false,
    auth: { user: RECEIVER.login, pass: RECEIVER.password },
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

/** Mails in the receiver's INBOX. */
function inboxSize(mail: GreenMail): Promise<number> {
  return withImap(mail, async (client) => (await client.mailboxOpen('INBOX')).exists);
}

/** Empties the receiver's INBOX. */
function emptyInbox(mail: GreenMail): Promise<void> {
  return withImap(mail, async (client) => {
    const opened = await client.mailboxOpen('INBOX');
    if (opened.exists > 0) await client.messageDelete('1:*');
  });
}

function body(i: number): string {
  return `order ${String(i)}: ${String(((i * 37) % 200) + 0.5)} units of S${String(i % 10)}`;
}

async function sendEngine(mail: GreenMail): Promise<Run> {
  await emptyInbox(mail);
  const app = createApp(
    `@app:name('EmailSendBench')
     @sink(type='email', username='${SENDER.login}', address='${ADDRESS(SENDER.login)}',
           password='${SENDER.password}', host='127.0.0.1', port='${String(mail.smtpPort)}',
           ssl.enable='false', subject='order {{n}}', to='${ADDRESS(RECEIVER.login)}',
           @map(type='text', @payload('{{text}}')))
     define stream Orders (n int, text string);`,
  );
  app.start();
  await app.whenConnected();
  try {
    const orders = app.input('Orders');
    const rows = Array.from({ length: MAILS }, (_, i) => [i, body(i)]);
    const run = await timed(async () => {
      orders.sendBatch(rows);
      await app.idle();
    });
    const stored = await inboxSize(mail);
    if (stored !== MAILS) throw new Error(`the sink delivered ${String(stored)} mails`);
    return run;
  } finally {
    await app.shutdown();
  }
}

async function sendRaw(mail: GreenMail): Promise<Run> {
  await emptyInbox(mail);
  // The sink's transport settings: one pooled connection (connection.pool.size=1).
  const transport = createTransport({
    pool: true,
    maxConnections: 1,
    host: '127.0.0.1',
    port: mail.smtpPort,
    secure: false,
    auth: { user: SENDER.login, pass: SENDER.password },
  });
  await transport.verify();
  try {
    const run = await timed(async () => {
      await Promise.all(
        Array.from({ length: MAILS }, (_, i) =>
          transport.sendMail({
            from: ADDRESS(SENDER.login),
            to: [ADDRESS(RECEIVER.login)],
            subject: `order ${String(i)}`,
            text: body(i),
          }),
        ),
      );
    });
    const stored = await inboxSize(mail);
    if (stored !== MAILS) throw new Error(`nodemailer delivered ${String(stored)} mails`);
    return run;
  } finally {
    transport.close();
  }
}

/** Fills the receiver's INBOX with `MAILS` unseen text mails (IMAP APPEND, before the runs). */
async function fillInbox(mail: GreenMail): Promise<void> {
  await emptyInbox(mail);
  await withImap(mail, async (client) => {
    for (let i = 0; i < MAILS; i += 1) {
      await client.append(
        'INBOX',
        `From: ${ADDRESS(SENDER.login)}\r\nTo: ${ADDRESS(RECEIVER.login)}\r\n` +
          `Subject: order ${String(i)}\r\nMIME-Version: 1.0\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\n\r\n${body(i)}\r\n`,
      );
    }
  });
}

/** Marks every mail unread again, for the next run. */
function markUnseen(mail: GreenMail): Promise<void> {
  return withImap(mail, async (client) => {
    await client.mailboxOpen('INBOX');
    await client.messageFlagsRemove('1:*', ['\\Seen']);
  });
}

async function receiveEngine(mail: GreenMail): Promise<Run> {
  await markUnseen(mail);
  const app = createApp(
    `@app:name('EmailReceiveBench')
     @source(type='email', username='${RECEIVER.login}', password='${RECEIVER.password}',
             host='127.0.0.1', port='${String(mail.imapPort)}', ssl.enable='false',
             polling.interval='600',
             @map(type='text', regex.A='(?s)(.*)', @attributes(body='A[1]', subject='trp:subject')))
     define stream Mails (body string, subject string);`,
  );
  let received = 0;
  app.onStream('Mails', (events) => {
    received += events.length;
  });
  return timed(async () => {
    app.start();
    await until(
      () => received >= MAILS,
      () => `source: ${String(received)} of ${String(MAILS)} mails`,
    );
    // The source marks the mails read after their events, then logs out at shutdown.
    await app.shutdown();
  });
}

/**
 * What the source does, with imapflow directly: SEARCH UNSEEN, one FETCH of envelopes and
 * structures, one FETCH of the text parts (BODY.PEEK), decoding, STORE \Seen.
 */
async function receiveRaw(mail: GreenMail): Promise<Run> {
  await markUnseen(mail);
  let received = 0;
  const run = await timed(() =>
    withImap(mail, async (client) => {
      await client.mailboxOpen('INBOX');
      const uids = await client.search({ seen: false }, { uid: true });
      if (uids === false) throw new Error('no search result');
      const fetched = await client.fetchAll(
        uids,
        { uid: true, envelope: true, bodyStructure: true, internalDate: true },
        { uid: true },
      );
      const parts = new Map(
        fetched.map((m) => [
          m.uid,
          m.bodyStructure === undefined ? undefined : findBodyPart(m.bodyStructure, 'text/plain'),
        ]),
      );
      const bodies = await client.fetchAll(uids, { uid: true, bodyParts: ['1'] }, { uid: true });
      const rows = bodies.map((m) => {
        const part = parts.get(m.uid);
        const raw = m.bodyParts?.get('1') ?? Buffer.alloc(0);
        return decodeBody(raw, part?.encoding, part?.charset);
      });
      received = rows.length;
      await client.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
    }),
  );
  if (received !== MAILS) throw new Error(`raw imapflow read ${String(received)} mails`);
  return run;
}

async function withServer(work: (mail: GreenMail) => Promise<string[]>): Promise<string[]> {
  const mail = await startGreenMail({ users: [SENDER, RECEIVER], cpus: '0' });
  try {
    return await work(mail);
  } finally {
    await mail.stop();
  }
}

function runSend(options: BenchOptions): Promise<readonly string[]> {
  return withServer(async (mail) => {
    const runs = await pairedRuns(options, {
      engine: () => sendEngine(mail),
      raw: () => sendRaw(mail),
    });
    return [
      "`email` sink (SMTP with AUTH, no TLS, @map(type='text')) vs raw nodemailer with the same " +
        'transport settings (one pooled connection, all mails handed over at once), to GreenMail ' +
        '2.1 on the other core',
      `${String(MAILS)} mails per run (delivery counted in the mailbox after each run); ` +
        `${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed runs`,
      describeRuns('email sink', runs.engine, MAILS, 'mails'),
      describeRuns('nodemailer', runs.raw, MAILS, 'mails'),
      ratioLine(runs, 'nodemailer', 'email sink'),
    ];
  });
}

function runReceive(options: BenchOptions): Promise<readonly string[]> {
  return withServer(async (mail) => {
    await fillInbox(mail);
    const runs = await pairedRuns(options, {
      engine: () => receiveEngine(mail),
      raw: () => receiveRaw(mail),
    });
    return [
      "`email` source (IMAP, no TLS, @map(type='text') body + trp:subject, marked read after) vs " +
        'raw imapflow doing the same steps (SEARCH UNSEEN, a FETCH of envelopes and structures, ' +
        'a FETCH of the text parts, decoding, STORE \\Seen), on GreenMail 2.1 on the other core',
      `${String(MAILS)} unseen mails per run (marked unread again between runs); source runs ` +
        'from app start to shutdown after the last event; ' +
        `${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed runs`,
      describeRuns('email source', runs.engine, MAILS, 'mails'),
      describeRuns('imapflow    ', runs.raw, MAILS, 'mails'),
      ratioLine(runs, 'imapflow', 'email source'),
    ];
  });
}

export const emailSendBench: Bench = { name: 'email-send', run: runSend };
export const emailReceiveBench: Bench = { name: 'email-receive', run: runReceive };
