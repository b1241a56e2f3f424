// The shape of broker ingest benches (NATS, MQTT): a publisher in its own process (pinned to
// the other core when taskset is there) sends JSON events to a subject/topic with credit-based
// flow control (at most `window` messages ahead of what the subscriber counted, so no broker
// drops messages for a slow consumer), and each subject — the engine's source, or the raw
// client doing the same work — is timed from the first message sent to the last one counted.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  type ExtensionList,
} from '@tributary/engine';
import { extensions as jsonList } from '../mappers/json/src/index.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

/** A running subscriber: counts messages it took in and events its filter kept. */
export interface IngestTarget {
  /** Messages taken in so far (what the credit follows). */
  received(): number;
  /** Events with price > 100 so far (checked equal between engine and raw). */
  kept(): number;
  close(): Promise<void>;
}

/** One ingest bench: a broker, a publisher script and the two subscribers. */
export interface IngestCase {
  readonly name: string;
  readonly description: readonly string[];
  /** Messages per timed run. */
  readonly messages: number;
  /** Messages the publisher may send ahead of what the subscriber counted. */
  readonly window: number;
  /**
   * ESM source of the publisher: reads `process.argv.slice(1)` = [...publisherArgs, payloads
   * JSON], and on each IPC `{ run: n }` publishes n messages, never more than `credit` (sent
   * by IPC `{ credit: k }`) ahead, then answers `{ done: n }`. `{ stop: true }` ends it.
   */
  readonly publisher: string;
  readonly publisherArgs: readonly string[];
  engine(): Promise<IngestTarget>;
  raw(): Promise<IngestTarget>;
}

/** The JSON events published, in the json mapper's default format; half are above 100. */
export function ingestPayloads(count = 64): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      event: { symbol: `S${String(i % 10)}`, price: ((i * 37) % 200) + 0.5, volume: i },
    }),
  );
}

/** What the raw subscribers do per message: parse, build the row, filter, count. */
export function rawWork(text: string, keep: () => void): void {
  const parsed = JSON.parse(text) as { event: { symbol: string; price: number; volume: number } };
  const e = parsed.event;
  const row = [e.symbol, e.price, e.volume];
  if ((row[1] as number) > 100) keep();
}

/**
 * The engine subscriber of an ingest bench: an app with the built-ins, `connector` and the json
 * mapper, where `source` (the `@source` annotation, after any app annotations) feeds S and the
 * filter query price > 100 feeds O; it counts what S received and what O kept.
 * @example
 * engine: () => engineIngestTarget(natsPackage, `@source(type='nats', …, @map(type='json'))`),
 */
export async function engineIngestTarget(
  connector: ExtensionList,
  source: string,
): Promise<IngestTarget> {
  const engine = createEngine({
    extensions: createRegistry(builtinExtensions, connector, {
      package: '@tributary/mapper-json',
      version: '0.1.0',
      extensions: jsonList,
    }),
    logger: silentLogger,
  });
  const created = engine.createApp(
    `${source}
     define stream S (symbol string, price double, volume long);
     from S[price > 100] select symbol, price insert into O;`,
  );
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const app = created.app;
  let received = 0;
  let kept = 0;
  app.onStream('S', (events) => {
    received += events.length;
  });
  app.onStream('O', (events) => {
    kept += events.length;
  });
  app.start();
  await app.whenConnected();
  return { received: () => received, kept: () => kept, close: () => app.shutdown() };
}

/** What a publisher script does around its credit loop (JavaScript statements, as text). */
export interface PublisherLoopParts {
  /** Ends the connection on IPC `{ stop: true }` (before the process exits). */
  readonly stop: string;
  /** Runs before each run's first message (e.g. connecting again). */
  readonly beforeRun?: string;
  /** Sends the `n` messages from `sent` (n ≤ 1,024) and adds n to `sent`. */
  readonly send: string;
  /** Runs after each run's last message, before `{ done: n }` (e.g. a ping round trip). */
  readonly afterRun?: string;
}

/**
 * `PublisherLoopParts.send` for raw sockets: writes n frames as one slice of `chunk` (the
 * 1,024 frames twice over, `ends` their offsets), waiting for drain when the socket is full.
 */
export const SEND_FRAMES = `const at = sent % 1024;
    const more = socket.write(chunk.subarray(ends[at], ends[at + n]));
    sent += n;
    if (!more) await new Promise((resolve) => socket.once('drain', resolve));`;

/**
 * The tail of every publisher script (`IngestCase.publisher`): the IPC protocol (`credit`,
 * `run`/`base`, `stop`) and the loop that publishes each run within its credit, at most 1,024
 * at a time, then answers `{ done: n }`.
 * @example
 * const PUBLISHER = `…open the socket…\n${publisherLoop({ stop: 'socket.end();', send: SEND_FRAMES })}`;
 */
