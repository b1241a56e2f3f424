// Tests of `tributary validate` on temp files: a clean app, an invalid app, a missing file.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo, INVALID_APP, tempFile, VALID_APP } from './test-io.js';
import { loadPlugins } from './plugins/plugin-loader.js';
import { validateCommand } from './validate-command.js';

const SAMPLE = fileURLToPath(
  new URL('../../../conf/siddhi-files/StockAlerts.siddhi', import.meta.url),
);

describe('validateCommand', () => {
  it('prints a ✓ line and exits 0 for a valid app', () => {
    const io = captureIo();
    const file = tempFile('Valid.siddhi', VALID_APP);
    expect(validateCommand([file], io)).toBe(0);
    expect(io.stdout()).toBe(`✓ ${file}: valid`);
  });

  it('prints the diagnostics with a code frame and exits 1 for an invalid app', () => {
    const io = captureIo();
    const file = tempFile('Invalid.siddhi', INVALID_APP);
    expect(validateCommand([file], io)).toBe(1);
    const out = io.stdout();
    expect(out).toContain(`${file}:2:6 error `);
    expect(out).toContain('  2 | from Stocks select symbol insert into Out;');
    expect(out).toContain('    |      ^~~~~~');
    expect(out).toMatch(/\n1 error\n✗ .*Invalid\.siddhi: 1 error$/);
  });

  it('checks every file and exits 1 when any has errors', () => {
    const io = captureIo();
    const good = tempFile('Good.siddhi', VALID_APP);
    const bad = tempFile('Bad.siddhi', INVALID_APP);
    expect(validateCommand([bad, good], io)).toBe(1);
    expect(io.stdout()).toContain(`✓ ${good}: valid`);
  });

  it('reports a syntax error', () => {
    const io = captureIo();
    const file = tempFile(
      'Syntax.siddhi',
      'define stream S (a int\nfrom S select a insert into O;\n',
    );
    expect(validateCommand([file], io)).toBe(1);
    expect(io.stdout()).toContain(' error E_');
  });

  it('exits 2 for an unreadable file or no files', () => {
    const io = captureIo();
    expect(validateCommand(['/nonexistent/App.siddhi'], io)).toBe(2);
    expect(io.stderr()).toContain('/nonexistent/App.siddhi: cannot read');
    expect(validateCommand([], captureIo())).toBe(2);
  });

  it('accepts the sample app in conf/siddhi-files with the bundled plugins', async () => {
    const { registry } = await loadPlugins({});
    const io = captureIo();
    expect(validateCommand([SAMPLE], io, registry.catalog)).toBe(0);
    expect(io.stdout()).toBe(`✓ ${SAMPLE}: valid`);
  });

  it('warns, without failing, about connectors only plugins provide', () => {
    const io = captureIo();
    expect(validateCommand([SAMPLE], io)).toBe(0);
    expect(io.stdout()).toContain("W_UNKNOWN_EXTENSION unknown source type 'http'");
  });
});
