// The `fileeventlistener` source on a real temporary directory: created, modifying,
// modifyingCompleted (after monitoring.interval on the virtual clock) and removed events.

import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir, waitFor } from './file-harness.test-support.js';
import { extensions } from './index.js';

const runs: IoAppRun[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) await run.app.shutdown();
  await removeTempDirs();
});

describe('fileeventlistener source', () => {
  it('reports files created, modified and removed', async () => {
    const dir = await tempDir();
    const run = startIoApp(
      `@source(type='fileeventlistener', dir.uri='file:${dir}', monitoring.interval='200')
       define stream S (filepath string, filename string, status string);`,
      { extensions },
    );
    runs.push(run);
    const rows = run.collect('S');
    await run.app.whenConnected();
    const file = path.join(dir, 'a.txt');
    const what = (): string => `rows ${JSON.stringify(rows)}`;
    await writeFile(file, 'x');
    await waitFor(() => rows.length === 1, what);
    expect(rows[0]).toEqual([file, 'a.txt', 'created']);

    await appendFile(file, 'y');
    await waitFor(() => rows.some((r) => r[2] === 'modifying'), what);
    expect(rows.some((r) => r[2] === 'modifyingCompleted')).toBe(false);
    run.clock.advanceBy(200);
    await waitFor(() => rows.at(-1)?.[2] === 'modifyingCompleted', what);

    await mkdir(path.join(dir, 'sub'));
    await rm(file);
    await waitFor(() => rows.some((r) => r[2] === 'removed'), what);
    await waitFor(() => rows.some((r) => r[1] === 'sub'), what);
    expect(rows.find((r) => r[2] === 'removed')).toEqual([file, 'a.txt', 'removed']);
    expect(rows.find((r) => r[1] === 'sub')).toEqual([path.join(dir, 'sub'), 'sub', 'created']);
  });

  it('reports only the files of file.name.list', async () => {
    const dir = await tempDir();
    const run = startIoApp(
      `@source(type='fileeventlistener', dir.uri='${dir}', file.name.list='b.txt, c.txt')
       define stream S (filepath string, filename string, status string);`,
      { extensions },
    );
    runs.push(run);
    const rows = run.collect('S');
    await run.app.whenConnected();
    await writeFile(path.join(dir, 'a.txt'), '1');
    await writeFile(path.join(dir, 'b.txt'), '2');
    await waitFor(
      () => rows.length === 1,
      () => `rows ${JSON.stringify(rows)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows).toEqual([[path.join(dir, 'b.txt'), 'b.txt', 'created']]);
  });
});
