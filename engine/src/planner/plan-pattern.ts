// Plans a pattern (`->`) or sequence (`,`) query: compiles its state elements into Siddhi 5.1's
// state machine (pre/post states grouped by inner runtimes), the filters over partial matches,
// the selector over complete matches, and subscribes each input stream. Expressions compile once
// per query; each instance (one per partition key) builds only its machine and state.

import type { Diagnostic } from '../compiler/diagnostic.js';
import { runtimeMessages } from '../errors/messages.js';
import type {
  AbsentState,
  Query,
  SingleInputStream,
  StateElement,
  StateInputStream,
  StreamState,
  TimeConstant,
  Variable,
} from '../query-api/index.js';
import type { Lifecycle } from '../runtime/app/app-runtime.js';
import { compileExpression, RuntimeEvaluationError } from '../runtime/expression/index.js';
import {
  AbsentLogicalPostState,
  AbsentLogicalPreState,
  AbsentStreamPostState,
  AbsentStreamPreState,
  CountPostState,
  CountPreState,
  EveryRuntime,
  LogicalPostState,
  LogicalPreState,
  LogicalRuntime,
  NextRuntime,
  PatternRuntime,
  PostState,
  PreState,
  StateEvent,
  StreamRuntime,
  patternScope,
  type AbsentEnvironment,
  type AbsentTimed,
  type InnerRuntime,
  type StateKind,
  type StatePosition,
} from '../runtime/pattern/index.js';
import { QueryOutput } from '../runtime/query/query-output.js';
import { QuerySelector, SelectorPlan } from '../runtime/query/selector/index.js';
import type { CancelTimer, Clock, Scheduler } from '../runtime/time/time-service.js';
import { PlanError } from './plan-error.js';
import {
  planTarget,
  type PlannedQuery,
  type QueryPlanContext,
  type QueryTemplate,
} from './plan-query.js';
import { createSelectedSink } from './seams.js';

function planError(code: string, message: string, span: Diagnostic['span']): PlanError {
  return new PlanError({ severity: 'error', code, message, span });
}

function unsupported(feature: string, span: Diagnostic['span']): PlanError {
  return planError('E_UNSUPPORTED_FEATURE', runtimeMessages.E_UNSUPPORTED_FEATURE(feature), span);
}

/** The `within` of the pattern: on the input, else the first one written on an element. */
function withinOf(input: StateInputStream): TimeConstant | undefined {
  if (input.within !== undefined) return input.within;
  const visit = (e: StateElement): TimeConstant | undefined => {
    if (e.within !== undefined) return e.within;
    switch (e.kind) {
      case 'nextState':
        return visit(e.first) ?? visit(e.next);
      case 'everyState':
        return visit(e.state);
      case 'countState':
        return visit(e.state);
      case 'logicalState':
        return visit(e.left) ?? visit(e.right);
      default:
        return undefined;
    }
  };
  return visit(input.state);
}

/** One stream state of the query, resolved and compiled once for every instance. */
interface StateSlot {
  /** The junction the state reads (`S`, or `!S` for a fault stream). */
  readonly streamId: string;
  /** The state's filters; set once every state has its slot. */
  filter: ((s: StateEvent) => boolean) | undefined;
}

/** Gives the stream state at `position` (in planning order) its slot. */
type SlotResolver = (
  element: StreamState | AbsentState,
  position: number,
  count: boolean,
) => StateSlot;

/**
 * Builds the state machine of one query (Siddhi's StateInputStreamParser): the pre/post states
 * and their grouping. Resolving streams and compiling filters is `resolve`'s job, so the same
 * walk serves compiling the query once and building each instance's machine.
 */
class StateMachineBuilder {
  private count = 0;
  /** Absent states: their timers start with the query. */
  readonly absentStates: PreState[] = [];

  constructor(
    private readonly kind: StateKind,
    private readonly env: AbsentEnvironment,
    private readonly newStateEvent: () => StateEvent,
    private readonly resolve: SlotResolver,
  ) {}

