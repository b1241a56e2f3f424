// Unit tests for the join step: matching against the other side, outer joins, resets, passive
// sides, and the selector step releasing one input chunk's results together.

import { describe, expect, it } from 'vitest';
import { builtinAggregators, createAggregatorLookup } from '../../builtins/aggregators/index.js';
import { builtinFunctionLookup } from '../../builtins/functions/index.js';
import { compileExpression } from '../expression/index.js';
import type { Expression, Selector, Variable } from '../../query-api/index.js';
import { NO_SPAN } from '../../query-api/index.js';
import { streamEvent, type StreamEvent } from '../event/event.js';
import { QuerySelector } from '../query/selector/index.js';
import { VirtualClock } from '../time/index.js';
import type { JoinEvent } from './join-event.js';
import { windowFindable } from './join-findable.js';
import { joinScope } from './join-scope.js';
import { JoinSelection } from './join-selection.js';
import { JoinSide, type JoinSink } from './join-side.js';
import { PassThroughWindow } from './pass-through-window.js';

const held: StreamEvent[] = [streamEvent(1, ['IBM', 1]), streamEvent(2, ['WSO2', 2])];
const sameSymbol = (c: JoinEvent): boolean => c.left?.data[0] === c.right?.data[0];

class Recorder implements JoinSink {
  readonly calls: JoinEvent[][][] = [];
  process(chunks: readonly JoinEvent[][]): void {
    this.calls.push([...chunks]);
  }
}

function pairs(chunks: readonly JoinEvent[][]): unknown[] {
  return chunks.map((chunk) =>
    chunk.map((c) => [c.type, c.left?.data[0] ?? null, c.right?.data[0] ?? null]),
  );
}

describe('JoinSide', () => {
  it('matches each event against the other side and keeps one chunk per triggering event', () => {
    const sink = new Recorder();
    const side = new JoinSide({
      slot: 'left',
      triggers: true,
      outer: false,
      other: windowFindable(() => held, 'right', sameSymbol),
      sink,
    });
    side.process([
      streamEvent(5, ['IBM']),
      streamEvent(6, ['ORCL']),
      streamEvent(7, ['WSO2'], 'expired'),
    ]);
    expect(sink.calls).toHaveLength(1);
    expect(pairs(sink.calls[0] ?? [])).toEqual([
      [['current', 'IBM', 'IBM']],
      [['expired', 'WSO2', 'WSO2']],
    ]);
    expect(sink.calls[0]?.[1]?.[0]?.timestamp).toBe(7);
  });

  it('puts the triggering event of the right side in the right slot', () => {
    const sink = new Recorder();
    const side = new JoinSide({
      slot: 'right',
      triggers: true,
      outer: false,
      other: windowFindable(() => held, 'left', undefined),
      sink,
    });
    side.process([streamEvent(5, ['X'])]);
    expect(pairs(sink.calls[0] ?? [])).toEqual([
      [
        ['current', 'IBM', 'X'],
        ['current', 'WSO2', 'X'],
      ],
    ]);
  });

  it('emits unmatched events with a null side when outer, and forwards resets', () => {
    const sink = new Recorder();
    const side = new JoinSide({
      slot: 'right',
      triggers: true,
      outer: true,
      other: windowFindable(() => held, 'left', sameSymbol),
      sink,
    });
    side.process([streamEvent(5, ['ORCL']), { timestamp: 6, type: 'reset', data: [] }]);
    expect(pairs(sink.calls[0] ?? [])).toEqual([
      [['current', null, 'ORCL']],
      [['reset', null, null]],
    ]);
  });

  it('does nothing on a passive side, nor for timer events', () => {
    const sink = new Recorder();
    const other = windowFindable(() => held, 'right', undefined);
    new JoinSide({ slot: 'left', triggers: false, outer: true, other, sink }).process([
      streamEvent(5, ['IBM']),
    ]);
    new JoinSide({ slot: 'left', triggers: true, outer: true, other, sink }).process([
      { timestamp: 5, type: 'timer', data: [] },
    ]);
    expect(sink.calls).toEqual([]);
  });
});

describe('JoinSelection', () => {
  it('aggregates each triggering event as a batch and releases one chunk per input chunk', () => {
    const scope = joinScope(
      { streamId: 'S', attributes: [{ name: 'symbol', type: 'string' }] },
      {
        streamId: 'T',
        attributes: [
          { name: 'company', type: 'string' },
          { name: 'n', type: 'int' },
        ],
      },
    );
    const variable = (attribute: string): Variable => ({
      kind: 'variable',
      span: NO_SPAN,
      attribute,
    });
    const sum: Expression = { kind: 'function', span: NO_SPAN, name: 'sum', args: [variable('n')] };
    const selector: Selector = {
      kind: 'selector',
      span: NO_SPAN,
      selectAll: false,
      attributes: [
        { kind: 'outputAttribute', span: NO_SPAN, expression: variable('symbol') },
        { kind: 'outputAttribute', span: NO_SPAN, rename: 'total', expression: sum },
      ],
      groupBy: [],
      orderBy: [],
    };
    const ctx = { clock: new VirtualClock(0), functions: builtinFunctionLookup };
    const querySelector = new QuerySelector<JoinEvent>({
      selector,
      scope,
      compile: (e, s) => compileExpression(e, s, ctx),
      aggregators: createAggregatorLookup(builtinAggregators),
      aggregatorOptions: { removes: true },
    });
    const released: unknown[][] = [];
    const selection = new JoinSelection(querySelector, (events) => {
      released.push(events.map((e) => e.data));
    });
    const table = [streamEvent(1, ['A', 2]), streamEvent(1, ['B', 3])];
    const clock = new VirtualClock(10);
    const window = new PassThroughWindow(clock, false);
    window.next = new JoinSide({
      slot: 'left',
      triggers: true,
      outer: false,
      other: windowFindable(() => table, 'right', undefined),
      sink: selection,
    });
    window.process([streamEvent(10, ['x']), streamEvent(10, ['y'])]);
    expect(released).toEqual([
      [
        ['x', 5],
        ['y', 5],
      ],
    ]);
  });
});

describe('PassThroughWindow', () => {
  it('holds nothing and passes each event as current, expired (when wanted), then reset', () => {
    const clock = new VirtualClock(100);
    const seen: unknown[] = [];
    const window = new PassThroughWindow(clock, true);
    window.next = { process: (chunk) => seen.push(chunk.map((e) => [e.type, e.timestamp])) };
    window.process([streamEvent(1, ['a']), streamEvent(2, ['b'])]);
    expect(seen).toEqual([
      [
        ['current', 1],
        ['expired', 100],
        ['reset', 100],
        ['current', 2],
        ['expired', 100],
        ['reset', 100],
      ],
    ]);
    expect(window.contents()).toEqual([]);
    const quiet = new PassThroughWindow(clock, false);
    const types: string[] = [];
    quiet.next = { process: (chunk) => types.push(...chunk.map((e) => e.type)) };
    quiet.process([streamEvent(1, ['a'])]);
    expect(types).toEqual(['current', 'reset']);
  });
});
