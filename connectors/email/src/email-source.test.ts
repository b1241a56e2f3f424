// The email source's logic over an in-memory mailbox (MailStore): polling at connect and on the
// virtual clock, search terms, after-processing actions applied only once events were
// processed, lost connections and refused logins. (The imapflow store runs against a real
// IMAP server in email.it.test.ts.)

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { inMemoryBroker } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryMailbox, waitFor } from './email-harness.test-support.js';
import { emailSourceWith } from './index.js';

const cleanups: (() => Promise<void> | void)[] = [];

function start(mailbox: MemoryMailbox, source: string, stream: string): IoAppRun {
  const run = startIoApp(`${source}\n${stream}`, {
    extensions: [emailSourceWith(() => mailbox), ...textMappers],
  });
  cleanups.push(() => run.app.shutdown());
  return run;
}

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const stream = 'define stream Mails (message string, subject string, sender string);';
const map =
  "@map(type='text', regex.A='(?s)(.*)', @attributes(message='A', subject='trp:subject', sender='trp:from'))";

describe('email source', () => {
  it('reads unseen mails at connect and every polling.interval, then marks them read', async () => {
    const mailbox = new MemoryMailbox();
    mailbox.deliver({ subject: 'First', from: [{ address: 'a@x.org' }], content: 'hello' });
    const run = start(
      mailbox,
      `@source(type='email', username='u', password='p', polling.interval='60', ${map})`,
      stream,
    );
    const rows = run.collect('Mails');
    await run.app.whenConnected();
    await waitFor(
      () => rows.length === 1,
      () => JSON.stringify(rows),
    );
    expect(rows).toEqual([['hello', 'First', 'a@x.org']]);
    await waitFor(
      () => mailbox.actions.length === 1,
      () => 'no action',
    );
    expect(mailbox.actions).toEqual(['NONE 1']);

    mailbox.deliver({ subject: 'Second', from: [{ address: 'b@x.org' }], content: 'again' });
    run.clock.advanceBy(59_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows).toHaveLength(1);
    run.clock.advanceBy(1);
    await waitFor(
      () => rows.length === 2,
      () => JSON.stringify(rows),
    );
    expect(rows[1]).toEqual(['again', 'Second', 'b@x.org']);
  });

  it('keeps to the search term, case-sensitively, and moves processed mails', async () => {
    const mailbox = new MemoryMailbox();
    mailbox.deliver({ subject: 'DAS report', from: [{ address: 'x@carbon.org' }], content: '1' });
    mailbox.deliver({ subject: 'das report', from: [{ address: 'x@carbon.org' }], content: '2' });
    mailbox.deliver({ subject: 'DAS report', from: [{ address: 'x@other.org' }], content: '3' });
    const run = start(
      mailbox,
      `@source(type='email', username='u', password='p', search.term='subject:DAS, from:carbon',
               action.after.processed='MOVE', folder.to.move='processed', ${map})`,
      stream,
    );
    const rows = run.collect('Mails');
    await run.app.whenConnected();
    await waitFor(
      () => mailbox.actions.length === 1,
      () => JSON.stringify(rows),
    );
    expect(rows.map((r) => r[0])).toEqual(['1']);
    expect(mailbox.actions).toEqual(['MOVE 1']);
    expect(mailbox.mails.map((m) => m.folder)).toEqual(['processed', 'INBOX', 'INBOX']);
    // The others stay unseen for later polls.
    expect(mailbox.mails[1]?.flags.has('\\Seen')).toBe(false);
  });

  it('acts on a mail only once its events were processed', async () => {
    const mailbox = new MemoryMailbox();
    mailbox.deliver({ subject: 'Held', from: [{ address: 'h@x.org' }], content: 'x' });
    const held: (() => void)[] = [];
    const off = inMemoryBroker.subscribe(
      'email-held',
      () => new Promise<void>((resolve) => held.push(resolve)),
    );
    cleanups.push(off);
    const run = start(
      mailbox,
      `@source(type='email', username='u', password='p', action.after.processed='DELETE', ${map})`,
      `${stream}\n@sink(type='inMemory', topic='email-held') define stream Out (message string);
       from Mails select message insert into Out;`,
    );
    await run.app.whenConnected();
    await waitFor(
      () => held.length === 1,
      () => 'the event did not reach the sink',
    );
    expect(mailbox.actions).toEqual([]);
    for (const release of held.splice(0)) release();
    await waitFor(
      () => mailbox.actions.length === 1,
      () => 'no action',
    );
    expect(mailbox.actions).toEqual(['DELETE 1']);
    expect(mailbox.mails).toEqual([]);
  });

  it('reconnects after a lost connection; a refused login fails the start', async () => {
    const mailbox = new MemoryMailbox();
    const run = start(mailbox, `@source(type='email', username='u', password='p', ${map})`, stream);
    const rows = run.collect('Mails');
    await run.app.whenConnected();
    mailbox.unreachable = true;
    mailbox.drop();
    await waitFor(
      () => run.messages().some((m) => m.includes('closed the connection')),
      () => run.messages().join(' | '),
    );
    mailbox.unreachable = false;
    mailbox.deliver({ subject: 'After', from: [{ address: 'c@x.org' }], content: 'back' });
    run.clock.advanceBy(5000);
    await waitFor(
      () => rows.length === 1,
      () => `${JSON.stringify(rows)} ${run.messages().join(' | ')}`,
    );

    const refusing = new MemoryMailbox();
    refusing.refuseLogin = true;
    const refused = start(
      refusing,
      `@source(type='email', username='u', password='bad', ${map})`,
      stream,
    );
    await expect(refused.app.whenConnected()).rejects.toThrow(/Invalid credentials/);
  });

  it('retries a login refused after one was accepted (a restarting server), and reads on', async () => {
    const mailbox = new MemoryMailbox();
    const run = start(mailbox, `@source(type='email', username='u', password='p', ${map})`, stream);
    const rows = run.collect('Mails');
    await run.app.whenConnected();
    mailbox.refuseLogin = true;
    mailbox.drop();
    // The first retry (Siddhi's backoff: 5 s on the virtual clock) is refused.
    await waitFor(
      () => run.app.connections()[0]?.state === 'waiting',
      () => JSON.stringify(run.app.connections()),
    );
    run.clock.advanceBy(5000);
    await waitFor(
      () =>
        run.app
          .connections()[0]
          ?.lastError?.includes("cannot log in to imap.gmail.com:993 as 'u'") === true,
      () => JSON.stringify(run.app.connections()),
    );
    expect(run.app.connections()[0]?.state).toBe('waiting');
    mailbox.refuseLogin = false;
    mailbox.deliver({ subject: 'Later', from: [{ address: 'd@x.org' }], content: 'still here' });
    run.clock.advanceBy(10_000);
    await waitFor(
      () => rows.length === 1,
      () => `${JSON.stringify(rows)} ${run.messages().join(' | ')}`,
    );
    expect(rows).toEqual([['still here', 'Later', 'd@x.org']]);
    expect(run.app.connections()[0]?.state).toBe('connected');
  });

  it('rejects pop3 and MOVE without a folder at app creation', () => {
    const mailbox = new MemoryMailbox();
    expect(() =>
      start(
        mailbox,
        `@source(type='email', username='u', password='p', store='pop3', ${map})`,
        stream,
      ),
    ).toThrow(/pop3' is not supported/);
    expect(() =>
      start(
        mailbox,
        `@source(type='email', username='u', password='p', action.after.processed='MOVE', ${map})`,
        stream,
      ),
    ).toThrow(/needs folder.to.move/);
  });
});
