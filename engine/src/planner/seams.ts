// The planner's adapters to the teammates' pieces: expression compilation (runtime/expression),
// the query selector (runtime/query/selector) and output rate limiting (runtime/query/rate-limit),
// with the aggregators of the app's extension registry.

import type { AggregatorLookup } from '../builtins/aggregators/index.js';
import type {
  Expression,
  OutputEventType,
  OutputRate,
  Selector,
  Span,
} from '../query-api/index.js';
import type { Lifecycle } from '../runtime/app/app-runtime.js';
import type { ComplexEvent, EventChunk, StreamEvent } from '../runtime/event/event.js';
import { compileExpression } from '../runtime/expression/index.js';
import type {
  CompiledExpression,
  ExpressionScope,
  FunctionContext,
} from '../runtime/expression/types.js';
import { DISCARD, type LinkedProcessor, type Processor } from '../runtime/processor/processor.js';
import {
  createOutputRateLimiter,
  type OutputRateLimiter,
} from '../runtime/query/rate-limit/index.js';
import { QuerySelector, SelectorPlan } from '../runtime/query/selector/index.js';
import { combineState, type Snapshottable } from '../runtime/state/state-registry.js';
import type { Clock, Scheduler } from '../runtime/time/time-service.js';
import type { ScopeAttribute } from './event-scope.js';

/** Compiles an expression over single events. */
export function compileEventExpression(
  expression: Expression,
  scope: ExpressionScope<StreamEvent>,
  ctx: FunctionContext,
): CompiledExpression<StreamEvent> {
  return compileExpression(expression, scope, ctx);
}

/** What the selector stage is built from. */
export interface SelectorStageInput {
  readonly selector: Selector;
  readonly scope: ExpressionScope<StreamEvent>;
  readonly context: FunctionContext;
  /** The aggregators selectors may call (the app's extension registry). */
  readonly aggregators: AggregatorLookup;
  /** The attributes of the events reaching the selector (for `select *`). */
  readonly attributes: readonly ScopeAttribute[];
  readonly outputEventType: OutputEventType;
  readonly outputRate: OutputRate | undefined;
  /** Whether expired events reach the selector (a window); aggregators then undo them. */
  readonly windowed: boolean;
  readonly time: Clock & Scheduler;
  /** Where the selected (and rate-limited) chunks go. */
  readonly output: Processor;
  readonly span: Span;
}

/** The selector stage and, with `output … every …`, the limiter to start with the app. */
export interface SelectorStage {
  readonly processor: LinkedProcessor;
  readonly lifecycle?: Lifecycle;
  /** The aggregator states and the rate limiter's state, for snapshots. */
  readonly state: Snapshottable;
}

/** Selects, then hands the result to the output directly (no `output` clause). */
class SelectProcessor implements LinkedProcessor {
  next: Processor = DISCARD;

  constructor(private readonly selector: QuerySelector<StreamEvent>) {}

  process(chunk: EventChunk): void {
    const out = this.selector.process(chunk);
    if (out.length > 0) this.next.process(out);
  }
}

/** Selects, then rate-limits; the limiter emits to the output itself. */
class SelectAndLimitProcessor implements LinkedProcessor {
  next: Processor = DISCARD;

  constructor(
    private readonly selector: QuerySelector<StreamEvent>,
    private readonly limiter: OutputRateLimiter,
  ) {}

  process(chunk: EventChunk): void {
    const out = this.selector.process(chunk);
    this.limiter.process(out, this.selector.groupKeys);
  }
}

/**
 * Builds the selector (and rate limiter) of a query.
 * @example
 * const { processor, lifecycle } = createSelectorStage({ selector, scope, context, … });
 */
export function createSelectorStage(input: SelectorStageInput): SelectorStage {
  return selectorStageFactory(input)(input.output);
}

/**
 * Compiles the selector of a query once; the returned function builds a selector stage (its own
 * aggregator states and rate limiter) writing to `output`, as often as needed.
 * @example
 * const stageFor = selectorStageFactory(input); const stage = stageFor(instanceOutput);
 */
export function selectorStageFactory(
  input: Omit<SelectorStageInput, 'output'>,
): (output: Processor) => SelectorStage {
  const { context } = input;
  const plan = new SelectorPlan<StreamEvent>({
    selector: input.selector,
    scope: input.scope,
    compile: (e, scope) => compileExpression(e, scope, context),
    aggregators: input.aggregators,
    outputEventType: input.outputEventType,
    starAttributes: input.attributes.map((a) => ({
      kind: 'variable' as const,
      span: input.span,
      attribute: a.name,
    })),
    ...(input.outputRate === undefined ? {} : { outputRate: input.outputRate }),
    aggregatorOptions: { removes: input.windowed },
  });
  const outputRate = input.outputRate;
  return (output) => {
    const selector = new QuerySelector<StreamEvent>(plan);
    if (outputRate === undefined) {
      const processor = new SelectProcessor(selector);
      processor.next = output;
      return { processor, state: combineState({ selector }) };
    }
    const limiter = createRateLimiterFor(selector, outputRate, output, input.time, input.windowed);
    return {
      processor: new SelectAndLimitProcessor(selector, limiter),
      lifecycle: limiter,
      state: combineState({ selector, limiter }),
    };
  };
}

/** The rate limiter of a query with an `output … every …` clause, emitting to `output`. */
function createRateLimiterFor<C extends ComplexEvent>(
  selector: QuerySelector<C>,
  outputRate: OutputRate,
  output: Processor,
  time: Clock & Scheduler,
  windowed: boolean,
): OutputRateLimiter {
  return createOutputRateLimiter(outputRate, {
    emit: (chunk) => {
      output.process(chunk);
    },
    groupBy: selector.isGroupBy,
    time,
    windowed,
    aggregatePositions: selector.aggregatePositions,
    outputSize: selector.outputNames.length,
  });
}

/** Where selected events go (with the group key of each), and the limiter if there is one. */
export interface SelectedSinkStage {
  readonly emit: (events: StreamEvent[], groupKeys: readonly string[]) => void;
  readonly limiter?: OutputRateLimiter;
}

/**
 * For planners that drive a selector themselves (joins, patterns): hands selected events to
 * `output`, through the query's rate limiter when it has an `output` clause.
 * @example
 * const { emit, limiter } = createSelectedSink(selector, query.outputRate, output, ctx.time, true);
 */
export function createSelectedSink<C extends ComplexEvent>(
  selector: QuerySelector<C>,
  outputRate: OutputRate | undefined,
  output: Processor,
  time: Clock & Scheduler,
  windowed: boolean,
): SelectedSinkStage {
  if (outputRate === undefined) {
    return {
      emit: (events) => {
        output.process(events);
      },
    };
  }
  const limiter = createRateLimiterFor(selector, outputRate, output, time, windowed);
  return {
    emit: (events, keys) => {
      limiter.process(events, keys);
    },
    limiter,
  };
}
