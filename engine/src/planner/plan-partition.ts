// Plans `partition with (…) begin … end`: the key functions of every partitioned stream, the
// receivers routing the outer streams into per-key instances, and the instance factory — each
// query planned through the app's query path against the instance's own junctions (`#inner`
// streams and its view of the outer streams), so every instance has its own state. Queries
// (single-input, joins, patterns) are compiled once into a template instantiated per key;
// stateless ones (filters and projections of a partitioned stream) are planned once and shared
// by all keys.

import type { AppSchemas } from '../compiler/validation/index.js';
import type {
  Annotation,
  InputStream,
  Partition,
  PartitionType,
  Query,
  SingleInputStream,
} from '../query-api/index.js';
import type { Lifecycle } from '../runtime/app/app-runtime.js';
import {
  PartitionInputJunction,
  PartitionRuntime,
  rangeKey,
  shareCallbacks,
  valueKey,
  type PartitionInstance,
  type PartitionKeyFunction,
  type PurgeOptions,
} from '../runtime/partition/index.js';
import { QueryOutput } from '../runtime/query/query-output.js';
import { StateRegistry } from '../runtime/state/state-registry.js';
import { StreamJunction, type ChunkReceiver } from '../runtime/stream/stream-junction.js';
import { parseTimeString } from '../runtime/time/index.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { PlanError } from './plan-error.js';
import {
  inputIdOf,
  type PlannedQuery,
  type QueryPlanContext,
  type QueryTemplate,
} from './plan-query.js';
import { withTableConditions } from './plan-tables.js';
import type { AggregatorLookup } from '../builtins/aggregators/index.js';
import { compileEventExpression } from './seams.js';

/** Plans one query of the app (single input, join, pattern…) against a context. */
export type QueryPlanner = (query: Query, name: string, ctx: QueryPlanContext) => PlannedQuery;

/** What planning a partition needs. */
export interface PartitionPlanInput {
  readonly partition: Partition;
  /** The name of each of the partition's queries (`@info(name=…)` or generated). */
  readonly names: ReadonlyMap<Query, string>;
  readonly schemas: AppSchemas;
  /** The app's context: its streams, tables, named windows, time, functions. */
  readonly context: QueryPlanContext;
  /** How the app plans a query; planned again for every key unless `templateOf` compiles it. */
  readonly planQuery: QueryPlanner;
  /**
   * Compiles a query once for every key (see `planQueryTemplate`, `planJoinTemplate`,
   * `planPatternTemplate`), or undefined for a query to plan again for every key.
   */
  readonly templateOf?: (
    query: Query,
    name: string,
    ctx: QueryPlanContext,
  ) => QueryTemplate | undefined;
}

/** A planned partition: its runtime (a lifecycle of the app) and its queries' outputs. */
export interface PlannedPartition {
  readonly runtime: PartitionRuntime;
  readonly lifecycle: Lifecycle;
  /** The output of every query by name, where query callbacks of all instances are registered. */
  readonly outputs: ReadonlyMap<string, QueryOutput>;
}

/** Every single input a query reads (join sides, pattern and sequence states, nested queries). */
function singleInputsOf(input: InputStream): SingleInputStream[] {
  const out: SingleInputStream[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.kind === 'single') {
      out.push(node as SingleInputStream);
      return;
    }
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'span') visit(value);
    }
  };
  visit(input);
  return out;
}

/** True when `node` (any part of the model) calls an aggregator. */
function callsAggregator(node: unknown, aggregators: AggregatorLookup): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some((item) => callsAggregator(item, aggregators));
  const record = node as Record<string, unknown>;
  if (
    record.kind === 'function' &&
    typeof record.name === 'string' &&
    aggregators.get(typeof record.namespace === 'string' ? record.namespace : '', record.name) !==
      undefined
  ) {
    return true;
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'span' && callsAggregator(value, aggregators)) return true;
  }
  return false;
}

/**
 * True when `query` keeps nothing between chunks, so one planned copy can serve every key: it
 * reads a stream the partition keys, through filters only, without aggregators, group by or rate
 * limiting, and does not insert into an inner stream (whose readers need the key).
 */
function isStateless(query: Query, keyed: ReadonlySet<string>, ctx: QueryPlanContext): boolean {
  const input = query.input;
  if (input.kind !== 'single' || input.inner === true || input.fault === true) return false;
  if (!keyed.has(input.streamId) || ctx.namedWindow?.(input.streamId) !== undefined) return false;
  if (!input.handlers.every((h) => h.kind === 'filter')) return false;
  if (query.outputRate !== undefined || query.selector.groupBy.length > 0) return false;
  if (query.output.kind === 'insert' && query.output.inner === true) return false;
  const { aggregators } = ctx.extensions;
  return (
    !callsAggregator(query.selector, aggregators) && !callsAggregator(input.handlers, aggregators)
  );
}