  parse(
    element: StateElement,
    pre: PreState | undefined,
    post: PostState | undefined,
    states: PreState[],
    isStart: boolean,
  ): InnerRuntime {
    switch (element.kind) {
      case 'streamState':
        return this.parseStream(element, pre, post, states, isStart);
      case 'absentState': {
        if (pre !== undefined && post !== undefined) {
          return this.parseStream(element, pre, post, states, isStart);
        }
        if (element.waitingTime === undefined) {
          throw unsupported("'not' without 'for' outside 'and'", element.span);
        }
        const absentPre = new AbsentStreamPreState(
          this.kind,
          0,
          this.newStateEvent,
          element.waitingTime.millis,
        );
        absentPre.env = this.env;
        this.absentStates.push(absentPre);
        const absentPost = new AbsentStreamPostState();
        absentPost.absentPre = absentPre;
        return this.parseStream(element, absentPre, absentPost, states, isStart);
      }
      case 'nextState': {
        const current = this.parse(element.first, undefined, undefined, states, isStart);
        const next = this.parse(element.next, undefined, undefined, states, false);
        current.last.setNextPre(next.first);
        return new NextRuntime(current, next);
      }
      case 'everyState': {
        const within: PreState[] = [];
        const inner = this.parse(element.state, undefined, undefined, within, isStart);
        inner.last.setNextEvery(inner.first);
        for (const state of within) {
          state.withinEveryPre = inner.first;
          states.push(state);
        }
        return new EveryRuntime(inner);
      }
      case 'logicalState': {
        // As Siddhi's compiler: with one absent side, the absent side comes first.
        const swap = element.right.kind === 'absentState' && element.left.kind !== 'absentState';
        const first = swap ? element.right : element.left;
        const second = swap ? element.left : element.right;
        const [pre1, post1] = this.logicalSide(first, element.op);
        const [pre2, post2] = this.logicalSide(second, element.op);
        post1.partnerPre = pre2;
        post2.partnerPre = pre1;
        post1.partnerPost = post2;
        post2.partnerPost = post1;
        pre1.partner = pre2;
        pre2.partner = pre1;
        const right = this.parse(second, pre2, post2, states, isStart);
        const left = this.parse(first, pre1, post1, states, isStart);
        return new LogicalRuntime(left, right);
      }
      case 'countState': {
        const max = element.max < 0 ? Number.MAX_SAFE_INTEGER : element.max;
        const countPre = new CountPreState(
          this.kind,
          0,
          this.newStateEvent,
          Math.max(0, element.min),
          max,
        );
        const countPost = new CountPostState(Math.max(0, element.min), max);
        countPre.countPost = countPost;
        countPost.countPre = countPre;
        return this.parseStream(element.state, countPre, countPost, states, isStart, true);
      }
    }
  }

  private logicalSide(
    side: StreamState | AbsentState,
    op: 'and' | 'or',
  ): [LogicalPreState, LogicalPostState] {
    if (side.kind === 'streamState') {
      return [new LogicalPreState(this.kind, 0, this.newStateEvent, op), new LogicalPostState(op)];
    }
    const pre = new AbsentLogicalPreState(
      this.kind,
      0,
      this.newStateEvent,
      op,
      side.waitingTime?.millis ?? -1,
    );
    pre.env = this.env;
    this.absentStates.push(pre);
    const post = new AbsentLogicalPostState(op);
    post.absentPre = pre;
    return [pre, post];
  }

  private parseStream(
    element: StreamState | AbsentState,
    givenPre: PreState | undefined,
    givenPost: PostState | undefined,
    states: PreState[],
    isStart: boolean,
    count = false,
  ): InnerRuntime {
    const position = this.count;
    this.count += 1;
    const slot = this.resolve(element, position, count);
    const pre = givenPre ?? new PreState(this.kind, 0, this.newStateEvent);
    const post = givenPost ?? new PostState();
    pre.stateId = position;
    pre.isStartState = isStart;
    post.stateId = position;
    post.thisPre = pre;
    pre.thisPost = post;
    pre.thisLast = post;
    if (slot.filter !== undefined) pre.filter = slot.filter;
    states.push(pre);
    return new StreamRuntime(pre, post, slot.streamId);
  }
}

function streamIdOf(input: SingleInputStream): string {
  if (input.inner === true) return `#${input.streamId}`;
  return input.fault === true ? `!${input.streamId}` : input.streamId;
}

