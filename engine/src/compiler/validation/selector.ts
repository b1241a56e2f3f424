// Selectors: output attributes and their types, duplicate output names, group by, having,
// order by, limit and offset.

import type { Expression, Selector } from '../../query-api/index.js';
import type { ValidationContext } from './context.js';
import { checkCondition, typeOf } from './expressions.js';
import { makeScope, resolveVariable, type Scope, type Source } from './scope.js';
import type { AttributeInfo } from './types.js';

function checkLimit(ctx: ValidationContext, e: Expression | undefined, clause: string): void {
  if (e === undefined) return;
  const ok =
    e.kind === 'constant' &&
    (e.type === 'int' || e.type === 'long') &&
    typeof e.value === 'number' &&
    e.value >= 0;
  if (!ok) ctx.report('E_INVALID_LIMIT', e.span, [clause]);
}

/** The query output as a source (for `having`, `order by`, `on` of table actions). */
export function outputSource(
  outputs: readonly AttributeInfo[] | undefined,
  priority: number,
): Source {
  return {
    label: 'the query output',
    names: [],
    attributes: outputs ?? [],
    priority,
    eventReference: false,
    incomplete: outputs === undefined || outputs.some((a) => a.type === undefined),
  };
}

/**
 * Checks a selector against its input scope and returns the output schema (types may be
 * unknown after errors). `select *` outputs every attribute of every source.
 */
export function checkSelector(
  ctx: ValidationContext,
  selector: Selector,
  input: Scope,
): AttributeInfo[] {
  const outputs: AttributeInfo[] = [];
  const seen = new Set<string>();
  const add = (name: string, type: AttributeInfo['type'], span: Selector['span']): void => {
    if (seen.has(name)) ctx.report('E_DUPLICATE_OUTPUT_ATTRIBUTE', span, [name]);
    seen.add(name);
    outputs.push({ name, type });
  };
  const selectScope = makeScope(input.sources, 'the select clause', true, input.incomplete);
  if (selector.selectAll) {
    for (const source of input.sources) {
      for (const a of source.attributes) add(a.name, a.type, selector.span);
    }
  } else {
    for (const attribute of selector.attributes) {
      const t = typeOf(ctx, attribute.expression, selectScope);
      const name =
        attribute.rename ??
        (attribute.expression.kind === 'variable' ? attribute.expression.attribute : undefined);
      if (name === undefined) {
        ctx.report('E_MISSING_RENAME', attribute.span, []);
        continue;
      }
      add(name, t === 'null' ? 'object' : t, attribute.span);
    }
  }
  const groupScope = makeScope(input.sources, 'group by', false, input.incomplete);
  for (const v of selector.groupBy) resolveVariable(ctx, v, groupScope);
  const afterScope = (where: string): Scope =>
    makeScope([outputSource(outputs, -1), ...input.sources], where, true, input.incomplete);
  if (selector.having !== undefined) {
    checkCondition(ctx, selector.having, afterScope('the having condition'));
  }
  const orderScope = afterScope('order by');
  for (const o of selector.orderBy) resolveVariable(ctx, o.variable, orderScope);
  checkLimit(ctx, selector.limit, 'limit');
  checkLimit(ctx, selector.offset, 'offset');
  return outputs;
}
