// The selector of a query (Siddhi 5.1's QuerySelector): projection, aggregators with per-group
// states, `group by`, `having`, `order by`, `offset`, `limit`, compiled once into closures.

import type { AggregatorArgument } from '../../../builtins/aggregators/aggregator.js';
import type {
  AggregatorInstance,
  AggregatorLookup,
  AggregatorOptions,
  AggregatorState,
} from '../../../builtins/aggregators/index.js';
import type {
  AttributeType,
  Expression,
  FunctionCall,
  OutputEventType,
  OutputRate,
  Selector,
  Variable,
} from '../../../query-api/index.js';
import type { ComplexEvent, StreamEvent } from '../../event/event.js';
import type {
  CompiledExpression,
  Evaluator,
  ExpressionScope,
  ValueAccessor,
} from '../../expression/types.js';
import { compileGroupKey } from './group-key.js';
import {
  compileOrderBy,
  orderColumns,
  sortRuns,
  type KeyedEvent,
  type RowComparator,
} from './order-by.js';

/** Compiles one expression against a scope (the expressions module's `compileExpression` bound to a FunctionContext). */
export type ExpressionCompiler<C> = (
  expression: Expression,
  scope: ExpressionScope<C>,
) => CompiledExpression<C>;

/** Everything a selector is built from; read once, at construction. */
export interface QuerySelectorOptions<C extends ComplexEvent> {
  readonly selector: Selector;
  /** Resolves the input's attributes for the context `C` (the events of the chunks processed). */
  readonly scope: ExpressionScope<C>;
  readonly compile: ExpressionCompiler<C>;
  readonly aggregators: AggregatorLookup;
  /** The output's `insert [current|expired|all] events` (default current). */
  readonly outputEventType?: OutputEventType;
  /** What `select *` (or no select clause) expands to: the input's attributes, in order. */
  readonly starAttributes?: readonly Variable[];
  /** The query's output rate: `snapshot` turns batching off and forwards reset events (as Siddhi). */
  readonly outputRate?: OutputRate;
  /**
   * Chunk-at-once aggregation (default true): with aggregators and no group by only the last
   * qualifying event of a chunk is emitted; with group by the last one per key.
   */
  readonly batching?: boolean;
  /** Passed to every aggregator's `create` (e.g. `removes: false` for window-less input). */
  readonly aggregatorOptions?: AggregatorOptions;
  /**
   * Joins and patterns (Siddhi's state events): `order by` may name an input attribute the
   * output does not have (`order by AGG_TIMESTAMP` in a join with an aggregation), and a
   * qualified name (`s.price`) always reads the input. Single-stream queries order by output
   * attributes only.
   */
  readonly orderByInputs?: boolean;
}

/** What `snapshot()` returns: the aggregator states (plain data). */
export interface SelectorSnapshot {
  readonly single?: readonly unknown[];
  readonly groups?: readonly (readonly [string, readonly unknown[]])[];
}

interface AggregateSlot<C> {
  readonly instance: AggregatorInstance;
  /** Adds (current) or removes (expired) the event's argument values; returns the new value. */
  readonly update: (state: AggregatorState, c: C, add: boolean) => unknown;
}

interface GroupState {
  readonly key: string;
  readonly states: AggregatorState[];
  /** The last qualifying row of the current chunk (batching). */
  row: unknown[];
  epoch: number;
  timestamp: number;
  type: 'current' | 'expired';
}

const EMPTY_KEYS: readonly string[] = [];

/**
 * What a plan's compiled closures read that belongs to the selector running now: its aggregate
 * values and the row `having` checks. Each selector points it at its own arrays when it runs, so
 * one plan serves many selectors (the instances of a partitioned query).
 */
interface SelectorFrame {
  values: unknown[];
  row: unknown[];
}

/**
 * A selector compiled once: projections, aggregator calls, `having`, group key, order, offset and
 * limit. It keeps no state: each `QuerySelector` made from it has its own.
 * @example
 * const plan = new SelectorPlan({ selector: query.selector, scope, compile, aggregators });
 * const perKey = new QuerySelector(plan);
 */
