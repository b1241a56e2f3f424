import { describe, expect, it } from 'vitest';
import { parseApp } from '../../compiler/parse.js';
import type { Annotation } from '../../query-api/index.js';
import { attributeMappingsOf } from './attribute-mappings.js';

const attributes = [
  { name: 'symbol', type: 'string' as const },
  { name: 'price', type: 'double' as const },
];

function mapOf(attributesText: string): Annotation {
  const app = parseApp(
    `@source(type='x', @map(type='json', @attributes(${attributesText}))) define stream S (symbol string, price double);`,
  ).app;
  const def = app?.definitions[0];
  const map = def?.annotations[0]?.annotations[0];
  if (map === undefined) throw new Error('no @map parsed');
  return map;
}

describe('attributeMappingsOf', () => {
  it('reads named mappings in stream order, with transport properties', () => {
    const r = attributeMappingsOf(mapOf("price='$.p', symbol='trp:topic'"), attributes, 'S');
    expect(r).toEqual({
      ok: true,
      mappings: [
        { attribute: 'symbol', type: 'string', index: 0, transport: 'topic' },
        { attribute: 'price', type: 'double', index: 1, path: '$.p' },
      ],
      transport: ['topic'],
    });
  });

  it('reads positional mappings', () => {
    const r = attributeMappingsOf(mapOf("'$.s', '$.p'"), attributes, 'S');
    expect(r.ok && r.mappings?.map((m) => m.path)).toEqual(['$.s', '$.p']);
  });

  it('is undefined without @attributes', () => {
    expect(attributeMappingsOf(undefined, attributes, 'S')).toEqual({
      ok: true,
      mappings: undefined,
      transport: [],
    });
  });

  it('rejects mixing named and positional mappings', () => {
    const r = attributeMappingsOf(mapOf("symbol='$.s', '$.p'"), attributes, 'S');
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      "@attributes of stream 'S': mappings must be all named (attr='…') or all positional, not both",
    ]);
  });

  it('rejects a wrong count, unknown and missing attributes (with did-you-mean)', () => {
    const count = attributeMappingsOf(mapOf("'$.s'"), attributes, 'S');
    expect(count.ok).toBe(false);
    const unknown = attributeMappingsOf(mapOf("symbl='$.s', price='$.p'"), attributes, 'S');
    expect(unknown.ok ? undefined : unknown.problems[0]?.hint).toBe("did you mean 'symbol'?");
    const missing = attributeMappingsOf(mapOf("symbol='$.s'"), attributes, 'S');
    expect(missing.ok ? '' : missing.problems[0]?.message).toMatch(/missing: price/);
  });
});
