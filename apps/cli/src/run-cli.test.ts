// Tests of the command line's argument handling: help, version, dispatch and usage errors.

import { describe, expect, it } from 'vitest';
import { version } from '@tributary/engine';
import { runCli, usage } from './run-cli.js';
import { captureIo, tempFile, VALID_APP } from './test-io.js';

describe('runCli', () => {
  it('prints usage with the engine version and exits 0 for --help or no command', async () => {
    for (const args of [['--help'], ['-h'], []]) {
      const io = captureIo();
      expect(await runCli(args, io)).toBe(0);
      expect(io.stdout()).toBe(usage);
    }
    expect(usage).toContain(`tributary ${version}`);
  });

  it('prints the version', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdout()).toBe(`tributary ${version}`);
  });

  it('rejects an unknown command or option with exit code 2', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toContain("unknown command 'frobnicate'");
    expect(await runCli(['validate', '--frob'], captureIo())).toBe(2);
    expect(await runCli(['validate', '--write', 'x'], captureIo())).toBe(2);
    expect(await runCli(['fmt', '--write', '--check', 'x'], captureIo())).toBe(2);
  });

  it('dispatches validate and fmt', async () => {
    const file = tempFile('App.siddhi', VALID_APP.replace(/\n/g, '\n\n\n'));
    const io = captureIo();
    expect(await runCli(['validate', file], io)).toBe(0);
    expect(io.stdout()).toBe(`✓ ${file}: valid`);
    expect(await runCli(['fmt', '--check', file], captureIo())).toBe(1);
    expect(await runCli(['fmt', '--write', file], captureIo())).toBe(0);
    expect(await runCli(['fmt', '--check', file], captureIo())).toBe(0);
  });
});
