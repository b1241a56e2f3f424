// Tests of JSONPath reads with Jayway's results: definite paths give a value or "missing",
// indefinite ones the list of matches.

import { describe, expect, it } from 'vitest';
import { isDefinitePath, matchPath, readPath } from './json-path.js';

const doc = {
  name: 'John',
  spouse: null,
  items: ['pen', 'pencil'],
  books: [
    { title: 'a', price: 5 },
    { title: 'b', price: 20 },
  ],
};

describe('isDefinitePath', () => {
  it('tells definite from indefinite paths', () => {
    expect(isDefinitePath('$.books[0].title')).toBe(true);
    expect(isDefinitePath("$['name']")).toBe(true);
    expect(isDefinitePath('name')).toBe(true);
    expect(isDefinitePath('$..title')).toBe(false);
    expect(isDefinitePath('$.books[*]')).toBe(false);
    expect(isDefinitePath('$.books[?(@.price < 10)]')).toBe(false);
    expect(isDefinitePath('$.items[0,1]')).toBe(false);
    expect(isDefinitePath('$.items[0:1]')).toBe(false);
  });
});

describe('readPath', () => {
  it('reads a definite path as one value, null included', () => {
    expect(readPath(doc, '$.name')).toEqual({ kind: 'value', value: 'John' });
    expect(readPath(doc, 'name')).toEqual({ kind: 'value', value: 'John' });
    expect(readPath(doc, '$.spouse')).toEqual({ kind: 'value', value: null });
    expect(readPath(doc, '$.items')).toEqual({ kind: 'value', value: ['pen', 'pencil'] });
  });

  it('reports a missing definite path', () => {
    expect(readPath(doc, '$.salary')).toEqual({ kind: 'missing' });
    expect(readPath(doc, '$.books[5].title')).toEqual({ kind: 'missing' });
    expect(readPath(null, '$.a')).toEqual({ kind: 'missing' });
  });

  it('reads an indefinite path as the list of matches', () => {
    expect(readPath(doc, '$..title')).toEqual({ kind: 'list', values: ['a', 'b'] });
    expect(readPath(doc, '$.books[?(@.price < 10)].title')).toEqual({
      kind: 'list',
      values: ['a'],
    });
    expect(readPath(doc, '$..missing')).toEqual({ kind: 'list', values: [] });
  });
});

describe('matchPath', () => {
  it('gives each match with its parent and property', () => {
    const [match] = matchPath(doc, '$.items[1]');
    expect(match?.value).toBe('pencil');
    expect(match?.parent).toBe(doc.items);
    expect(match?.property).toBe(1);
    expect(matchPath(doc, '$')[0]?.parent).toBeNull();
  });
});
