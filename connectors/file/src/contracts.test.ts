// The engine's io contract suites for the file source and sink, on real temporary files.

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as textMappers } from '@tributary/mapper-text';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { extensions as fileExtensions } from './index.js';

const extensions = [...fileExtensions, ...textMappers];
const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-file-contract-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const batch: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

function csv(rows: Rows): string {
  return rows.map((r) => `${String(r[0])},${String(r[1])}\n`).join('');
}

const tailed = path.join(dir, 'in.csv');
describeSourceContract('file', {
  extensions,
  app:
    `@source(type='file', file.uri='file://${tailed}', @map(type='csv'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  setup: () => writeFile(tailed, ''),
  deliver: (rows) => appendFile(tailed, csv(rows)),
});

const written = path.join(dir, 'out.csv');
describeSinkContract('file', {
  extensions,
  app:
    `@sink(type='file', file.uri='${written}', @map(type='csv'))\n` +
    'define stream S (symbol string, price double);',
  batch,
  collect: () => ({
    received: () =>
      existsSync(written)
        ? readFileSync(written, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => {
              const [symbol, price] = line.split(',');
              return [symbol, Number(price)];
            })
        : [],
    close: () => rm(written, { force: true }),
  }),
});