/** The filters of the state at `position`, over partial matches, as one check. */
function compileFilter(
  input: SingleInputStream,
  positions: readonly StatePosition[],
  position: number,
  queryName: string,
  ctx: QueryPlanContext,
): (s: StateEvent) => boolean {
  const scope = patternScope(positions, position);
  const conditions = input.handlers.flatMap((h) =>
    h.kind === 'filter' ? [compileExpression(h.condition, scope, ctx.functions).evaluate] : [],
  );
  const { logger } = ctx;
  return (s) => {
    try {
      for (const condition of conditions) if (condition(s) !== true) return false;
      return true;
    } catch (error) {
      if (!(error instanceof RuntimeEvaluationError)) throw error;
      logger.log('error', `query '${queryName}': ${error.message}`, error);
      return false;
    }
  };
}

function starAttributes(positions: readonly StatePosition[], query: Query): Variable[] {
  return positions.flatMap((p) =>
    p.attributes.map((a) => ({
      kind: 'variable' as const,
      span: query.span,
      stream: p.ref ?? p.streamId,
      attribute: a.name,
    })),
  );
}

/**
 * Plans a pattern or sequence query and subscribes its input streams.
 * @example
 * const { output } = planPattern(query, query.input, 'query1', context);
 */
export function planPattern(
  query: Query,
  input: StateInputStream,
  name: string,
  ctx: QueryPlanContext,
): PlannedQuery {
  return planPatternTemplate(query, input, name, ctx).instantiate(ctx);
}

/** Absent states never schedule while a query is only being compiled. */
const COMPILING: AbsentEnvironment = {
  schedule: () => undefined,
  now: () => 0,
  emit: () => undefined,
};

/**
 * Compiles a pattern or sequence query once: its stream states (streams, attributes, filters),
 * its `within` and its selector. Each instance builds its own state machine (partial matches),
 * absent-state timers, selector state and rate limiter, reading its streams from `ctx`, so a
 * partition instantiates it per key.
 * @example
 * const template = planPatternTemplate(query, query.input, 'q', firstKeyContext);
 * const planned = template.instantiate(otherKeyContext);
 */
