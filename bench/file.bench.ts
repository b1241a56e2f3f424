// File io: `file-ingest` reads a large CSV file line by line through the `file` source (csv
// mapper) into a filter query, beside node:readline doing the same work (split, row, filter,
// count); `file-sink` writes events through the `file` sink (csv mapper) beside a raw
// fs.WriteStream writing the same lines, and checks both files are byte for byte the same.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  type AppRuntime,
} from '@tributary/engine';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { extensions as fileExtensions } from '../connectors/file/src/index.js';
import { extensions as textExtensions } from '../mappers/text/src/index.js';
import type { Bench, BenchOptions } from './bench.js';
import { describeRuns, pairedRuns, ratioLine, timed, type Run } from './paired-runs.js';

const LINES = Number(process.env.FILE_BENCH_LINES ?? 1_000_000);
const SINK_EVENTS = Number(process.env.FILE_SINK_EVENTS ?? 200_000);
const TIMEOUT_MS = 300_000;

type Row = [string, number, number];

/** Event i: ten symbols, prices in [0.5, 199.5] (about half above 100), the volume i. */
function row(i: number): Row {
  return [`S${String(i % 10)}`, ((i * 37) % 200) + 0.5, i];
}

function createApp(text: string): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-file', version: '0.1.0', extensions: fileExtensions },
      { package: '@tributary/mapper-text', version: '0.1.0', extensions: textExtensions },
    ),
    logger: silentLogger,
  });
  const created = engine.createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  return created.app;
}

async function until(ready: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Writes the input file; returns how many of its lines pass the filter. */
function writeInput(file: string): number {
  const lines: string[] = [];
  let kept = 0;
  for (let i = 0; i < LINES; i += 1) {
    const [symbol, price, volume] = row(i);
    if (price > 100) kept += 1;
    lines.push(`${symbol},${String(price)},${String(volume)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return kept;
}

async function ingestEngine(input: string, done: string, expectedKept: number): Promise<Run> {
  const app = createApp(
    `@app:name('FileIngest')
     @source(type='file', file.uri='${input}', mode='line', tailing='false',
             action.after.process='move', move.after.process='${done}', @map(type='csv'))
     define stream S (symbol string, price double, volume long);
     from S[price > 100] select symbol, price insert into O;`,
  );
  let received = 0;
  let kept = 0;
  app.onStream('S', (events) => {
    received += events.length;
  });
  app.onStream('O', (events) => {
    kept += events.length;
  });
  try {
    const run = await timed(async () => {
      app.start();
      await until(
        () => received >= LINES,
        () => `engine: ${String(received)} of ${String(LINES)} lines`,
      );
    });
    if (kept !== expectedKept) {
      throw new Error(`the engine kept ${String(kept)} events, not ${String(expectedKept)}`);
    }
    // The source moves the file once its events were processed: put it back for the next run.
    await until(
      () => existsSync(done),
      () => 'the file source did not move the file',
    );
    return run;
  } finally {
    await app.shutdown();
    if (existsSync(done)) renameSync(done, input);
  }
}

async function ingestRaw(input: string, expectedKept: number): Promise<Run> {
  let received = 0;
  let kept = 0;
  const run = await timed(async () => {
    const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      const [symbol = '', price = '', volume = ''] = line.split(',');
      const r: Row = [symbol, Number(price), Number(volume)];
      received += 1;
      if (r[1] > 100) kept += 1;
    }
  });
  if (received !== LINES || kept !== expectedKept) {
    throw new Error(`raw readline read ${String(received)} lines and kept ${String(kept)}`);
  }
  return run;
}

async function runIngest(options: BenchOptions): Promise<readonly string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-file-bench-'));
  try {
    const input = join(dir, 'in.csv');
    const done = join(dir, 'done.csv');
    const kept = writeInput(input);
    const runs = await pairedRuns(options, {
      engine: () => ingestEngine(input, done, kept),
      raw: () => ingestRaw(input, kept),
    });
    return [
      "`file` source (file.uri, mode='line', tailing='false', @map(type='csv')) → " +
        'S[price > 100] vs node:readline doing the same work (split, row, filter, count)',
      `${String(LINES)} lines (${String(kept)} kept) per run, ${String(options.warmupRounds)} ` +
        `warm-up + ${String(options.rounds)} timed runs; engine runs from app start to the last ` +
        'event in S',
      describeRuns('file source', runs.engine, LINES, 'events'),
      describeRuns('readline   ', runs.raw, LINES, 'events'),
      ratioLine(runs, 'readline', 'file source'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sink's input, in batches of 1,000 rows. */
function sinkBatches(): Row[][] {
  const batches: Row[][] = [];
  for (let i = 0; i < SINK_EVENTS; i += 1000) {
    const batch: Row[] = [];
    for (let j = i; j < Math.min(SINK_EVENTS, i + 1000); j += 1) batch.push(row(j));
    batches.push(batch);
  }
  return batches;
}

async function sinkEngine(out: string, batches: readonly Row[][]): Promise<Run> {
  rmSync(out, { force: true });
  const app = createApp(
    `@app:name('FileSink')
     @sink(type='file', file.uri='${out}', @map(type='csv'))
     define stream O (symbol string, price double, volume long);`,
  );
  app.start();
  await app.whenConnected();
  const input = app.input('O');
  return timed(async () => {
    for (const [i, batch] of batches.entries()) {
      input.sendBatch(batch);
      // Every 10,000 events: wait for the writes, so pending ones stay bounded.
      if (i % 10 === 9) await app.idle();
    }
    await app.idle();
    // Shutting down closes the file: the run ends with the data handed to the OS.
    await app.shutdown();
  });
}

async function sinkRaw(out: string, batches: readonly Row[][]): Promise<Run> {
  rmSync(out, { force: true });
  return timed(async () => {
    const stream = createWriteStream(out, { flags: 'a' });
    for (const batch of batches) {
      for (const [symbol, price, volume] of batch) {
        if (!stream.write(`${symbol},${String(price)},${String(volume)}\n`)) {
          await once(stream, 'drain');
        }
      }
    }
    stream.end();
    await once(stream, 'close');
  });
}

async function runSink(options: BenchOptions): Promise<readonly string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-file-bench-'));
  try {
    const batches = sinkBatches();
    const engineOut = join(dir, 'engine.csv');
    const rawOut = join(dir, 'raw.csv');
    const runs = await pairedRuns(options, {
      engine: () => sinkEngine(engineOut, batches),
      raw: () => sinkRaw(rawOut, batches),
    });
    const written = readFileSync(engineOut);
    if (!written.equals(readFileSync(rawOut))) {
      throw new Error('the file sink and the raw write stream wrote different files');
    }
    return [
      "`file` sink (append, @map(type='csv')) vs a raw fs.WriteStream writing the same lines " +
        '(the two files are checked byte for byte equal)',
      `${String(SINK_EVENTS)} events (${String(written.length)} bytes) per run, sent in batches ` +
        `of 1,000; ${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed ` +
        'runs, each until the file is closed',
      describeRuns('file sink  ', runs.engine, SINK_EVENTS, 'events'),
      describeRuns('WriteStream', runs.raw, SINK_EVENTS, 'events'),
      ratioLine(runs, 'WriteStream', 'file sink'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const fileIngestBench: Bench = { name: 'file-ingest', run: runIngest };
export const fileSinkBench: Bench = { name: 'file-sink', run: runSink };
