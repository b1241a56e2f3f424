import { describe, expect, it } from 'vitest';
import type { Variable } from '../query-api/index.js';
import { runQuery } from '../testing/run-query.js';
import { eventScope } from './event-scope.js';

describe('eventScope', () => {
  it('lists the event attributes, in order, for f(*)', () => {
    const scope = eventScope('S', 'x', [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'string' },
    ]);
    const names = (scope.allAttributes?.() ?? []).map((v: Variable) => v.attribute);
    expect(names).toEqual(['a', 'b']);
  });

  it('lets a filter call f(*) over the incoming event', () => {
    // the filter sees the whole event: maximum(*) is the largest of a, b and c
    const r = runQuery(
      "define stream S (a int, b int, c int); @info(name='q') from S[maximum(*) > 5] select a, b, c insert into O;",
    );
    r.send([1, 2, 3]);
    r.send([1, 9, 3]);
    r.send([6, 0, 0]);
    expect(r.in).toEqual([
      [1, 9, 3],
      [6, 0, 0],
    ]);
  });

  it('gives a filter after a window the same attributes', () => {
    const r = runQuery(
      "define stream S (a int, b int); @info(name='q') from S#window.length(2)[minimum(*) < 2] select a, b insert into O;",
    );
    r.send([1, 5]);
    r.send([4, 3]);
    r.send([7, 0]);
    expect(r.in).toEqual([
      [1, 5],
      [7, 0],
    ]);
  });
});
