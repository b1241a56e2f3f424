// Plans incremental aggregations (`define aggregation A from S … aggregate [by ts] every …`):
// compiles the timestamp, group key, aggregate arguments and selected values once, subscribes
// the aggregation to its input stream, and builds the readers that joins (`within … per …`)
// and on-demand queries (`from A within … per …`) use.

import {
  elementValue,
  findAnnotations,
  parseDurationName,
} from '../compiler/validation/annotations.js';
import type { AppSchemas } from '../compiler/validation/index.js';
import type { Diagnostic } from '../compiler/diagnostic.js';
import { runtimeMessages } from '../errors/messages.js';
import {
  TIME_UNIT_MILLIS,
  type AggregationDefinition,
  type Expression,
  type FunctionCall,
  type SiddhiApp,
  type Span,
  type StoreInput,
  type TimeUnit,
  type WithinRange,
} from '../query-api/index.js';
import {
  AGGREGATION_DURATIONS,
  BucketColumns,
  DURATION_TABLE_SUFFIX,
  IncrementalAggregation,
  parseAggregationDate,
  readAggregation,
  type AggregationBucket,
  type AggregationRead,
  type IncrementalAggregate,
  type PurgeSettings,
  TableGranularityStore,
} from '../runtime/aggregation/index.js';
import type { Logger } from '../runtime/app/logger.js';
import type { StreamEvent } from '../runtime/event/event.js';
import { compileExpression, ExpressionCompileError } from '../runtime/expression/index.js';
import type {
  Evaluator,
  ExpressionScope,
  FunctionContext,
  ValueAccessor,
} from '../runtime/expression/types.js';
import { FilterProcessor } from '../runtime/processor/filter-processor.js';
import type { LinkedProcessor, Processor } from '../runtime/processor/processor.js';
import type { StreamJunction } from '../runtime/stream/stream-junction.js';
import { parseTimeString } from '../runtime/time/index.js';
import type { Table, TableFactory, TableSchema } from '../runtime/table/index.js';
import type { Clock, Scheduler } from '../runtime/time/time-service.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { PlanError } from './plan-error.js';
import { createStoreTable } from './plan-tables.js';
import type { SystemParameters } from './system-parameters.js';
import type { Registry } from '../extension-api/registry-types.js';
import type { AggregatorLookup } from '../builtins/aggregators/index.js';

/** What planning aggregations needs from the app. */
export interface AggregationPlanContext {
  readonly appName: string;
  readonly junction: (id: string) => StreamJunction | undefined;
  readonly attributes: (id: string) => readonly ScopeAttribute[] | undefined;
  readonly functions: FunctionContext;
  /** The aggregators of the app's extension registry. */
  readonly aggregators: AggregatorLookup;
  readonly time: Clock & Scheduler;
  readonly logger: Logger;
  /** Where `@store(type=…)` finds its store: legacy factories, then the registry's stores. */
  readonly stores?: readonly TableFactory[];
  readonly extensions?: Registry;
  /** Values configured per store (`'store:rdbms'`), under the `@store` annotation's. */
  readonly systemParameters?: SystemParameters;
}

/** Siddhi's purging defaults: every 15 min; seconds 120 s, minutes 24 h, hours 30 days, days a year. */
const DEFAULT_PURGE: PurgeSettings = {
  interval: 15 * TIME_UNIT_MILLIS.min,
  retention: {
    sec: 120 * TIME_UNIT_MILLIS.sec,
    min: 24 * TIME_UNIT_MILLIS.hour,
    hour: 30 * TIME_UNIT_MILLIS.day,
    day: TIME_UNIT_MILLIS.year,
  },
};

function planError(message: string, span: Span): PlanError {
  return new PlanError({
    severity: 'error',
    code: 'E_PLAN_FAILED',
    message: runtimeMessages.E_PLAN_FAILED(message),
    span,
  });
}

/** The durations of `every …`, shortest first. */
export function aggregationDurations(def: AggregationDefinition): TimeUnit[] {
  const p = def.periods;
  if (p.kind === 'list') return AGGREGATION_DURATIONS.filter((d) => p.units.includes(d));
  const from = AGGREGATION_DURATIONS.indexOf(p.from);
  const to = AGGREGATION_DURATIONS.indexOf(p.to);
  return AGGREGATION_DURATIONS.slice(from, to + 1);
}

