// Tests of `tributary fmt` on temp files: print, --check, --write, refusals.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fmtCommand, hasComments } from './fmt-command.js';
import { captureIo, INVALID_APP, tempFile, VALID_APP } from './test-io.js';

/** The canonical text of VALID_APP, as `fmt` prints it. */
function canonical(): string {
  const io = captureIo();
  expect(fmtCommand([tempFile('A.siddhi', VALID_APP)], 'print', io)).toBe(0);
  return `${io.stdout()}\n`;
}

describe('fmtCommand', () => {
  it('prints canonical text that is stable when formatted again', () => {
    const once = canonical();
    expect(once).toContain('define stream S');
    const io = captureIo();
    expect(fmtCommand([tempFile('B.siddhi', once)], 'print', io)).toBe(0);
    expect(`${io.stdout()}\n`).toBe(once);
  });

  it('--check exits 1 for text not in canonical form and 0 for canonical text', () => {
    const messy = VALID_APP.replace('from S[price > 10.0]', 'from   S [ price>10.0 ]');
    const io = captureIo();
    const file = tempFile('Messy.siddhi', messy);
    expect(fmtCommand([file], 'check', io)).toBe(1);
    expect(io.stdout()).toContain('not formatted');
    expect(readFileSync(file, 'utf8')).toBe(messy);
    expect(fmtCommand([tempFile('Ok.siddhi', canonical())], 'check', captureIo())).toBe(0);
  });

  it('--write rewrites the file in canonical form', () => {
    const file = tempFile('W.siddhi', VALID_APP.replace(/\n/g, '\n\n'));
    const io = captureIo();
    expect(fmtCommand([file], 'write', io)).toBe(0);
    expect(io.stdout()).toBe(`✓ ${file}: rewritten`);
    expect(readFileSync(file, 'utf8')).toBe(canonical());
  });

  it('refuses to format an app with errors', () => {
    const file = tempFile('Bad.siddhi', INVALID_APP);
    const io = captureIo();
    expect(fmtCommand([file], 'write', io)).toBe(1);
    expect(io.stdout()).toContain('has errors');
    expect(readFileSync(file, 'utf8')).toBe(INVALID_APP);
  });

  it('refuses to rewrite a file whose comments would be lost', () => {
    const text = `-- the input\n${VALID_APP}`;
    const file = tempFile('C.siddhi', text);
    const io = captureIo();
    expect(fmtCommand([file], 'write', io)).toBe(1);
    expect(io.stdout()).toContain('has comments');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('exits 2 without files', () => {
    expect(fmtCommand([], 'print', captureIo())).toBe(2);
  });
});

describe('hasComments', () => {
  it('finds line and block comments outside strings and script bodies', () => {
    expect(hasComments('define stream S (a int); -- note')).toBe(true);
    expect(hasComments('/* x */ define stream S (a int);')).toBe(true);
    expect(hasComments("from S[a == '--'] select a insert into O;")).toBe(false);
    expect(hasComments('define function f[javascript] return int { // js\n return 1; };')).toBe(
      false,
    );
    expect(hasComments('from S select a - -1 as b insert into O;')).toBe(false);
  });
});