function annotationValue(annotation: Annotation, key: string): string | undefined {
  return annotation.elements.find((e) => e.key?.toLowerCase() === key)?.value;
}

/** `@purge(enable='true', interval='…', idle.period='…')`; the interval defaults to 5 min (as Siddhi). */
export function purgeOptionsOf(partition: Partition): PurgeOptions | undefined {
  const purge = partition.annotations.find((a) => a.name.toLowerCase() === 'purge');
  if (purge === undefined) return undefined;
  if (annotationValue(purge, 'enable')?.toLowerCase() !== 'true') return undefined;
  const idle = annotationValue(purge, 'idle.period');
  const interval = annotationValue(purge, 'interval');
  const idlePeriod = idle === undefined ? undefined : parseTimeString(idle);
  if (idlePeriod === undefined) {
    throw new PlanError({
      severity: 'error',
      code: 'E_INVALID_ANNOTATION',
      message: "@purge needs 'idle.period', a time such as '1 min'",
      span: purge.span,
    });
  }
  const every = interval === undefined ? 300_000 : (parseTimeString(interval) ?? 300_000);
  return { interval: Math.max(1, every), idlePeriod };
}

function keyFunctionsOf(
  type: PartitionType,
  attributes: readonly ScopeAttribute[],
  ctx: QueryPlanContext,
): PartitionKeyFunction[] {
  const scope = withTableConditions(
    eventScope(type.streamId, undefined, attributes),
    ctx.tables,
    ctx.functions,
  );
  if (type.kind === 'valuePartition') {
    const compiled = compileEventExpression(type.expression, scope, ctx.functions);
    return [valueKey(compiled.evaluate, compiled.type)];
  }
  return type.ranges.map((range) =>
    rangeKey(compileEventExpression(range.condition, scope, ctx.functions).evaluate, range.label),
  );
}

/**
 * Plans `partition`: compiles its keys once, checks its queries by planning them once, and
 * subscribes the partition's receivers to the app's streams.
 * @example
 * const { lifecycle, outputs } = planPartition({ partition, names, schemas, context, planQuery });
 */