/** `@purge(enable, interval, @retentionPeriod(sec='…', …))`; enabled with defaults when absent. */
function purgeSettings(def: AggregationDefinition): PurgeSettings | undefined {
  const [purge] = findAnnotations(def.annotations, 'purge');
  if (purge === undefined) return DEFAULT_PURGE;
  if (elementValue(purge, 'enable')?.trim().toLowerCase() === 'false') return undefined;
  const intervalText = elementValue(purge, 'interval');
  const interval =
    intervalText === undefined ? DEFAULT_PURGE.interval : parseTimeString(intervalText);
  if (interval === undefined || interval <= 0) {
    throw planError(`@purge interval '${intervalText ?? ''}' is not a time`, purge.span);
  }
  const retention: Partial<Record<TimeUnit, number>> = { ...DEFAULT_PURGE.retention };
  for (const period of findAnnotations(purge.annotations, 'retentionPeriod')) {
    for (const e of period.elements) {
      const unit = parseDurationName(e.key ?? '');
      if (unit === undefined) continue;
      if (e.value.trim().toLowerCase() === 'all') {
        retention[unit] = undefined;
        continue;
      }
      const ms = parseTimeString(e.value);
      if (ms === undefined) throw planError(`retention '${e.value}' is not a time`, period.span);
      retention[unit] = ms;
    }
  }
  return { interval, retention };
}

function timestampOf(
  def: AggregationDefinition,
  scope: ExpressionScope<StreamEvent>,
  functions: FunctionContext,
): (event: StreamEvent) => number | undefined {
  const by = def.aggregateBy;
  if (by === undefined) return (event) => event.timestamp;
  const read = compileExpression(by, scope, functions).evaluate;
  return (event) => {
    const value = read(event);
    if (typeof value === 'number') return value;
    if (typeof value === 'string') return parseAggregationDate(value);
    return undefined;
  };
}

function groupKeyOf(
  def: AggregationDefinition,
  scope: ExpressionScope<StreamEvent>,
  functions: FunctionContext,
): ((event: StreamEvent) => string) | undefined {
  const reads = def.selector.groupBy.map((v) => compileExpression(v, scope, functions).evaluate);
  const [only] = reads;
  if (only === undefined) return undefined;
  if (reads.length === 1) {
    return (event) => {
      const value = only(event);
      return typeof value === 'string' ? `s${value}` : `${typeof value}${String(value)}`;
    };
  }
  return (event) => JSON.stringify(reads.map((read) => read(event)));
}

/** What compiling the selected values over buckets found: the aggregate calls, the values read. */
interface BucketReads {
  readonly aggregates: IncrementalAggregate[];
  /** The function name of each aggregate (names its store columns). */
  readonly names: string[];
  /** Input positions read from a bucket's latest event. */
  readonly kept: Set<number>;
}

/** The selected values over buckets: aggregate calls read the bucket's states, the rest its latest event. */
function bucketScope(
  input: ExpressionScope<StreamEvent>,
  attributes: readonly ScopeAttribute[],
  functions: FunctionContext,
  aggregators: AggregatorLookup,
  reads: BucketReads,
): ExpressionScope<AggregationBucket> {
  const { aggregates } = reads;
  return {
    resolve(v): ValueAccessor<AggregationBucket> {
      const accessor = input.resolve(v);
      const index = attributes.findIndex((a) => a.name === v.attribute);
      reads.kept.add(index);
      return { type: accessor.type, read: (b) => b.latest[index] ?? null };
    },
    timestamp: (b) => b.latestTimestamp,
    resolveAggregate(call: FunctionCall): ValueAccessor<AggregationBucket> | undefined {
      const implementation = aggregators.get(call.namespace ?? '', call.name);
      if (implementation === undefined) return undefined;
      const args = call.args.map((a) => compileExpression(a, input, functions));
      const instance = implementation.create(
        args.map((a) => a.type),
        { removes: false },
      );
      const index = aggregates.length;
      aggregates.push({ instance, args: args.map((a) => a.evaluate) });
      reads.names.push(call.name);
      return { type: instance.returnType, read: (b) => b.values[index] ?? null };
    },
  };
}

