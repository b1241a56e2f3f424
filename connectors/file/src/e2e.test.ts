// End to end: an app deployed through createEngine with the built-ins, the file extensions and
// the text and json mappers, tailing a CSV file into a filter and writing JSON lines per symbol.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { extensions as textMappers } from '@tributary/mapper-text';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exists, removeTempDirs, tempDir, waitFor } from './file-harness.test-support.js';
import { extensions } from './index.js';

afterEach(removeTempDirs);

describe('file apps end to end', () => {
  it('tails quotes.csv, keeps the expensive ones and writes them per symbol', async () => {
    const dir = await tempDir();
    const input = path.join(dir, 'quotes.csv');
    await writeFile(input, 'symbol,price\nIBM,120.5\nCHEAP,1\n');
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/connector-file', version: '0.1.0', extensions },
        { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
        { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMappers },
      ),
    });
    const created = engine.createApp(`
      @app:name('Quotes')
      @source(type='file', file.uri='file://${input}', header.present='true', @map(type='csv'))
      define stream QuoteStream (symbol string, price double);

      @sink(type='file', file.uri='${dir}/out/{{symbol}}.json', @map(type='json'))
      define stream Expensive (symbol string, price double);

      from QuoteStream[price > 100] select symbol, price insert into Expensive;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
    const app = created.app;
    try {
      app.start();
      await app.whenConnected();
      const ibm = path.join(dir, 'out', 'IBM.json');
      await waitFor(
        () => exists(ibm),
        () => 'IBM.json was not written',
      );
      await appendFile(input, 'GOOG,300\nIBM,130\n');
      const goog = path.join(dir, 'out', 'GOOG.json');
      await waitFor(
        async () => (await exists(goog)) && (await readFile(ibm, 'utf8')).split('\n').length === 3,
        () => 'the appended quotes were not written',
      );
      expect(await readFile(ibm, 'utf8')).toBe(
        '{"event":{"symbol":"IBM","price":120.5}}\n{"event":{"symbol":"IBM","price":130.0}}\n',
      );
      expect(JSON.parse(await readFile(goog, 'utf8'))).toEqual({
        event: { symbol: 'GOOG', price: 300 },
      });
      expect(await exists(path.join(dir, 'out', 'CHEAP.json'))).toBe(false);
    } finally {
      await app.shutdown();
    }
  });
});