export function publisherLoop(parts: PublisherLoopParts): string {
  return `let credit = 0, base = 0, wake;
const runs = [];
process.on('message', (m) => {
  if (m.stop) { ${parts.stop} process.exit(0); }
  if (m.credit !== undefined) credit = m.credit;
  if (m.run !== undefined) { base = m.base; runs.push(m.run); }
  const w = wake; wake = undefined; w?.();
});
const idle = () => new Promise((resolve) => { wake = resolve; });
for (;;) {
  while (runs.length === 0) await idle();
  const total = runs.shift();
  ${parts.beforeRun ?? ''}
  let sent = 0;
  while (sent < total) {
    const n = Math.min(1024, total - sent, credit - base - sent);
    if (n <= 0) { await idle(); continue; }
    ${parts.send}
  }
  ${parts.afterRun ?? ''}
  process.send({ done: total });
}
`;
}

/** The prefix running the publisher on core 0 (the benches run on core 1), when possible. */
function otherCore(): readonly string[] {
  const probe = spawnSync('taskset', ['-c', '0', process.execPath, '-e', ''], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0 ? ['taskset', '-c', '0'] : [];
}

interface Publisher {
  run(messages: number, target: IngestTarget, window: number): Promise<void>;
  stop(): void;
}

function startPublisher(c: IngestCase): Publisher {
  const command = [
    ...otherCore(),
    process.execPath,
    '--input-type=module',
    '-e',
    c.publisher,
    ...c.publisherArgs,
    JSON.stringify(ingestPayloads()),
  ];
  const [file = process.execPath, ...args] = command;
  const child: ChildProcess = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let onDone: (() => void) | undefined;
  let failed: Error | undefined;
  child.on('message', (m: { done?: number }) => {
    if (m.done !== undefined) onDone?.();
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null)
      failed = new Error(`the publisher exited with ${String(code)}`);
    onDone?.();
  });
  return {
    run: (messages, target, window) =>
      new Promise<void>((resolve, reject) => {
        const start = target.received();
        let published = false;
        let last = start;
        let lastChange = performance.now();
        onDone = () => {
          published = true;
        };
        child.send({ credit: start + window, run: messages, base: start });
        const timer = setInterval(() => {
          if (failed !== undefined) {
            clearInterval(timer);
            reject(failed);
            return;
          }
          const now = target.received();
          const got = now - start;
          if (now !== last) {
            last = now;
            lastChange = performance.now();
          } else if (performance.now() - lastChange > 10_000) {
            clearInterval(timer);
            reject(
              new Error(`no message for 10 s after ${String(got)} of ${String(messages)}: lost?`),
            );
            return;
          }
          child.send({ credit: start + got + window });
          if (published && got >= messages) {
            clearInterval(timer);
            resolve();
          }
        }, 1);
      }),
    stop: () => {
      child.send({ stop: true });
    },
  };
}

interface Figures {
  readonly rates: number[];
  readonly cpu: number[];
  readonly kept: number;
}

async function measure(
  c: IngestCase,
  publisher: Publisher,
  target: IngestTarget,
  options: BenchOptions,
): Promise<Figures> {
  for (let r = 0; r < options.warmupRounds; r += 1)
    await publisher.run(c.messages, target, c.window);
  const rates: number[] = [];
  const cpu: number[] = [];
  const keptBefore = target.kept();
  for (let r = 0; r < options.rounds; r += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await publisher.run(c.messages, target, c.window);
    rates.push((c.messages * 1000) / (performance.now() - t0));
    const used = process.cpuUsage(c0);
    cpu.push((c.messages * 1e6) / Math.max(1, used.user + used.system));
  }
  return { rates, cpu, kept: target.kept() - keptBefore };
}

function describeFigures(label: string, f: Figures): string {
  return (
    `${label}: ${rate(median(f.rates))} events/s (min ${rate(Math.min(...f.rates))}, ` +
    `max ${rate(Math.max(...f.rates))}); per cpu-second ${rate(median(f.cpu))}`
  );
}

/**
 * A bench comparing a source with its raw client on the same published messages.
 * @example
 * export const natsIngestBench = ingestBench({ name: 'nats-ingest', … });
 */
export function ingestBench(c: IngestCase): Bench {
  return {
    name: c.name,
    run: async (options) => {
      const publisher = startPublisher(c);
      try {
        const engine = await c.engine();
        let e: Figures;
        try {
          e = await measure(c, publisher, engine, options);
        } finally {
          await engine.close();
        }
        const raw = await c.raw();
        let p: Figures;
        try {
          p = await measure(c, publisher, raw, options);
        } finally {
          await raw.close();
        }
        if (e.kept !== p.kept) {
          throw new Error(
            `the engine kept ${String(e.kept)} events, the raw client ${String(p.kept)}`,
          );
        }
        return [
          ...c.description,
          `${rate(c.messages)} messages per run (one event each), ${String(options.warmupRounds)} ` +
            `warm-up + ${String(options.rounds)} timed runs; publisher in its own process, at ` +
            `most ${rate(c.window)} messages ahead`,
          describeFigures('source    ', e),
          describeFigures('raw client', p),
          `ratio raw / source: ${(median(p.rates) / median(e.rates)).toFixed(2)}x ` +
            `(per cpu-second ${(median(p.cpu) / median(e.cpu)).toFixed(2)}x)`,
        ];
      } finally {
        publisher.stop();
      }
    },
  };
}
