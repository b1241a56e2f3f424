// The email sink against an in-process SMTP server (smtp-server): login, per-event subject and
// recipients, HTML bodies, attachments, and unreachable servers.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as textMappers } from '@tributary/mapper-text';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startSmtpPeer, waitFor, type SmtpPeer } from './email-harness.test-support.js';
import { extensions as emailExtensions } from './index.js';

const extensions = [...emailExtensions, ...textMappers];
const cleanups: (() => Promise<void> | void)[] = [];

function start(app: string): IoAppRun {
  const run = startIoApp(app, { extensions });
  cleanups.push(() => run.app.shutdown());
  return run;
}

async function smtp(
  options: { port?: number; user?: string; pass?: string } = {},
): Promise<SmtpPeer> {
  const peer = await startSmtpPeer(options);
  cleanups.push(() => peer.close());
  return peer;
}

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const account = (port: number, extra = ''): string =>
  `username='sender', address='sender@example.com', password='secret', host='127.0.0.1', port='${String(port)}',
   ssl.enable='false'${extra}`;

describe('email sink', () => {
  it('logs in and sends each event with its own subject and recipients', async () => {
    const peer = await smtp({ user: 'sender', pass: 'secret' });
    const run = start(
      `@sink(type='email', ${account(peer.port)}, subject='Alert for {{symbol}}', to='{{email}}',
             cc='audit@example.com', bcc='boss@example.com',
             @map(type='text', @payload('{{symbol}} is at {{price}}')))
       define stream FooStream (email string, symbol string, price double);`,
    );
    await run.app.whenConnected();
    run.app.input('FooStream').send(['ops@example.com', 'IBM', 75.5]);
    run.app.input('FooStream').send(['dev@example.com, qa@example.com', 'WSO2', 57.25]);
    await run.app.idle();
    await waitFor(
      () => peer.mails.length === 2,
      () => JSON.stringify(peer.mails.map((m) => m.headers.subject)),
    );
    const [first, second] = peer.mails;
    expect(peer.logins[0]).toBe('sender');
    expect(first?.from).toBe('sender@example.com');
    expect(first?.headers.subject).toBe('Alert for IBM');
    expect(first?.headers.to).toBe('ops@example.com');
    expect(first?.headers.cc).toBe('audit@example.com');
    expect(first?.recipients.sort()).toEqual([
      'audit@example.com',
      'boss@example.com',
      'ops@example.com',
    ]);
    expect(first?.headers['content-type']).toMatch(/^text\/plain/);
    expect(first?.body).toBe('IBM is at 75.5');
    expect(second?.headers.to).toBe('dev@example.com, qa@example.com');
    expect(second?.headers.bcc).toBeUndefined();
  });

  it('sends HTML with attachments from files and folders, without authentication', async () => {
    const peer = await smtp();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-email-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(path.join(dir, 'report.csv'), 'a,b\n');
    const folder = path.join(dir, 'logs');
    writeFileSync(path.join(dir, 'single.txt'), 'one');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'x.log'), 'x');
    const run = start(
      `@sink(type='email', ${account(peer.port, ", auth='false'")}, content.type='text/html', subject='Report',
             to='ops@example.com', attachments='${path.join(dir, 'single.txt')}, ${folder}',
             @map(type='text', @payload('<b>{{count}}</b> orders')))
       define stream Reports (count long);`,
    );
    await run.app.whenConnected();
    run.app.input('Reports').send([7]);
    await run.app.idle();
    await waitFor(
      () => peer.mails.length === 1,
      () => 'no mail',
    );
    expect(peer.logins).toEqual([]);
    const raw = peer.mails[0]?.raw ?? '';
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toContain('<b>7</b> orders');
    expect(raw).toMatch(/filename=single\.txt/);
    expect(raw).toMatch(/filename=x\.log/);
  });

  it('retries while the server is down; a refused login fails the start', async () => {
    const port = await freePort();
    const run = start(
      `@sink(type='email', ${account(port)}, subject='s', to='a@example.com', @map(type='text'))
       define stream S (v string);`,
    );
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot reach')),
      () => run.messages().join(' | '),
    );
    const peer = await smtp({ port });
    run.clock.advanceBy(5000);
    await run.app.whenConnected();
    run.app.input('S').send(['hello']);
    await run.app.idle();
    await waitFor(
      () => peer.mails.length === 1,
      () => 'no mail',
    );

    const strict = await smtp({ user: 'sender', pass: 'other' });
    const refused = start(
      `@sink(type='email', ${account(strict.port)}, subject='s', to='a@example.com', @map(type='text'))
       define stream S (v string);`,
    );
    await expect(refused.app.whenConnected()).rejects.toThrow(/Invalid username or password/);
  });
});
