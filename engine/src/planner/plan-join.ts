// Plans a join query (`from L#window.x(…) [unidirectional] [left|right|full outer] join R … on c`):
// each stream input runs its filters and window, then a join step that matches what the window
// emits against the other input's held events (window contents, named window contents or table
// rows); the join events go through the query's selector, rate limiter and output.

import type { Diagnostic } from '../compiler/diagnostic.js';
import { runtimeMessages } from '../errors/messages.js';
import type { JoinInputStream, Query, SingleInputStream, Variable } from '../query-api/index.js';
import {
  aggregationFindable,
  type AggregationRead,
  type IncrementalAggregation,
} from '../runtime/aggregation/index.js';
import type { Lifecycle } from '../runtime/app/app-runtime.js';
import type { StreamEvent } from '../runtime/event/event.js';
import { compileExpression } from '../runtime/expression/index.js';
import type { ExpressionScope } from '../runtime/expression/types.js';
import {
  JoinSelection,
  JoinSide,
  PassThroughWindow,
  joinScope,
  tableFindable,
  windowFindable,
  type JoinEvent,
  type JoinFindable,
  type JoinSideSchema,
  type JoinSlot,
} from '../runtime/join/index.js';
import type { NamedWindow } from '../runtime/named-window/index.js';
import { FilterProcessor } from '../runtime/processor/filter-processor.js';
import type { LinkedProcessor, Processor } from '../runtime/processor/processor.js';
import { QueryOutput } from '../runtime/query/query-output.js';
import { QuerySelector } from '../runtime/query/selector/index.js';
import type { StreamJunction } from '../runtime/stream/stream-junction.js';
import type { Table } from '../runtime/table/table.js';
import type { WindowProcessor } from '../runtime/window/window.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { compileAggregationRead } from './plan-aggregation.js';
import { PlanError } from './plan-error.js';
import { withTableConditions } from './plan-tables.js';
import { inputIdOf, planTarget, type PlannedQuery, type QueryPlanContext } from './plan-query.js';
import { planWindow } from './plan-window.js';
import { compileEventExpression, createSelectedSink } from './seams.js';

/** What a join input reads from. */
type SideSource =
  | { readonly kind: 'stream'; readonly junction: StreamJunction }
  | { readonly kind: 'window'; readonly window: NamedWindow }
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'aggregation'; readonly aggregation: IncrementalAggregation };

interface SidePlan {
  readonly slot: JoinSlot;
  readonly input: SingleInputStream;
  readonly source: SideSource;
  readonly schema: JoinSideSchema;
  /** Stream inputs: filters then the window (the join step is linked after it). */
  readonly stages: readonly LinkedProcessor[];
  /** Stream inputs: the window whose contents the other side searches. */
  readonly window?: WindowProcessor;
}

function planError(code: string, message: string, span: Diagnostic['span']): PlanError {
  return new PlanError({ severity: 'error', code, message, span });
}

function unsupported(feature: string, span: Diagnostic['span']): PlanError {
  return planError('E_UNSUPPORTED_FEATURE', runtimeMessages.E_UNSUPPORTED_FEATURE(feature), span);
}

function sourceOf(input: SingleInputStream, ctx: QueryPlanContext): SideSource {
  const id = inputIdOf(input);
  const named = ctx.namedWindow?.(id);
  if (named !== undefined) return { kind: 'window', window: named };
  const table = ctx.tables?.(id);
  if (table !== undefined) return { kind: 'table', table };
  const aggregation = ctx.aggregation?.(id);
  if (aggregation !== undefined) return { kind: 'aggregation', aggregation };
  const junction = ctx.junction(id);
  if (junction === undefined) {
    throw planError(
      'E_PLAN_FAILED',
      runtimeMessages.E_PLAN_FAILED(`no stream '${id}'`),
      input.span,
    );
  }
  return { kind: 'stream', junction };
}

function attributesOf(input: SingleInputStream, ctx: QueryPlanContext): readonly ScopeAttribute[] {
  const id = inputIdOf(input);
  const attributes =
    ctx.attributes(id) ?? ctx.tables?.(id)?.schema.attributes ?? ctx.aggregation?.(id)?.attributes;
  if (attributes === undefined) {
    throw planError(
      'E_PLAN_FAILED',
      runtimeMessages.E_PLAN_FAILED(`no stream '${id}'`),
      input.span,
    );
  }
  return attributes;
}

