// Plans a join query (`from L#window.x(…) [unidirectional] [left|right|full outer] join R … on c`):
// each stream input runs its filters and window, then a join step that matches what the window
// emits against the other input's held events (window contents, named window contents or table
// rows); the join events go through the query's selector, rate limiter and output. Expressions
// and windows' arguments compile once per query; each instance (one per partition key) builds
// only its windows, selector state and join steps.

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
import type { EventPredicate } from '../runtime/processor/filter-processor.js';
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
import { QuerySelector, SelectorPlan } from '../runtime/query/selector/index.js';
import type { Table } from '../runtime/table/table.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { compileAggregationRead } from './plan-aggregation.js';
import { PlanError } from './plan-error.js';
import { withTableConditions } from './plan-tables.js';
import {
  inputIdOf,
  planTarget,
  type PlannedQuery,
  type QueryPlanContext,
  type QueryTemplate,
} from './plan-query.js';
import { windowFactory, type PlannedWindow } from './plan-window.js';
import { compileEventExpression, createSelectedSink } from './seams.js';

/** What a join input reads from: app-wide sources are shared by every instance of the query. */
type SideSource =
  | { readonly kind: 'stream'; readonly id: string }
  | { readonly kind: 'window'; readonly id: string; readonly window: NamedWindow }
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'aggregation'; readonly aggregation: IncrementalAggregation };

/** One input of the join, compiled once. */
interface SidePlan {
  readonly slot: JoinSlot;
  readonly input: SingleInputStream;
  readonly source: SideSource;
  readonly schema: JoinSideSchema;
  /** Stream inputs: their filters, in order (the window comes after them). */
  readonly filters: readonly EventPredicate[];
  /** Stream inputs with a window: builds one (with its own state and timers) per instance. */
  readonly newWindow?: () => PlannedWindow;
}

function planError(code: string, message: string, span: Diagnostic['span']): PlanError {
  return new PlanError({ severity: 'error', code, message, span });
}

function unsupported(feature: string, span: Diagnostic['span']): PlanError {
  return planError('E_UNSUPPORTED_FEATURE', runtimeMessages.E_UNSUPPORTED_FEATURE(feature), span);
}

function noStream(id: string, input: SingleInputStream): PlanError {
  return planError('E_PLAN_FAILED', runtimeMessages.E_PLAN_FAILED(`no stream '${id}'`), input.span);
}

function sourceOf(input: SingleInputStream, ctx: QueryPlanContext): SideSource {
  const id = inputIdOf(input);
  const named = ctx.namedWindow?.(id);
  if (named !== undefined) return { kind: 'window', id, window: named };
  const table = ctx.tables?.(id);
  if (table !== undefined) return { kind: 'table', table };
  const aggregation = ctx.aggregation?.(id);
  if (aggregation !== undefined) return { kind: 'aggregation', aggregation };
  if (ctx.junction(id) === undefined) throw noStream(id, input);
  return { kind: 'stream', id };
}

function attributesOf(input: SingleInputStream, ctx: QueryPlanContext): readonly ScopeAttribute[] {
  const id = inputIdOf(input);
  const attributes =
    ctx.attributes(id) ?? ctx.tables?.(id)?.schema.attributes ?? ctx.aggregation?.(id)?.attributes;
  if (attributes === undefined) throw noStream(id, input);
  return attributes;
}

