// Plans a pattern (`->`) or sequence (`,`) query: compiles its state elements into Siddhi 5.1's
// state machine (pre/post states grouped by inner runtimes), the filters over partial matches,
// the selector over complete matches, and subscribes each input stream.

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
  type InnerRuntime,
  type StateKind,
  type StatePosition,
} from '../runtime/pattern/index.js';
import { QueryOutput } from '../runtime/query/query-output.js';
import { QuerySelector } from '../runtime/query/selector/index.js';
import { PlanError } from './plan-error.js';
import { planTarget, type PlannedQuery, type QueryPlanContext } from './plan-query.js';
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

/** Builds the state machine of one query (Siddhi's StateInputStreamParser). */
class StateMachineBuilder {
  readonly positions: StatePosition[] = [];
  readonly states: PreState[] = [];
  private readonly filters: (() => void)[] = [];
  readonly newStateEvent = (): StateEvent => new StateEvent(this.positions.length);

  /** Absent states: their timers start with the query. */
  readonly absentStates: PreState[] = [];

  constructor(
    private readonly kind: StateKind,
    private readonly queryName: string,
    private readonly ctx: QueryPlanContext,
    private readonly env: AbsentEnvironment,
  ) {}

  /** Compiles the filters once every state has its slot. */
  compileFilters(): void {
    for (const compile of this.filters) compile();
  }

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
    const input = element.input;
    const streamId = this.streamIdOf(input);
    const attributes = this.ctx.attributes(streamId);
    if (attributes === undefined || this.ctx.junction(streamId) === undefined) {
      throw planError(
        'E_PLAN_FAILED',
        runtimeMessages.E_PLAN_FAILED(`no stream '${streamId}'`),
        input.span,
      );
    }
    const position = this.positions.length;
    this.positions.push({
      ...(element.kind === 'absentState' || element.ref === undefined ? {} : { ref: element.ref }),
      streamId: input.streamId,
      attributes,
      count,
    });
    const pre = givenPre ?? new PreState(this.kind, 0, this.newStateEvent);
    const post = givenPost ?? new PostState();
    pre.stateId = position;
    pre.isStartState = isStart;
    post.stateId = position;
    post.thisPre = pre;
    pre.thisPost = post;
    pre.thisLast = post;
    for (const handler of input.handlers) {
      if (handler.kind !== 'filter') {
        throw unsupported('windows and stream functions inside patterns', handler.span);
      }
    }
    if (input.handlers.length > 0) {
      this.filters.push(() => {
        pre.filter = this.compileFilter(input, position);
      });
    }
    states.push(pre);
    return new StreamRuntime(pre, post, streamId);
  }

  private streamIdOf(input: SingleInputStream): string {
    if (input.inner === true) throw unsupported('inner streams in patterns', input.span);
    return input.fault === true ? `!${input.streamId}` : input.streamId;
  }

  private compileFilter(input: SingleInputStream, position: number): (s: StateEvent) => boolean {
    const scope = patternScope(this.positions, position);
    const conditions = input.handlers.flatMap((h) =>
      h.kind === 'filter'
        ? [compileExpression(h.condition, scope, this.ctx.functions).evaluate]
        : [],
    );
    const { logger } = this.ctx;
    const queryName = this.queryName;
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
  const kind: StateKind = input.kind;
  const timers = new Set<() => void>();
  let running = false;
  let emitMatch: (match: StateEvent) => void = () => undefined;
  const env: AbsentEnvironment = {
    schedule: (pre, at) => {
      if (!running) return;
      const cancel = ctx.time.schedule(at, () => {
        timers.delete(cancel);
        pre.onTimer(at);
      });
      timers.add(cancel);
    },
    now: () => ctx.time.now(),
    emit: (match) => {
      emitMatch(match);
    },
  };
  const builder = new StateMachineBuilder(kind, name, ctx, env);
  const states: PreState[] = [];
  const root = builder.parse(input.state, undefined, undefined, states, true);
  builder.compileFilters();
  const within = withinOf(input);
  if (within !== undefined) {
    const startIds = states.filter((s) => s.isStartState).map((s) => s.stateId);
    for (const state of states) {
      state.startStateIds = startIds;
      state.withinTime = within.millis;
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
  const outputEventType = query.output.eventType ?? 'current';
  const output = new QueryOutput(planTarget(query, ctx));
  const selector = new QuerySelector<StateEvent>({
    selector: query.selector,
    scope: patternScope(builder.positions),
    compile: (e, s) => compileExpression(e, s, ctx.functions),
    aggregators: ctx.extensions.aggregators,
    outputEventType,
    starAttributes: starAttributes(builder.positions, query),
    ...(query.outputRate === undefined ? {} : { outputRate: query.outputRate }),
    aggregatorOptions: { removes: false },
    orderByInputs: true,
  });
  const { emit, limiter } = createSelectedSink(selector, query.outputRate, output, ctx.time, false);
  if (limiter !== undefined) {
    lifecycles.push(limiter);
    ctx.state?.register(`query:${name}/rate-limit`, limiter);
  }
  ctx.state?.register(`query:${name}/selector`, selector);
  emitMatch = (match) => {
    const out = selector.process([match]);
    if (out.length > 0) emit(out, selector.groupKeys);
  };
  const runtime = new PatternRuntime({
    kind,
    root,
    states,
    streams,
    queryName: name,
    logger: ctx.logger,
    emit: emitMatch,
  });
  const absentStates = builder.absentStates;
  if (absentStates.length > 0) {
    lifecycles.unshift({
      start: () => {
        running = true;
        for (const state of absentStates) state.start();
      },
      stop: () => {
        running = false;
        for (const cancel of timers) cancel();
        timers.clear();
      },
    });
  }
  ctx.state?.register(`query:${name}/pattern`, runtime);
  for (const streamId of streams.keys()) {
    ctx.junction(streamId)?.subscribe({
      receive: (chunk) => {
        runtime.receive(streamId, chunk);
      },
    });
  }
  const lifecycle: Lifecycle | undefined =
    lifecycles.length === 0
      ? undefined
      : {
          start: () => {
            for (const l of lifecycles) l.start();
          },
          stop: () => {
            for (const l of [...lifecycles].reverse()) l.stop();
          },
        };
  return { name, output, ...(lifecycle === undefined ? {} : { lifecycle }) };
}
