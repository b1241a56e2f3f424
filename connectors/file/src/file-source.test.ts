// The `file` source against real temporary files: each mode, headers and trailers, the
// after-process actions, directory polling on the virtual clock, tailing on file system
// notifications, and read positions kept across a restart.

import {
  defineSourceMapper,
  type Extension,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { extensions as textMappers } from '@tributary/mapper-text';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exists, removeTempDirs, tempDir, waitFor } from './file-harness.test-support.js';
import { extensions as fileExtensions } from './index.js';

/** Records what payloads the source emitted (kind and text) with their transport properties. */
const seen: { kind: string; text: string; transport: TransportProperties }[] = [];
const probeMapper: Extension = defineSourceMapper({
  name: 'probe',
  status: 'experimental',
  summary: 'Test mapper: one event per payload, (kind, text).',
  parameters: {},
  examples: [
    {
      description: 'Each payload becomes (kind, text).',
      siddhi:
        "@source(type='inMemory', topic='t', @map(type='probe')) define stream S (kind string, text string);",
    },
  ],
  create: () => ({
    map: (payload, transport) => {
      const kind = Buffer.isBuffer(payload) ? 'bytes' : typeof payload;
      const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload);
      seen.push({ kind, text, transport });
      return [[kind, text]];
    },
  }),
});

const extensions = [...fileExtensions, ...textMappers, ...jsonMappers, probeMapper];
const runs: IoAppRun[] = [];

function start(app: string): IoAppRun {
  const run = startIoApp(app, { extensions });
  runs.push(run);
  return run;
}

afterEach(async () => {
  for (const run of runs.splice(0)) await run.app.shutdown();
  seen.length = 0;
  await removeTempDirs();
});

async function rowsOf(run: IoAppRun, count: number, stream = 'S'): Promise<unknown[][]> {
  const rows = run.collect(stream);
  await run.app.whenConnected();
  await waitFor(
    () => rows.length >= count,
    () => `rows ${JSON.stringify(rows)}; logged ${run.messages().join(' | ')}`,
  );
  return rows;
}

