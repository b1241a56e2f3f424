// Tests of `tributary docs`: writing the reference into a folder and checking it for drift.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { docsCommand, docsUsage } from './docs-command.js';
import { bundledPlugin, greetFunction } from './plugins/test-plugins.js';
import { captureIo } from './test-io.js';

const bundled = [bundledPlugin('@tributary/execution-hello', { extensions: [greetFunction()] })];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(args: readonly string[]) {
  const io = captureIo();
  const code = await docsCommand(args, io, { bundled });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('tributary docs', () => {
  it('writes the reference, then --check passes until a file drifts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-docs-cmd-'));
    dirs.push(dir);
    expect(await run(['--out', dir, '--check', '--bundled-only'])).toMatchObject({ code: 1 });
    expect(await run(['--out', dir, '--bundled-only'])).toEqual({
      code: 0,
      out: `wrote ${dir}: 4 of 4 files changed`,
      err: '',
    });
    expect(readdirSync(dir).sort()).toEqual([
      'catalogue.json',
      'engine.md',
      'execution-hello.md',
      'index.md',
    ]);
    expect(await run(['--out', dir, '--check', '--bundled-only'])).toEqual({
      code: 0,
      out: `✓ ${dir}: 4 files up to date`,
      err: '',
    });

    writeFileSync(join(dir, 'engine.md'), 'hand edit');
    const drift = await run(['--out', dir, '--check', '--bundled-only']);
    expect(drift.code).toBe(1);
    expect(drift.err).toBe(
      `${dir}/engine.md is stale\nrun \`npm run docs\` to regenerate the reference`,
    );
  });

  it('prints help and rejects unknown options', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, out: docsUsage, err: '' });
    expect((await run(['--frob'])).code).toBe(2);
  });
});
