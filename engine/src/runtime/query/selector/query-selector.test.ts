// Selector cases derived from the conformance suites (GroupByTestCase, StdDev / DistinctCount
// aggregator cases, rate-limit cases' selector part), with windows simulated as chunks.

import { describe, expect, it } from 'vitest';
import { builtinAggregators, createAggregatorLookup } from '../../../builtins/aggregators/index.js';
import { parseApp } from '../../../compiler/parse.js';
import type { Query, StreamDefinition, Variable } from '../../../query-api/index.js';
import { NO_SPAN } from '../../../query-api/span.js';
import type { EventType, StreamEvent } from '../../event/event.js';
import { compileExpression } from '../../expression/index.js';
import type { ExpressionScope, FunctionContext } from '../../expression/types.js';
import { runQuery } from '../../../testing/run-query.js';
import { QuerySelector, type QuerySelectorOptions } from './query-selector.js';

const ctx: FunctionContext = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

export function buildSelector(
  text: string,
  extra: Partial<QuerySelectorOptions<StreamEvent>> = {},
): { selector: QuerySelector<StreamEvent>; query: Query } {
  const { app, diagnostics } = parseApp(text);
  if (app === undefined) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const definition = app.definitions.find((d): d is StreamDefinition => d.kind === 'stream');
  const query = app.elements.find((e): e is Query => e.kind === 'query');
  if (definition === undefined || query === undefined) throw new Error('need a stream and a query');
  const attributes = definition.attributes;
  const scope: ExpressionScope<StreamEvent> = {
    resolve(v) {
      const index = attributes.findIndex((a) => a.name === v.attribute);
      const attribute = attributes[index];
      if (attribute === undefined) throw new Error(`no attribute ${v.attribute}`);
      return { type: attribute.type, read: (e) => e.data[index] ?? null };
    },
    timestamp: (e) => e.timestamp,
  };
  const starAttributes: Variable[] = attributes.map((a) => ({
    kind: 'variable',
    span: NO_SPAN,
    attribute: a.name,
  }));
  const selector = new QuerySelector<StreamEvent>({
    selector: query.selector,
    scope,
    compile: (e, s) => compileExpression(e, s, ctx),
    aggregators: createAggregatorLookup(builtinAggregators),
    outputEventType: query.output.eventType ?? 'current',
    starAttributes,
    outputRate: query.outputRate,
    ...extra,
  });
  return { selector, query };
}

export function ev(data: unknown[], type: EventType = 'current', timestamp = 0): StreamEvent {
  return { timestamp, type, data };
}

const reset = (): StreamEvent => ({ timestamp: 0, type: 'reset', data: [] });

function rows(events: readonly StreamEvent[]): unknown[][] {
  return events.map((e) => e.data);
}

const CSE = 'define stream S (symbol string, price float, volume long);';

describe('QuerySelector projection', () => {
  it('emits every qualifying event without aggregators, in new arrays', () => {
    const { selector } = buildSelector(
      `${CSE} from S select symbol, price * 2 as p insert into O;`,
    );
    const input = [ev(['IBM', 10, 1]), ev(['WSO2', 5, 2])];
    const out = selector.process(input);
    expect(rows(out)).toEqual([
      ['IBM', 20],
      ['WSO2', 10],
    ]);
    expect(out[0]?.data).not.toBe(input[0]?.data);
    expect(selector.outputNames).toEqual(['symbol', 'p']);
  });

  it('expands select * and filters event types by the output event type', () => {
    const { selector } = buildSelector(`${CSE} from S select * insert expired events into O;`);
    const out = selector.process([
      ev(['A', 1, 1]),
      ev(['B', 2, 2], 'expired'),
      { timestamp: 0, type: 'timer', data: [] },
    ]);
    expect(out).toEqual([{ timestamp: 0, type: 'expired', data: ['B', 2, 2] }]);
  });

  it('orders, offsets and limits a chunk', () => {
    const { selector } = buildSelector(
      `${CSE} from S select symbol, volume order by volume desc, symbol limit 2 offset 1 insert into O;`,
    );
    const out = selector.process([
      ev(['A', 1, 1]),
      ev(['B', 1, 3]),
      ev(['C', 1, 2]),
      ev(['D', 1, 3]),
    ]);
    expect(rows(out)).toEqual([
      ['D', 3],
      ['C', 2],
    ]);
  });

  it('orders single-stream queries by output attributes only', () => {
    expect(() =>
      buildSelector(`${CSE} from S select symbol order by volume insert into O;`),
    ).toThrow(/order by 'volume': not an attribute of the query output \(symbol\)/);
  });

  it('orders joins and patterns by unselected input attributes, then drops them', () => {
    const text = `${CSE} from S select symbol order by volume desc insert into O;`;
    const { selector } = buildSelector(text, { orderByInputs: true });
    const out = selector.process([ev(['A', 1, 1]), ev(['B', 1, 3]), ev(['C', 1, 2])]);
    expect(rows(out)).toEqual([['B'], ['C'], ['A']]);
  });

  it('keeps the hidden order column with each group row when batching group by', () => {
    const { selector } = buildSelector(
      `${CSE} from S select symbol, sum(price) as total group by symbol order by volume insert into O;`,
      { orderByInputs: true },
    );
    const out = selector.process([ev(['A', 1, 5]), ev(['B', 2, 3]), ev(['A', 4, 1])]);
    // A's last row has volume 1, B's 3: A sorts first although B was touched after A's first row
    expect(rows(out)).toEqual([
      ['A', 5],
      ['B', 2],
    ]);
    expect(selector.groupKeys).toHaveLength(2);
  });

  it('reads a qualified order-by attribute from the input even when an output has its name', () => {
    const text = `${CSE} from S select symbol, price as volume order by S.volume insert into O;`;
    const joined = buildSelector(text, { orderByInputs: true }).selector;
    const single = buildSelector(text).selector;
    const chunk = (): StreamEvent[] => [ev(['A', 1, 9]), ev(['B', 2, 1])];
    expect(rows(joined.process(chunk()))).toEqual([
      ['B', 2],
      ['A', 1],
    ]);
    expect(rows(single.process(chunk()))).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });
});

