// Plans a validated on-demand query against an app's tables: `from T [on cond] select …` reads
// rows through the table's compiled condition, or has a store that offers it run the whole
// selection (group by, having, order by, limit) itself; `select … insert into T`, `delete`,
// `update` and `update or insert into` run the selected events through the table actions.

import type { Diagnostic } from '../compiler/diagnostic.js';
import type { AppSchemas } from '../compiler/validation/index.js';
import { runtimeMessages } from '../errors/messages.js';
import { NO_SPAN, type OnDemandQuery, type Span } from '../query-api/index.js';
import type { StreamEvent } from '../runtime/event/event.js';
import { compileExpression, ExpressionCompileError } from '../runtime/expression/index.js';
import type { FunctionContext } from '../runtime/expression/types.js';
import type { IncrementalAggregation } from '../runtime/aggregation/index.js';
import {
  OnDemandQueryError,
  OnDemandRuntime,
  type OnDemandInput,
} from '../runtime/on-demand/index.js';
import { QuerySelector } from '../runtime/query/selector/index.js';
import {
  InsertIntoTable,
  type CompiledCondition,
  type SelectionOptions,
  type Table,
} from '../runtime/table/index.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { planAggregationStoreInput } from './plan-aggregation.js';
import { PlanError } from './plan-error.js';
import { planTableOutput, withTableConditions } from './plan-tables.js';
import type { AggregatorLookup } from '../builtins/aggregators/index.js';

/** What planning an on-demand query needs from the running app. */
export interface OnDemandPlanContext {
  readonly tables: ReadonlyMap<string, Table>;
  readonly schemas: AppSchemas;
  readonly functions: FunctionContext;
  /** The aggregators of the app's extension registry. */
  readonly aggregators: AggregatorLookup;
  /** The app's incremental aggregations (`from A within … per …`). */
  readonly aggregations?: ReadonlyMap<string, IncrementalAggregation>;
}

function fail(code: string, message: string, span: Span): OnDemandQueryError {
  const diagnostic: Diagnostic = { severity: 'error', code, message, span };
  return new OnDemandQueryError([diagnostic]);
}

function unsupported(feature: string, span: Span): OnDemandQueryError {
  return fail('E_UNSUPPORTED_FEATURE', runtimeMessages.E_UNSUPPORTED_FEATURE(feature), span);
}

function tableOf(id: string, ctx: OnDemandPlanContext, span: Span): Table {
  const table = ctx.tables.get(id);
  if (table !== undefined) return table;
  const kind = ctx.schemas.elements.get(id)?.kind;
  if (kind === 'window') throw unsupported('on-demand queries on named windows', span);
  if (kind === 'aggregation') throw unsupported('on-demand queries on aggregations', span);
  throw fail('E_ON_DEMAND_QUERY', runtimeMessages.E_ON_DEMAND_QUERY(`no table '${id}'`), span);
}

/**
 * Plans `query` (validated against the app); throws `OnDemandQueryError` when it cannot run.
 * @example
 * const runtime = planOnDemandQuery(compiled.query, { tables, schemas, functions });
 * runtime.run(clock.now());
 */
export function planOnDemandQuery(query: OnDemandQuery, ctx: OnDemandPlanContext): OnDemandRuntime {
  try {
    return plan(query, ctx);
  } catch (error) {
    if (error instanceof ExpressionCompileError) throw fail(error.code, error.message, query.span);
    if (error instanceof PlanError) throw new OnDemandQueryError([error.diagnostic]);
    throw error;
  }
}

function plan(query: OnDemandQuery, ctx: OnDemandPlanContext): OnDemandRuntime {
  const { functions } = ctx;
  const lookup = (id: string): Table | undefined => ctx.tables.get(id);
  const source = query.input;
  let attributes: readonly ScopeAttribute[] = [];
  let read: (timestamp: number) => StreamEvent[];
  let qualifier = '';
  let alias: string | undefined;
  /** Asks the table to run the whole selection, once the engine's selector is known. */
  let pushDown: ((selector: QuerySelector<StreamEvent>) => OnDemandInput | undefined) | undefined;
  const aggregation = source === undefined ? undefined : ctx.aggregations?.get(source.storeId);
  if (source === undefined) {
    read = (timestamp) => [{ timestamp, type: 'current', data: [] }];
  } else if (aggregation !== undefined) {
    const planned = planAggregationStoreInput(source, aggregation, functions);
    attributes = planned.attributes;
    qualifier = source.storeId;
    alias = source.alias;
    read = (timestamp) => {
      try {
        return planned.read(timestamp);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        throw fail('E_ON_DEMAND_QUERY', error.message, source.span);
      }
    };
  } else {
    const table = tableOf(source.storeId, ctx, source.span);
    if (source.within !== undefined || source.per !== undefined) {
      throw unsupported("'within' and 'per' on tables", source.span);
    }
    attributes = table.schema.attributes;
    qualifier = source.storeId;
    alias = source.alias;
    const tableNames = alias === undefined ? [source.storeId] : [source.storeId, alias];
    const condition = table.compileCondition(source.on, { tableNames, functions });
    read = (timestamp) =>
      table
        .find(condition, null)
        .map((row) => ({ timestamp, type: 'current', data: row as unknown[] }));
    pushDown = (selector) =>
      selectInStore(table, condition, query, selector, {
        tableNames,
        functions,
        aggregators: ctx.aggregators,
      });
  }
  const scope = withTableConditions(eventScope(qualifier, alias, attributes), lookup, functions);
  const selector = new QuerySelector<StreamEvent>({
    selector: query.selector,
    scope,
    compile: (e, s) => compileExpression(e, s, functions),
    aggregators: ctx.aggregators,
    starAttributes: attributes.map((a) => ({
      kind: 'variable' as const,
      span: NO_SPAN,
      attribute: a.name,
    })),
    aggregatorOptions: { removes: false },
  });
  const selected = pushDown?.(selector);
  const input = selected ?? read;
  const options = { selected: selected !== undefined };
  const output = query.output;
  if (output === undefined) return new OnDemandRuntime(input, selector, undefined, options);
  const target = tableOf(output.target, ctx, output.span);
  if (output.kind === 'insert') {
    return new OnDemandRuntime(input, selector, new InsertIntoTable(target, 'current'), options);
  }
  const outputs: ScopeAttribute[] = selector.outputNames.map((name, i) => ({
    name,
    type: selector.outputTypes[i] ?? 'object',
  }));
  const outputScope = withTableConditions(eventScope(qualifier, alias, outputs), lookup, functions);
  const action = planTableOutput(output, lookup, outputScope, outputs, functions);
  return new OnDemandRuntime(input, selector, action, options);
}

/**
 * The selected rows read from the table's own evaluation of the whole selection, when it offers
 * one for this query (undefined: the engine selects the rows `find` returns).
 */
function selectInStore(
  table: Table,
  condition: CompiledCondition<null>,
  query: OnDemandQuery,
  selector: QuerySelector<StreamEvent>,
  options: SelectionOptions<null>,
): OnDemandInput | undefined {
  if (table.compileSelection === undefined || table.select === undefined) return undefined;
  const selection = table.compileSelection(condition, query.selector, options);
  if (selection === null) return undefined;
  const types = selector.outputTypes;
  const same =
    selection.outputTypes.length === types.length &&
    selection.outputTypes.every((t, i) => t === types[i]);
  if (!same) return undefined;
  return (timestamp) =>
    (table.select?.(selection, null) ?? []).map((data) => ({ timestamp, type: 'current', data }));
}
