// Output rate limiting, end to end through a QuerySelector on a virtual clock: the cases of
// EventOutputRateLimitTestCase, TimeOutputRateLimitTestCase and the snapshot case of
// QuerySyncTestCase (lengthBatch windows simulated as Siddhi chunks them).

import { describe, expect, it } from 'vitest';
import { builtinAggregators, createAggregatorLookup } from '../../../builtins/aggregators/index.js';
import { parseApp } from '../../../compiler/parse.js';
import type { Query, StreamDefinition, Variable } from '../../../query-api/index.js';
import { NO_SPAN } from '../../../query-api/span.js';
import type { StreamEvent } from '../../event/event.js';
import { compileExpression } from '../../expression/index.js';
import type { ExpressionScope, FunctionContext } from '../../expression/types.js';
import { VirtualClock } from '../../time/index.js';
import { QuerySelector } from '../selector/query-selector.js';
import { createOutputRateLimiter } from './create-rate-limiter.js';
import type { OutputRateLimiter } from './output-rate-limiter.js';

const START = 1577836800000;

interface Run {
  send(data: unknown[]): void;
  readonly in: unknown[][];
  readonly remove: unknown[][];
  readonly limiter: OutputRateLimiter;
}

function run(text: string, clock: VirtualClock): Run {
  const { app, diagnostics } = parseApp(text);
  if (app === undefined) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const definition = app.definitions.find((d): d is StreamDefinition => d.kind === 'stream');
  const query = app.elements.find((e): e is Query => e.kind === 'query');
  if (definition === undefined || query === undefined) throw new Error('need a stream and a query');
  const attributes = definition.attributes;
  const scope: ExpressionScope<StreamEvent> = {
    resolve(v) {
      const index = attributes.findIndex((a) => a.name === v.attribute);
      return { type: attributes[index]?.type ?? 'object', read: (e) => e.data[index] ?? null };
    },
    timestamp: (e) => e.timestamp,
  };
  const ctx: FunctionContext = { clock, functions: { resolve: () => undefined } };
  const star: Variable[] = attributes.map((a) => ({
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
    starAttributes: star,
    outputRate: query.outputRate,
  });
  const inEvents: unknown[][] = [];
  const removeEvents: unknown[][] = [];
  const handler =
    query.input.kind === 'single'
      ? query.input.handlers.find((h) => h.kind === 'window')
      : undefined;
  const limiter = createOutputRateLimiter(query.outputRate, {
    emit: (chunk) => {
      for (const e of chunk) (e.type === 'current' ? inEvents : removeEvents).push(e.data);
    },
    groupBy: selector.isGroupBy,
    time: clock,
    windowed: handler !== undefined,
    aggregatePositions: selector.aggregatePositions,
    outputSize: selector.outputNames.length,
  });
  limiter.start();
  const toLimiter = (chunk: StreamEvent[]): void => {
    const out = selector.process(chunk);
    limiter.process(out, selector.groupKeys);
  };
  // lengthBatch(n): [previous batch expired, reset, new batch] when the n-th event arrives
  const size =
    handler?.call.name === 'lengthBatch' ? (handler.call.args[0] as { value: number }).value : 0;
  let pending: StreamEvent[] = [];
  let previous: StreamEvent[] = [];
  return {
    in: inEvents,
    remove: removeEvents,
    limiter,
    send(data) {
      const event: StreamEvent = { timestamp: clock.now(), type: 'current', data };
      if (size === 0) {
        toLimiter([event]);
        return;
      }
      pending.push(event);
      if (pending.length < size) return;
      const now = clock.now();
      const chunk: StreamEvent[] = previous.map((e) => ({
        timestamp: now,
        type: 'expired',
        data: e.data,
      }));
      if (previous.length > 0) chunk.push({ timestamp: now, type: 'reset', data: [] });
      chunk.push(...pending);
      previous = pending;
      pending = [];
      toLimiter(chunk);
    },
  };
}

/** Steps: a string sends `[clock time, ip]`, a number sleeps. */
function play(text: string, steps: readonly (string | number)[]): Run {
  const clock = new VirtualClock(START);
  const r = run(text, clock);
  for (const step of steps) {
    if (typeof step === 'number') clock.advanceBy(step);
    else r.send([clock.now(), step]);
  }
  return r;
}

const L = 'define stream L (timestamp long, ip string);';
const ips = (...xs: string[]): string[][] => xs.map((x) => [x]);

describe('output every N events', () => {
  const five = ['.3', '.3', '.4', '.3', '.5', 1000];
  it.each([
    ['all every 2', 'output all every 2 events', five, ips('.3', '.3', '.4', '.3')],
    ['default every 2', 'output every 2 events', five, ips('.3', '.3', '.4', '.3')],
    [
      'first every 2',
      'output first every 2 events',
      ['.5', '.3', '.9', '.4', '.3'],
      ips('.5', '.9', '.3'),
    ],
    [
      'first every 3',
      'output first every 3 events',
      ['.5', '.3', '.9', '.4', '.3'],
      ips('.5', '.4'),
    ],
    ['last every 2', 'output last every 2 events', ['.3', '.5', '.3', '.4', '.3'], ips('.5', '.4')],
    ['last every 4', 'output last every 4 events', ['.3', '.5', '.3', '.4', '.3'], ips('.4')],
    [
      'first every 2 (test 18)',
      'output first every 2 events',
      ['.5', '.3', '.5', '.5', '.5', '.9', '.4', '.4', '.4', '.30', '.5'],
      ips('.5', '.5', '.5', '.4', '.4', '.5'),
    ],
  ])('%s', (_name, clause, steps, expected) => {
    const r = play(`${L} from L select ip ${clause} insert into O;`, steps);
    expect(r.in).toEqual(expected);
  });

  it.each([
    [
      'first every 5 (test 8)',
      'first every 5',
      ['.5', '.5', '.3', '.9', '.4', '.4', '.4', '.30'],
      ips('.5', '.3', '.9', '.4', '.30'),
    ],
    [
      'first every 5 (test 10)',
      'first every 5',
      ['.5', '.5', '.3', '.9', '.4', '.4', '.4', '.4', '.4', '.30'],
      ips('.5', '.3', '.9', '.4', '.30'),
    ],
    [
      'first every 2 (test 17)',
      'first every 2',
      ['.5', '.5', '.3', '.5', '.5', '.9', '.4', '.4', '.4', '.5', '.30'],
      ips('.5', '.3', '.5', '.9', '.4', '.4', '.5', '.30'),
    ],
    [
      'last every 5 (test 9)',
      'last every 5',
      ['.5', '.5', '.3', '.9', '.4', '.4', '.4', '.30'],
      ips('.5', '.3', '.9', '.4'),
    ],
    [
      'last every 5 (test 11)',
      'last every 5',
      ['.5', '.5', '.3', '.9', '.4', '.4', '.4', '.30', '.3', '.30'],
      ips('.5', '.3', '.9', '.4', '.4', '.30', '.3'),
    ],
  ])('group by: %s', (_name, clause, steps, expected) => {
    const r = play(
      `${L} from L select ip group by ip output ${clause} events insert into O;`,
      steps,
    );
    expect(r.in).toEqual(expected);
  });

  const twelve = ['.5', '.3', '.3', '.9', '.3', '.4', '.4', '.4', '.30', '.31', '.32', '.33', 1000];
  it.each([
    [
      'test 12',
      'group by ip output last every 5 events insert into',
      [
        ['.5', 1],
        ['.3', 1],
        ['.9', 1],
        ['.4', 3],
      ],
      [],
    ],
    ['test 13', 'output last every 2 events insert into', [['.4', 4]], []],
    ['test 14', 'output last every 2 events insert expired events into', [], [['.4', 0]]],
    [
      'test 15',
      'output all every 2 events insert expired events into',
      [],
      [
        ['.9', 0],
        ['.4', 0],
      ],
    ],
    [
      'test 16',
      'group by ip output all every 2 events insert expired events into',
      [],
      [
        ['.5', 0],
        ['.3', 0],
        ['.9', 0],
        ['.3', 0],
      ],
    ],
  ])('lengthBatch(4) with count(): %s', (_name, tail, expectedIn, expectedRemove) => {
    const r = play(
      `${L} from L#window.lengthBatch(4) select ip, count() as total ${tail} O;`,
      twelve,
    );
    expect(r.in).toEqual(expectedIn);
    expect(r.remove).toEqual(expectedRemove);
  });
});

describe('output every <time>', () => {
  const t = (ip: string): string => ip;
  const basic = [t('.5'), t('.3'), 1100, t('.9'), t('.4'), 1100, t('.30'), 2000, t('.40'), 1000];
  it.each([
    ['default (test 1)', 'output every 1 sec', basic, ips('.5', '.3', '.9', '.4', '.30', '.40')],
    [
      'first (test 4)',
      'output first every 1 sec',
      basic.slice(0, 7).concat([1000]),
      ips('.5', '.9', '.30'),
    ],
    [
      'last (test 5)',
      'output last every 1 sec',
      basic.slice(0, 7).concat([1000]),
      ips('.3', '.4', '.30'),
    ],
  ])('%s', (_name, clause, steps, expected) => {
    const r = play(`${L} from L select ip ${clause} insert into O;`, steps);
    expect(r.in).toEqual(expected);
  });

  const grouped = ['.5', '.5', '.3', '.9', '.4', 1100, '.4', '.4', '.30', 1000];
  it.each([
    ['first (test 6)', 'first', ips('.5', '.3', '.9', '.4', '.4', '.30')],
    ['last (test 7)', 'last', ips('.5', '.3', '.9', '.4', '.4', '.30')],
  ])('group by: %s', (_name, type, expected) => {
    const r = play(
      `${L} from L select ip group by ip output ${type} every 1 sec insert into O;`,
      grouped,
    );
    expect(r.in).toEqual(expected);
  });

  const batchSteps = ['.5', '.5', '.3', '.9', '.4', 1100, '.4', '.4', '.30', 1100];
  it.each([
    [
      'test 8',
      'select ip group by ip output last every 1 sec insert into',
      ips('.5', '.3', '.9', '.4', '.30'),
      [],
    ],
    [
      'test 9',
      'select ip group by ip output last every 1 sec insert expired events into',
      [],
      ips('.5', '.3', '.9', '.4'),
    ],
    [
      'test 10',
      'select ip, count() as total group by ip output first every 1 sec insert expired events into',
      [],
      [
        ['.5', 0],
        ['.3', 0],
        ['.9', 0],
        ['.4', 0],
      ],
    ],
    [
      'test 11',
      'select ip, count() as total group by ip output first every 1 sec insert all events into',
      [
        ['.5', 2],
        ['.3', 1],
        ['.9', 1],
        ['.4', 2],
        ['.30', 1],
      ],
      [
        ['.3', 0],
        ['.9', 0],
      ],
    ],
    [
      'test 12',
      'select ip, count() as total group by ip output last every 1 sec insert all events into',
      [
        ['.3', 1],
        ['.9', 1],
        ['.4', 1],
        ['.30', 1],
      ],
      [
        ['.5', 0],
        ['.3', 0],
        ['.9', 0],
      ],
    ],
    [
      'test 13',
      'select ip, count() as total group by ip output all every 1 sec insert all events into',
      [
        ['.5', 2],
        ['.3', 1],
        ['.9', 1],
        ['.4', 2],
        ['.4', 1],
        ['.30', 1],
      ],
      [
        ['.5', 0],
        ['.3', 0],
        ['.9', 0],
      ],
    ],
  ])('lengthBatch(2): %s', (_name, body, expectedIn, expectedRemove) => {
    const r = play(`${L} from L#window.lengthBatch(2) ${body} O;`, batchSteps);
    expect(r.in).toEqual(expectedIn);
    expect(r.remove).toEqual(expectedRemove);
  });

  it('test 17: lengthBatch(2), count, group by, first every 1 sec', () => {
    const r = play(
      `${L} from L#window.lengthBatch(2) select ip, count() as total group by ip output first every 1 sec insert into O;`,
      ['.5', '.5', '.3', '.9', '.4', 1100, '.4', '.5', '.30', 1100],
    );
    expect(r.in).toEqual([
      ['.5', 2],
      ['.3', 1],
      ['.9', 1],
      ['.4', 2],
      ['.5', 1],
      ['.30', 1],
    ]);
  });

  it.each([
    ['test 15', '', [['.5', 1]]],
    [
      'test 16',
      'group by ip',
      [
        ['.5', 1],
        ['.3', 1],
        ['.9', 1],
        ['.4', 1],
      ],
    ],
  ])('first every 1 sec releases at once: %s', (_name, groupBy, expected) => {
    const r = play(
      `${L} from L select ip, count() as total ${groupBy} output first every 1 sec insert all events into O;`,
      ['.5', '.5', '.3', '.9', '.4'],
    );
    expect(r.in).toEqual(expected);
    expect(r.remove).toEqual([]);
  });
});

describe('output snapshot every <time>', () => {
  it('querySyncTest2: without a window, the last event at every tick', () => {
    const r = play(`${L} from L select ip output snapshot every 1 sec insert all events into O;`, [
      '.5',
      100,
      '.3',
      2200,
      '.9',
      100,
      '.4',
      1100,
    ]);
    expect(r.in).toEqual(ips('.3', '.3', '.4'));
  });

  it('with a batch window, the events of the current batch', () => {
    const r = play(
      `${L} from L#window.lengthBatch(2) select ip output snapshot every 1 sec insert all events into O;`,
      ['.1', '.2', 1000, '.3', '.4', '.5', 1000],
    );
    expect(r.in).toEqual(ips('.1', '.2', '.3', '.4'));
  });

  it('with a batch window and only aggregates, the last row', () => {
    const r = play(
      `${L} from L#window.lengthBatch(2) select count() as c output snapshot every 1 sec insert all events into O;`,
      ['.1', '.2', 1000, '.3', 1000],
    );
    expect(r.in).toEqual([[2], [2]]);
  });

  it('with a window and some aggregates, held rows carry the latest aggregate values', () => {
    const r = play(
      `${L} from L#window.lengthBatch(2) select ip, count() as c output snapshot every 1 sec insert all events into O;`,
      ['.1', '.2', 1000],
    );
    expect(r.in).toEqual([
      ['.1', 2],
      ['.2', 2],
    ]);
  });

  it('with a window, aggregates and group by, one row per key', () => {
    const r = play(
      `${L} from L#window.lengthBatch(3) select ip, count() as c group by ip output snapshot every 1 sec insert all events into O;`,
      ['.1', '.2', '.1', 1000],
    );
    expect(r.in).toEqual([
      ['.1', 2],
      ['.2', 1],
    ]);
  });
});

describe('limiter lifecycle', () => {
  it('stop() cancels the timers; snapshot/restore keeps pending events and the next tick', () => {
    const clock = new VirtualClock(START);
    const text = `${L} from L select ip output all every 1 sec insert into O;`;
    const r = run(text, clock);
    r.send([0, '.1']);
    const saved = JSON.parse(JSON.stringify(r.limiter.snapshot())) as unknown;
    r.limiter.stop();
    clock.advanceBy(5000);
    expect(r.in).toEqual([]);

    const clock2 = new VirtualClock(START + 500);
    const r2 = run(text, clock2);
    r2.limiter.restore(saved);
    clock2.advanceBy(500);
    expect(r2.in).toEqual(ips('.1'));
    r2.limiter.stop();
  });

  it('event limiters snapshot their counters', () => {
    const clock = new VirtualClock(START);
    const text = `${L} from L select ip group by ip output last every 3 events insert into O;`;
    const r = run(text, clock);
    r.send([0, '.1']);
    r.send([0, '.2']);
    const r2 = run(text, clock);
    r2.limiter.restore(JSON.parse(JSON.stringify(r.limiter.snapshot())) as unknown);
    r2.send([0, '.1']);
    expect(r2.in).toEqual(ips('.1', '.2'));
  });
});
