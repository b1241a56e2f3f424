// Key families (`param.family` under `'regex.*'`): every key with the prefix is parsed as the
// family's element into one record option, and the registry accepts the `.*` key.

import { describe, expect, it } from 'vitest';
import { parseApp } from '../compiler/parse.js';
import type { Annotation } from '../query-api/index.js';
import { defineSourceMapper } from './define.js';
import { param } from './param.js';
import { parseOptions } from './parse-options.js';
import { createRegistry } from './registry.js';

const params = {
  'regex.*': param.family(param.string({ description: 'a regex' }), { description: 'regexes' }),
  'limit.*': param.family(param.int({ description: 'a limit' }), { description: 'limits' }),
  'fail.on.missing.attribute': param.bool({ description: 'fail', optional: true, default: true }),
};

function mapOf(elements: string): Annotation {
  const parsed = parseApp(
    `@source(type='inMemory', topic='t', @map(type='text'${elements})) define stream S (a int);`,
  );
  const map = parsed.app?.definitions[0]?.annotations[0]?.annotations[0];
  if (map === undefined) throw new Error(`does not parse: ${elements}`);
  return map;
}

const where = { extension: "source mapper 'text'" };

describe('key families', () => {
  it('gather every key of the prefix into a record, typed by the element', () => {
    const r = parseOptions(params, mapOf(", regex.A='(\\w+)', regex.B2='x', limit.max='5'"), where);
    expect(r.ok && r.options).toEqual({
      'regex.*': { A: '(\\w+)', B2: 'x' },
      'limit.*': { max: 5 },
      'fail.on.missing.attribute': true,
    });
  });

  it('are an empty record when no key of the prefix is given', () => {
    const r = parseOptions(params, mapOf(''), where);
    expect(r.ok && r.options['regex.*']).toEqual({});
  });

  it('report a bad member value and a repeated member at their keys', () => {
    const r = parseOptions(params, mapOf(", limit.max='five', regex.A='a', regex.A='b'"), where);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code)).toEqual(['E_INVALID_OPTION', 'E_DUPLICATE_OPTION']);
    expect(r.problems[0]?.message).toContain("option 'limit.max' must be an int");
  });

  it('do not swallow other unknown keys', () => {
    const r = parseOptions(params, mapOf(", regexA='x', regex='y'"), where);
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual([
      'E_UNKNOWN_OPTION',
      'E_UNKNOWN_OPTION',
    ]);
  });

  it('are accepted by the registry under their `.*` key', () => {
    const spec = defineSourceMapper({
      name: 'text',
      status: 'stable',
      summary: 'test',
      parameters: params,
      examples: [{ description: 'd', siddhi: 'define stream S (a int);' }],
      create: () => ({ map: () => [] }),
    });
    expect(() =>
      createRegistry({ package: 'p', version: '0.1.0', extensions: [spec] }),
    ).not.toThrow();
  });
});
