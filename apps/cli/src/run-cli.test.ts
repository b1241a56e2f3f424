// Tests of the command line's argument handling: help, version, dispatch and usage errors.

import { describe, expect, it } from 'vitest';
import { version } from '@tributary/engine';
import { runCli, usage } from './run-cli.js';
import { captureIo, tempFile, VALID_APP } from './test-io.js';

describe('runCli', () => {
  it('prints usage with the engine version and exits 0 for --help or no command', () => {
    for (const args of [['--help'], ['-h'], []]) {
      const io = captureIo();
      expect(runCli(args, io)).toBe(0);
      expect(io.stdout()).toBe(usage);
    }
    expect(usage).toContain(`tributary ${version}`);
  });

  it('prints the version', () => {
    const io = captureIo();
    expect(runCli(['--version'], io)).toBe(0);
    expect(io.stdout()).toBe(`tributary ${version}`);
  });

  it('rejects an unknown command or option with exit code 2', () => {
    const io = captureIo();
    expect(runCli(['frobnicate'], io)).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toContain("unknown command 'frobnicate'");
    expect(runCli(['validate', '--frob'], captureIo())).toBe(2);
    expect(runCli(['validate', '--write', 'x'], captureIo())).toBe(2);
    expect(runCli(['fmt', '--write', '--check', 'x'], captureIo())).toBe(2);
  });

  it('dispatches validate and fmt', () => {
    const file = tempFile('App.siddhi', VALID_APP.replace(/\n/g, '\n\n\n'));
    const io = captureIo();
    expect(runCli(['validate', file], io)).toBe(0);
    expect(io.stdout()).toBe(`✓ ${file}: valid`);
    expect(runCli(['fmt', '--check', file], captureIo())).toBe(1);
    expect(runCli(['fmt', '--write', file], captureIo())).toBe(0);
    expect(runCli(['fmt', '--check', file], captureIo())).toBe(0);
  });
});
