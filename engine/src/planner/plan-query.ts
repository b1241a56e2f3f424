// Plans one single-input query: input junction → filters and stream functions (→ window, once
// windows exist) → selector → rate limiter → output (query callbacks, `insert into`).
// Each stage is compiled once here; nothing of the model is interpreted per event.

import type { Diagnostic } from '../compiler/diagnostic.js';
import { qualifiedName, type ArgumentInfo } from '../compiler/extension-catalog.js';
import { runtimeMessages, semanticMessages } from '../errors/messages.js';
import type { Registry } from '../extension-api/registry-types.js';
import type { StreamProcessorInstance } from '../extension-api/stream-processor.js';
import type {
  Annotation,
  Expression,
  Query,
  SingleInputStream,
  StreamFunction,
} from '../query-api/index.js';
import type { IncrementalAggregation } from '../runtime/aggregation/index.js';
import type { Lifecycle } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';
import type { StreamEvent } from '../runtime/event/event.js';
import type { ExpressionScope, FunctionContext } from '../runtime/expression/types.js';
import { FilterProcessor } from '../runtime/processor/filter-processor.js';
import type { LinkedProcessor, Processor } from '../runtime/processor/processor.js';
import { InsertIntoWindow, type NamedWindow } from '../runtime/named-window/index.js';
import { InsertIntoStream, QueryOutput } from '../runtime/query/query-output.js';
import type { Snapshottable, StateRegistry } from '../runtime/state/state-registry.js';
import type { StreamJunction } from '../runtime/stream/stream-junction.js';
import type { TimeService } from '../runtime/time/time-service.js';
import {
  WindowArgumentError,
  WindowTimers,
  type WindowArgument,
} from '../runtime/window/window.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { PlanError } from './plan-error.js';
import { planQueryTableOutput, withTableConditions, type TableLookup } from './plan-tables.js';
import { compileWindowArguments, windowFactory } from './plan-window.js';
import { sharedFilterOf } from './shared-filter.js';
import { compileEventExpression, selectorStageFactory } from './seams.js';

export { PlanError };

/** What planning a query needs from the app being planned. */
export interface QueryPlanContext {
  readonly appName: string;
  readonly junction: (id: string) => StreamJunction | undefined;
  readonly attributes: (id: string) => readonly ScopeAttribute[] | undefined;
  readonly functions: FunctionContext;
  /** The app's extensions: windows, aggregators, stream functions/processors, stores. */
  readonly extensions: Registry;
  readonly time: TimeService;
  readonly logger: Logger;
  /** The app's tables (`insert into T`, `delete`/`update` outputs, `cond in T`). */
  readonly tables?: TableLookup;
  /** A query's output attributes (the matching events of table actions). */
  readonly outputAttributes?: (query: Query) => readonly ScopeAttribute[] | undefined;
  /** The named window `id`, if it is one (`define window`). */
  readonly namedWindow?: (id: string) => NamedWindow | undefined;
  /** The incremental aggregation `id`, if it is one (`define aggregation`). */
  readonly aggregation?: (id: string) => IncrementalAggregation | undefined;
  /** Where stateful elements register for snapshots (ids: see runtime/state). */
  readonly state?: StateRegistry;
}

/** A planned query: its name, the stage callbacks attach to and its input subscription. */
export interface PlannedQuery {
  readonly name: string;
  readonly output: QueryOutput;
  /** The rate limiter's timers, started and stopped with the app. */
  readonly lifecycle?: Lifecycle;
}

/** `@info(name='q')`, if any. */
export function queryNameOf(query: Query): string | undefined {
  const info = query.annotations.find((a: Annotation) => a.name.toLowerCase() === 'info');
  return info?.elements.find((e) => e.key?.toLowerCase() === 'name')?.value;
}

/** The junction id of a single input: `S`, `#S` (a partition's inner stream) or `!S` (fault). */
export function inputIdOf(input: SingleInputStream): string {
  if (input.inner === true) return `#${input.streamId}`;
  return input.fault === true ? `!${input.streamId}` : input.streamId;
}

function planError(code: string, message: string, span: Diagnostic['span']): PlanError {
  return new PlanError({ severity: 'error', code, message, span });
}

/**
 * Plans `query` and subscribes it to its input stream.
 * @example
 * const { output } = planQuery(query, 'query1', context);
 */
export function planQuery(query: Query, name: string, ctx: QueryPlanContext): PlannedQuery {
  return planQueryTemplate(query, name, ctx).instantiate(ctx);
}

/** A query compiled once, planned for a context (its junctions and state registry) as often as needed. */
export interface QueryTemplate {
  /** Builds the query's processors (with their own state) against `ctx` and subscribes them. */
  instantiate(ctx: QueryPlanContext): PlannedQuery;
}

/** One stage of a template's chain, built per instance. */
type StageFactory = (ctx: QueryPlanContext) => {
  readonly processor: LinkedProcessor;
  readonly lifecycle?: Lifecycle;
};

