// Tests of `tributary test`: passing and failing cases on the virtual clock, unordered rows,
// queries, persist/restart/restore, expected errors and a malformed cases file.

import { describe, expect, it } from 'vitest';
import { captureIo, tempFile } from '../test-io.js';
import { testCommand } from './test-command.js';
import { sameMultiset, sameValue } from './test-runner.js';

const APP = `@app:name('Window')
define stream S (symbol string, price float);
define table T (symbol string, price float);
@info(name = 'recent')
from S#window.time(1 sec) select symbol, price insert expired events into Out;
from S select symbol, price insert into T;
`;

const CASES = {
  cases: [
    {
      name: 'expires events after a second',
      steps: [
        { send: 'S', data: ['IBM', 1.1] },
        { send: 'S', data: ['WSO2', 2.2] },
        { sleep: 1500 },
        { query: 'from T select symbol', expect: [['WSO2'], ['IBM']], unordered: true },
      ],
      expect: {
        'query:recent': { inCount: 0, removeCount: 2 },
        'stream:Out': {
          events: [
            ['IBM', 1.1],
            ['WSO2', 2.2],
          ],
        },
      },
    },
    {
      name: 'keeps the table across a restart when restored',
      steps: [
        { send: 'S', data: ['A', 1] },
        { persist: true },
        { restart: true },
        { query: 'from T select symbol', expectCount: 0 },
        { restore: 'last' },
        { query: 'from T select symbol, price', expectCells: [[0, 0, 'A']] },
      ],
    },
    {
      name: 'a wrong expectation fails',
      steps: [{ send: 'S', data: ['IBM', 5] }, { sleep: 1000 }],
      expect: { 'stream:Out': { events: [['IBM', 6]] } },
    },
    {
      name: 'an invalid app is a compile error',
      app: 'define stream S (a int); from X select a insert into O;',
      expectError: 'compile',
    },
    { name: 'not yet', skipReason: 'needs a connector', steps: [] },
  ],
};

describe('testCommand', () => {
  it('runs the cases, prints a line per case and the totals, and exits 1 on a failure', async () => {
    const io = captureIo();
    const code = await testCommand(
      [
        tempFile('Window.siddhi', APP),
        '--cases',
        tempFile('cases.json', JSON.stringify(CASES)),
        '--plugins-dir',
        '/nonexistent',
      ],
      io,
      { bundled: [] },
    );
    const lines = io.stdout().split('\n');
    expect(lines[0]).toBe('✓ expires events after a second');
    expect(lines[1]).toBe('✓ keeps the table across a restart when restored');
    expect(lines[2]).toContain(
      '✗ a wrong expectation fails: stream:Out: expected [["IBM",6]], got [["IBM",5]]',
    );
    expect(lines[3]).toBe('✓ an invalid app is a compile error');
    expect(lines[4]).toBe('- not yet (skipped: needs a connector)');
    expect(lines[5]).toBe('3 passed, 1 failed, 1 skipped');
    expect(code).toBe(1);
  });

  it('runs only the named cases and exits 0 when they pass', async () => {
    const io = captureIo();
    const code = await testCommand(
      [
        tempFile('Window.siddhi', APP),
        '--cases',
        tempFile('cases.json', JSON.stringify(CASES)),
        '--only',
        'keeps the table across a restart when restored',
      ],
      io,
      { bundled: [] },
    );
    expect(io.stdout().split('\n').at(-1)).toBe('1 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('names every problem of a malformed cases file', async () => {
    const io = captureIo();
    const bad = { cases: [{ steps: [{ sned: 'S' }], expect: { Out: {} } }] };
    const code = await testCommand(
      [tempFile('Window.siddhi', APP), '--cases', tempFile('bad.json', JSON.stringify(bad))],
      io,
      { bundled: [] },
    );
    expect(code).toBe(2);
    expect(io.stderr()).toContain('[E_CASES]');
    expect(io.stderr()).toContain('cases[0].name: required');
    expect(io.stderr()).toContain('cases[0].steps[0]: unknown step');
    expect(io.stderr()).toContain('cases[0].expect["Out"]: keys are query:NAME or stream:NAME');
  });

  it('checks its usage', async () => {
    const io = captureIo();
    expect(await testCommand(['App.siddhi'], io, { bundled: [] })).toBe(2);
    expect(io.stderr()).toContain('--cases <file> is required');
    expect(
      await testCommand(['/nonexistent.siddhi', '--cases', '/nonexistent.json'], captureIo()),
    ).toBe(2);
  });
});

describe('comparisons', () => {
  it('compares numbers with a relative tolerance and rows as multisets', () => {
    expect(sameValue(1.1, Math.fround(1.1))).toBe(true);
    expect(sameValue(1.1, 1.2)).toBe(false);
    expect(sameValue(['a', null], ['a', null])).toBe(true);
    expect(sameMultiset([[1], [2]], [[2], [1]])).toBe(true);
    expect(sameMultiset([[1], [1]], [[1], [2]])).toBe(false);
  });
});