function planSide(
  slot: JoinSlot,
  input: SingleInputStream,
  queryName: string,
  expiredEventsWanted: boolean,
  lifecycles: Lifecycle[],
  ctx: QueryPlanContext,
): SidePlan {
  const source = sourceOf(input, ctx);
  const attributes = attributesOf(input, ctx);
  const schema: JoinSideSchema = {
    streamId: input.inner === true ? `#${input.streamId}` : input.streamId,
    ...(input.alias === undefined ? {} : { alias: input.alias }),
    attributes,
  };
  if (source.kind !== 'stream') {
    const [first] = input.handlers;
    if (first !== undefined) {
      throw unsupported(
        `filters and windows on a ${source.kind === 'window' ? 'named window' : source.kind} join input`,
        first.span,
      );
    }
    return { slot, input, source, schema, stages: [] };
  }
  const scope = withTableConditions(
    eventScope(input.streamId, input.alias, attributes),
    ctx.tables,
    ctx.functions,
  );
  const stages: LinkedProcessor[] = [];
  let window: WindowProcessor | undefined;
  for (const handler of input.handlers) {
    if (window !== undefined)
      throw unsupported('handlers after the window of a join input', handler.span);
    if (handler.kind === 'filter') {
      const condition = compileEventExpression(handler.condition, scope, ctx.functions);
      stages.push(new FilterProcessor(condition.evaluate));
    } else if (handler.kind === 'window') {
      const planned = planWindow({
        handler,
        attributes,
        scope,
        functions: ctx.functions,
        time: ctx.time,
        logger: ctx.logger,
        windows: ctx.extensions.windows,
        appName: ctx.appName,
        owner: queryName,
        expiredEventsWanted: true,
      });
      window = planned.window;
      lifecycles.push(planned.lifecycle);
      ctx.state?.register(`query:${queryName}/${slot}/window`, planned.state);
    } else {
      throw unsupported('stream functions on a join input', handler.span);
    }
  }
  window ??= new PassThroughWindow(ctx.time, expiredEventsWanted);
  stages.push(window);
  return { slot, input, source, schema, stages, window };
}

function findableOf(
  side: SidePlan,
  other: SidePlan,
  join: JoinInputStream,
  on: ((c: JoinEvent) => unknown) | undefined,
  ctx: QueryPlanContext,
  aggregationRead?: AggregationRead<JoinEvent>,
): JoinFindable {
  const { source } = side;
  if (source.kind === 'aggregation') {
    if (aggregationRead === undefined) return { find: () => [] };
    return aggregationFindable(source.aggregation, aggregationRead, side.slot, on);
  }
  if (source.kind === 'table') {
    const matching: ExpressionScope<StreamEvent> = eventScope(
      other.input.streamId,
      other.input.alias,
      other.schema.attributes,
    );
    const tableNames = [
      side.input.streamId,
      ...(side.input.alias === undefined ? [] : [side.input.alias]),
    ];
    const condition = source.table.compileCondition<StreamEvent>(join.on, {
      tableNames,
      matching,
      functions: ctx.functions,
    });
    return tableFindable(source.table, condition, other.slot);
  }
  if (source.kind === 'window') {
    const named = source.window;
    return windowFindable(() => named.contents(), side.slot, on);
  }
  const window = side.window;
  if (window === undefined) return { find: () => [] };
  return windowFindable(() => window.contents(), side.slot, on);
}

function starAttributes(left: SidePlan, right: SidePlan, join: JoinInputStream): Variable[] {
  const of = (side: SidePlan): Variable[] =>
    side.schema.attributes.map((a) => ({
      kind: 'variable' as const,
      span: join.span,
      stream: side.input.alias ?? side.input.streamId,
      ...(side.input.alias === undefined && side.input.inner === true ? { inner: true } : {}),
      attribute: a.name,
    }));
  return [...of(left), ...of(right)];
}

/** Starts in order, stops in reverse order. */
function combine(lifecycles: readonly Lifecycle[]): Lifecycle | undefined {
  if (lifecycles.length === 0) return undefined;
  return {
    start: () => {
      for (const l of lifecycles) l.start();
    },
    stop: () => {
      for (const l of [...lifecycles].reverse()) l.stop();
    },
  };
}

