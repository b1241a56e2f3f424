// Unit tests for `expressionBatch`: flushing when the expression turns false, the triggering
// event (included or starting the next batch) and streamed current events.

import { describe, expect, it } from 'vitest';
import { runQuery } from '../../testing/run-query.js';

const head = "define stream S (v int, price double, expr string); @info(name='q') from S";

describe('expressionBatch window', () => {
  it('emits the batch when the expression turns false; the trigger starts the next one', () => {
    const r = runQuery(
      `${head}#window.expressionBatch('count() < 3') select v insert all events into O;`,
    );
    for (let v = 0; v < 5; v += 1) r.send([v, 0, '']);
    expect(r.in).toEqual([[0], [1], [2], [3]]);
    expect(r.remove).toEqual([[0], [1]]);
  });

  it('includes the triggering event in the batch when asked', () => {
    const r = runQuery(
      `${head}#window.expressionBatch('count() < 3', true) select v insert all events into O;`,
    );
    for (let v = 0; v < 6; v += 1) r.send([v, 0, '']);
    // the trigger stays counted (as in Siddhi): the next batch flushes one event earlier
    expect(r.in).toEqual([[0], [1], [2], [3], [4]]);
    expect(r.remove).toEqual([[0], [1], [2]]);
  });

  it('streams current events and expires them in batches', () => {
    const r = runQuery(
      `${head}#window.expressionBatch('count() < 3', false, true) select v insert all events into O;`,
    );
    for (let v = 0; v < 3; v += 1) r.send([v, 0, '']);
    expect(r.in).toEqual([[0], [1], [2]]);
    expect(r.remove).toEqual([[0], [1]]);
  });

  it('flushes on a changed expression', () => {
    const r = runQuery(`${head}#window.expressionBatch(expr) select v insert all events into O;`);
    r.send([0, 0, 'count() < 5']);
    r.send([1, 0, 'count() < 5']);
    // re-evaluation: 1 flushes the batch [0]; then 2 flushes [1], expiring [0]
    r.send([2, 0, 'count() < 2']);
    expect(r.in).toEqual([[0], [1]]);
    expect(r.remove).toEqual([[0]]);
  });

  it('reads include.triggering.event from each event when it is an attribute', () => {
    // Siddhi declares the flag dynamic: the event that breaks the batch decides for itself
    // whether it closes the current batch or opens the next one.
    const r = runQuery(
      "define stream S (v int, keep bool); @info(name='q') from S#window.expressionBatch('count() < 3', keep) select v insert all events into O;",
    );
    r.send([0, false]);
    r.send([1, false]);
    r.send([2, true]); // breaks [0, 1] and joins it
    r.send([3, false]);
    r.send([4, false]); // the trigger stays counted: 4 breaks [3] and opens the next batch
    expect(r.in).toEqual([[0], [1], [2], [3]]);
    expect(r.remove).toEqual([[0], [1], [2]]);
  });
});