export function planPartition(input: PartitionPlanInput): PlannedPartition {
  const { partition, schemas, context: ctx } = input;

  // Inner streams: their schema is that of the first query inserting into them.
  const innerAttributes = new Map<string, readonly ScopeAttribute[]>();
  for (const query of partition.queries) {
    const out = query.output;
    if (out.kind !== 'insert' || out.inner !== true) continue;
    const id = `#${out.target}`;
    const attributes = schemas.queries.get(query);
    if (attributes !== undefined && !innerAttributes.has(id)) {
      innerAttributes.set(
        id,
        attributes.map((a) => ({ name: a.name, type: a.type ?? 'object' })),
      );
    }
  }

  // Outer streams the queries read: each instance gets its own view of them.
  const outerIds: string[] = [];
  for (const query of partition.queries) {
    for (const single of singleInputsOf(query.input)) {
      const id = inputIdOf(single);
      if (single.inner === true || outerIds.includes(id)) continue;
      if (ctx.junction(id) !== undefined) outerIds.push(id);
    }
  }

  const keyed = new Set(partition.partitionTypes.map((t) => t.streamId));
  const outputs = new Map<string, QueryOutput>();
  const planned = partition.queries.map((query) => {
    const name = input.names.get(query) ?? '';
    const shared = new QueryOutput(undefined);
    outputs.set(name, shared);
    return { query, name, shared, stateless: isStateless(query, keyed, ctx) };
  });

  // Stateless queries: planned once, on their own view of their input, shared by every key.
  const sharedLifecycles: Lifecycle[] = [];
  const sharedReceivers = new Map<Query, ChunkReceiver>();
  for (const { query, name, shared, stateless } of planned) {
    const single = query.input;
    if (!stateless || single.kind !== 'single') continue;
    const outer = ctx.junction(single.streamId);
    if (outer === undefined) continue;
    const view = new PartitionInputJunction(outer, ctx.logger);
    const result = input.planQuery(query, name, {
      ...ctx,
      junction: (id) => (id === single.streamId ? view : ctx.junction(id)),
      // Nothing to snapshot: the query keeps no state.
      state: new StateRegistry(),
    });
    shareCallbacks(result.output, shared);
    if (result.lifecycle !== undefined) sharedLifecycles.push(result.lifecycle);
    sharedReceivers.set(query, {
      receive: (chunk) => {
        view.deliverToInstance(chunk);
      },
    });
  }

  const templates = new Map<Query, QueryTemplate | null>();
  const createInstance = (): PartitionInstance => {
    const inputs = new Map<string, PartitionInputJunction>();
    const locals = new Map<string, StreamJunction>();
    for (const id of outerIds) {
      const outer = ctx.junction(id);
      if (outer === undefined) continue;
      const view = new PartitionInputJunction(outer, ctx.logger);
      inputs.set(id, view);
      locals.set(id, view);
    }
    for (const [id, attributes] of innerAttributes) {
      locals.set(id, new StreamJunction(id, attributes.length, ctx.logger));
    }
    // Each instance's queries register their state here, not in the app's registry.
    const state = new StateRegistry();
    const instanceContext: QueryPlanContext = {
      ...ctx,
      junction: (id) => locals.get(id) ?? ctx.junction(id),
      attributes: (id) => innerAttributes.get(id) ?? ctx.attributes(id),
      state,
    };
    const lifecycles: Lifecycle[] = [];
    for (const { query, name, shared } of planned) {
      const receiver = sharedReceivers.get(query);
      if (receiver !== undefined) {
        // The shared chain, in query order among the instance's own queries.
        if (query.input.kind === 'single') inputs.get(query.input.streamId)?.subscribe(receiver);
        continue;
      }
      // Compiled with the first key's context; only its junctions and state differ per key.
      let template = templates.get(query);
      if (template === undefined && input.templateOf !== undefined) {
        template = input.templateOf(query, name, instanceContext) ?? null;
        templates.set(query, template);
      }
      const result =
        template === undefined || template === null
          ? input.planQuery(query, name, instanceContext)
          : template.instantiate(instanceContext);
      shareCallbacks(result.output, shared);
      if (result.lifecycle !== undefined) lifecycles.push(result.lifecycle);
    }
    return {
      inputs,
      start: () => {
        for (const l of lifecycles) l.start();
      },
      stop: () => {
        for (let i = lifecycles.length - 1; i >= 0; i -= 1) lifecycles[i]?.stop();
      },
      snapshot: () => state.snapshotAll(),
      restore: (saved) => {
        state.restoreAll(saved);
      },
    };
  };

  // Without per-key state, keys get no instance: their chunks go straight to the shared chains.
  const perKey = planned.some((p) => !sharedReceivers.has(p.query));
  // Planned once here so that every problem is reported when the app is created.
  if (perKey) createInstance();

  const purge = purgeOptionsOf(partition);
  const runtime = new PartitionRuntime({
    ...(perKey
      ? { create: createInstance }
      : { direct: directReceivers(planned, sharedReceivers) }),
    time: ctx.time,
    ...(purge === undefined ? {} : { purge }),
  });
  const keysByStream = new Map<string, PartitionKeyFunction[]>();
  for (const type of partition.partitionTypes) {
    const attributes = ctx.attributes(type.streamId);
    if (attributes === undefined) continue;
    const keys = keysByStream.get(type.streamId) ?? [];
    keys.push(...keyFunctionsOf(type, attributes, ctx));
    keysByStream.set(type.streamId, keys);
  }
  for (const id of outerIds) {
    ctx.junction(id)?.subscribe(runtime.receiver(id, keysByStream.get(id) ?? []));
  }
  const lifecycle: Lifecycle =
    sharedLifecycles.length === 0
      ? runtime
      : {
          start: () => {
            for (const l of sharedLifecycles) l.start();
            runtime.start();
          },
          stop: () => {
            runtime.stop();
            for (const l of sharedLifecycles) l.stop();
          },
        };
  return { runtime, lifecycle, outputs };
}

/** Per stream, one receiver handing a chunk to the shared chains reading it, in query order. */
function directReceivers(
  planned: readonly { readonly query: Query }[],
  shared: ReadonlyMap<Query, ChunkReceiver>,
): Map<string, ChunkReceiver> {
  const byStream = new Map<string, ChunkReceiver[]>();
  for (const { query } of planned) {
    const receiver = shared.get(query);
    if (receiver === undefined || query.input.kind !== 'single') continue;
    const list = byStream.get(query.input.streamId) ?? [];
    list.push(receiver);
    byStream.set(query.input.streamId, list);
  }
  const out = new Map<string, ChunkReceiver>();
  for (const [id, list] of byStream) {
    const [only] = list;
    out.set(
      id,
      list.length === 1 && only !== undefined
        ? only
        : {
            receive: (chunk) => {
              for (const r of list) r.receive(chunk);
            },
          },
    );
  }
  return out;
}