/**
 * Compiles a single-input query once: its filters, the arguments of its windows and stream
 * functions, its selector. What `ctx` gives beyond the app's own parts (the input and output
 * junctions, the state registry) is only read when instantiating, so a partition plans each of
 * its queries once and instantiates them per key.
 * @example
 * const template = planQueryTemplate(query, 'q', firstKeyContext);
 * const planned = template.instantiate(otherKeyContext);
 */
export function planQueryTemplate(
  query: Query,
  name: string,
  ctx: QueryPlanContext,
): QueryTemplate {
  const input = query.input;
  if (input.kind !== 'single') {
    throw planError(
      'E_UNSUPPORTED_FEATURE',
      runtimeMessages.E_UNSUPPORTED_FEATURE(input.kind),
      input.span,
    );
  }
  const inputId = inputIdOf(input);
  const inputAttributes = ctx.attributes(inputId);
  const noStream = (): PlanError =>
    planError('E_PLAN_FAILED', runtimeMessages.E_PLAN_FAILED(`no stream '${inputId}'`), input.span);
  if (ctx.junction(inputId) === undefined || inputAttributes === undefined) throw noStream();

  const stages: StageFactory[] = [];
  let windowed = ctx.namedWindow?.(inputId) !== undefined;
  let attributes: readonly ScopeAttribute[] = inputAttributes;
  const scopeOf = (of: readonly ScopeAttribute[]): ExpressionScope<StreamEvent> =>
    withTableConditions(eventScope(input.streamId, input.alias, of), ctx.tables, ctx.functions);
  let scope = scopeOf(attributes);
  for (const handler of input.handlers) {
    if (handler.kind === 'filter') {
      const condition = compileEventExpression(handler.condition, scope, ctx.functions).evaluate;
      stages.push(() => ({ processor: new FilterProcessor(condition) }));
    } else if (handler.kind === 'streamFunction') {
      const planned = streamFunctionFactory(handler, input, name, attributes, scope, ctx);
      stages.push((instance) => {
        const made = planned.create();
        if (made.state !== undefined) {
          instance.state?.register(`query:${name}/streamProcessor`, made.state);
        }
        return made;
      });
      attributes = planned.attributes;
      scope = scopeOf(attributes);
    } else {
      const newWindow = windowFactory({
        handler,
        attributes,
        scope,
        functions: ctx.functions,
        time: ctx.time,
        logger: ctx.logger,
        windows: ctx.extensions.windows,
        owner: name,
        appName: ctx.appName,
        expiredEventsWanted: (query.output.eventType ?? 'current') !== 'current',
      });
      stages.push((instance) => {
        const planned = newWindow();
        instance.state?.register(`query:${name}/window`, planned.state);
        return { processor: planned.window, lifecycle: planned.lifecycle };
      });
      windowed = true;
    }
  }

  const selectorStage = selectorStageFactory({
    selector: query.selector,
    scope,
    context: ctx.functions,
    aggregators: ctx.extensions.aggregators,
    attributes,
    outputEventType: query.output.eventType ?? 'current',
    outputRate: query.outputRate,
    windowed,
    time: ctx.time,
    span: query.span,
  });
  const inputScope = scopeOf(inputAttributes);
  return {
    instantiate(instance) {
      const junction = instance.junction(inputId);
      if (junction === undefined) throw noStream();
      const processors: LinkedProcessor[] = [];
      const lifecycles: Lifecycle[] = [];
      for (const stage of stages) {
        const made = stage(instance);
        processors.push(made.processor);
        if (made.lifecycle !== undefined) lifecycles.push(made.lifecycle);
      }
      const output = new QueryOutput(planTarget(query, instance));
      const selected = selectorStage(output);
      instance.state?.register(`query:${name}/selector`, selected.state);
      const head = link(processors, selected.processor);
      junction.subscribe(
        {
          receive: (chunk) => {
            head.process(chunk);
          },
        },
        sharedFilterOf(input, inputAttributes, head, (e) =>
          compileEventExpression(e, inputScope, ctx.functions),
        ),
      );
      if (selected.lifecycle !== undefined) lifecycles.push(selected.lifecycle);
      return {
        name,
        output,
        ...(lifecycles.length === 0 ? {} : { lifecycle: combineLifecycles(lifecycles) }),
      };
    },
  };
}

/** Starts in order, stops in reverse order. */
function combineLifecycles(lifecycles: readonly Lifecycle[]): Lifecycle {
  if (lifecycles.length === 1 && lifecycles[0] !== undefined) return lifecycles[0];
  return {
    start: () => {
      for (const l of lifecycles) l.start();
    },
    stop: () => {
      for (const l of [...lifecycles].reverse()) l.stop();
    },
  };
}

