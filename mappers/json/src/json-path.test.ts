import { describe, expect, it } from 'vitest';
import { compileJsonPath } from './json-path.js';

const doc = { a: { b: null, list: [{ x: 1 }, { x: 2 }] }, 'odd key': 3 };

describe('compileJsonPath', () => {
  it('reads paths without $ as Jayway does', () => {
    expect(compileJsonPath('a.list[1].x').select(doc)).toEqual([2]);
    expect(compileJsonPath("['odd key']").select(doc)).toEqual([3]);
    expect(compileJsonPath('@.a.b').select(doc)).toEqual([null]);
  });

  it('tells definite paths from those that select lists', () => {
    expect(compileJsonPath('$.a.list[0].x').definite).toBe(true);
    expect(compileJsonPath('$').definite).toBe(true);
    for (const path of [
      '$.a.list[*].x',
      '$..x',
      '$.a.list[?(@.x>1)]',
      '$.a.list[0,1]',
      '$.a.list[0:1]',
    ]) {
      expect(compileJsonPath(path).definite, path).toBe(false);
    }
  });

  it('distinguishes a missing value from a null one', () => {
    expect(compileJsonPath('$.a.b').select(doc)).toEqual([null]);
    expect(compileJsonPath('$.a.c').select(doc)).toEqual([]);
  });

  it('refuses malformed paths', () => {
    expect(() => compileJsonPath('$.a[0')).toThrow('unclosed bracket');
    expect(() => compileJsonPath("$['a")).toThrow('unterminated string');
    expect(() => compileJsonPath('$.a]')).toThrow("unexpected ']'");
    expect(() => compileJsonPath('  ')).toThrow('empty');
  });

  it('evaluates filters without access to the process', () => {
    expect(() => compileJsonPath('$.a.list[?(process.exit())]').select(doc)).toThrow();
  });
});
