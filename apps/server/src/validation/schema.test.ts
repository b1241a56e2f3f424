// Tests of the schema helper: every problem with its path, defaults, tagged unions, and the
// JSON Schema it describes.

import { describe, expect, it } from 'vitest';
import { check, describeProblems, s } from './schema.js';

const order = s.object({
  id: s.string({ minLength: 1 }),
  qty: s.number({ integer: true, min: 1, max: 10 }),
  express: s.withDefault(s.boolean(), false),
  note: s.optional(s.string({ maxLength: 5 })),
  tags: s.withDefault(s.array(s.oneOf(['a', 'b']), { maxItems: 2 }), []),
});

describe('schema', () => {
  it('accepts a valid value and fills defaults', () => {
    expect(check(order, { id: 'x', qty: 3 })).toEqual({
      ok: true,
      value: { id: 'x', qty: 3, express: false, tags: [] },
    });
  });

  it('reports every problem with its path', () => {
    const result = check(order, { id: '', qty: 2.5, note: 'too long', tags: ['a', 'c'], other: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describeProblems(result.problems)).toEqual([
      'other: is not a known field (known: id, qty, express, note, tags)',
      'id: must not be empty',
      'qty: must be an integer from 1 to 10, got 2.5',
      'note: must have at most 5 characters',
      "tags[1]: must be one of 'a', 'b', got 'c'",
    ]);
  });

  it('tells variants apart by their tag', () => {
    const shape = s.tagged('type', {
      circle: s.object({ type: s.oneOf(['circle']), r: s.number() }),
      square: s.object({ type: s.oneOf(['square']), side: s.number() }),
    });
    expect(check(shape, { type: 'square', side: 2 }).ok).toBe(true);
    const wrong = check(shape, { type: 'triangle' });
    expect(wrong.ok ? [] : describeProblems(wrong.problems)).toEqual([
      "type: must be one of 'circle', 'square', got 'triangle'",
    ]);
    const missing = check(shape, { type: 'circle' });
    expect(missing.ok ? [] : describeProblems(missing.problems)).toEqual([
      'r: must be a number, got undefined',
    ]);
  });

  it('describes itself as JSON Schema', () => {
    expect(order.jsonSchema()).toMatchObject({
      type: 'object',
      required: ['id', 'qty'],
      additionalProperties: false,
      properties: {
        qty: { type: 'integer', minimum: 1, maximum: 10 },
        express: { type: 'boolean', default: false },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, maxItems: 2 },
      },
    });
  });
});
