// Plans a validated app into a runtime graph: one junction per stream (defined, inferred from
// `insert into`, trigger and fault streams), the triggers, and every query's processor chain.

import type { Diagnostic } from '../compiler/diagnostic.js';
import type { AppSchemas } from '../compiler/validation/index.js';
import { runtimeMessages } from '../errors/messages.js';
import type { Query, SiddhiApp, StreamDefinition } from '../query-api/index.js';
import type { AppScheduler } from '../runtime/app/app-scheduler.js';
import type { Lifecycle, StreamInfo } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';
import { ExpressionCompileError } from '../runtime/expression/index.js';
import type { FunctionContext } from '../runtime/expression/types.js';
import type { QueryOutput } from '../runtime/query/query-output.js';
import { StreamJunction } from '../runtime/stream/stream-junction.js';
import type { Table, TableFactory } from '../runtime/table/index.js';
import { TriggerRuntime } from '../runtime/trigger/index.js';
import type { ScopeAttribute } from './event-scope.js';
import { planJoin } from './plan-join.js';
import { planNamedWindows } from './plan-named-window.js';
import { PlanError, planQuery, queryNameOf } from './plan-query.js';
import { planTables } from './plan-tables.js';
import { unsupportedFeatures } from './unsupported.js';

/** What planning needs besides the model. */
export interface PlanOptions {
  readonly appName: string;
  readonly time: AppScheduler;
  readonly logger: Logger;
  readonly functions: FunctionContext;
  /** Share filter evaluation between the queries of a stream (default true); see StreamJunction. */
  readonly predicateIndex?: boolean;
  /** Stores `@store(type=…)` tables may use (in-memory tables need none). */
  readonly stores?: readonly TableFactory[];
}

/** The runtime graph of an app, or the reasons it cannot run. */
export type PlanResult =
  | {
      readonly ok: true;
      readonly streams: ReadonlyMap<string, StreamInfo>;
      readonly queries: ReadonlyMap<string, QueryOutput>;
      readonly lifecycles: readonly Lifecycle[];
      readonly tables: ReadonlyMap<string, Table>;
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
  const tables = planned.tables;
  const named = planNamedWindows(app, options);
  if (named.diagnostics.length > 0) return { ok: false, diagnostics: named.diagnostics };
  const namedWindows = named.windows;

  const streams = new Map<string, StreamInfo>();
  for (const [id, element] of schemas.elements) {
    if (element.kind !== 'stream' && element.kind !== 'trigger') continue;
    const attributes: ScopeAttribute[] = element.attributes.map((a) => ({
      name: a.name,
      type: a.type ?? 'object',
    }));
    streams.set(id, {
      id,
      attributes,
      junction: new StreamJunction(id, attributes.length, options.logger, {
        predicateIndex: options.predicateIndex ?? true,
      }),
    });
  }
  for (const def of app.definitions) {
    if (def.kind === 'stream' && onErrorStream(def)) {
      const stream = streams.get(def.id);
      if (stream !== undefined) stream.junction.faultJunction = streams.get(`!${def.id}`)?.junction;
    }
  }

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

  const taken = new Set<string>();
  for (const element of app.elements) {
    if (element.kind === 'query') {
      const name = queryNameOf(element);
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
    functions: options.functions,
    time: options.time,
    logger: options.logger,
    tables: (id: string) => tables.get(id),
    outputAttributes: (query: Query) =>
      schemas.queries.get(query)?.map((a) => ({ name: a.name, type: a.type ?? 'object' })),
  };
  for (const element of app.elements) {
    if (element.kind !== 'query') continue;
    let name = queryNameOf(element);
    if (name === undefined) {
      do generated += 1;
      while (taken.has(`query${String(generated)}`));
      name = `query${String(generated)}`;
    }
    try {
      const planned =
        element.input.kind === 'join'
          ? planJoin(element, element.input, name, context)
          : planQuery(element, name, context);
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
  return { ok: true, streams, queries, lifecycles, tables };
}
