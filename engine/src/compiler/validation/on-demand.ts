// On-demand (store) queries against a validated app: the store must be a table, window or
// aggregation (aggregations need `within` and `per`), then selector and output checks.

import type { OnDemandQuery } from '../../query-api/index.js';
import type { ValidationContext } from './context.js';
import { checkCondition } from './expressions.js';
import { checkOutput } from './outputs.js';
import { checkWithinPer } from './queries.js';
import { makeScope, type Source } from './scope.js';
import { checkSelector } from './selector.js';

export function checkOnDemandQuery(ctx: ValidationContext, query: OnDemandQuery): void {
  const sources: Source[] = [];
  let incomplete = false;
  const input = query.input;
  if (input !== undefined) {
    const element = ctx.elements.get(input.storeId);
    if (element === undefined) {
      ctx.report(
        'E_UNKNOWN_STORE',
        input.span,
        [input.storeId],
        ctx.hint(
          input.storeId,
          [...ctx.elements.values()]
            .filter((e) => e.kind === 'table' || e.kind === 'window' || e.kind === 'aggregation')
            .map((e) => e.id),
        ),
      );
      incomplete = true;
    } else if (element.kind === 'stream' || element.kind === 'trigger') {
      ctx.report('E_INVALID_INPUT', input.span, [
        element.id,
        element.kind,
        'cannot be read by an on-demand query; only tables, windows and aggregations can',
      ]);
      incomplete = true;
    }
    const name = input.alias ?? input.storeId;
    sources.push({
      label: name,
      names: [...new Set([name, input.storeId])],
      attributes: element?.attributes ?? [],
      priority: 0,
      eventReference: false,
      incomplete: incomplete || element?.incomplete === true,
    });
    const scope = makeScope(sources, 'the on condition', false, incomplete);
    if (element?.kind === 'aggregation') {
      if (input.per === undefined)
        ctx.report('E_INVALID_STORE_QUERY', input.span, [
          "reading an aggregation needs 'per <duration>'",
        ]);
      if (input.within === undefined)
        ctx.report('E_INVALID_STORE_QUERY', input.span, [
          "reading an aggregation needs 'within <range>'",
        ]);
    } else if (element !== undefined && (input.within !== undefined || input.per !== undefined)) {
      ctx.report('E_INVALID_STORE_QUERY', input.span, [
        "'within' and 'per' only apply to aggregations",
      ]);
    }
    checkWithinPer(
      ctx,
      input.within,
      input.per,
      { ...scope, where: "the 'within'/'per' clause" },
      element?.durations,
    );
    if (input.on !== undefined) checkCondition(ctx, input.on, scope);
  }
  const scope = makeScope(sources, 'the select clause', true, incomplete);
  const outputs = checkSelector(ctx, query.selector, scope);
  const output = query.output;
  if (output === undefined) return;
  if (output.kind === 'insert') {
    const target = ctx.elements.get(output.target);
    if (target?.kind !== 'table') {
      const span = output.targetSpan ?? output.span;
      if (target === undefined) ctx.report('E_UNKNOWN_TABLE', span, [output.target]);
      else ctx.report('E_INVALID_OUTPUT_TARGET', span, [output.target, target.kind, 'insert into']);
      return;
    }
  }
  checkOutput(ctx, output, incomplete ? undefined : outputs, {}, sources);
}
