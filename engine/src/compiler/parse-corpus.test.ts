// Parses every app of the shared conformance corpus and the reference samples: valid apps
// must parse without syntax errors; known syntactically invalid ones must fail in the parser.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApp } from './parse.js';

const CORPUS = '/work/shared/conformance';
const SAMPLES = '/work/shared/reference/samples';

interface Case {
  readonly name: string;
  readonly app?: string;
  readonly expectError?: string;
  readonly skipReason?: string;
}

function suites(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? suites(path) : path.endsWith('.json') ? [path] : [];
  });
}

function cases(): { id: string; c: Case }[] {
  return suites(CORPUS).flatMap((path) => {
    const suite = JSON.parse(readFileSync(path, 'utf8')) as { suite: string; cases: Case[] };
    return suite.cases.map((c) => ({ id: `${suite.suite} ${c.name}`, c }));
  });
}

/** Compile-error cases whose app is not valid SiddhiQL syntax (Siddhi's parser rejects them). */
const SYNTAX_INVALID = [
  'managment/ValidateTestCase validateTest4',
  'query/table/DefineTableTestCase testQuery8',
  'query/table/JoinTableTestCase testTableJoinQuery11',
  'query/table/PrimaryKeyTableTestCase primaryKeyTableTest29',
  'query/table/PrimaryKeyTableTestCase primaryKeyTableTest32',
  'window/WindowDefinitionTestCase testEventWindow5',
  'window/WindowDefinitionTestCase testEventWindow7',
];

describe('conformance corpus', () => {
  const all = cases();

  it('parses every valid app', () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const { id, c } of all) {
      if (c.app === undefined || c.skipReason !== undefined || c.expectError === 'compile')
        continue;
      const result = parseApp(c.app);
      if (result.app === undefined) {
        failures.push(
          `${id}: ${result.diagnostics.map((d) => `${String(d.span.start.line)}:${String(d.span.start.column)} ${d.message}`).join('; ')}`,
        );
      } else parsed++;
    }
    if (failures.length > 0) console.log(`parse failures:\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
    expect(parsed).toBeGreaterThan(900);
  });

  it('rejects the syntactically invalid compile-error cases', () => {
    const byId = new Map(all.map(({ id, c }) => [id, c]));
    for (const id of SYNTAX_INVALID) {
      const c = byId.get(id);
      expect(c?.expectError, id).toBe('compile');
      const result = parseApp(c?.app ?? '');
      expect(result.app, id).toBeUndefined();
      expect(result.diagnostics.length, id).toBeGreaterThan(0);
    }
  });
});

describe('reference samples', () => {
  it('parses every .siddhi sample', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.siddhi'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = parseApp(readFileSync(join(SAMPLES, file), 'utf8'));
      expect(result.diagnostics, file).toEqual([]);
    }
  });
});
