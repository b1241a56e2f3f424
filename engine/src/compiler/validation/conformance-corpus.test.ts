// Runs parse + validate over every conformance suite: cases without expectError/skipReason
// must compile cleanly, `expectError: "compile"` cases must fail. Prints the mismatches.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../builtins/catalog/index.js';
import { parseApp } from '../parse.js';
import { validateApp } from './index.js';

const CORPUS = '/work/shared/conformance';

interface Case {
  readonly name: string;
  readonly app: string;
  readonly expectError?: string;
  readonly skipReason?: string;
}

function suites(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return suites(p);
    return p.endsWith('.json') ? [p] : [];
  });
}

describe.runIf(existsSync(CORPUS))('conformance corpus (compile errors)', () => {
  it('agrees with the reference engine on at least 99.5% of cases', () => {
    let total = 0;
    let agree = 0;
    const mismatches: string[] = [];
    for (const file of suites(CORPUS)) {
      const suite = JSON.parse(readFileSync(file, 'utf8')) as { suite: string; cases: Case[] };
      for (const c of suite.cases) {
        if (c.skipReason !== undefined || c.expectError === 'runtime') continue;
        total++;
        const parsed = parseApp(c.app);
        const diagnostics = [
          ...parsed.diagnostics,
          ...(parsed.app === undefined ? [] : validateApp(parsed.app, builtinCatalog)),
        ].filter((d) => d.severity === 'error');
        const wantError = c.expectError === 'compile';
        if (wantError === diagnostics.length > 0) agree++;
        else {
          const got = diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ');
          mismatches.push(
            `${wantError ? 'missed error' : 'false error '} ${suite.suite} ${c.name}${got ? ` — ${got}` : ''}`,
          );
        }
      }
    }
    if (mismatches.length > 0) console.log(mismatches.join('\n'));
    console.log(`corpus: ${String(agree)}/${String(total)} cases agree`);
    expect(agree / total).toBeGreaterThanOrEqual(0.995);
  });
});
