// Expression typing: constants, attribute references, function and aggregator calls and
// operators, with Siddhi's rules (numeric promotion, bool-only logic, no string/bool vs
// number comparisons, no arithmetic on strings or bools).

import type { Expression, FunctionCall } from '../../query-api/index.js';
import type { ArgumentInfo } from '../extension-catalog.js';
import { qualifiedName } from '../extension-catalog.js';
import { matchOverloads, namesOfKinds, resolveSpec, returnTypeOf } from './calls.js';
import type { ValidationContext } from './context.js';
import {
  findSource,
  isEventReferenceName,
  makeScope,
  resolveVariable,
  type Scope,
  type Source,
} from './scope.js';
import { isNumeric, promote, type ValueType } from './types.js';

const EQUALITY = new Set(['==', '!=']);
const RELATIONAL = new Set(['<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/** The argument infos of a call; `f(*)` passes every attribute of the input. */
export function argumentInfos(
  ctx: ValidationContext,
  call: FunctionCall,
  scope: Scope,
): ArgumentInfo[] {
  if (call.allAttributes === true) {
    return scope.sources
      .filter((s) => s.priority === 0)
      .flatMap((s) =>
        s.attributes.map((a) => ({ type: a.type, constant: false, attribute: true })),
      );
  }
  return call.args.map((a) => argumentInfo(ctx, a, scope));
}

/** What a function argument is, for overload matching. */
export function argumentInfo(ctx: ValidationContext, e: Expression, scope: Scope): ArgumentInfo {
  if (
    e.kind === 'variable' &&
    e.stream === undefined &&
    e.streamIndex === undefined &&
    isEventReferenceName(scope, e.attribute)
  ) {
    return { type: 'object', constant: false, attribute: false, eventReference: true };
  }
  const type = typeOf(ctx, e, scope);
  if (e.kind === 'constant') return { type, constant: true, value: e.value, attribute: false };
  if (e.kind === 'time') return { type, constant: true, value: e.millis, attribute: false };
  return { type, constant: false, attribute: e.kind === 'variable' };
}

function typeOfCall(ctx: ValidationContext, call: FunctionCall, scope: Scope): ValueType {
  // an aggregator's arguments are per-event values; a plain function may wrap an aggregate
  // (`default(sum(price), 0.0)`), as in Siddhi
  const argScope: Scope = scope.allowAggregators ? { ...scope, allowAggregators: false } : scope;
  const display = qualifiedName(call.namespace, call.name);
  if (call.namespace === undefined) {
    const script = ctx.functions.get(call.name);
    if (script !== undefined) {
      for (const a of call.args) typeOf(ctx, a, scope);
      return script.returnType;
    }
  }
  const spec = resolveSpec(ctx, ['function', 'aggregator'], call);
  if (spec === undefined) {
    for (const a of call.args) typeOf(ctx, a, argScope);
    const other = resolveSpec(ctx, ['window', 'streamFunction', 'streamProcessor'], call);
    ctx.report(
      'E_UNKNOWN_FUNCTION',
      call.span,
      [display],
      other === undefined
        ? ctx.hint(display, [
            ...namesOfKinds(ctx, ['function', 'aggregator']),
            ...ctx.functions.keys(),
          ])
        : `'${display}' is a ${other.kind}, not a function`,
    );
    return undefined;
  }
  if (spec.kind === 'aggregator' && !scope.allowAggregators) {
    for (const a of call.args) typeOf(ctx, a, argScope);
    ctx.report('E_AGGREGATOR_NOT_ALLOWED', call.span, [display, scope.where]);
    return undefined;
  }
  const args = argumentInfos(ctx, call, spec.kind === 'aggregator' ? argScope : scope);
  if (matchOverloads(ctx, spec, call, args, display) === undefined) return undefined;
  return returnTypeOf(ctx, spec, call, args);
}

function describe(t: ValueType): string {
  return t ?? '?';
}

/** The type of an expression; reports problems; `undefined` when unknown. */
export function typeOf(ctx: ValidationContext, e: Expression, scope: Scope): ValueType {
  switch (e.kind) {
    case 'constant':
      return e.type;
    case 'time':
      return 'long';
    case 'variable':
      return resolveVariable(ctx, e, scope);
    case 'function':
      return typeOfCall(ctx, e, scope);
    case 'binary': {
      const l = typeOf(ctx, e.left, scope);
      const r = typeOf(ctx, e.right, scope);
      if (ARITHMETIC.has(e.op)) {
        if (l === undefined || r === undefined) return undefined;
        if (l === 'null' || r === 'null') return l === 'null' ? (r === 'null' ? undefined : r) : l;
        if (!isNumeric(l) || !isNumeric(r)) {
          ctx.report('E_TYPE_MISMATCH', e.span, [e.op, describe(l), describe(r)]);
          return undefined;
        }
        return promote(l, r);
      }
      if (EQUALITY.has(e.op) || RELATIONAL.has(e.op)) {
        if (l !== undefined && r !== undefined && l !== 'null' && r !== 'null') {
          const ok =
            (isNumeric(l) && isNumeric(r)) ||
            (l === r && EQUALITY.has(e.op)) ||
            (EQUALITY.has(e.op) && (l === 'object' || r === 'object'));
          if (!ok) ctx.report('E_TYPE_MISMATCH', e.span, [e.op, l, r]);
        }
        return 'bool';
      }
      // and / or
      checkBoolOperand(ctx, l, e.left, `an operand of '${e.op}'`);
      checkBoolOperand(ctx, r, e.right, `an operand of '${e.op}'`);
      return 'bool';
    }
    case 'not': {
      const t = typeOf(ctx, e.operand, scope);
      checkBoolOperand(ctx, t, e.operand, "the operand of 'not'");
      return 'bool';
    }
    case 'isNull': {
      const op = e.operand;
      if (
        op.kind === 'variable' &&
        op.stream === undefined &&
        isEventReferenceName(scope, op.attribute)
      ) {
        return 'bool';
      }
      typeOf(ctx, op, scope);
      return 'bool';
    }
    case 'isNullStream': {
      const qualifier =
        e.inner === true ? `#${e.stream}` : e.fault === true ? `!${e.stream}` : e.stream;
      if (findSource(scope, qualifier) === undefined && !scope.incomplete) {
        ctx.report(
          'E_UNKNOWN_STREAM_REFERENCE',
          e.span,
          [qualifier],
          ctx.hint(
            qualifier,
            scope.sources.flatMap((s) => s.names),
          ),
        );
      }
      return 'bool';
    }
    case 'in': {
      const table = ctx.elements.get(e.table);
      let inner = scope;
      if (table === undefined || (table.kind !== 'table' && table.kind !== 'window')) {
        ctx.report(
          'E_UNKNOWN_TABLE',
          e.span,
          [e.table],
          ctx.hint(
            e.table,
            [...ctx.elements.values()].filter((x) => x.kind === 'table').map((x) => x.id),
          ),
        );
        inner = { ...scope, incomplete: true };
      } else {
        const maxPriority = Math.max(0, ...scope.sources.map((s) => s.priority));
        const tableSource: Source = {
          label: table.id,
          names: [table.id],
          attributes: table.attributes,
          priority: maxPriority + 1,
          eventReference: false,
        };
        inner = makeScope(
          [...scope.sources, tableSource],
          scope.where,
          scope.allowAggregators,
          scope.incomplete,
        );
      }
      const t = typeOf(ctx, e.operand, inner);
      checkBoolOperand(ctx, t, e.operand, "the condition of 'in'");
      return 'bool';
    }
  }
}

function checkBoolOperand(
  ctx: ValidationContext,
  t: ValueType,
  node: Expression,
  what: string,
): void {
  if (t !== undefined && t !== 'bool' && t !== 'null') {
    ctx.report('E_NOT_BOOLEAN', node.span, [what, t]);
  }
}

/** Types a condition (filter, `on`, `having`…) and requires it to be bool. */
export function checkCondition(ctx: ValidationContext, e: Expression, scope: Scope): void {
  const t = typeOf(ctx, e, scope);
  if (t !== undefined && t !== 'bool') {
    const where = scope.where.charAt(0).toUpperCase() + scope.where.slice(1);
    ctx.report('E_NOT_BOOLEAN', e.span, [where, t]);
  }
}