describe('QuerySelector aggregation', () => {
  it('emits only the last qualifying event of a chunk without group by', () => {
    const { selector } = buildSelector(
      `${CSE} from S select symbol, sum(volume) * 2 as t insert into O;`,
    );
    expect(rows(selector.process([ev(['A', 1, 1]), ev(['B', 1, 2]), ev(['C', 1, 3])]))).toEqual([
      ['C', 12],
    ]);
    expect(rows(selector.process([ev(['D', 1, 4])]))).toEqual([['D', 20]]);
  });

  it('emits every event when batching is off', () => {
    const { selector } = buildSelector(`${CSE} from S select sum(volume) as t insert into O;`, {
      batching: false,
    });
    expect(rows(selector.process([ev(['A', 1, 1]), ev(['B', 1, 2])]))).toEqual([[1], [3]]);
  });

  it('testGroupByQuery1: per-key sums and averages (time window, one event per chunk)', () => {
    const { selector } = buildSelector(
      `${CSE} from S#window.time(1 sec) select symbol, sum(volume) as totalVolume, avg(price) as avgPrice group by symbol insert into O;`,
    );
    const out: unknown[][] = [];
    const send = (chunk: StreamEvent[]): void => {
      out.push(...rows(selector.process(chunk)));
    };
    send([ev(['IBM', 50, 200])]);
    send([ev(['WSO2', 50, 200])]);
    send([ev(['WSO2', 50, 200])]);
    send([ev(['IBM', 50, 200])]);
    // the window expires everything in its own chunk
    send([
      ev(['IBM', 50, 200], 'expired'),
      ev(['WSO2', 50, 200], 'expired'),
      ev(['WSO2', 50, 200], 'expired'),
      ev(['IBM', 50, 200], 'expired'),
    ]);
    send([ev(['WSO2', 50, 200])]);
    send([ev(['WSO2', 50, 200])]);
    expect(out).toEqual([
      ['IBM', 200, 50],
      ['WSO2', 200, 50],
      ['WSO2', 400, 50],
      ['IBM', 400, 50],
      ['WSO2', 200, 50],
      ['WSO2', 400, 50],
    ]);
  });

  it('stdDevAggregatorTest4: a batch grouped emits one row per key in first-appearance order', () => {
    const { selector } = buildSelector(
      'define stream S (symbol string, price double); from S#window.lengthBatch(6) select stdDev(price) as deviation group by symbol insert into O;',
    );
    const out = selector.process(
      [
        ['WSO2', 10000],
        ['WSO2', 10000.5],
        ['WSO2', 10001],
        ['IBM', 1],
        ['IBM', 1.5],
        ['IBM', 2],
      ].map((d) => ev(d)),
    );
    expect(out).toHaveLength(2);
    expect(out[0]?.data[0]).toBeCloseTo(0.408248290463863, 9);
    expect(out[1]?.data[0]).toBeCloseTo(0.408248290463863, 9);
    expect(selector.groupKeys).toEqual(['WSO2', 'IBM']);
  });

  it('stdDevAggregatorTest6: a sliding window chunk [expired, current] yields the current row only', () => {
    const { selector } = buildSelector(
      'define stream S (symbol string, price double); from S#window.length(3) select stdDev(price) as deviation group by symbol insert all events into O;',
    );
    const prices = [23.3, 1003.2, 500.1, 10.9, 234.5];
    const out: StreamEvent[] = [];
    prices.forEach((p, i) => {
      const chunk: StreamEvent[] = [];
      const old = prices[i - 3];
      if (old !== undefined) chunk.push(ev(['WSO2', old], 'expired'));
      chunk.push(ev(['WSO2', p]));
      out.push(...selector.process(chunk));
    });
    expect(out.every((e) => e.type === 'current')).toBe(true);
    const expected = [
      0, 489.95000000000005, 400.0905258674453, 405.1180266978447, 199.96026271903798,
    ];
    out.forEach((e, i) => {
      expect(e.data[0]).toBeCloseTo(expected[i] ?? NaN, 6);
    });
  });

  it('distinctCountTest: having on an aggregate alias, expired events update the aggregate', () => {
    const { selector } = buildSelector(
      'define stream S (eventId string, userID string, pageID string); from S#window.time(5 sec) select userID, pageID, distinctCount(pageID) as distinctPages group by userID having distinctPages > 3 insert into O;',
    );
    const sent: [string, string, string][] = [
      ['E001', 'USER_1', 'WEB_PAGE_1'],
      ['E002', 'USER_2', 'WEB_PAGE_1'],
      ['E003', 'USER_1', 'WEB_PAGE_2'],
      ['E004', 'USER_2', 'WEB_PAGE_2'],
      ['E005', 'USER_1', 'WEB_PAGE_3'],
      ['E006', 'USER_1', 'WEB_PAGE_1'],
      ['E007', 'USER_1', 'WEB_PAGE_4'],
      ['E008', 'USER_2', 'WEB_PAGE_2'],
      ['E009', 'USER_1', 'WEB_PAGE_1'],
      ['E010', 'USER_2', 'WEB_PAGE_1'],
    ];
    const window: StreamEvent[] = [];
    const out: unknown[][] = [];
    sent.forEach((data, i) => {
      const now = i * 1000;
      const chunk: StreamEvent[] = [];
      while (window[0] !== undefined && window[0].timestamp + 5000 <= now) {
        const old = window.shift();
        if (old !== undefined) chunk.push({ ...old, type: 'expired' });
      }
      const current = ev(data, 'current', now);
      window.push(current);
      chunk.push(current);
      out.push(...rows(selector.process(chunk)));
    });
    expect(out).toEqual([['USER_1', 'WEB_PAGE_4', 4]]);
  });

  it('aggregates in having, reset events clear aggregates and are not emitted', () => {
    const { selector } = buildSelector(
      `${CSE} from S select symbol, count() as c having sum(volume) > 2 insert into O;`,
      {
        batching: false,
      },
    );
    expect(
      rows(selector.process([ev(['A', 1, 1]), ev(['B', 1, 2]), reset(), ev(['C', 1, 1])])),
    ).toEqual([['B', 2]]);
    expect(rows(selector.process([ev(['D', 1, 5])]))).toEqual([['D', 2]]);
  });

  it('emits expired rows of a batch when the output takes expired events (lengthBatch + count)', () => {
    const { selector } = buildSelector(
      'define stream L (timestamp long, ip string); from L#window.lengthBatch(4) select ip, count() as total insert expired events into O;',
    );
    const batch1 = ['.5', '.3', '.3', '.9'].map((ip) => ev([0, ip]));
    expect(selector.process(batch1)).toEqual([]);
    const batch2 = ['.3', '.4', '.4', '.4'].map((ip) => ev([0, ip]));
    const chunk = [...batch1.map((e) => ({ ...e, type: 'expired' as const })), reset(), ...batch2];
    expect(selector.process(chunk)).toEqual([{ timestamp: 0, type: 'expired', data: ['.9', 0] }]);
  });

  it('with group by, the last qualifying event of a key wins whatever its type', () => {
    const { selector } = buildSelector(
      'define stream L (timestamp long, ip string); from L#window.lengthBatch(2) select ip, count() as total group by ip insert all events into O;',
    );
    selector.process([ev([0, '.4']), ev([0, '.4'])]);
    const out = selector.process([
      ev([0, '.4'], 'expired'),
      ev([0, '.4'], 'expired'),
      reset(),
      ev([0, '.4']),
      ev([0, '.30']),
    ]);
    expect(out).toEqual([
      { timestamp: 0, type: 'current', data: ['.4', 1] },
      { timestamp: 0, type: 'current', data: ['.30', 1] },
    ]);
    expect(selector.groupKeys).toEqual(['.4', '.30']);
  });

  it('groups by several attributes', () => {
    const { selector } = buildSelector(
      `${CSE} from S select symbol, sum(volume) as v group by symbol, price insert into O;`,
    );
    expect(rows(selector.process([ev(['A', 1, 1]), ev(['A', 2, 2]), ev(['A', 1, 3])]))).toEqual([
      ['A', 4],
      ['A', 2],
    ]);
  });

  it('snapshots and restores aggregator states', () => {
    const text = `${CSE} from S select symbol, sum(volume) as v group by symbol insert into O;`;
    const { selector } = buildSelector(text);
    selector.process([ev(['A', 1, 1]), ev(['B', 1, 2])]);
    const saved = JSON.parse(JSON.stringify(selector.snapshot())) as ReturnType<
      typeof selector.snapshot
    >;
    const { selector: fresh } = buildSelector(text);
    fresh.restore(saved);
    expect(rows(fresh.process([ev(['A', 1, 10])]))).toEqual([['A', 11]]);
    const single = buildSelector(`${CSE} from S select sum(volume) as v insert into O;`).selector;
    single.process([ev(['A', 1, 5])]);
    const copy = buildSelector(`${CSE} from S select sum(volume) as v insert into O;`).selector;
    copy.restore(single.snapshot());
    expect(rows(copy.process([ev(['A', 1, 1])]))).toEqual([[6]]);
  });

  it('reports the positions of plain aggregate outputs and turns batching off for snapshots', () => {
    const { selector } = buildSelector(
      `${CSE} from S#window.length(2) select symbol, sum(volume) as v, avg(price) + 1 as a output snapshot every 1 sec insert all events into O;`,
    );
    expect(selector.aggregatePositions).toEqual([1]);
    expect(selector.batching).toBe(false);
    const out = selector.process([ev(['A', 1, 1]), reset()]);
    expect(out.map((e) => e.type)).toEqual(['current', 'reset']);
  });
});