/** An aggregation's granularity tables (`@store`), by duration, or why they cannot be made. */
function storeTables(
  def: AggregationDefinition,
  columns: BucketColumns,
  durations: readonly TimeUnit[],
  ctx: AggregationPlanContext,
  diagnostics: Diagnostic[],
): Map<TimeUnit, Table> | undefined {
  const [annotation] = findAnnotations(def.annotations, 'store');
  if (annotation === undefined) return undefined;
  const store: Record<string, string> = {};
  for (const e of annotation.elements) {
    if (e.key !== undefined) store[e.key.toLowerCase()] = e.value;
  }
  const tables = new Map<TimeUnit, Table>();
  for (const duration of durations) {
    const schema: TableSchema = {
      id: `${def.id}_${DURATION_TABLE_SUFFIX[duration] ?? duration.toUpperCase()}`,
      attributes: columns.attributes,
      primaryKey: columns.primaryKey,
      indexes: [],
      store,
    };
    const created = createStoreTable(schema, annotation, ctx.stores ?? [], ctx);
    if ('diagnostics' in created) {
      diagnostics.push(...created.diagnostics);
      return undefined;
    }
    tables.set(duration, created.table);
  }
  return tables;
}

/** One planned aggregation and its granularity tables (none without `@store`). */
interface PlannedAggregation {
  readonly aggregation: IncrementalAggregation;
  readonly tables: readonly Table[];
}

function planAggregation(
  def: AggregationDefinition,
  schemas: AppSchemas,
  ctx: AggregationPlanContext,
  diagnostics: Diagnostic[],
): PlannedAggregation | undefined {
  const input = def.input;
  const attributes = ctx.attributes(input.streamId);
  const junction = ctx.junction(input.streamId);
  if (attributes === undefined || junction === undefined) {
    throw planError(`no stream '${input.streamId}'`, input.span);
  }
  const { functions } = ctx;
  const scope = eventScope(input.streamId, input.alias, attributes);
  const reads: BucketReads = { aggregates: [], names: [], kept: new Set() };
  const { aggregates } = reads;
  const overBuckets = bucketScope(scope, attributes, functions, ctx.aggregators, reads);
  const selected = def.selector.selectAll
    ? attributes.map((a) => ({
        expression: { kind: 'variable' as const, span: def.span, attribute: a.name },
      }))
    : def.selector.attributes;
  const outputs = selected.map((a) => compileExpression(a.expression, overBuckets, functions));
  const names = schemas.elements.get(def.id)?.attributes.map((a) => a.name) ?? [];
  const rowAttributes: ScopeAttribute[] = [
    { name: 'AGG_TIMESTAMP', type: 'long' },
    ...outputs.map((o, i) => ({ name: names[i + 1] ?? `_${String(i)}`, type: o.type })),
  ];
  const groupKey = groupKeyOf(def, scope, functions);
  const purge = purgeSettings(def);
  const durations = aggregationDurations(def);
  const columns = new BucketColumns({
    input: attributes,
    kept: [...reads.kept],
    groupBy: def.selector.groupBy.map((v) => attributes.findIndex((a) => a.name === v.attribute)),
    aggregates: aggregates.map((a, i) => ({ name: reads.names[i] ?? 'agg', instance: a.instance })),
  });
  const tables = storeTables(def, columns, durations, ctx, diagnostics);
  if (diagnostics.length > 0) return undefined;
  const keyOf = (bucket: AggregationBucket): string =>
    groupKey === undefined
      ? ''
      : groupKey({ timestamp: bucket.latestTimestamp, type: 'current', data: [...bucket.latest] });
  const aggregation = new IncrementalAggregation({
    id: def.id,
    attributes: rowAttributes,
    durations,
    timestampOf: timestampOf(def, scope, functions),
    ...(groupKey === undefined ? {} : { groupKey }),
    aggregates,
    outputs: outputs.map((o) => o.evaluate),
    ...(purge === undefined ? {} : { purge }),
    time: ctx.time,
    logger: ctx.logger,
    ...(tables === undefined
      ? {}
      : {
          stores: (duration: TimeUnit) => {
            const table = tables.get(duration);
            if (table === undefined) throw new RangeError(`no table per ${duration}`);
            return new TableGranularityStore(table, columns, keyOf, functions);
          },
        }),
  });
  const stages: LinkedProcessor[] = [];
  for (const handler of input.handlers) {
    if (handler.kind !== 'filter') {
      throw new PlanError({
        severity: 'error',
        code: 'E_UNSUPPORTED_FEATURE',
        message: runtimeMessages.E_UNSUPPORTED_FEATURE(
          'windows and stream functions on aggregation inputs',
        ),
        span: handler.span,
      });
    }
    stages.push(
      new FilterProcessor(compileExpression(handler.condition, scope, functions).evaluate),
    );
  }
  let head: Processor = aggregation;
  for (const stage of [...stages].reverse()) {
    stage.next = head;
    head = stage;
  }
  junction.subscribe({
    receive: (chunk) => {
      head.process(chunk);
    },
  });
  return { aggregation, tables: [...(tables?.values() ?? [])] };
}

