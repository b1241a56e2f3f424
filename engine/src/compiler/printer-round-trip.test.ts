// Round trips through the parser: for every app of the conformance corpus and the
// reference samples that parses, parse(print(parse(text))) equals parse(text) without
// spans, and printing is a fixed point; the same for the corpus's on-demand queries.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripSpans } from '../testing/strip-spans.js';
import { parseApp, parseOnDemandQuery } from './parse.js';
import { printApp, printOnDemandQuery } from './printer.js';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const CONFORMANCE = join(SHARED, 'conformance');
const SAMPLES = join(SHARED, 'reference', 'samples');

interface Source {
  readonly name: string;
  readonly text: string;
}

interface CorpusCase {
  readonly name: string;
  readonly app?: string;
  readonly steps?: readonly { readonly query?: string }[];
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

function loadCorpus(): { apps: Source[]; queries: Source[] } {
  const apps: Source[] = [];
  const queries: Source[] = [];
  const seen = new Set<string>();
  for (const file of jsonFiles(CONFORMANCE)) {
    const suite = JSON.parse(readFileSync(file, 'utf8')) as { cases: CorpusCase[] };
    const prefix = file.slice(CONFORMANCE.length + 1);
    for (const c of suite.cases) {
      if (c.app !== undefined) apps.push({ name: `${prefix} ${c.name}`, text: c.app });
      for (const step of c.steps ?? []) {
        if (step.query === undefined || seen.has(step.query)) continue;
        seen.add(step.query);
        queries.push({ name: `${prefix} ${c.name}`, text: step.query });
      }
    }
  }
  if (existsSync(SAMPLES)) {
    for (const f of readdirSync(SAMPLES)
      .filter((n) => n.endsWith('.siddhi'))
      .sort()) {
      apps.push({ name: `samples/${f}`, text: readFileSync(join(SAMPLES, f), 'utf8') });
    }
  }
  return { apps, queries };
}

const { apps, queries } = loadCorpus();
const parsedApps = apps.flatMap((s) => {
  const app = parseApp(s.text).app;
  return app ? [{ ...s, app }] : [];
});
const parsedQueries = queries.flatMap((s) => {
  const query = parseOnDemandQuery(s.text).query;
  return query ? [{ ...s, query }] : [];
});

describe('printApp round trip over the corpus', () => {
  it('finds the corpus and parses most of it', () => {
    expect(apps.length).toBeGreaterThan(1000);
    expect(parsedApps.length).toBeGreaterThan(apps.length * 0.9);
  });

  it.each(parsedApps)('$name', ({ app }) => {
    const printed = printApp(app);
    const reparsed = parseApp(printed);
    expect(
      reparsed.diagnostics.filter((d) => d.severity === 'error'),
      printed,
    ).toEqual([]);
    expect(stripSpans(reparsed.app), printed).toEqual(stripSpans(app));
    if (reparsed.app) expect(printApp(reparsed.app)).toBe(printed);
  });
});

describe('printOnDemandQuery round trip over the corpus', () => {
  it('finds the on-demand queries', () => {
    expect(parsedQueries.length).toBeGreaterThan(50);
  });

  it.each(parsedQueries)('$name: $text', ({ query }) => {
    const printed = printOnDemandQuery(query);
    const reparsed = parseOnDemandQuery(printed);
    expect(
      reparsed.diagnostics.filter((d) => d.severity === 'error'),
      printed,
    ).toEqual([]);
    expect(stripSpans(reparsed.query), printed).toEqual(stripSpans(query));
    if (reparsed.query) expect(printOnDemandQuery(reparsed.query)).toBe(printed);
  });
});