/** Links `stages` in order, ending at `end`; returns the head of the chain. */
function link(stages: readonly LinkedProcessor[], end: Processor): Processor {
  let next: Processor = end;
  for (const stage of [...stages].reverse()) {
    stage.next = next;
    next = stage;
  }
  return next;
}

/**
 * Plans a join query and subscribes its inputs.
 * @example
 * const { output } = planJoin(query, query.input, 'query1', context);
 */
export function planJoin(
  query: Query,
  join: JoinInputStream,
  name: string,
  ctx: QueryPlanContext,
): PlannedQuery {
  const outputEventType = query.output.eventType ?? 'current';
  const expiredEventsWanted = outputEventType !== 'current';
  const lifecycles: Lifecycle[] = [];
  const left = planSide('left', join.left, name, expiredEventsWanted, lifecycles, ctx);
  const right = planSide('right', join.right, name, expiredEventsWanted, lifecycles, ctx);
  if (left.source.kind === 'table' && right.source.kind === 'table') {
    throw planError(
      'E_PLAN_FAILED',
      runtimeMessages.E_PLAN_FAILED(
        `both inputs of the join ('${join.left.streamId}', '${join.right.streamId}') are tables`,
      ),
      join.span,
    );
  }

  const tables = ctx.tables;
  const scope = joinScope(left.schema, right.schema, {
    resolveIn: (i, matching) => {
      const table = tables?.(i.table);
      if (table === undefined) return undefined;
      const condition = table.compileCondition(i.operand, {
        tableNames: [i.table],
        matching,
        functions: ctx.functions,
      });
      return (c) => table.contains(condition, c);
    },
  });
  const on =
    join.on === undefined ? undefined : compileExpression(join.on, scope, ctx.functions).evaluate;
  const aggregationRead = [left, right].some((side) => side.source.kind === 'aggregation')
    ? compileAggregationRead(join.within, join.per, scope, ctx.functions, join.span)
    : undefined;
  if (aggregationRead === undefined && (join.within !== undefined || join.per !== undefined)) {
    throw unsupported("'within' and 'per' in joins without an aggregation", join.span);
  }

  const output = new QueryOutput(planTarget(query, ctx));
  const selector = new QuerySelector<JoinEvent>({
    selector: query.selector,
    scope,
    compile: (e, s) => compileExpression(e, s, ctx.functions),
    aggregators: ctx.extensions.aggregators,
    outputEventType,
    starAttributes: starAttributes(left, right, join),
    ...(query.outputRate === undefined ? {} : { outputRate: query.outputRate }),
    aggregatorOptions: { removes: true },
    orderByInputs: true,
  });
  const { emit, limiter } = createSelectedSink(selector, query.outputRate, output, ctx.time, true);
  if (limiter !== undefined) {
    lifecycles.push(limiter);
    ctx.state?.register(`query:${name}/rate-limit`, limiter);
  }
  ctx.state?.register(`query:${name}/selector`, selector);
  const sink = new JoinSelection(selector, emit);

  const leftFindable = findableOf(left, right, join, on, ctx, aggregationRead);
  const rightFindable = findableOf(right, left, join, on, ctx, aggregationRead);
  const outer = (slot: JoinSlot): boolean =>
    join.type === 'full outer' || join.type === (slot === 'left' ? 'left outer' : 'right outer');
  const sameNamedWindow =
    left.source.kind === 'window' &&
    right.source.kind === 'window' &&
    left.source.window === right.source.window;
  for (const side of [left, right]) {
    const { source } = side;
    if (source.kind === 'table' || source.kind === 'aggregation') continue;
    // One named window on both sides feeds the join once, through the left input (as Siddhi).
    if (sameNamedWindow && side.slot === 'right') continue;
    const joinSide = new JoinSide({
      slot: side.slot,
      triggers: join.trigger === 'all' || join.trigger === side.slot,
      outer: outer(side.slot),
      other: side.slot === 'left' ? rightFindable : leftFindable,
      sink,
    });
    const head = link(side.stages, joinSide);
    const junction = source.kind === 'stream' ? source.junction : source.window.output;
    junction.subscribe({
      receive: (chunk) => {
        head.process(chunk);
      },
    });
  }
  const lifecycle = combine(lifecycles);
  return { name, output, ...(lifecycle === undefined ? {} : { lifecycle }) };
}
