// Plans a validated app into a runtime graph: one junction per stream (defined, inferred from
// `insert into`, trigger and fault streams), the triggers, and every query's processor chain.

import type { Diagnostic } from '../compiler/diagnostic.js';
import type { AppSchemas } from '../compiler/validation/index.js';
import { runtimeMessages } from '../errors/messages.js';
import type { Registry } from '../extension-api/registry-types.js';
import type { Query, SiddhiApp, StreamDefinition } from '../query-api/index.js';
import type { AppScheduler } from '../runtime/app/app-scheduler.js';
import type { Lifecycle, StreamInfo } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';
import { ExpressionCompileError } from '../runtime/expression/index.js';
import type { FunctionContext } from '../runtime/expression/types.js';
import type { QueryOutput } from '../runtime/query/query-output.js';
import type { BackoffOptions } from '../runtime/io/backoff.js';
import type { ErrorStore } from '../runtime/io/error-store.js';
import type { IoRuntime } from '../runtime/io/io-runtime.js';
import type { StateRegistry } from '../runtime/state/state-registry.js';
import {
  AsyncStreamJunction,
  type AsyncSettings,
} from '../runtime/stream/async-stream-junction.js';
import { StreamJunction } from '../runtime/stream/stream-junction.js';
import type { Table, TableFactory } from '../runtime/table/index.js';
import { TriggerRuntime } from '../runtime/trigger/index.js';
import type { ScopeAttribute } from './event-scope.js';
import type { IncrementalAggregation } from '../runtime/aggregation/index.js';
import { planAggregations } from './plan-aggregation.js';
import { planIo } from './plan-io.js';
import { planJoin, planJoinTemplate } from './plan-join.js';
import { planPattern, planPatternTemplate } from './plan-pattern.js';
import { planNamedWindows } from './plan-named-window.js';
import { planPartition, type QueryPlanner } from './plan-partition.js';
import { PlanError, planQuery, planQueryTemplate, queryNameOf } from './plan-query.js';
import { planTables } from './plan-tables.js';
import type { SystemParameters } from './system-parameters.js';
import { unsupportedFeatures } from './unsupported.js';

/** What planning needs besides the model. */
export interface PlanOptions {
  readonly appName: string;
  readonly time: AppScheduler;
  readonly logger: Logger;
  readonly functions: FunctionContext;
  /** The app's extensions (windows, aggregators, stream processors, stores…). */
  readonly extensions: Registry;
  /** Share filter evaluation between the queries of a stream (default true); see StreamJunction. */
  readonly predicateIndex?: boolean;
  /** Stores `@store(type=…)` tables may use (in-memory tables need none). */
  readonly stores?: readonly TableFactory[];
  /** Where every stateful element registers for snapshots (see runtime/state). */
  readonly state?: StateRegistry;
  /** Where `on.error='STORE'`, `@OnError(action='STORE')` and bad source payloads go. */
  readonly errorStore?: ErrorStore;
  /** Reconnect backoff of sources and sinks (Siddhi's sequence by default). */
  readonly backoff?: BackoffOptions;
  /** Values configured per extension (`'source:kafka'`…), under the values apps give. */
  readonly systemParameters?: SystemParameters;
}

