// Compiler throughput: compiles every app of the conformance corpus and the sample apps,
// N rounds after a warm-up, and reports apps/second and per-app latency.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../engine/src/compiler/compile.js';
import { DEFAULT_CORPUS, loadSuites } from '../test/conformance/suite.js';
import { ms, quantile, type Bench } from './bench.js';

const SAMPLE_FOLDERS = [
  fileURLToPath(new URL('../conf/siddhi-files', import.meta.url)),
  fileURLToPath(new URL('../engine/src/compiler/__fixtures__/valid', import.meta.url)),
];

function siddhiFiles(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.siddhi'))
      .sort()
      .map((name) => readFileSync(join(folder, name), 'utf8'));
  } catch {
    return [];
  }
}

/** Every app the bench compiles: all cases' `app` texts, then the sample apps. */
export function benchApps(): { readonly corpus: string[]; readonly samples: string[] } {
  const corpus = loadSuites([DEFAULT_CORPUS]).flatMap((s) => s.cases.map((c) => c.app));
  return { corpus, samples: SAMPLE_FOLDERS.flatMap(siddhiFiles) };
}

export const compileBench: Bench = {
  name: 'compile',
  run: ({ rounds, warmupRounds }) => {
    const { corpus, samples } = benchApps();
    const apps = [...corpus, ...samples];
    const bytes = apps.reduce((n, app) => n + Buffer.byteLength(app), 0);
    let compiledOk = 0;
    for (let r = 0; r < warmupRounds; r += 1) {
      for (const app of apps) compile(app);
    }
    const latencies = new Float64Array(apps.length * rounds);
    let k = 0;
    let bestRound = Number.POSITIVE_INFINITY;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < rounds; r += 1) {
      const roundStart = performance.now();
      for (const app of apps) {
        const t0 = performance.now();
        const result = compile(app);
        latencies[k++] = performance.now() - t0;
        if (r === 0 && result.ok) compiledOk += 1;
      }
      bestRound = Math.min(bestRound, performance.now() - roundStart);
    }
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const sorted = Array.from(latencies).sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return [
      `corpus: ${String(apps.length)} apps (${String(corpus.length)} conformance cases, ${String(samples.length)} samples), ` +
        `${(bytes / 1024).toFixed(1)} KiB of SiddhiQL, ${String(compiledOk)} compile clean`,
      `rounds: ${String(warmupRounds)} warm-up + ${String(rounds)} measured = ${String(sorted.length)} timed compiles in ${(elapsed / 1000).toFixed(2)} s`,
      `throughput: ${Math.round((sorted.length * 1000) / elapsed).toLocaleString('en-US')} apps/s, ` +
        `${((bytes * rounds) / 1024 / 1024 / (elapsed / 1000)).toFixed(2)} MiB/s; ` +
        `best round ${ms(bestRound)} = ${Math.round((apps.length * 1000) / bestRound).toLocaleString('en-US')} apps/s`,
      `cpu time: ${ms(cpuMs)} = ${Math.round((sorted.length * 1000) / cpuMs).toLocaleString('en-US')} apps per cpu-second ` +
        `(wall-clock figures are inflated when other processes compete for the cpu)`,
      `latency per app: mean ${ms(mean)}, p50 ${ms(quantile(sorted, 0.5))}, p99 ${ms(quantile(sorted, 0.99))}, ` +
        `max ${ms(sorted.at(-1) ?? Number.NaN)}`,
    ];
  },
};
