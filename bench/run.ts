// `npm run bench [-- [--rounds N] [--warmup N] [names…]]`: runs each benchmark in its own
// process pinned to one core (`taskset -c 1`, when available) and prints its figures as plain
// text lines. `--child NAME` is how the runner starts one bench in that process.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Bench } from './bench.js';
import { cdcBench, cdcMariaDbBench } from './cdc.bench.js';
import { chainBench } from './chain.bench.js';
import { compileBench } from './compile.bench.js';
import { fanout1000Bench, fanout100Bench, fanout1Bench } from './fanout.bench.js';
import { emailReceiveBench, emailSendBench } from './email.bench.js';
import { fileIngestBench, fileSinkBench } from './file.bench.js';
import { filterBatchBench, filterSingleBench } from './filter.bench.js';
import { httpIngestBench } from './http.bench.js';
import { joinTableBench } from './join-table.bench.js';
import { kafkaBench } from './kafka.bench.js';
import { MORE_MAPPER_BENCHES } from './mappers-more.bench.js';
import { MAPPER_BENCHES } from './mappers.bench.js';
import { miBench } from './mi.bench.js';
import { mqttIngestBench } from './mqtt.bench.js';
import { natsIngestBench } from './nats.bench.js';
import { partitionPurgeBench } from './partition-purge.bench.js';
import { partition10KeysBench, partitionNewKeysBench } from './partition.bench.js';
import { patternCountBench, patternEveryBench } from './pattern.bench.js';
import { prometheusSinkBench } from './prometheus.bench.js';
import { aggregationBench, binarySnapshotBench, snapshotBench } from './state.bench.js';
import { tcpIngestBench } from './tcp.bench.js';
import { websocketIngestBench } from './websocket.bench.js';
import { mariadbStoreBench, postgresStoreBench, sqliteStoreBench } from './stores.bench.js';
import { postgresSelectionBench, sqliteSelectionBench } from './store-selection.bench.js';
import { lengthBatchWindowBench, lengthWindowBench, timeWindowBench } from './window.bench.js';

/** Every benchmark, in the order they run. */
export const BENCHES: readonly Bench[] = [
  compileBench,
  filterSingleBench,
  filterBatchBench,
  chainBench,
  fanout1Bench,
  fanout100Bench,
  fanout1000Bench,
  lengthWindowBench,
  lengthBatchWindowBench,
  timeWindowBench,
  joinTableBench,
  patternEveryBench,
  patternCountBench,
  partition10KeysBench,
  partitionNewKeysBench,
  partitionPurgeBench,
  aggregationBench,
  snapshotBench,
  binarySnapshotBench,
  ...MAPPER_BENCHES,
  ...MORE_MAPPER_BENCHES,
  httpIngestBench,
  cdcBench,
  cdcMariaDbBench,
  natsIngestBench,
  kafkaBench,
  mqttIngestBench,
  tcpIngestBench,
  websocketIngestBench,
  sqliteStoreBench,
  postgresStoreBench,
  mariadbStoreBench,
  sqliteSelectionBench,
  postgresSelectionBench,
  miBench,
  fileIngestBench,
  fileSinkBench,
  prometheusSinkBench,
  emailSendBench,
  emailReceiveBench,
];

const USAGE = 'usage: npm run bench -- [--rounds N>=1] [--warmup N>=0] [bench names…]';
const CORE = '1';

/** The command prefix pinning a process to one core, or none (with the reason) when impossible. */
function pinning(): { readonly prefix: readonly string[]; readonly note?: string } {
  const probe = spawnSync('taskset', ['-c', CORE, process.execPath, '-e', ''], { stdio: 'ignore' });
  if (probe.error === undefined && probe.status === 0) return { prefix: ['taskset', '-c', CORE] };
  const reason =
    probe.error === undefined ? `exit status ${String(probe.status)}` : probe.error.message;
  return {
    prefix: [],
    note: `note: cannot pin to core ${CORE} with taskset (${reason}); running unpinned`,
  };
}

async function runChild(name: string, rounds: number, warmupRounds: number): Promise<number> {
  const bench = BENCHES.find((b) => b.name === name);
  if (bench === undefined) {
    console.error(`no such bench '${name}'`);
    return 2;
  }
  const lines = await bench.run({ rounds, warmupRounds });
  for (const line of lines) console.log(`${bench.name}: ${line}`);
  return 0;
}

function main(argv: readonly string[]): Promise<number> | number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
      child: { type: 'string' },
    },
  });
  const rounds = Number(values.rounds);
  const warmupRounds = Number(values.warmup);
  if (
    !Number.isInteger(rounds) ||
    rounds < 1 ||
    !Number.isInteger(warmupRounds) ||
    warmupRounds < 0
  ) {
    console.error(USAGE);
    return 2;
  }
  if (values.child !== undefined) return runChild(values.child, rounds, warmupRounds);
  const unknown = positionals.filter((p) => !BENCHES.some((b) => b.name === p));
  if (unknown.length > 0) {
    console.error(
      `no such bench: ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`,
    );
    return 2;
  }
  const selected =
    positionals.length > 0 ? BENCHES.filter((b) => positionals.includes(b.name)) : BENCHES;
  const { prefix, note } = pinning();
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}, ` +
      (prefix.length > 0 ? `each bench in its own process pinned to core ${CORE}` : 'unpinned'),
  );
  if (note !== undefined) console.log(note);
  const script = fileURLToPath(import.meta.url);
  let status = 0;
  for (const bench of selected) {
    const command = [
      ...prefix,
      process.execPath,
      ...process.execArgv,
      // lets benches measure retained heap (gc() before reading heapUsed)
      '--expose-gc',
      script,
      '--child',
      bench.name,
      '--rounds',
      String(rounds),
      '--warmup',
      String(warmupRounds),
    ];
    const [file = process.execPath, ...args] = command;
    const child = spawnSync(file, args, { stdio: 'inherit' });
    if (child.status !== 0) {
      console.error(
        `${bench.name}: failed (${child.error?.message ?? `exit status ${String(child.status)}`})`,
      );
      status = 1;
    }
  }
  return status;
}

process.exitCode = await main(process.argv.slice(2));