export class SelectorPlan<C extends ComplexEvent> {
  /** Names of the output attributes, in order. */
  readonly outputNames: readonly string[];
  readonly outputTypes: readonly AttributeType[];
  /** Output positions whose expression is exactly one aggregator call (snapshot rate limiting uses them). */
  readonly aggregatePositions: readonly number[];
  readonly isGroupBy: boolean;
  readonly containsAggregator: boolean;
  readonly batching: boolean;
  readonly currentOn: boolean;
  readonly expiredOn: boolean;
  readonly forwardResets: boolean;
  /** The output's projections, then the hidden input reads `order by` needs (dropped after sorting). */
  readonly projections: readonly Evaluator<C>[];
  readonly width: number;
  readonly having: Evaluator<C> | undefined;
  readonly slots: readonly AggregateSlot<C>[];
  readonly groupKey: ((c: C) => string) | undefined;
  readonly comparator: RowComparator | undefined;
  readonly offset: number;
  readonly limit: number;
  readonly frame: SelectorFrame = { values: [], row: [] };

  constructor(options: QuerySelectorOptions<C>) {
    const { selector, compile, aggregators } = options;
    const outputType = options.outputEventType ?? 'current';
    this.currentOn = outputType !== 'expired';
    this.expiredOn = outputType !== 'current';
    const snapshotRate = options.outputRate?.kind === 'snapshotOutputRate';
    this.forwardResets = snapshotRate;
    this.batching = !snapshotRate && (options.batching ?? true);

    const frame = this.frame;
    const slots: AggregateSlot<C>[] = [];
    const slotByCall = new Map<FunctionCall, number>();
    const slotAccessor = (index: number): ValueAccessor<C> => ({
      type: slots[index]?.instance.returnType ?? 'object',
      read: () => frame.values[index],
    });
    const base = options.scope;
    const aggregateOptions = options.aggregatorOptions;
    const isAggregate = (call: FunctionCall): boolean =>
      aggregators.get(call.namespace ?? '', call.name) !== undefined;
    const resolveAggregate = (call: FunctionCall): ValueAccessor<C> | undefined => {
      const known = slotByCall.get(call);
      if (known !== undefined) return slotAccessor(known);
      const impl = aggregators.get(call.namespace ?? '', call.name);
      if (impl === undefined) return undefined;
      const args = call.args.map((a) => compile(a, inputScope));
      const instance = impl.create(
        args.map((a) => a.type),
        { ...aggregateOptions, arguments: args.map(aggregatorArgument) },
      );
      const index = slots.length;
      slots.push({ instance, update: compileUpdate(args.map((a) => a.evaluate)) });
      slotByCall.set(call, index);
      return slotAccessor(index);
    };
    const inputScope = withResolvers(base, (v) => base.resolve(v), resolveAggregate);
    const star = options.starAttributes;
    if (star !== undefined && base.allAttributes === undefined)
      inputScope.allAttributes = () => star;

    const attributes = selector.selectAll
      ? (options.starAttributes ?? []).map((v) => ({ name: v.attribute, expression: v }))
      : selector.attributes.map((a) => ({
          name: a.rename ?? outputName(a.expression),
          expression: a.expression,
        }));
    const compiled = attributes.map((a) => compile(a.expression, inputScope));
    this.outputNames = attributes.map((a) => a.name);
    this.outputTypes = compiled.map((c) => c.type);
    this.width = attributes.length;
    const projections = compiled.map((c) => c.evaluate);
    const hiddenInput = (v: Variable): number => {
      projections.push(base.resolve(v).read);
      return projections.length - 1;
    };
    const columns = orderColumns(
      selector.orderBy,
      this.outputNames,
      options.orderByInputs === true ? hiddenInput : undefined,
    );
    this.projections = projections;
    this.comparator = columns.length > 0 ? compileOrderBy(columns) : undefined;
    this.aggregatePositions = attributes.flatMap((a, i) =>
      a.expression.kind === 'function' && isAggregate(a.expression) ? [i] : [],
    );

    let having: Evaluator<C> | undefined;
    if (selector.having !== undefined) {
      const names = this.outputNames;
      const types = this.outputTypes;
      const havingScope = withResolvers(
        base,
        (v) => {
          const index = v.stream === undefined ? names.indexOf(v.attribute) : -1;
          if (index < 0) return base.resolve(v);
          return { type: types[index] ?? 'object', read: () => frame.row[index] };
        },
        resolveAggregate,
      );
      having = compile(selector.having, havingScope).evaluate;
    }
    this.having = having;
    this.slots = slots;
    this.containsAggregator = slots.length > 0;
    this.isGroupBy = selector.groupBy.length > 0;
    this.groupKey = this.isGroupBy ? compileGroupKey(selector.groupBy, base) : undefined;
    this.offset = selector.offset === undefined ? 0 : constantCount(selector.offset, 'offset');
    this.limit = selector.limit === undefined ? -1 : constantCount(selector.limit, 'limit');
  }
}

