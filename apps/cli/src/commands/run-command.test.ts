// Tests of `tributary run`: JSON-lines and CSV input, outputs on stdout, input errors with codes,
// invalid apps and usage errors.

import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { captureIo, tempFile } from '../test-io.js';
import { runCommand } from './run-command.js';

const APP = `@app:name('Alerts')
define stream Trades (symbol string, price double, volume long);
define stream Big (symbol string, volume long);
@info(name = 'big')
from Trades[volume >= 1000] select symbol, volume insert into Big;
`;

const deps = (lines: readonly string[]) => ({
  bundled: [],
  stdin: Readable.from(lines.map((l) => `${l}\n`)),
  stopSignal: () => new Promise<void>(() => undefined),
});

describe('runCommand', () => {
  it('reads JSON lines from stdin and prints what queries insert', async () => {
    const io = captureIo();
    const code = await runCommand(
      [tempFile('Alerts.siddhi', APP), '--plugins-dir', '/nonexistent'],
      io,
      deps([
        '{"stream":"Trades","data":["IBM",75.5,2000]}',
        '',
        '{"stream":"Trades","data":["WSO2",20,10]}',
        '{"stream":"Trades","data":["ACME",1.5,5000],"timestamp":1000}',
      ]),
    );
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    const out = io
      .stdout()
      .split('\n')
      .map((l) => JSON.parse(l) as { stream: string; data: unknown[] });
    expect(out.map((o) => [o.stream, o.data])).toEqual([
      ['Big', ['IBM', 2000]],
      ['Big', ['ACME', 5000]],
    ]);
    expect(JSON.parse(io.stdout().split('\n')[1] ?? '')).toMatchObject({
      timestamp: 1000,
      app: 'Alerts',
    });
  });

  it('reads CSV files for one stream, converting values to its types', async () => {
    const io = captureIo();
    const csv = tempFile('trades.csv', 'IBM,75.5,2000\n"A, B",1,3000\n');
    const code = await runCommand(
      [
        tempFile('Alerts.siddhi', APP),
        '--input',
        csv,
        '--format',
        'csv',
        '--stream',
        'Trades',
        '--listen',
        'Big,Trades',
      ],
      io,
      deps([]),
    );
    expect(code).toBe(0);
    const streams = io
      .stdout()
      .split('\n')
      .map((l) => (JSON.parse(l) as { stream: string }).stream);
    // The query subscribed to Trades before the listener, so its output comes first.
    expect(streams).toEqual(['Big', 'Trades', 'Big', 'Trades']);
    expect(io.stdout()).toContain('"data":["A, B",3000]');
  });

  it('reports bad lines with their position and a code, keeps going and exits 1', async () => {
    const io = captureIo();
    const code = await runCommand(
      [tempFile('Alerts.siddhi', APP), '--plugins-dir', '/nonexistent'],
      io,
      deps(['not json', '{"stream":"Nope","data":[1]}', '{"stream":"Trades","data":["X",1,5000]}']),
    );
    expect(code).toBe(1);
    expect(io.stderr()).toContain('tributary run: stdin:1: not JSON');
    expect(io.stderr()).toContain('[E_INPUT]');
    expect(io.stderr()).toContain("stdin:2: no stream 'Nope' (streams: Trades, Big)");
    expect(io.stdout()).toContain('"data":["X",5000]');
  });

  it('prints the diagnostics of an invalid app and runs nothing', async () => {
    const io = captureIo();
    const file = tempFile(
      'Bad.siddhi',
      "@app:name('Bad')\ndefine stream S (a int);\nfrom T select a insert into O;\n",
    );
    expect(await runCommand([file], io, deps([]))).toBe(1);
    expect(io.stdout()).toContain("unknown stream 'T'");
    expect(io.stderr()).toContain('[E_INVALID_APP]');
  });

  it('checks its usage', async () => {
    const io = captureIo();
    expect(await runCommand([], io, deps([]))).toBe(2);
    expect(io.stderr()).toContain('[E_USAGE]');
    expect(await runCommand(['x.siddhi', '--format', 'xml'], captureIo(), deps([]))).toBe(2);
    expect(await runCommand(['x.siddhi', '--format', 'csv'], captureIo(), deps([]))).toBe(2);
    const help = captureIo();
    expect(await runCommand(['--help'], help, deps([]))).toBe(0);
    expect(help.stdout()).toContain('usage:');
    const missing = captureIo();
    expect(await runCommand(['/nonexistent/A.siddhi'], missing, deps([]))).toBe(2);
    expect(missing.stderr()).toContain('[E_FILE]');
  });

  it('runs several apps, routing lines by stream or by "app"', async () => {
    const other = APP.replace("'Alerts'", "'Other'");
    const first = tempFile('Alerts.siddhi', APP);
    const second = first.replace('Alerts.siddhi', 'Other.siddhi');
    writeFileSync(second, other);
    const io = captureIo();
    const code = await runCommand(
      [first, second],
      io,
      deps([
        '{"stream":"Trades","data":["IBM",1,2000]}',
        '{"app":"Other","stream":"Trades","data":["IBM",1,2000]}',
      ]),
    );
    expect(code).toBe(1);
    expect(io.stderr()).toContain('is in several apps; add "app" to the line');
    expect(JSON.parse(io.stdout())).toMatchObject({ app: 'Other', stream: 'Big' });
  });
});