/** The runtime graph of an app, or the reasons it cannot run. */
export type PlanResult =
  | {
      readonly ok: true;
      readonly streams: ReadonlyMap<string, StreamInfo>;
      readonly queries: ReadonlyMap<string, QueryOutput>;
      readonly lifecycles: readonly Lifecycle[];
      readonly tables: ReadonlyMap<string, Table>;
      readonly aggregations: ReadonlyMap<string, IncrementalAggregation>;
      /** The app's sources and sinks. */
      readonly io: IoRuntime;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function onErrorStream(def: StreamDefinition): boolean {
  return def.annotations.some(
    (a) =>
      a.name.toLowerCase() === 'onerror' &&
      a.elements.some(
        (e) => e.key?.toLowerCase() === 'action' && e.value.toLowerCase() === 'stream',
      ),
  );
}

/** `@Async(buffer.size='…', workers='…', batch.size.max='…')` of a stream, if it has one. */
export function asyncSettingsOf(def: StreamDefinition): AsyncSettings | undefined {
  const annotation = def.annotations.find((a) => a.name.toLowerCase() === 'async');
  if (annotation === undefined) return undefined;
  const read = (key: string, fallback: number): number => {
    const value = annotation.elements.find((e) => e.key?.toLowerCase() === key)?.value;
    const n = value === undefined ? NaN : Number(value);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const bufferSize = read('buffer.size', 1024);
  return {
    bufferSize,
    workers: read('workers', 1),
    batchSizeMax: read('batch.size.max', bufferSize),
  };
}

/**
 * Plans `app` (already validated, with its schemas).
 * @example
 * const plan = planApp(app, resolveSchemas(app, builtinCatalog), options);
 */
export function planApp(app: SiddhiApp, schemas: AppSchemas, options: PlanOptions): PlanResult {
  const unsupported = unsupportedFeatures(app, schemas);
  if (unsupported.length > 0) return { ok: false, diagnostics: unsupported };
  const planned = planTables(app, options.stores ?? [], options);
  if (planned.diagnostics.length > 0) return { ok: false, diagnostics: planned.diagnostics };
  const tables = new Map(planned.tables);
  for (const [id, table] of tables) options.state?.register(`table:${id}`, table);
  const named = planNamedWindows(app, options);
  if (named.diagnostics.length > 0) return { ok: false, diagnostics: named.diagnostics };
  const namedWindows = named.windows;

  const asyncSettings = new Map<string, AsyncSettings>();
  for (const def of app.definitions) {
    const settings = def.kind === 'stream' ? asyncSettingsOf(def) : undefined;
    if (settings !== undefined) asyncSettings.set(def.id, settings);
  }
  const streams = new Map<string, StreamInfo>();
  for (const [id, element] of schemas.elements) {
    if (element.kind !== 'stream' && element.kind !== 'trigger') continue;
    const attributes: ScopeAttribute[] = element.attributes.map((a) => ({
      name: a.name,
      type: a.type ?? 'object',
    }));
    const junctionOptions = { predicateIndex: options.predicateIndex ?? true };
    const async = asyncSettings.get(id);
    streams.set(id, {
      id,
      attributes,
      junction:
        async === undefined
          ? new StreamJunction(id, attributes.length, options.logger, junctionOptions)
          : new AsyncStreamJunction(id, attributes.length, options.logger, async, junctionOptions),
    });
  }
  for (const def of app.definitions) {
    if (def.kind === 'stream' && onErrorStream(def)) {
      const stream = streams.get(def.id);
      if (stream !== undefined) stream.junction.faultJunction = streams.get(`!${def.id}`)?.junction;
    }
  }
  const plannedIo = planIo(app, streams, {
    appName: options.appName,
    extensions: options.extensions,
    logger: options.logger,
    time: options.time,
    ...(options.errorStore === undefined ? {} : { errorStore: options.errorStore }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.state === undefined ? {} : { state: options.state }),
    ...(options.systemParameters === undefined
      ? {}
      : { systemParameters: options.systemParameters }),
  });
  if (plannedIo.diagnostics.length > 0) return { ok: false, diagnostics: plannedIo.diagnostics };

  const lifecycles: Lifecycle[] = [...namedWindows.values()];
  for (const def of app.definitions) {
    if (def.kind !== 'trigger') continue;
    const junction = streams.get(def.id)?.junction;
    if (junction === undefined) continue;
    lifecycles.push(
      new TriggerRuntime(def, options.time, (event) => {
        junction.send([event]);
      }),
    );
  }

  const plannedAggregations = planAggregations(app, schemas, {
    appName: options.appName,
    junction: (id) => streams.get(id)?.junction,
    attributes: (id) => streams.get(id)?.attributes,
    functions: options.functions,
    aggregators: options.extensions.aggregators,
    time: options.time,
    logger: options.logger,
    extensions: options.extensions,
    ...(options.stores === undefined ? {} : { stores: options.stores }),
    ...(options.systemParameters === undefined
      ? {}
      : { systemParameters: options.systemParameters }),
  });
  if (plannedAggregations.diagnostics.length > 0) {
    return { ok: false, diagnostics: plannedAggregations.diagnostics };
  }
  // The granularity tables of `@store` aggregations are app tables: snapshotted, closed, inspectable.
  for (const table of plannedAggregations.tables) {
    const id = table.schema.id;
    if (tables.has(id)) {
      return {
        ok: false,
        diagnostics: [
          {
            severity: 'error',
            code: 'E_PLAN_FAILED',
            message: runtimeMessages.E_PLAN_FAILED(
              `table '${id}' of an aggregation's @store clashes with a table of the same name`,
            ),
            span: app.span,
          },
        ],
      };
    }
    tables.set(id, table);
    options.state?.register(`table:${id}`, table);
  }
  const aggregations = plannedAggregations.aggregations;
  lifecycles.push(...aggregations.values());
  for (const [id, aggregation] of aggregations) {
    options.state?.register(`aggregation:${id}`, aggregation);
  }

  const taken = new Set<string>();
  for (const element of app.elements) {
    for (const query of element.kind === 'query' ? [element] : element.queries) {
      const name = queryNameOf(query);
      if (name !== undefined) taken.add(name);
    }
  }
  const queries = new Map<string, QueryOutput>();
  const diagnostics: Diagnostic[] = [];
  let generated = 0;
  const context = {
    appName: options.appName,
    junction: (id: string) => streams.get(id)?.junction ?? namedWindows.get(id)?.output,
    attributes: (id: string) => streams.get(id)?.attributes ?? named.attributes.get(id),
    namedWindow: (id: string) => namedWindows.get(id),
    aggregation: (id: string) => aggregations.get(id),
    functions: options.functions,
    extensions: options.extensions,
    time: options.time,
    logger: options.logger,
    tables: (id: string) => tables.get(id),
    ...(options.state === undefined ? {} : { state: options.state }),
    outputAttributes: (query: Query) =>
      schemas.queries.get(query)?.map((a) => ({ name: a.name, type: a.type ?? 'object' })),
  };
  const nameOf = (query: Query): string => {
    let name = queryNameOf(query);
    if (name === undefined) {
      do generated += 1;
      while (taken.has(`query${String(generated)}`));
      name = `query${String(generated)}`;
    }
    return name;
  };
  // Every kind of query, at the top level and (once per partition key) inside partitions.
  const planOne: QueryPlanner = (query, name, ctx) =>
    query.input.kind === 'join'
      ? planJoin(query, query.input, name, ctx)
      : query.input.kind === 'pattern' || query.input.kind === 'sequence'
        ? planPattern(query, query.input, name, ctx)
        : planQuery(query, name, ctx);
  for (const [position, element] of app.elements.entries()) {
    try {
      if (element.kind === 'partition') {
        const names = new Map(element.queries.map((q) => [q, nameOf(q)] as const));
        const partition = planPartition({
          partition: element,
          names,
          schemas,
          context,
          planQuery: planOne,
          templateOf: (query, queryName, ctx) =>
            query.input.kind === 'join'
              ? planJoinTemplate(query, query.input, queryName, ctx)
              : query.input.kind === 'pattern' || query.input.kind === 'sequence'
                ? planPatternTemplate(query, query.input, queryName, ctx)
                : planQueryTemplate(query, queryName, ctx),
        });
        for (const [name, output] of partition.outputs) queries.set(name, output);
        lifecycles.push(partition.lifecycle);
        options.state?.register(`partition:${String(position)}`, partition.runtime);
        continue;
      }
      const name = nameOf(element);
      const planned = planOne(element, name, context);
      queries.set(name, planned.output);
      if (planned.lifecycle !== undefined) lifecycles.push(planned.lifecycle);
    } catch (error) {
      if (error instanceof PlanError) diagnostics.push(error.diagnostic);
      else if (error instanceof ExpressionCompileError) {
        diagnostics.push({
          severity: 'error',
          code: error.code,
          message: error.message,
          span: element.span,
        });
      } else {
        diagnostics.push({
          severity: 'error',
          code: 'E_PLAN_FAILED',
          message: runtimeMessages.E_PLAN_FAILED(
            error instanceof Error ? error.message : String(error),
          ),
          span: element.span,
        });
      }
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, streams, queries, lifecycles, tables, aggregations, io: plannedIo.io };
}
