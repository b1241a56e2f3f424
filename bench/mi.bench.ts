// The `mi` sink against the MI test peer (in process, loopback): calls/s and p50/p99 latency
// of call mode — event in, MI sequence (gRPC) or API resource (HTTP) answering, reply out of
// the `mi-reply` stream — beside the raw client doing the same calls (EventServiceClient;
// fetch), closed loop at a fixed number of calls in flight.

import { credentials } from '@grpc/grpc-js';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  type AppRuntime,
} from '@tributary/engine';
import { EventServiceClient } from '../connectors/grpc/src/index.js';
import { extensions as jsonList } from '../mappers/json/src/index.js';
import { extensions as miList } from '../mi-bridge/src/index.js';
import { startMiPeer, type MiPeer } from '../test/support/mi-peer/index.js';
import { median, ms, quantile, rate, type Bench, type BenchOptions } from './bench.js';

/** Calls per timed run, by calls in flight. */
const CALLS: Readonly<Record<number, number>> = { 1: 1_000, 64: 10_000 };

interface Round {
  readonly callsPerSecond: number;
  readonly latencies: readonly number[];
}

/** Something that makes one call with id `i` and reports its completion via `done(i)`. */
interface Caller {
  start(i: number): void;
  close(): Promise<void>;
}

/** Runs `calls` calls keeping `inFlight` going; resolves with the rate and the latencies. */
async function closedLoop(
  make: (done: (i: number) => void) => Promise<Caller>,
  calls: number,
  inFlight: number,
): Promise<Round> {
  const started = new Float64Array(calls);
  const latencies: number[] = [];
  let next = 0;
  let finished = 0;
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const caller = await make((i) => {
    latencies.push(performance.now() - (started[i] ?? 0));
    finished += 1;
    if (finished === calls) resolveAll();
    else if (next < calls) queueMicrotask(launch);
  });
  // Called back only once calls run, after `launch` is defined.
  const launch = (): void => {
    const i = next;
    next += 1;
    started[i] = performance.now();
    caller.start(i);
  };
  const t0 = performance.now();
  for (let k = 0; k < Math.min(inFlight, calls); k += 1) launch();
  await all;
  const elapsed = performance.now() - t0;
  await caller.close();
  return { callsPerSecond: (calls * 1000) / elapsed, latencies };
}

const PAYLOAD = (i: number): string =>
  JSON.stringify({ event: { id: `c-${String(i)}`, amount: i } });

async function engineCaller(
  peer: MiPeer,
  transport: 'grpc' | 'http',
  done: (i: number) => void,
): Promise<Caller> {
  const engine = createEngine({
    logger: silentLogger,
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/mi-bridge', version: '0.1.0', extensions: miList },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonList },
    ),
  });
  const target =
    transport === 'grpc'
      ? `url='${peer.grpcUrl}', sequence='echo'`
      : `url='${peer.httpUrl}', api='/echo/call'`;
  const created = engine.createApp(
    `@sink(type='mi', ${target}, on.reply='Replies', @map(type='json'))
     define stream Calls (id string, amount long);
     @source(type='mi-reply', @map(type='json', @attributes(id='trp:id', amount='$.event.amount')))
     define stream Replies (id string, amount long);`,
  );
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const app: AppRuntime = created.app;
  app.onStream('Replies', (events) => {
    for (const e of events) done(Number(String(e.data[0]).slice(2)));
  });
  app.start();
  await app.whenConnected();
  const input = app.input('Calls');
  return {
    start: (i) => {
      input.send([`c-${String(i)}`, i]);
    },
    close: () => app.shutdown(),
  };
}

async function rawGrpcCaller(peer: MiPeer, done: (i: number) => void): Promise<Caller> {
  const client = new EventServiceClient(
    `127.0.0.1:${String(peer.grpcPort)}`,
    credentials.createInsecure(),
  );
  await client.connect(5_000);
  return {
    start: (i) => {
      void client
        .call('process', {
          payload: PAYLOAD(i),
          headers: { 'Content-Type': 'json', sequence: 'echo' },
        })
        .then((reply) => {
          const parsed = JSON.parse(reply.payload) as { event: { amount: number } };
          done(parsed.event.amount);
        });
    },
    close: () => client.close(),
  };
}

function rawHttpCaller(peer: MiPeer, done: (i: number) => void): Promise<Caller> {
  const url = `${peer.httpUrl}/echo/call`;
  return Promise.resolve({
    start: (i) => {
      void fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: PAYLOAD(i),
      })
        .then((response) => response.json() as Promise<{ event: { amount: number } }>)
        .then((parsed) => {
          done(parsed.event.amount);
        });
    },
    close: () => Promise.resolve(),
  });
}

function summary(label: string, rounds: readonly Round[]): string {
  const rates = rounds.map((r) => r.callsPerSecond);
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return (
    `${label}: ${rate(median(rates))} calls/s (min ${rate(Math.min(...rates))}, max ${rate(Math.max(...rates))}); ` +
    `latency p50 ${ms(quantile(latencies, 0.5))}, p99 ${ms(quantile(latencies, 0.99))}`
  );
}

async function measure(
  make: (done: (i: number) => void) => Promise<Caller>,
  inFlight: number,
  options: BenchOptions,
): Promise<Round[]> {
  const calls = CALLS[inFlight] ?? 1_000;
  for (let r = 0; r < options.warmupRounds; r += 1)
    await closedLoop(make, Math.round(calls / 4), inFlight);
  const rounds: Round[] = [];
  for (let r = 0; r < options.rounds; r += 1) rounds.push(await closedLoop(make, calls, inFlight));
  return rounds;
}

export const miBench: Bench = {
  name: 'mi',
  run: async (options) => {
    const peer = await startMiPeer({
      sequences: { echo: [{ kind: 'respond' }] },
      apis: [
        {
          name: 'Echo',
          context: '/echo',
          resources: [{ methods: ['POST'], path: '/call', inSequence: [{ kind: 'respond' }] }],
        },
      ],
    });
    const lines = [
      '`mi` sink (call mode, json mapper, reply through `mi-reply` into a stream) vs the raw client, ' +
        'against the in-process MI test peer answering with the request (loopback); closed loop',
    ];
    try {
      for (const transport of ['grpc', 'http'] as const) {
        for (const inFlight of [1, 64]) {
          const engine = await measure(
            (done) => engineCaller(peer, transport, done),
            inFlight,
            options,
          );
          const raw = await measure(
            (done) =>
              transport === 'grpc' ? rawGrpcCaller(peer, done) : rawHttpCaller(peer, done),
            inFlight,
            options,
          );
          const e = median(engine.map((r) => r.callsPerSecond));
          const p = median(raw.map((r) => r.callsPerSecond));
          lines.push(
            `${transport}, ${String(inFlight)} in flight, ${rate(CALLS[inFlight] ?? 0)} calls per run:`,
            `  ${summary('mi sink   ', engine)}`,
            `  ${summary(transport === 'grpc' ? 'raw client' : 'raw fetch ', raw)}`,
            `  ratio raw / sink ${(p / e).toFixed(2)}x`,
          );
        }
      }
    } finally {
      await peer.close();
    }
    return lines;
  },
};