describe('insert all events over a sliding window with an aggregator', () => {
  it('emits an expired row only when it is the last qualifying row of its chunk', () => {
    // Siddhi 5 treats every chunk as a batch: without group by the selector keeps the last
    // qualifying row of the chunk. A length window sends [expired oldest, current new] per
    // arrival, so only the current row (with the sum after both) comes out; a chunk holding
    // only expired rows (a time window's expiry) emits its last expired row.
    const r = runQuery(
      "define stream S (s string, v int); @info(name='q') from S#window.length(2) select s, sum(v) as t insert all events into O;",
    );
    r.send(['a', 1]);
    r.send(['b', 2]);
    r.send(['c', 3]);
    expect(r.in).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 5],
    ]);
    expect(r.remove).toEqual([]);

    const t = runQuery(
      "define stream S (s string, v int); @info(name='q') from S#window.time(1 sec) select s, sum(v) as t insert all events into O;",
    );
    t.send(['a', 1]);
    t.clock.advanceBy(500);
    t.send(['b', 2]);
    t.clock.advanceBy(500);
    expect(t.remove).toEqual([['a', 2]]);
  });
});

describe('f(*) in a select clause', () => {
  it('passes every input attribute, in order, to the function', () => {
    // Siddhi expands `*` inside a call to the attributes of the query's input
    const r = runQuery(
      "define stream S (a int, b int, c int); @info(name='q') from S select maximum(*) as m, minimum(*) as n insert into O;",
    );
    r.send([3, 9, 4]);
    r.send([7, 1, 2]);
    expect(r.in).toEqual([
      [9, 3],
      [7, 1],
    ]);
  });
});

describe('aggregators inside function calls', () => {
  it('applies the function to the aggregate of each output row', () => {
    // both events expire in one chunk, which yields one row: sum() over the emptied window is
    // null there, and default() turns it into 0.0
    const r = runQuery(
      "define stream S (v double); @info(name='q') from S#window.time(1 sec) select default(sum(v), 0.0) as total insert all events into O;",
    );
    r.send([2.5]);
    r.send([4]);
    r.clock.advanceBy(1000);
    expect(r.in).toEqual([[2.5], [6.5]]);
    expect(r.remove).toEqual([[0]]);
  });
});
