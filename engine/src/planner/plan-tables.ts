// Plans tables: one `Table` per `define table` (in memory, or the registered store of its
// `@store(type=…)`), the `cond in T` hook of expression scopes, and the table actions that end
// queries (`insert into T`, `delete`, `update`, `update or insert into`).

import type { Diagnostic } from '../compiler/diagnostic.js';
import { runtimeMessages } from '../errors/messages.js';
import { parseOptions } from '../extension-api/parse-options.js';
import type { Registry } from '../extension-api/registry-types.js';
import { elementValue } from '../compiler/validation/annotations.js';
import type { Annotation, OutputStream, Query, SiddhiApp } from '../query-api/index.js';
import type { Logger } from '../runtime/app/logger.js';
import type { StreamEvent } from '../runtime/event/event.js';
import type { ExpressionScope, FunctionContext } from '../runtime/expression/types.js';
import type { Processor } from '../runtime/processor/processor.js';
import {
  DeleteFromTable,
  InMemoryTable,
  InsertIntoTable,
  tableSchemaOf,
  UpdateOrInsertIntoTable,
  UpdateTable,
  type Table,
  type TableFactory,
  type TableSchema,
} from '../runtime/table/index.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { systemParametersFor, type SystemParameters } from './system-parameters.js';

/** Finds a table of the app by id. */
export type TableLookup = (id: string) => Table | undefined;

/** The tables of an app, or why some cannot be created. */
export interface PlannedTables {
  readonly tables: ReadonlyMap<string, Table>;
  readonly diagnostics: readonly Diagnostic[];
}

/** What creating a table of a store needs from the app. */
export interface StoreTableContext {
  readonly appName: string;
  readonly logger: Logger;
  readonly extensions?: Registry;
  /** Values configured per store (`'store:rdbms'`), under the `@store` annotation's. */
  readonly systemParameters?: SystemParameters;
}

/**
 * The table of `schema` in the store `@store(type=…)` names: one of `stores` (legacy factories,
 * checked first) or a `store` extension of the registry, whose options are parsed from the
 * annotation. Diagnostics instead when the store is unknown or its options are wrong.
 * @example
 * const created = createStoreTable(schema, annotation, [], { appName: 'A', logger, extensions });
 * if ('table' in created) tables.set(schema.id, created.table);
 */
export function createStoreTable(
  schema: TableSchema,
  annotation: Annotation,
  stores: readonly TableFactory[],
  context: StoreTableContext,
): { readonly table: Table } | { readonly diagnostics: readonly Diagnostic[] } {
  const tableContext = { appName: context.appName, logger: context.logger };
  const type = elementValue(annotation, 'type') ?? '';
  const factory = stores.find((s) => s.type.toLowerCase() === type.toLowerCase());
  if (factory !== undefined) return { table: factory.create(schema, tableContext) };
  const spec = context.extensions?.find('store', '', type);
  if (spec === undefined) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'E_UNKNOWN_EXTENSION',
          message: runtimeMessages.E_UNKNOWN_EXTENSION('store', type),
          span: annotation.span,
        },
      ],
    };
  }
  const parsed = parseOptions(
    spec.parameters,
    annotation,
    { extension: `store '${type}'` },
    systemParametersFor(context.systemParameters, 'store', type),
  );
  if (!parsed.ok) return { diagnostics: parsed.problems };
  return { table: spec.create(schema, { ...tableContext, options: parsed.options }) };
}

/**
 * Creates the tables of `app`: in memory unless `@store(type=…)` names a store (see
 * `createStoreTable`).
 * @example
 * const { tables } = planTables(app, [], { appName: 'A', logger, extensions: builtinRegistry });
 */
