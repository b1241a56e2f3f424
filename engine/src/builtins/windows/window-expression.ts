// The expressions of the `expression` and `expressionBatch` windows ('count() <= 20',
// 'sum(price) < 100 and eventTimestamp(last) - eventTimestamp(first) < 3000'), compiled from
// their text over a frame of three events: the one evaluated (unqualified attributes), `first`
// and `last`. Aggregators in them add current, remove expired and clear on reset frames.

import { compileExpression } from '../../runtime/expression/index.js';
import type {
  ExpressionScope,
  FunctionContext,
  ValueAccessor,
} from '../../runtime/expression/types.js';
import type { StreamEvent } from '../../runtime/event/event.js';
import type { WindowContext } from '../../runtime/window/window.js';
import { parseExpression } from '../../compiler/parse.js';
import type { FunctionCall, Variable } from '../../query-api/index.js';
import {
  builtinAggregators,
  createAggregatorLookup,
  type AggregatorState,
} from '../aggregators/index.js';

const aggregators = createAggregatorLookup(builtinAggregators);

/** One evaluation: the event evaluated, the window's first and last, and how aggregates move. */
export interface ExpressionFrame {
  current: StreamEvent;
  first: StreamEvent;
  last: StreamEvent;
  type: 'current' | 'expired' | 'reset';
}

/** A compiled window expression with its own aggregator states. */
export interface WindowCondition {
  readonly text: string;
  /** Updates the aggregates for the frame's type, then evaluates (non-true is false). */
  evaluate(frame: ExpressionFrame): boolean;
}

interface AggregateSlot {
  readonly state: AggregatorState;
  /** Adds (current) or removes (expired) the frame's argument values; returns the new value. */
  readonly update: (f: ExpressionFrame, add: boolean) => unknown;
  value: unknown;
}

/** The per-frame update of one aggregator, without an argument array for 0 or 1 arguments. */
function slotUpdate(
  state: AggregatorState,
  args: readonly ((f: ExpressionFrame) => unknown)[],
): AggregateSlot['update'] {
  const [a0] = args;
  if (args.length === 0) return (_f, add) => (add ? state.add() : state.remove());
  if (args.length === 1 && a0 !== undefined) {
    return (f, add) => (add ? state.add(a0(f)) : state.remove(a0(f)));
  }
  return (f, add) => {
    const values = args.map((a) => a(f));
    return add ? state.add(...values) : state.remove(...values);
  };
}

/** The parts of the window context compiling needs. */
export type ConditionContext = Pick<WindowContext, 'attributes' | 'scope' | 'functions'>;

function eventOf(name: string): ((f: ExpressionFrame) => StreamEvent) | undefined {
  if (name === 'first') return (f) => f.first;
  if (name === 'last') return (f) => f.last;
  return undefined;
}

function frameScope(
  ctx: ConditionContext,
  resolveAggregate: (call: FunctionCall) => ValueAccessor<ExpressionFrame> | undefined,
): ExpressionScope<ExpressionFrame> {
  const base = ctx.scope;
  const scope: ExpressionScope<ExpressionFrame> = {
    resolve(v: Variable) {
      const pick = v.stream === undefined ? undefined : eventOf(v.stream);
      if (pick !== undefined) {
        const index = ctx.attributes.findIndex((a) => a.name === v.attribute);
        const attribute = ctx.attributes[index];
        if (attribute === undefined) throw new Error(`no attribute '${v.attribute}'`);
        return { type: attribute.type, read: (f) => pick(f).data[index] ?? null };
      }
      const inner = base.resolve(v);
      return { type: inner.type, read: (f) => inner.read(f.current) };
    },
    timestamp: (f) => f.current.timestamp,
    resolveEventReference(v: Variable) {
      const named = ctx.attributes.some((a) => a.name === v.attribute);
      const pick = v.stream === undefined && !named ? eventOf(v.attribute) : undefined;
      if (pick !== undefined) return pick;
      const inner = base.resolveEventReference?.(v);
      return inner === undefined ? undefined : (f) => inner(f.current);
    },
    resolveAggregate,
  };
  const streamNull = base.resolveStreamNull?.bind(base);
  if (streamNull !== undefined) {
    scope.resolveStreamNull = (n) => {
      const inner = streamNull(n);
      return (f) => inner(f.current);
    };
  }
  return scope;
}

/**
 * Compiles `text`; throws an Error saying why it cannot run (syntax, unknown names, not bool).
 * @example
 * const c = compileWindowCondition('count() <= 2', ctx);
 * c.evaluate({ current: e, first: e, last: e, type: 'current' }) // true
 */
export function compileWindowCondition(text: string, ctx: ConditionContext): WindowCondition {
  const parsed = parseExpression(text);
  if (parsed.expression === undefined) {
    const reason = parsed.diagnostics[0]?.message ?? 'not an expression';
    throw new Error(`invalid window expression '${text}': ${reason}`);
  }
  const slots: AggregateSlot[] = [];
  const functions: FunctionContext = ctx.functions;
  const plain = frameScope(ctx, () => undefined);
  const scope = frameScope(ctx, (call) => {
    const impl = aggregators.get(call.namespace ?? '', call.name);
    if (impl === undefined) return undefined;
    const args = call.args.map((a) => compileExpression(a, plain, functions));
    const instance = impl.create(
      args.map((a) => a.type),
      { removes: true },
    );
    const state = instance.newState();
    const slot: AggregateSlot = {
      state,
      update: slotUpdate(
        state,
        args.map((a) => a.evaluate),
      ),
      value: null,
    };
    slots.push(slot);
    return { type: instance.returnType, read: () => slot.value };
  });
  let compiled;
  try {
    compiled = compileExpression(parsed.expression, scope, functions);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`invalid window expression '${text}': ${reason}`, { cause: error });
  }
  if (compiled.type !== 'bool') {
    throw new Error(`window expression '${text}' does not return bool`);
  }
  const evaluate = compiled.evaluate;
  return {
    text,
    evaluate(frame) {
      for (const slot of slots) {
        if (frame.type === 'reset') {
          slot.value = slot.state.reset();
          continue;
        }
        slot.value = slot.update(frame, frame.type === 'current');
      }
      return evaluate(frame) === true;
    },
  };
}
