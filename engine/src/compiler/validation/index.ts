// Semantic validation of a parsed app (and of on-demand queries against it), following
// Siddhi 5.1's rules; every problem is reported at once, without cascades.

import type {
  AttributeType,
  ExecutionElement,
  InputStream,
  OnDemandQuery,
  Query,
  SiddhiApp,
  StateElement,
  AggregationDefinition,
} from '../../query-api/index.js';
import type { Diagnostic } from '../diagnostic.js';
import type { ExtensionCatalog } from '../extension-catalog.js';
import { validateAggregation } from './aggregations.js';
import { checkAppAnnotations } from './annotations.js';
import { ValidationContext, type ElementKind } from './context.js';
import { collectDefinitions } from './definitions.js';
import { checkOnDemandQuery } from './on-demand.js';
import { validatePartition } from './partitions.js';
import { validateQuery } from './queries.js';
import type { AttributeInfo } from './types.js';

export type { AttributeInfo } from './types.js';

type WorkItem = AggregationDefinition | ExecutionElement;

function stateStreams(state: StateElement, out: string[]): void {
  switch (state.kind) {
    case 'streamState':
    case 'absentState':
      if (state.input.inner !== true) out.push(state.input.streamId);
      return;
    case 'logicalState':
      stateStreams(state.left, out);
      stateStreams(state.right, out);
      return;
    case 'countState':
    case 'everyState':
      stateStreams(state.state, out);
      return;
    case 'nextState':
      stateStreams(state.first, out);
      stateStreams(state.next, out);
      return;
  }
}

function inputStreams(input: InputStream, out: string[]): void {
  switch (input.kind) {
    case 'single':
      if (input.inner !== true) out.push(input.streamId);
      return;
    case 'join':
      inputStreams(input.left, out);
      inputStreams(input.right, out);
      return;
    case 'pattern':
    case 'sequence':
      stateStreams(input.state, out);
      return;
    case 'anonymous':
      inputStreams(input.query.input, out);
      return;
  }
}

/** Stream ids an item reads (outside partitions' inner streams). */
function readsOf(item: WorkItem): string[] {
  const out: string[] = [];
  if (item.kind === 'aggregation') inputStreams(item.input, out);
  else if (item.kind === 'query') inputStreams(item.input, out);
  else {
    for (const pt of item.partitionTypes) out.push(pt.streamId);
    for (const q of item.queries) inputStreams(q.input, out);
  }
  return out;
}

function insertTargets(queries: readonly Query[], out: Set<string>): void {
  for (const q of queries) {
    if (q.output.kind === 'insert' && q.output.inner !== true && q.output.fault !== true) {
      out.add(q.output.target);
    }
  }
}

function runApp(app: SiddhiApp, catalog: ExtensionCatalog): ValidationContext {
  const ctx = new ValidationContext(catalog);
  checkAppAnnotations(ctx, app);
  collectDefinitions(ctx, app);
  const inferred = new Set<string>();
  for (const e of app.elements) insertTargets(e.kind === 'query' ? [e] : e.queries, inferred);
  for (const id of ctx.elements.keys()) inferred.delete(id);

  let pending: WorkItem[] = [
    ...app.definitions.filter((d): d is AggregationDefinition => d.kind === 'aggregation'),
    ...app.elements,
  ];
  const run = (item: WorkItem): void => {
    if (item.kind === 'aggregation') validateAggregation(ctx, item);
    else if (item.kind === 'query') validateQuery(ctx, item, {});
    else validatePartition(ctx, item);
  };
  // Streams inferred from `insert into` may be read before the query defining them.
  let progress = true;
  while (progress && pending.length > 0) {
    progress = false;
    const next: WorkItem[] = [];
    for (const item of pending) {
      const waiting = readsOf(item).some((id) => inferred.has(id) && !ctx.elements.has(id));
      if (waiting) next.push(item);
      else {
        run(item);
        progress = true;
      }
    }
    pending = next;
  }
  for (const item of pending) run(item);
  ctx.diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return ctx;
}

/**
 * Validates an app against Siddhi's semantic rules.
 * @example
 * validateApp(parseApp('define stream S (a int); from S[a] select a insert into O;').app!, builtinCatalog)
 * // [{ code: 'E_NOT_BOOLEAN', message: 'A filter condition must be bool, found int', … }]
 */
export function validateApp(app: SiddhiApp, catalog: ExtensionCatalog): Diagnostic[] {
  return runApp(app, catalog).diagnostics;
}

/**
 * Validates an on-demand query against an app (assumed valid; its own problems are not
 * reported again).
 * @example
 * validateOnDemandQuery(parseOnDemandQuery('from T select *').query!, app, builtinCatalog)
 */
export function validateOnDemandQuery(
  query: OnDemandQuery,
  app: SiddhiApp,
  catalog: ExtensionCatalog,
): Diagnostic[] {
  const ctx = runApp(app, catalog);
  ctx.diagnostics.length = 0;
  checkOnDemandQuery(ctx, query);
  ctx.diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return ctx.diagnostics;
}

export interface ElementSchema {
  readonly kind: ElementKind;
  readonly attributes: readonly AttributeInfo[];
}

export interface AppSchemas {
  /** Every stream (explicit or inferred), table, window, trigger and aggregation. */
  readonly elements: ReadonlyMap<string, ElementSchema>;
  /** The output schema of each query, where it could be determined. */
  readonly queries: ReadonlyMap<Query, readonly AttributeInfo[]>;
}

/**
 * Output schemas of an app's definitions and queries (attribute names and types).
 * @example
 * resolveSchemas(app, builtinCatalog).elements.get('OutStream')?.attributes
 */
export function resolveSchemas(app: SiddhiApp, catalog: ExtensionCatalog): AppSchemas {
  const ctx = runApp(app, catalog);
  const elements = new Map<string, ElementSchema>();
  for (const [id, e] of ctx.elements) elements.set(id, { kind: e.kind, attributes: e.attributes });
  return { elements, queries: ctx.queryOutputs };
}

export type { AttributeType };
