// The `file` sink against real temporary files: appending, replacing, dynamic file.uri, line
// separators and what it refuses to write.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { extensions as textMappers } from '@tributary/mapper-text';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from './file-harness.test-support.js';
import { extensions as fileExtensions } from './index.js';

const extensions = [...fileExtensions, ...textMappers, ...jsonMappers];
const runs: IoAppRun[] = [];

async function started(app: string): Promise<IoAppRun> {
  const run = startIoApp(app, { extensions });
  runs.push(run);
  await run.app.whenConnected();
  return run;
}

afterEach(async () => {
  for (const run of runs.splice(0)) await run.app.shutdown();
  await removeTempDirs();
});

describe('file sink', () => {
  it('appends csv records to an existing file without extra line breaks', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'out.csv');
    await writeFile(file, 'symbol,price\n');
    const run = await started(
      `@sink(type='file', file.uri='file://${file}', @map(type='csv'))
       define stream S (symbol string, price double);`,
    );
    run.app.input('S').sendBatch([
      ['IBM', 1.5],
      ['WSO2', 2.25],
    ]);
    await run.app.idle();
    expect(await readFile(file, 'utf8')).toBe('symbol,price\nIBM,1.5\nWSO2,2.25\n');
  });

  it('writes one file per attribute value, replacing the content with append=false', async () => {
    const dir = await tempDir();
    const run = await started(
      `@sink(type='file', append='false', file.uri='${dir}/out/{{symbol}}.json', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    // One event at a time: the json mapper writes a batch as one array.
    for (const row of [
      ['IBM', 1],
      ['WSO2', 2.5],
      ['IBM', 3],
    ]) {
      run.app.input('S').send(row);
      await run.app.idle();
    }
    expect(JSON.parse(await readFile(path.join(dir, 'out', 'IBM.json'), 'utf8'))).toEqual({
      event: { symbol: 'IBM', price: 3 },
    });
    expect(await readFile(path.join(dir, 'out', 'WSO2.json'), 'utf8')).toBe(
      '{"event":{"symbol":"WSO2","price":2.5}}\n',
    );
  });

  it('keeps the order of many appends and can leave out the line separator', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'seq.txt');
    const run = await started(
      `@sink(type='file', file.uri='${file}', add.line.separator='false',
             @map(type='text', @payload('{{n}};')))
       define stream S (n int);`,
    );
    const input = run.app.input('S');
    for (let n = 0; n < 200; n += 1) input.send([n]);
    await run.app.idle();
    const expected = Array.from({ length: 200 }, (_, n) => `${String(n)};`).join('');
    expect(await readFile(file, 'utf8')).toBe(expected);
  });

  it('routes payloads that are not text or bytes by on.error', async () => {
    const dir = await tempDir();
    const run = await started(
      `@sink(type='file', file.uri='${dir}/x.txt')
       define stream S (n int);`,
    );
    run.app.input('S').send([1]);
    await run.app.idle();
    expect(run.messages().join('\n')).toMatch(/writes text or bytes/);
  });
});