/** The processor behind a query's output clause (none for `return`). */
export function planTarget(query: Query, ctx: QueryPlanContext): Processor | undefined {
  const out = query.output;
  if (out.kind === 'return') return undefined;
  const window = out.kind === 'insert' ? ctx.namedWindow?.(out.target) : undefined;
  if (window !== undefined) return new InsertIntoWindow(window, out.eventType ?? 'current');
  const tableAction = planQueryTableOutput(query, ctx);
  if (tableAction !== undefined) return tableAction;
  if (out.kind !== 'insert') {
    throw planError(
      'E_UNSUPPORTED_FEATURE',
      runtimeMessages.E_UNSUPPORTED_FEATURE('tables'),
      out.span,
    );
  }
  const id =
    out.inner === true ? `#${out.target}` : out.fault === true ? `!${out.target}` : out.target;
  const junction = ctx.junction(id);
  if (junction === undefined) {
    throw planError(
      'E_PLAN_FAILED',
      runtimeMessages.E_PLAN_FAILED(`no stream '${id}' to insert into`),
      out.span,
    );
  }
  return new InsertIntoStream(junction, out.eventType ?? 'current');
}

/** Links `stages` in order, ending at `end` (already linked); returns the head of the chain. */
function link(stages: readonly LinkedProcessor[], end: Processor): Processor {
  let next: Processor = end;
  for (const stage of [...stages].reverse()) {
    stage.next = next;
    next = stage;
  }
  return next;
}

interface PlannedStreamFunction {
  readonly processor: LinkedProcessor;
  readonly lifecycle: Lifecycle;
  /** Absent for stateless stream functions (their snapshot is `null`). */
  readonly state?: Snapshottable;
}

/** A stream function compiled once: the attributes it gives and how to build an instance. */
interface StreamFunctionFactory {
  readonly attributes: readonly ScopeAttribute[];
  create(): PlannedStreamFunction;
}

function argumentsOf(
  fn: StreamFunction,
  input: SingleInputStream,
  attributes: readonly ScopeAttribute[],
): readonly Expression[] {
  if (fn.call.allAttributes !== true) return fn.call.args;
  return attributes.map((a) => ({
    kind: 'variable' as const,
    span: fn.span,
    stream: input.alias ?? input.streamId,
    attribute: a.name,
  }));
}

function streamFunctionFactory(
  fn: StreamFunction,
  input: SingleInputStream,
  queryName: string,
  attributes: readonly ScopeAttribute[],
  scope: ExpressionScope<StreamEvent>,
  ctx: QueryPlanContext,
): StreamFunctionFactory {
  const { namespace, name } = fn.call;
  const spec =
    ctx.extensions.find('streamFunction', namespace ?? '', name) ??
    ctx.extensions.find('streamProcessor', namespace ?? '', name);
  if (spec === undefined) {
    throw planError(
      'E_UNKNOWN_EXTENSION',
      runtimeMessages.E_UNKNOWN_EXTENSION('stream function', qualifiedName(namespace, name)),
      fn.span,
    );
  }
  const args = compileWindowArguments(
    argumentsOf(fn, input, attributes),
    attributes,
    scope,
    ctx.functions,
  );
  const appends =
    typeof spec.appends === 'function' ? spec.appends(args.map(argumentInfoOf)) : spec.appends;
  const create = (): PlannedStreamFunction => {
    const timers = new WindowTimers(ctx.time);
    let instance: StreamProcessorInstance;
    try {
      instance = spec.create(args, {
        clock: ctx.time,
        scheduler: ctx.time,
        scheduleTimer: timers.schedule,
        attributes,
        scope,
        functions: ctx.functions,
        expiredEventsWanted: true,
        logger: ctx.logger,
        owner: queryName,
        appName: ctx.appName,
        span: fn.span,
      });
    } catch (error) {
      if (!(error instanceof WindowArgumentError)) throw error;
      throw planError(
        'E_INVALID_ARGUMENTS',
        semanticMessages.E_INVALID_ARGUMENTS(qualifiedName(namespace, name), error.message),
        fn.span,
      );
    }
    timers.route = instance;
    const stateful = instance.snapshot() !== null;
    return {
      processor: instance,
      lifecycle: {
        start: () => {
          instance.start();
        },
        stop: () => {
          instance.stop();
          timers.cancelAll();
        },
      },
      ...(stateful
        ? {
            state: {
              snapshot: () => instance.snapshot(),
              restore: (state: unknown) => {
                timers.cancelAll();
                instance.restore(state);
              },
            },
          }
        : {}),
    };
  };
  return { attributes: [...attributes, ...appends], create };
}

/** What the catalog's `appends` rules know of an argument. */
function argumentInfoOf(arg: WindowArgument): ArgumentInfo {
  const value = arg.value;
  const literal =
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null
      ? { value }
      : {};
  return {
    type: arg.type,
    constant: arg.constant,
    attribute: arg.attribute !== undefined,
    ...(arg.constant ? literal : {}),
  };
}
