// `npm run bench [-- [--rounds N] [--warmup N] [names…]]`: runs the benchmarks listed here
// and prints their figures as plain text lines.

import { parseArgs } from 'node:util';
import type { Bench } from './bench.js';
import { compileBench } from './compile.bench.js';
import { filterBench } from './filter.bench.js';

/** Every benchmark, in the order they run. */
export const BENCHES: readonly Bench[] = [compileBench, filterBench];

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2' },
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
    console.error('usage: npm run bench -- [--rounds N>=1] [--warmup N>=0] [bench names…]');
    return 2;
  }
  const selected =
    positionals.length > 0 ? BENCHES.filter((b) => positionals.includes(b.name)) : BENCHES;
  if (selected.length === 0) {
    console.error(`no such bench; known: ${BENCHES.map((b) => b.name).join(', ')}`);
    return 2;
  }
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const bench of selected) {
    const lines = await bench.run({ rounds, warmupRounds });
    for (const line of lines) console.log(`${bench.name}: ${line}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