export function planTables(
  app: SiddhiApp,
  stores: readonly TableFactory[],
  context: StoreTableContext,
): PlannedTables {
  const tableContext = { appName: context.appName, logger: context.logger };
  const tables = new Map<string, Table>();
  const diagnostics: Diagnostic[] = [];
  for (const def of app.definitions) {
    if (def.kind !== 'table') continue;
    const schema = tableSchemaOf(def);
    const annotation = def.annotations.find((a) => a.name.toLowerCase() === 'store');
    if (schema.store?.type === undefined || annotation === undefined) {
      tables.set(def.id, new InMemoryTable(schema, tableContext));
      continue;
    }
    const created = createStoreTable(schema, annotation, stores, context);
    if ('table' in created) tables.set(def.id, created.table);
    else diagnostics.push(...created.diagnostics);
  }
  return { tables, diagnostics };
}

/**
 * `scope` with `cond in T` resolved against the app's tables: the scope's events are the
 * matching events of the condition.
 * @example
 * const scope = withTableConditions(eventScope('S', undefined, attributes), tables, functions);
 */
export function withTableConditions(
  scope: ExpressionScope<StreamEvent>,
  tables: TableLookup | undefined,
  functions: FunctionContext,
): ExpressionScope<StreamEvent> {
  if (tables === undefined) return scope;
  return {
    ...scope,
    resolveIn(i) {
      const table = tables(i.table);
      if (table === undefined) return undefined;
      const condition = table.compileCondition(i.operand, {
        tableNames: [i.table],
        matching: scope,
        functions,
      });
      return (event) => table.contains(condition, event);
    },
  };
}

/**
 * The processor of a query output that acts on a table, or undefined when `output` does not
 * name a table. `outputScope` resolves the query's output attributes (the matching event).
 */
export function planTableOutput(
  output: OutputStream,
  tables: TableLookup,
  outputScope: ExpressionScope<StreamEvent>,
  outputAttributes: readonly ScopeAttribute[],
  functions: FunctionContext,
): Processor | undefined {
  if (output.kind === 'return') return undefined;
  if (output.kind === 'insert' && (output.inner === true || output.fault === true))
    return undefined;
  const table = tables(output.target);
  if (table === undefined) return undefined;
  const eventType = output.eventType ?? 'current';
  if (output.kind === 'insert') return new InsertIntoTable(table, eventType);
  const matching = { tableNames: [table.schema.id], matching: outputScope, functions };
  const condition = table.compileCondition(output.on, matching);
  if (output.kind === 'delete') return new DeleteFromTable(table, eventType, condition);
  const set = table.compileUpdateSet(output.set.length === 0 ? undefined : output.set, {
    ...matching,
    matchingAttributes: outputAttributes.map((a) => a.name),
  });
  return output.kind === 'update'
    ? new UpdateTable(table, eventType, condition, set)
    : new UpdateOrInsertIntoTable(table, eventType, condition, set);
}

/** What planning a query's table action needs (a subset of the query plan context). */
export interface TableOutputContext {
  readonly tables?: TableLookup;
  readonly outputAttributes?: (query: Query) => readonly ScopeAttribute[] | undefined;
  readonly functions: FunctionContext;
}

/**
 * The table action ending `query`, or undefined when its output is not a table. The output
 * events are the matching events; they are named by the query's input stream id or alias too.
 * @example
 * const target = planQueryTableOutput(query, ctx) ?? insertIntoStream(query, ctx);
 */
export function planQueryTableOutput(query: Query, ctx: TableOutputContext): Processor | undefined {
  const tables = ctx.tables;
  const output = query.output;
  if (tables === undefined || output.kind === 'return') return undefined;
  if (tables(output.target) === undefined) return undefined;
  const attributes = ctx.outputAttributes?.(query) ?? [];
  const input = query.input;
  const scope =
    input.kind === 'single'
      ? eventScope(input.streamId, input.alias, attributes)
      : eventScope(output.target, undefined, attributes);
  return planTableOutput(
    output,
    tables,
    withTableConditions(scope, tables, ctx.functions),
    attributes,
    ctx.functions,
  );
}