/**
 * A selector with its state. `process` takes one chunk and returns the output chunk (new events,
 * new data arrays); with group by, `groupKeys` then holds each output event's key (same indexes).
 * Built from options (compiled here) or from a `SelectorPlan` compiled once for many selectors.
 * @example
 * const selector = new QuerySelector({ selector: query.selector, scope, compile, aggregators });
 * const out = selector.process(chunk);
 * limiter.process(out, selector.groupKeys);
 */
export class QuerySelector<C extends ComplexEvent> {
  /** Names of the output attributes, in order. */
  readonly outputNames: readonly string[];
  readonly outputTypes: readonly AttributeType[];
  /** Output positions whose expression is exactly one aggregator call (snapshot rate limiting uses them). */
  readonly aggregatePositions: readonly number[];
  readonly isGroupBy: boolean;
  readonly containsAggregator: boolean;
  readonly batching: boolean;
  /** Group keys of the events returned by the last `process` call ('' for a forwarded reset). */
  groupKeys: readonly string[] = EMPTY_KEYS;

  private readonly plan: SelectorPlan<C>;
  private readonly currentOn: boolean;
  private readonly expiredOn: boolean;
  private readonly forwardResets: boolean;
  private readonly projections: readonly Evaluator<C>[];
  private readonly width: number;
  private readonly having: Evaluator<C> | undefined;
  private readonly slots: readonly AggregateSlot<C>[];
  private readonly aggValues: unknown[];
  private readonly groupKey: ((c: C) => string) | undefined;
  private readonly comparator: RowComparator | undefined;
  private readonly offset: number;
  private readonly limit: number;
  private singleStates: AggregatorState[] = [];
  private groups = new Map<string, GroupState>();
  private readonly touched: GroupState[] = [];
  private epoch = 0;
  /** The row being built (having reads output attributes from it). */
  private scratch: unknown[];
  private held: unknown[];

  constructor(options: QuerySelectorOptions<C> | SelectorPlan<C>) {
    const plan = options instanceof SelectorPlan ? options : new SelectorPlan(options);
    this.plan = plan;
    this.outputNames = plan.outputNames;
    this.outputTypes = plan.outputTypes;
    this.aggregatePositions = plan.aggregatePositions;
    this.isGroupBy = plan.isGroupBy;
    this.containsAggregator = plan.containsAggregator;
    this.batching = plan.batching;
    this.currentOn = plan.currentOn;
    this.expiredOn = plan.expiredOn;
    this.forwardResets = plan.forwardResets;
    this.projections = plan.projections;
    this.width = plan.width;
    this.having = plan.having;
    this.slots = plan.slots;
    this.groupKey = plan.groupKey;
    this.comparator = plan.comparator;
    this.offset = plan.offset;
    this.limit = plan.limit;
    this.aggValues = new Array<unknown>(plan.slots.length).fill(null);
    this.scratch = new Array<unknown>(plan.projections.length).fill(null);
    this.held = new Array<unknown>(plan.projections.length).fill(null);
    this.singleStates = this.newStates();
  }

  /** Processes one chunk; returns the events to pass to the output rate limiter (possibly none). */
  process(chunk: readonly C[]): StreamEvent[] {
    // the plan's closures read this selector's aggregate values
    this.plan.frame.values = this.aggValues;
    let out: StreamEvent[];
    let keys: string[] | undefined;
    if (this.isGroupBy) {
      keys = [];
      out = this.batching
        ? this.processInBatchGroupBy(chunk, keys)
        : this.processGroupBy(chunk, keys);
    } else if (this.batching && this.containsAggregator) {
      out = this.processInBatchNoGroupBy(chunk);
    } else {
      out = this.processNoGroupBy(chunk);
    }
    if (out.length > 0 && (this.comparator !== undefined || this.offset > 0 || this.limit >= 0)) {
      out = this.orderAndTrim(out, keys);
    } else if (keys !== undefined) {
      this.groupKeys = keys;
    } else {
      this.groupKeys = EMPTY_KEYS;
    }
    return out;
  }

  /** The aggregator states (per group key with group by), as plain data. */
  snapshot(): SelectorSnapshot {
    if (!this.isGroupBy) return { single: this.singleStates.map((s) => s.snapshot()) };
    const groups: (readonly [string, readonly unknown[]])[] = [];
    for (const [key, group] of this.groups)
      groups.push([key, group.states.map((s) => s.snapshot())]);
    return { groups };
  }

