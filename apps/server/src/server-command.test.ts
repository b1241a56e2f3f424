// `tributary server` as a command: starts from a configuration file, serves until told to
// stop, shuts down gracefully (state persisted), reports configuration errors with the key,
// and hashes a password for the configuration.

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '@tributary/cli';
import { verifySecret } from './auth/secret-hash.js';
import { serverCommand } from './server-command.js';
import { BUILTIN_EXTENSIONS } from './test-server.js';

function captureIo(): CommandIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    color: false,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

function home(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-cmd-'));
  mkdirSync(join(dir, 'conf', 'siddhi-files'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'tributary.yaml'), yaml);
  writeFileSync(
    join(dir, 'conf', 'siddhi-files', 'Counter.siddhi'),
    "@app:name('Counter')\ndefine stream S (a int);\ndefine table T (a int);\nfrom S select a insert into T;\n",
  );
  return dir;
}

describe('serverCommand', () => {
  it('serves until stopped, then persists the apps and exits 0', async () => {
    const dir = home('auth:\n  enabled: false\nlogging:\n  level: silent\n');
    let stop: () => void = () => undefined;
    let url = '';
    const io = captureIo();
    const code = await serverCommand(['--home', dir, '--port', '0', '--host', '127.0.0.1'], io, {
      start: { extensions: BUILTIN_EXTENSIONS },
      onStarted: (server) => {
        url = server.url;
        void fetch(`${url}/simulation/single`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ siddhiAppName: 'Counter', streamName: 'S', data: [1] }),
        }).then(() => {
          stop();
        });
      },
      stopSignal: () =>
        new Promise<void>((resolve) => {
          stop = resolve;
        }),
    });
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readdirSync(join(dir, 'data', 'snapshots', 'Counter'))).toHaveLength(1);
  });

  it('reports configuration problems with the key and exits 2', async () => {
    const io = captureIo();
    const dir = home('server:\n  port: high\n');
    expect(await serverCommand(['--home', dir], io)).toBe(2);
    expect(io.stderr()).toContain("server.port: must be an integer from 0 to 65535, got 'high'");
    expect(io.stderr()).toContain('[E_CONFIG]');
  });

  it('prints a hash of the password read on stdin', async () => {
    const io = captureIo();
    expect(
      await serverCommand(['--hash-password'], io, { readSecret: () => Promise.resolve('s3cret') }),
    ).toBe(0);
    expect(await verifySecret('s3cret', io.stdout())).toBe(true);
    const empty = captureIo();
    expect(
      await serverCommand(['--hash-password'], empty, { readSecret: () => Promise.resolve('') }),
    ).toBe(2);
  });
});