describe('file source without tailing', () => {
  it('reads each matching file of a directory once as text.full, then deletes it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.json'), '{"event":{"symbol":"IBM","price":75.5}}');
    await writeFile(path.join(dir, 'b.json'), '{"event":{"symbol":"WSO2","price":57.25}}');
    await writeFile(path.join(dir, 'skip.txt'), 'not json');
    const run = start(
      `@source(type='file', dir.uri='file:${dir}', mode='text.full', tailing='false',
               file.name.pattern='.*\\.json', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    await waitFor(
      async () => rows.length === 2 && (await readdir(dir)).length === 1,
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect(rows).toEqual([
      ['IBM', 75.5],
      ['WSO2', 57.25],
    ]);
    expect(await readdir(dir)).toEqual(['skip.txt']);

    // A new file is found by the next scan, dir.polling.interval (1 s) later.
    await writeFile(path.join(dir, 'c.json'), '{"event":{"symbol":"MSFT","price":1}}');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rows).toHaveLength(2);
    run.clock.advanceBy(1000);
    await waitFor(
      () => rows.length === 3,
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect(rows[2]).toEqual(['MSFT', 1]);
  });

  it('moves processed files, keeping both when a name is taken', async () => {
    const dir = await tempDir();
    const done = path.join(await tempDir(), 'done');
    await mkdir(done);
    await writeFile(path.join(done, 'a.csv'), 'old\n');
    await writeFile(path.join(dir, 'a.csv'), 'IBM,1.5\nWSO2,2.5\n');
    const run = start(
      `@source(type='file', dir.uri='${dir}', tailing='false', action.after.process='move',
               move.after.process='file://${done}', move.if.exist.mode='keep', @map(type='csv'))
       define stream S (symbol string, price double);`,
    );
    const rows = await rowsOf(run, 2);
    expect(rows).toEqual([
      ['IBM', 1.5],
      ['WSO2', 2.5],
    ]);
    await waitFor(
      async () => (await readdir(done)).length === 2,
      () => 'the file was not moved',
    );
    const moved = (await readdir(done)).filter((n) => n !== 'a.csv');
    expect(moved[0]).toMatch(/^a-[0-9a-f-]{36}\.csv$/);
    expect(await readFile(path.join(done, moved[0] ?? ''), 'utf8')).toBe('IBM,1.5\nWSO2,2.5\n');
    expect(await readFile(path.join(done, 'a.csv'), 'utf8')).toBe('old\n');
    expect(await exists(path.join(dir, 'a.csv'))).toBe(false);
  });

  it('skips header lines and empty lines; eof and file.path come as transport properties', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'quotes.csv');
    await writeFile(file, 'symbol,price\nunits,usd\nIBM,1\n\nWSO2,2');
    const run = start(
      `@source(type='file', file.uri='${file}', tailing='false', header.present='true',
               header.line.count='2',
               @map(type='csv', @attributes(symbol='0', price='1', eof='trp:eof', fp='trp:file.path')))
       define stream S (symbol string, price double, eof string, fp string);`,
    );
    const rows = await rowsOf(run, 2);
    expect(rows).toEqual([
      ['IBM', 1, 'false', file],
      ['WSO2', 2, 'true', file],
    ]);
    await waitFor(
      async () => !(await exists(file)),
      () => 'the file was not deleted',
    );
  });

  it('reads only the header, only the trailer, or all but the trailer', async () => {
    const dir = await tempDir();
    const content = 'H,0\nA,1\nB,2\nT,9\n';
    for (const name of ['h', 't', 's']) await writeFile(path.join(dir, `${name}.csv`), content);
    const run = start(
      `@source(type='file', file.uri='${path.join(dir, 'h.csv')}', tailing='false', read.only.header='true', @map(type='csv'))
       define stream H (k string, v int);
       @source(type='file', file.uri='${path.join(dir, 't.csv')}', tailing='false', read.only.trailer='true', @map(type='csv'))
       define stream T (k string, v int);
       @source(type='file', file.uri='${path.join(dir, 's.csv')}', tailing='false', skip.trailer='true', @map(type='csv'))
       define stream K (k string, v int);`,
    );
    const h = run.collect('H');
    const t = run.collect('T');
    const k = run.collect('K');
    await run.app.whenConnected();
    await waitFor(
      async () => (await readdir(dir)).length === 0,
      () => `h ${JSON.stringify(h)} t ${JSON.stringify(t)} k ${JSON.stringify(k)}`,
    );
    expect(h).toEqual([['H', 0]]);
    expect(t).toEqual([['T', 9]]);
    expect(k).toEqual([
      ['H', 0],
      ['A', 1],
      ['B', 2],
    ]);
  });

  it('splits regex records and gives bytes in the binary modes', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'r.txt'), 'x<e>1</e>\n<e>2</e>tail');
    await writeFile(path.join(dir, 'b.bin'), 'abcde');
    await writeFile(path.join(dir, 'c.bin'), 'abcde');
    const run = start(
      `@source(type='file', file.uri='${path.join(dir, 'r.txt')}', mode='regex', begin.regex='<e>',
               end.regex='</e>', tailing='false', @map(type='probe'))
       define stream R (kind string, text string);
       @source(type='file', file.uri='${path.join(dir, 'b.bin')}', mode='binary.full', tailing='false', @map(type='probe'))
       define stream B (kind string, text string);
       @source(type='file', file.uri='${path.join(dir, 'c.bin')}', mode='binary.chunked', buffer.size='2',
               tailing='false', @map(type='probe'))
       define stream C (kind string, text string);`,
    );
    const r = run.collect('R');
    const b = run.collect('B');
    const c = run.collect('C');
    await run.app.whenConnected();
    await waitFor(
      () => r.length === 2 && b.length === 1 && c.length === 3,
      () => `r ${JSON.stringify(r)} b ${JSON.stringify(b)} c ${JSON.stringify(c)}`,
    );
    expect(r).toEqual([
      ['string', '<e>1</e>'],
      ['string', '<e>2</e>'],
    ]);
    expect(b).toEqual([['bytes', 'abcde']]);
    expect(c).toEqual([
      ['bytes', 'ab'],
      ['bytes', 'cd'],
      ['bytes', 'e'],
    ]);
    expect(seen.find((s) => s.text === 'e')?.transport).toMatchObject({
      'file.name': 'c.bin',
      eof: 'true',
    });
  });

  it('waits for a file.uri that does not exist yet', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'later.csv');
    const run = start(
      `@source(type='file', file.uri='${file}', tailing='false', file.polling.interval='500', @map(type='csv'))
       define stream S (symbol string, price double);`,
    );
    const rows = run.collect('S');
    await run.app.whenConnected();
    await writeFile(file, 'IBM,3\n');
    run.clock.advanceBy(500);
    await waitFor(
      () => rows.length === 1,
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect(rows).toEqual([['IBM', 3]]);
  });

  it('retries while the directory is missing', async () => {
    const dir = path.join(await tempDir(), 'later');
    const run = start(
      `@source(type='file', dir.uri='${dir}', tailing='false', @map(type='csv'))
       define stream S (symbol string, price double);`,
    );
    const rows = run.collect('S');
    await waitFor(
      () => run.messages().some((m) => m.includes('cannot read directory')),
      () => `logged ${run.messages().join(' | ')}`,
    );
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.csv'), 'IBM,4\n');
    // Siddhi's first backoff delay is 5 s.
    run.clock.advanceBy(5000);
    await run.app.whenConnected();
    await waitFor(
      () => rows.length === 1,
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect(rows).toEqual([['IBM', 4]]);
  });
});

describe('file source with tailing', () => {
  it('emits appended lines once complete, and goes on from its position after a restart', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'tail.csv');
    await writeFile(file, 'IBM,1\n');
    const app = `@app:name('Tail')
       @source(type='file', file.uri='${file}', @map(type='csv'))
       define stream S (symbol string, price double);`;
    const first = start(app);
    const rows = await rowsOf(first, 1);
    await appendFile(file, 'WSO2,2\nMS');
    await waitFor(
      () => rows.length === 2,
      () => `rows ${JSON.stringify(rows)}`,
    );
    // The unterminated line waits for its end.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows).toEqual([
      ['IBM', 1],
      ['WSO2', 2],
    ]);
    await appendFile(file, 'FT,3\n');
    await waitFor(
      () => rows.length === 3,
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect(rows[2]).toEqual(['MSFT', 3]);
    const saved = JSON.parse(JSON.stringify(first.app.snapshot())) as ReturnType<
      typeof first.app.snapshot
    >;
    await first.app.shutdown();

    await appendFile(file, 'ORCL,4\n');
    const second = startIoApp(app, { extensions, start: false });
    runs.push(second);
    second.app.restore(saved);
    const again = second.collect('S');
    second.app.start();
    await second.app.whenConnected();
    await waitFor(
      () => again.length === 1,
      () => `rows ${JSON.stringify(again)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(again).toEqual([['ORCL', 4]]);
    // Tailing never deletes the file.
    expect(await exists(file)).toBe(true);
  });

  it('tails every matching file of a directory, new ones included', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.log'), 'A,1\n');
    await writeFile(path.join(dir, 'ignored.txt'), 'X,0\n');
    const run = start(
      `@source(type='file', dir.uri='${dir}', file.name.pattern='.*\\.log', @map(type='csv'))
       define stream S (symbol string, price double);`,
    );
    const rows = await rowsOf(run, 1);
    await writeFile(path.join(dir, 'b.log'), 'B,2\n');
    await appendFile(path.join(dir, 'a.log'), 'A,3\n');
    await appendFile(path.join(dir, 'ignored.txt'), 'X,1\n');
    await waitFor(
      () => rows.length === 3,
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect([...rows].sort()).toEqual([
      ['A', 1],
      ['A', 3],
      ['B', 2],
    ]);
  });

  it('reads a truncated file again from its start', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'log.csv');
    await writeFile(file, 'A,1\nB,2\n');
    const run = start(
      `@source(type='file', file.uri='${file}', @map(type='csv'))
       define stream S (symbol string, price double);`,
    );
    const rows = await rowsOf(run, 2);
    await writeFile(file, 'C,3\n');
    // A notification can come between the truncation and the write; the source's polling (on
    // the virtual clock here) then finds the new line, as it would on the system clock.
    await waitFor(
      () => {
        if (rows.length < 3) run.clock.advanceBy(1000);
        return rows.length === 3;
      },
      () => `rows ${JSON.stringify(rows)}`,
    );
    expect(rows[2]).toEqual(['C', 3]);
  });
});