function planSide(
  slot: JoinSlot,
  input: SingleInputStream,
  queryName: string,
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
    return { slot, input, source, schema, filters: [] };
  }
  const scope = withTableConditions(
    eventScope(input.streamId, input.alias, attributes),
    ctx.tables,
    ctx.functions,
  );
  const filters: EventPredicate[] = [];
  let newWindow: (() => PlannedWindow) | undefined;
  for (const handler of input.handlers) {
    if (newWindow !== undefined)
      throw unsupported('handlers after the window of a join input', handler.span);
    if (handler.kind === 'filter') {
      filters.push(compileEventExpression(handler.condition, scope, ctx.functions).evaluate);
    } else if (handler.kind === 'window') {
      newWindow = windowFactory({
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
    } else {
      throw unsupported('stream functions on a join input', handler.span);
    }
  }
  return {
    slot,
    input,
    source,
    schema,
    filters,
    ...(newWindow === undefined ? {} : { newWindow }),
  };
}

/** What a side without a window holds: nothing (see PassThroughWindow). */
const HOLDS_NOTHING: JoinFindable = { find: () => [] };

/**
 * The findable of `side` when it is the same for every instance (tables, aggregations, named
 * windows, inputs without a window); undefined for a windowed stream input, whose findable
 * reads the window of each instance.
 */
function sharedFindableOf(
  side: SidePlan,
  other: SidePlan,
  join: JoinInputStream,
  on: ((c: JoinEvent) => unknown) | undefined,
  ctx: QueryPlanContext,
  aggregationRead?: AggregationRead<JoinEvent>,
): JoinFindable | undefined {
  const { source } = side;
  if (source.kind === 'aggregation') {
    if (aggregationRead === undefined) return HOLDS_NOTHING;
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
  return side.newWindow === undefined ? HOLDS_NOTHING : undefined;
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
  return planJoinTemplate(query, join, name, ctx).instantiate(ctx);
}

/**
 * Compiles a join query once: its inputs' filters and window arguments, the `on` condition, the
 * reads of tables, named windows and aggregations (app-wide, shared by every instance) and the
 * selector. Each instance builds its own windows, selector state, rate limiter and join steps,
 * reading its input streams from `ctx`, so a partition instantiates it per key.
 * @example
 * const template = planJoinTemplate(query, query.input, 'q', firstKeyContext);
 * const planned = template.instantiate(otherKeyContext);
 */
export function planJoinTemplate(
  query: Query,
  join: JoinInputStream,
  name: string,
  ctx: QueryPlanContext,
): QueryTemplate {
  const outputEventType = query.output.eventType ?? 'current';
  const expiredEventsWanted = outputEventType !== 'current';
  const left = planSide('left', join.left, name, ctx);
  const right = planSide('right', join.right, name, ctx);
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

  const selectorPlan = new SelectorPlan<JoinEvent>({
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

  const sharedFindables = {
    left: sharedFindableOf(left, right, join, on, ctx, aggregationRead),
    right: sharedFindableOf(right, left, join, on, ctx, aggregationRead),
  };
  const outer = (slot: JoinSlot): boolean =>
    join.type === 'full outer' || join.type === (slot === 'left' ? 'left outer' : 'right outer');
  const sameNamedWindow =
    left.source.kind === 'window' &&
    right.source.kind === 'window' &&
    left.source.window === right.source.window;
  // The inputs that feed the join: tables and aggregations are only searched; one named window on
  // both sides feeds it once, through the left input (as Siddhi).
  const feeding = [left, right].filter(
    (side) =>
      (side.source.kind === 'stream' || side.source.kind === 'window') &&
      !(sameNamedWindow && side.slot === 'right'),
  );

  // State ids, built once: every instance registers under the same ids in its own registry.
  const ids = {
    left: `query:${name}/left/window`,
    right: `query:${name}/right/window`,
    rateLimit: `query:${name}/rate-limit`,
    selector: `query:${name}/selector`,
  };
  return {
    instantiate(instance) {
      const lifecycles: Lifecycle[] = [];
      // Each stream input's filters and window (a pass-through one when it has none).
      const stages = { left: [] as LinkedProcessor[], right: [] as LinkedProcessor[] };
      const findables = { ...sharedFindables };
      for (const side of [left, right]) {
        if (side.source.kind !== 'stream') continue;
        const chain = stages[side.slot];
        for (const filter of side.filters) chain.push(new FilterProcessor(filter));
        if (side.newWindow === undefined) {
          chain.push(new PassThroughWindow(instance.time, expiredEventsWanted));
          continue;
        }
        const planned = side.newWindow();
        lifecycles.push(planned.lifecycle);
        instance.state?.register(ids[side.slot], planned.state);
        chain.push(planned.window);
        const window = planned.window;
        findables[side.slot] ??= windowFindable(() => window.contents(), side.slot, on);
      }

      const output = new QueryOutput(planTarget(query, instance));
      const selector = new QuerySelector<JoinEvent>(selectorPlan);
      const { emit, limiter } = createSelectedSink(
        selector,
        query.outputRate,
        output,
        instance.time,
        true,
      );
      if (limiter !== undefined) {
        lifecycles.push(limiter);
        instance.state?.register(ids.rateLimit, limiter);
      }
      instance.state?.register(ids.selector, selector);
      const sink = new JoinSelection(selector, emit);

      for (const side of feeding) {
        const { source, slot } = side;
        const other = findables[slot === 'left' ? 'right' : 'left'];
        if (other === undefined) continue;
        const joinSide = new JoinSide({
          slot,
          triggers: join.trigger === 'all' || join.trigger === slot,
          outer: outer(slot),
          other,
          sink,
        });
        const head = link(stages[slot], joinSide);
        // A named window's output comes through the instance's view of it when it has one
        // (a partition instance), so that dropping the instance drops its subscription.
        const junction =
          source.kind === 'stream'
            ? instance.junction(source.id)
            : source.kind === 'window'
              ? (instance.junction(source.id) ?? source.window.output)
              : undefined;
        if (junction === undefined) throw noStream(inputIdOf(side.input), side.input);
        junction.subscribe({
          receive: (chunk) => {
            head.process(chunk);
          },
        });
      }
      const lifecycle = combine(lifecycles);
      return { name, output, ...(lifecycle === undefined ? {} : { lifecycle }) };
    },
  };
}
