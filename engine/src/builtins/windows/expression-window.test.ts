// Unit tests for `expression`, run through the engine on a virtual clock: counts, first/last,
// aggregates in the expression, and an expression read from an attribute that changes.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine.js';
import { VirtualClock } from '../../runtime/time/index.js';
import { runQuery } from '../../testing/run-query.js';

const head = "define stream S (v int, price double, expr string); @info(name='q') from S";

describe('expression window', () => {
  it('keeps the events while the expression holds, expiring the oldest', () => {
    const r = runQuery(
      `${head}#window.expression('count() <= 2') select v insert all events into O;`,
    );
    for (let v = 0; v < 4; v += 1) r.send([v, 1, '']);
    expect(r.in).toEqual([[0], [1], [2], [3]]);
    expect(r.remove).toEqual([[0], [1]]);
  });

  it('reads first and last, and undoes expired events in aggregates', () => {
    const r = runQuery(
      `${head}#window.expression('sum(price) < 30 and last.v - first.v < 3') select v insert all events into O;`,
    );
    r.send([0, 10, '']);
    r.send([1, 10, '']);
    r.send([2, 10, '']); // sum 30: 0 expires (sum 20)
    r.send([3, 5, '']); // sum 25, 3 - 1 = 2
    r.send([5, 1, '']); // 5 - 1 = 4: 1 expires, then 5 - 2 = 3: 2 expires
    expect(r.remove).toEqual([[0], [1], [2]]);
  });

  it('recompiles a changed expression and re-evaluates the held events', () => {
    const r = runQuery(`${head}#window.expression(expr) select v insert all events into O;`);
    r.send([0, 0, 'count() <= 3']);
    r.send([1, 0, 'count() <= 3']);
    r.send([2, 0, 'count() <= 3']);
    r.send([3, 0, 'count() <= 1']); // 0 and 1 expire on re-evaluation, then 2 before 3
    expect(r.remove).toEqual([[0], [1], [2]]);
    r.send([4, 0, 'not an expression (']);
    expect(r.in).toEqual([[0], [1], [2], [3]]);
  });

  it('rejects a constant expression that does not return bool', () => {
    const result = createEngine({ timeService: new VirtualClock(0) }).createApp(
      `${head}#window.expression('count()') select v insert into O;`,
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.message).join()).toMatch(/does not return bool/);
  });
});