  /** Replaces the aggregator states by those of a `snapshot()`. */
  restore(snapshot: SelectorSnapshot): void {
    if (snapshot.single !== undefined) {
      const states = this.newStates();
      snapshot.single.forEach((s, i) => states[i]?.restore(s));
      this.singleStates = states;
    }
    if (snapshot.groups !== undefined) {
      this.groups = new Map();
      for (const [key, saved] of snapshot.groups) {
        const group = this.newGroup(key);
        saved.forEach((s, i) => group.states[i]?.restore(s));
        this.groups.set(key, group);
      }
    }
  }

  private newStates(): AggregatorState[] {
    return this.slots.map((s) => s.instance.newState());
  }

  private newGroup(key: string): GroupState {
    return {
      key,
      states: this.newStates(),
      row: new Array<unknown>(this.projections.length).fill(null),
      epoch: -1,
      timestamp: 0,
      type: 'current',
    };
  }

  /** Runs every aggregator of the query on one current (add) or expired (remove) event. */
  private aggregate(states: readonly AggregatorState[], c: C, add: boolean): void {
    const values = this.aggValues;
    let i = 0;
    for (const slot of this.slots) {
      const state = states[i];
      if (state !== undefined) values[i] = slot.update(state, c, add);
      i += 1;
    }
  }

  private resetAggregates(): void {
    if (this.slots.length === 0) return;
    const values = this.aggValues;
    const reset = (states: readonly AggregatorState[]): void => {
      let i = 0;
      for (const state of states) values[i++] = state.reset();
    };
    if (this.isGroupBy) for (const group of this.groups.values()) reset(group.states);
    else reset(this.singleStates);
  }

  private isOn(type: 'current' | 'expired'): boolean {
    return type === 'current' ? this.currentOn : this.expiredOn;
  }

  /** Projects `c` into `row`. */
  private project(c: C, row: unknown[]): void {
    const projections = this.projections;
    let i = 0;
    for (const projection of projections) row[i++] = projection(c);
  }

  /** Projects into the scratch row and applies `having`; true when the event qualifies. */
  private projectAndCheck(c: C): boolean {
    const row = this.scratch;
    this.project(c, row);
    if (this.having === undefined) return true;
    this.plan.frame.row = row;
    return this.having(c) === true;
  }

  private processNoGroupBy(chunk: readonly C[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    const aggregating = this.slots.length > 0;
    for (const c of chunk) {
      const type = c.type;
      if (type === 'current' || type === 'expired') {
        if (aggregating) this.aggregate(this.singleStates, c, type === 'current');
        if (!this.isOn(type)) continue;
        if (this.having === undefined) {
          const data = new Array<unknown>(this.projections.length);
          this.project(c, data);
          out.push({ timestamp: c.timestamp, type, data });
        } else if (this.projectAndCheck(c)) {
          out.push({ timestamp: c.timestamp, type, data: this.scratch.slice() });
        }
      } else if (type === 'reset') {
        this.resetAggregates();
        if (this.forwardResets) out.push({ timestamp: c.timestamp, type, data: [] });
      }
    }
    return out;
  }

  private processInBatchNoGroupBy(chunk: readonly C[]): StreamEvent[] {
    let found = false;
    let timestamp = 0;
    let lastType: 'current' | 'expired' = 'current';
    for (const c of chunk) {
      const type = c.type;
      if (type === 'current' || type === 'expired') {
        this.aggregate(this.singleStates, c, type === 'current');
        if (this.isOn(type) && this.projectAndCheck(c)) {
          const row = this.held;
          this.held = this.scratch;
          this.scratch = row;
          found = true;
          timestamp = c.timestamp;
          lastType = type;
        }
      } else if (type === 'reset') {
        this.resetAggregates();
      }
    }
    if (!found || this.offset > 0 || this.limit === 0) return [];
    return [{ timestamp, type: lastType, data: this.held.slice() }];
  }

  private groupOf(key: string): GroupState {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = this.newGroup(key);
      this.groups.set(key, group);
    }
    return group;
  }