/**
 * Plans every aggregation of `app`; each is a lifecycle (its purge timer) and reads its input.
 * `tables` are the granularity tables of `@store` aggregations (`A_SECONDS`, `A_MINUTES`, …).
 * @example
 * const { aggregations, tables } = planAggregations(app, schemas, context);
 */
export function planAggregations(
  app: SiddhiApp,
  schemas: AppSchemas,
  ctx: AggregationPlanContext,
): {
  aggregations: Map<string, IncrementalAggregation>;
  tables: Table[];
  diagnostics: Diagnostic[];
} {
  const aggregations = new Map<string, IncrementalAggregation>();
  const tables: Table[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const def of app.definitions) {
    if (def.kind !== 'aggregation') continue;
    try {
      const planned = planAggregation(def, schemas, ctx, diagnostics);
      if (planned === undefined) continue;
      aggregations.set(def.id, planned.aggregation);
      tables.push(...planned.tables);
    } catch (error) {
      if (error instanceof PlanError) diagnostics.push(error.diagnostic);
      else {
        diagnostics.push({
          severity: 'error',
          code: error instanceof ExpressionCompileError ? error.code : 'E_PLAN_FAILED',
          message:
            error instanceof ExpressionCompileError
              ? error.message
              : runtimeMessages.E_PLAN_FAILED(
                  error instanceof Error ? error.message : String(error),
                ),
          span: def.span,
        });
      }
    }
  }
  return { aggregations, tables, diagnostics };
}

/**
 * Compiles `within … per …` over the reader's scope (a join's, or an empty one on demand).
 * @example
 * const read = compileAggregationRead(join.within, join.per, scope, functions, join.span);
 */
export function compileAggregationRead<C>(
  within: WithinRange | undefined,
  per: Expression | undefined,
  scope: ExpressionScope<C>,
  functions: FunctionContext,
  span: Span,
): AggregationRead<C> {
  if (per === undefined) throw planError("reading an aggregation needs 'per <duration>'", span);
  const compile = (e: Expression): Evaluator<C> => compileExpression(e, scope, functions).evaluate;
  return {
    per: compile(per),
    ...(within === undefined ? {} : { start: compile(within.start) }),
    ...(within?.end === undefined ? {} : { end: compile(within.end) }),
  };
}

const NO_ATTRIBUTES = eventScope('', undefined, []);
const EMPTY_EVENT: StreamEvent = { timestamp: 0, type: 'current', data: [] };

/**
 * The input of an on-demand query `from A [on cond] within … per …`: the rows the range selects,
 * filtered by `on`, as events stamped with the query time.
 * @example
 * const { attributes, read } = planAggregationStoreInput(source, aggregation, functions);
 */
export function planAggregationStoreInput(
  source: StoreInput,
  aggregation: IncrementalAggregation,
  functions: FunctionContext,
): { attributes: readonly ScopeAttribute[]; read: (timestamp: number) => StreamEvent[] } {
  const attributes = aggregation.attributes;
  const range = compileAggregationRead(
    source.within,
    source.per,
    NO_ATTRIBUTES,
    functions,
    source.span,
  );
  const on =
    source.on === undefined
      ? undefined
      : compileExpression(
          source.on,
          eventScope(source.storeId, source.alias, attributes),
          functions,
        ).evaluate;
  return {
    attributes,
    read: (timestamp) => {
      const events: StreamEvent[] = [];
      for (const data of readAggregation(aggregation, range, EMPTY_EVENT)) {
        const event: StreamEvent = { timestamp, type: 'current', data };
        if (on === undefined || on(event) === true) events.push(event);
      }
      return events;
    },
  };
}