export function planPatternTemplate(
  query: Query,
  input: StateInputStream,
  name: string,
  ctx: QueryPlanContext,
): QueryTemplate {
  const kind: StateKind = input.kind;
  const positions: StatePosition[] = [];
  const slots: StateSlot[] = [];
  const filtered: { readonly input: SingleInputStream; readonly position: number }[] = [];
  const declare: SlotResolver = (element, position, count) => {
    const single = element.input;
    const streamId = streamIdOf(single);
    const attributes = ctx.attributes(streamId);
    if (attributes === undefined || ctx.junction(streamId) === undefined) {
      throw planError(
        'E_PLAN_FAILED',
        runtimeMessages.E_PLAN_FAILED(`no stream '${streamId}'`),
        single.span,
      );
    }
    positions.push({
      ...(element.kind === 'absentState' || element.ref === undefined ? {} : { ref: element.ref }),
      streamId: single.streamId,
      attributes,
      count,
    });
    for (const handler of single.handlers) {
      if (handler.kind !== 'filter') {
        throw unsupported('windows and stream functions inside patterns', handler.span);
      }
    }
    if (single.handlers.length > 0) filtered.push({ input: single, position });
    const slot: StateSlot = { streamId, filter: undefined };
    slots.push(slot);
    return slot;
  };
  // A first walk checks the query and lays out its slots; its machine is discarded.
  const checked: PreState[] = [];
  new StateMachineBuilder(kind, COMPILING, () => new StateEvent(positions.length), declare).parse(
    input.state,
    undefined,
    undefined,
    checked,
    true,
  );
  // Filters compile once every state has its slot (`e2[last]`, later references).
  for (const { input: single, position } of filtered) {
    const slot = slots[position];
    if (slot !== undefined) slot.filter = compileFilter(single, positions, position, name, ctx);
  }
  const size = positions.length;
  const newStateEvent = (): StateEvent => new StateEvent(size);
  const resolve: SlotResolver = (element, position) => {
    const slot = slots[position];
    if (slot === undefined) throw new Error(`pattern state ${String(position)} was not planned`);
    return slot;
  };
  const within = withinOf(input)?.millis;
  const startIds = checked.filter((s) => s.isStartState).map((s) => s.stateId);

  const outputEventType = query.output.eventType ?? 'current';
  const selectorPlan = new SelectorPlan<StateEvent>({
    selector: query.selector,
    scope: patternScope(positions),
    compile: (e, s) => compileExpression(e, s, ctx.functions),
    aggregators: ctx.extensions.aggregators,
    outputEventType,
    starAttributes: starAttributes(positions, query),
    ...(query.outputRate === undefined ? {} : { outputRate: query.outputRate }),
    aggregatorOptions: { removes: false },
    orderByInputs: true,
  });

  // State ids, built once: every instance registers under the same ids in its own registry.
  const ids = {
    rateLimit: `query:${name}/rate-limit`,
    selector: `query:${name}/selector`,
    pattern: `query:${name}/pattern`,
  };
  return {
    instantiate(instance) {
      const timers = new PatternTimers(instance.time);
      const builder = new StateMachineBuilder(kind, timers, newStateEvent, resolve);
      const states: PreState[] = [];
      const root = builder.parse(input.state, undefined, undefined, states, true);
      if (within !== undefined) {
        for (const state of states) {
          state.startStateIds = startIds;
          state.withinTime = within;
        }
      }
      root.first.thisLast = root.last;
      root.setSelector();
      const streams = new Map<string, PreState[]>();
      root.setup((streamId, pre) => {
        const list = streams.get(streamId);
        if (list === undefined) streams.set(streamId, [pre]);
        else list.push(pre);
      });

      const lifecycles: Lifecycle[] = [];
      const output = new QueryOutput(planTarget(query, instance));
      const selector = new QuerySelector<StateEvent>(selectorPlan);
      const { emit, limiter } = createSelectedSink(
        selector,
        query.outputRate,
        output,
        instance.time,
        false,
      );
      if (limiter !== undefined) {
        lifecycles.push(limiter);
        instance.state?.register(ids.rateLimit, limiter);
      }
      instance.state?.register(ids.selector, selector);
      const emitMatch = (match: StateEvent): void => {
        const out = selector.process([match]);
        if (out.length > 0) emit(out, selector.groupKeys);
      };
      timers.emitMatch = emitMatch;
      const runtime = new PatternRuntime({
        kind,
        root,
        states,
        streams,
        queryName: name,
        logger: instance.logger,
        emit: emitMatch,
      });
      if (builder.absentStates.length > 0) {
        timers.absentStates = builder.absentStates;
        lifecycles.unshift(timers);
      }
      instance.state?.register(ids.pattern, runtime);
      for (const streamId of streams.keys()) {
        instance.junction(streamId)?.subscribe({
          receive: (chunk) => {
            runtime.receive(streamId, chunk);
          },
        });
      }
      const lifecycle: Lifecycle | undefined =
        lifecycles.length === 0
          ? undefined
          : lifecycles.length === 1
            ? lifecycles[0]
            : {
                start: () => {
                  for (const l of lifecycles) l.start();
                },
                stop: () => {
                  for (const l of [...lifecycles].reverse()) l.stop();
                },
              };
      return { name, output, ...(lifecycle === undefined ? {} : { lifecycle }) };
    },
  };
}

/**
 * The timers of one instance's absent states (`not X for t`): scheduled only while the query
 * runs, all cancelled when it stops; a match they complete goes to the instance's selector.
 */
class PatternTimers implements AbsentEnvironment, Lifecycle {
  /** The absent states whose timers start with the query. */
  absentStates: readonly PreState[] = [];
  emitMatch: (match: StateEvent) => void = () => undefined;
  private readonly timers = new Set<CancelTimer>();
  private running = false;

  constructor(private readonly time: Clock & Scheduler) {}

  schedule(pre: AbsentTimed, at: number): void {
    if (!this.running) return;
    const cancel = this.time.schedule(at, () => {
      this.timers.delete(cancel);
      pre.onTimer(at);
    });
    this.timers.add(cancel);
  }

  now(): number {
    return this.time.now();
  }

  emit(match: StateEvent): void {
    this.emitMatch(match);
  }

  start(): void {
    this.running = true;
    for (const state of this.absentStates) state.start();
  }

  stop(): void {
    this.running = false;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}
