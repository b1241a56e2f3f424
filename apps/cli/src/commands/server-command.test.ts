// Tests of `tributary server` through the command line: the server package is found, its help
// is printed, and bad options are refused with a code.

import { describe, expect, it } from 'vitest';
import { captureIo } from '../test-io.js';
import { serverCommand } from './server-command.js';

describe('serverCommand', () => {
  it('loads the server package and prints its help', async () => {
    const io = captureIo();
    expect(await serverCommand(['--help'], io)).toBe(0);
    expect(io.stdout()).toContain('usage: tributary server [options]');
  });

  it('refuses a bad port and an unknown option', async () => {
    const io = captureIo();
    expect(await serverCommand(['--port', 'http'], io)).toBe(2);
    expect(io.stderr()).toContain('[E_USAGE]');
    expect(await serverCommand(['--frob'], captureIo())).toBe(2);
  });
});