  private processGroupBy(chunk: readonly C[], keys: string[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    const keyOf = this.groupKey as (c: C) => string;
    for (const c of chunk) {
      const type = c.type;
      if (type === 'current' || type === 'expired') {
        const key = keyOf(c);
        const group = this.groupOf(key);
        this.aggregate(group.states, c, type === 'current');
        if (this.isOn(type) && this.projectAndCheck(c)) {
          out.push({ timestamp: c.timestamp, type, data: this.scratch.slice() });
          keys.push(key);
        }
      } else if (type === 'reset') {
        this.resetAggregates();
      }
    }
    return out;
  }

  private processInBatchGroupBy(chunk: readonly C[], keys: string[]): StreamEvent[] {
    const epoch = ++this.epoch;
    const touched = this.touched;
    touched.length = 0;
    const keyOf = this.groupKey as (c: C) => string;
    for (const c of chunk) {
      const type = c.type;
      if (type === 'current' || type === 'expired') {
        const key = keyOf(c);
        const group = this.groupOf(key);
        this.aggregate(group.states, c, type === 'current');
        if (this.isOn(type) && this.projectAndCheck(c)) {
          if (group.epoch !== epoch) {
            group.epoch = epoch;
            touched.push(group);
          }
          const row = group.row;
          group.row = this.scratch;
          this.scratch = row;
          group.timestamp = c.timestamp;
          group.type = type;
        }
      } else if (type === 'reset') {
        this.resetAggregates();
      }
    }
    const out: StreamEvent[] = [];
    for (const group of touched) {
      out.push({ timestamp: group.timestamp, type: group.type, data: group.row.slice() });
      keys.push(group.key);
    }
    touched.length = 0;
    return out;
  }

  private orderAndTrim(out: StreamEvent[], keys: string[] | undefined): StreamEvent[] {
    let items: KeyedEvent[] = out.map((event, i) => ({ event, key: keys?.[i] ?? '' }));
    if (this.comparator !== undefined) sortRuns(items, this.comparator);
    if (this.offset > 0 || this.limit >= 0) {
      const kept: KeyedEvent[] = [];
      let skipped = 0;
      let taken = 0;
      for (const item of items) {
        if (item.event.type === 'reset') {
          kept.push(item);
        } else if (skipped < this.offset) {
          skipped += 1;
        } else if (this.limit < 0 || taken < this.limit) {
          taken += 1;
          kept.push(item);
        }
      }
      items = kept;
    }
    this.groupKeys = keys === undefined ? EMPTY_KEYS : items.map((i) => i.key);
    const width = this.width;
    const hidden = this.projections.length > width;
    return items.map((i) => {
      // the hidden order-by columns were only there to sort by
      if (hidden && i.event.type !== 'reset') i.event.data.length = width;
      return i.event;
    });
  }
}

/** A scope like `base` with its own attribute resolution and aggregate accessors. */
function withResolvers<C>(
  base: ExpressionScope<C>,
  resolve: (v: Variable) => ValueAccessor<C>,
  resolveAggregate: (call: FunctionCall) => ValueAccessor<C> | undefined,
): ExpressionScope<C> {
  const scope: ExpressionScope<C> = {
    resolve,
    timestamp: (c) => base.timestamp(c),
    resolveAggregate,
  };
  if (base.resolveStreamNull) scope.resolveStreamNull = base.resolveStreamNull.bind(base);
  if (base.resolveIn) scope.resolveIn = base.resolveIn.bind(base);
  if (base.resolveEventReference)
    scope.resolveEventReference = base.resolveEventReference.bind(base);
  if (base.allAttributes) scope.allAttributes = base.allAttributes.bind(base);
  return scope;
}

/** The per-event update of one aggregator, specialised by arity (no argument array for 0–2). */
function compileUpdate<C>(args: readonly Evaluator<C>[]): AggregateSlot<C>['update'] {
  const [a0, a1] = args;
  if (args.length === 0) return (state, _c, add) => (add ? state.add() : state.remove());
  if (args.length === 1 && a0 !== undefined) {
    return (state, c, add) => {
      const v0 = a0(c);
      return add ? state.add(v0) : state.remove(v0);
    };
  }
  if (args.length === 2 && a0 !== undefined && a1 !== undefined) {
    return (state, c, add) => {
      const v0 = a0(c);
      const v1 = a1(c);
      return add ? state.add(v0, v1) : state.remove(v0, v1);
    };
  }
  return (state, c, add) => {
    const values = args.map((a) => a(c));
    return add ? state.add(...values) : state.remove(...values);
  };
}

/** The name of an output attribute written without `as`: the attribute it references. */
function outputName(expression: Expression): string {
  if (expression.kind === 'variable') return expression.attribute;
  throw new Error(
    'an output expression other than an attribute reference needs a name (`as name`)',
  );
}

function constantCount(expression: Expression, what: string): number {
  if (
    expression.kind === 'constant' &&
    typeof expression.value === 'number' &&
    expression.value >= 0
  ) {
    return Math.trunc(expression.value);
  }
  throw new Error(`${what} must be a non-negative integer constant`);
}

/** What an aggregator is told about one compiled argument (constants carry their value). */
function aggregatorArgument<C>(a: CompiledExpression<C>): AggregatorArgument {
  if (!a.constant) return { type: a.type, constant: false };
  // a constant does not read its context
  return { type: a.type, constant: true, value: a.evaluate(undefined as unknown as C) };
}
