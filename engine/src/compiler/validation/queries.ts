// Queries: resolves the input (single, join, pattern/sequence, anonymous) into a scope,
// checks the selector and the output, and records the query's output schema.

import type {
  AnonymousInputStream,
  JoinInputStream,
  Query,
  WithinRange,
  Expression,
  TimeUnit,
} from '../../query-api/index.js';
import { parseDurationName } from './annotations.js';
import type { ValidationContext } from './context.js';
import { checkCondition, typeOf } from './expressions.js';
import { checkWindowCall, resolveSingle, type QueryEnv } from './inputs.js';
import { checkOutput } from './outputs.js';
import { resolvePattern } from './patterns.js';
import { makeScope, type Scope, type Source } from './scope.js';
import { checkSelector } from './selector.js';
import type { AttributeInfo } from './types.js';

export interface InputScope {
  readonly sources: readonly Source[];
  readonly incomplete: boolean;
}

const DATE_PATTERN =
  /^(\d{4}|\*{4})-(\d{2}|\*\*)-(\d{2}|\*\*) (\d{2}|\*\*):(\d{2}|\*\*):(\d{2}|\*\*)(?: ([+-])(\d{2}):(\d{2}))?$/;

/** Milliseconds of a `yyyy-MM-dd HH:mm:ss [±hh:mm]` string; undefined if it has wildcards. */
function parseWithinDate(text: string): { ok: boolean; wildcard: boolean; millis?: number } {
  const m = DATE_PATTERN.exec(text.trim());
  if (m === null) return { ok: false, wildcard: false };
  const fields = m.slice(1, 7);
  const firstWildcard = fields.findIndex((f) => f.startsWith('*'));
  if (firstWildcard >= 0) {
    const ok = fields.slice(firstWildcard).every((f) => f.startsWith('*'));
    return { ok, wildcard: true };
  }
  const [y, mo, d, h, mi, sec] = fields.map(Number);
  const sign = m[7] === '-' ? -1 : 1;
  const offset = m[7] === undefined ? 0 : sign * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  const millis = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, sec ?? 0) - offset;
  return { ok: true, wildcard: false, millis };
}

/**
 * Checks `within` bounds (two: strings or longs, start before end; one: a date pattern such
 * as `'2017-06-** **:**:**'`) and the `per` duration (one the aggregation computes).
 */
export function checkWithinPer(
  ctx: ValidationContext,
  within: WithinRange | undefined,
  per: Expression | undefined,
  scope: Scope,
  durations?: readonly TimeUnit[],
): void {
  if (within !== undefined) {
    const single = within.end === undefined;
    const bounds: number[] = [];
    for (const bound of [within.start, within.end]) {
      if (bound === undefined) continue;
      const t = typeOf(ctx, bound, scope);
      if (t !== undefined && t !== 'string' && t !== 'long' && t !== 'null') {
        ctx.report('E_INVALID_WITHIN', bound.span, [
          `a bound must be a string or long, found ${t}`,
        ]);
        continue;
      }
      if (bound.kind !== 'constant') continue;
      if (typeof bound.value === 'string') {
        const parsed = parseWithinDate(bound.value);
        if (!parsed.ok || (parsed.wildcard && !single)) {
          ctx.report('E_INVALID_WITHIN', bound.span, [
            single
              ? `'${bound.value}' is not a date pattern like 'yyyy-MM-dd HH:mm:ss' (fields may end in '**')`
              : `'${bound.value}' is not a date like 'yyyy-MM-dd HH:mm:ss [+hh:mm]'`,
          ]);
        } else if (parsed.millis !== undefined) {
          bounds.push(parsed.millis);
        }
      } else if (typeof bound.value === 'number') {
        if (single) {
          ctx.report('E_INVALID_WITHIN', bound.span, [
            'a single bound must be a date pattern string',
          ]);
        }
        bounds.push(bound.value);
      }
    }
    const [start, end] = bounds;
    if (
      !single &&
      bounds.length === 2 &&
      start !== undefined &&
      end !== undefined &&
      start >= end
    ) {
      ctx.report('E_INVALID_WITHIN', within.span, ['the start must be before the end']);
    }
  }
  if (per !== undefined) {
    if (per.kind === 'constant') {
      const unit = typeof per.value === 'string' ? parseDurationName(per.value) : undefined;
      if (unit === undefined) {
        ctx.report('E_INVALID_PER', per.span, [String(per.value)]);
      } else if (durations !== undefined && durations.length > 0 && !durations.includes(unit)) {
        ctx.report('E_INVALID_WITHIN', per.span, [
          `the aggregation is not computed per ${unit} (it has ${durations.join(', ')})`,
        ]);
      }
    } else {
      const t = typeOf(ctx, per, scope);
      if (t !== undefined && t !== 'string') ctx.report('E_INVALID_PER', per.span, [t]);
    }
  }
}

function resolveJoin(ctx: ValidationContext, join: JoinInputStream, env: QueryEnv): InputScope {
  const left = resolveSingle(ctx, join.left, env, 'join');
  const right = resolveSingle(ctx, join.right, env, 'join');
  const sourceOf = (side: JoinInputStream['left'], r: typeof left): Source => {
    const name = side.alias ?? (side.inner === true ? `#${side.streamId}` : side.streamId);
    return {
      label: name,
      names: [name],
      attributes: r.attributes,
      priority: 0,
      eventReference: true,
      incomplete: r.incomplete,
    };
  };
  const sources = [sourceOf(join.left, left), sourceOf(join.right, right)];
  const passive = (k: string | undefined): boolean => k === 'table' || k === 'aggregation';
  const lk = left.element?.kind;
  const rk = right.element?.kind;
  if (passive(lk) && passive(rk)) {
    ctx.report('E_INVALID_JOIN', join.span, [
      `${lk ?? ''} '${join.left.streamId}' cannot be joined with ${rk ?? ''} '${join.right.streamId}'; one side must be a stream or window`,
    ]);
  }
  if ((join.trigger === 'left' && passive(lk)) || (join.trigger === 'right' && passive(rk))) {
    ctx.report('E_INVALID_JOIN', join.span, [
      'a table or aggregation side cannot be unidirectional',
    ]);
  }
  const incomplete = left.incomplete || right.incomplete;
  const scope = makeScope(sources, 'the join condition', false, incomplete);
  const hasAggregation = lk === 'aggregation' || rk === 'aggregation';
  if (hasAggregation) {
    if (join.per === undefined)
      ctx.report('E_INVALID_JOIN', join.span, ["joining an aggregation needs 'per <duration>'"]);
    if (join.within === undefined)
      ctx.report('E_INVALID_JOIN', join.span, ["joining an aggregation needs 'within <range>'"]);
  } else if (
    (join.within !== undefined || join.per !== undefined) &&
    lk !== undefined &&
    rk !== undefined
  ) {
    ctx.report('E_INVALID_JOIN', (join.within ?? join.per ?? join).span, [
      "'within' and 'per' only apply when joining an aggregation",
    ]);
  }
  // Siddhi checks a join's `per` against the aggregation's durations only per event.
  checkWithinPer(ctx, join.within, join.per, withWhereOf(scope, "the 'within'/'per' clause"));
  if (join.on !== undefined) checkCondition(ctx, join.on, scope);
  return { sources, incomplete };
}

function withWhereOf(scope: Scope, where: string): Scope {
  return { ...scope, where };
}

function resolveAnonymous(
  ctx: ValidationContext,
  input: AnonymousInputStream,
  env: QueryEnv,
): InputScope {
  const outputs = validateQuery(ctx, input.query, env);
  if (input.query.output.kind !== 'return') {
    ctx.report('E_INVALID_INPUT', input.query.output.span, [
      '(inner query)',
      'query',
      "used as an input must end with 'return'",
    ]);
  }
  const name = input.alias;
  const incomplete = outputs === undefined || outputs.some((a) => a.type === undefined);
  const source: Source = {
    label: name ?? 'the inner query',
    names: name === undefined ? [] : [name],
    attributes: outputs ?? [],
    priority: 0,
    eventReference: true,
    incomplete,
  };
  const scope = makeScope([source], 'a filter condition', false, incomplete);
  for (const h of input.handlers) {
    if (h.kind === 'filter') checkCondition(ctx, h.condition, scope);
    else if (h.kind === 'window')
      checkWindowCall(ctx, h.call, withWhereOf(scope, 'a window parameter'));
  }
  return { sources: [source], incomplete };
}

export function resolveInput(ctx: ValidationContext, q: Query, env: QueryEnv): InputScope {
  const input = q.input;
  switch (input.kind) {
    case 'single': {
      const r = resolveSingle(ctx, input, env, 'query');
      const name =
        input.alias ??
        (input.inner === true
          ? `#${input.streamId}`
          : input.fault === true
            ? `!${input.streamId}`
            : input.streamId);
      return {
        sources: [
          {
            label: name,
            names: [name],
            attributes: r.attributes,
            priority: 0,
            eventReference: true,
            incomplete: r.incomplete,
          },
        ],
        incomplete: r.incomplete,
      };
    }
    case 'join':
      return resolveJoin(ctx, input, env);
    case 'pattern':
    case 'sequence':
      return resolvePattern(ctx, input, env);
    case 'anonymous':
      return resolveAnonymous(ctx, input, env);
  }
}

/** Validates one query; returns its output schema (undefined types where unknown). */
export function validateQuery(
  ctx: ValidationContext,
  q: Query,
  env: QueryEnv,
): AttributeInfo[] | undefined {
  const input = resolveInput(ctx, q, env);
  const scope = makeScope(input.sources, 'the select clause', true, input.incomplete);
  const outputs = checkSelector(ctx, q.selector, scope);
  const rate = q.outputRate;
  if (rate?.kind === 'eventOutputRate' && rate.events <= 0) {
    ctx.report('E_INVALID_LIMIT', rate.span, ['output every … events']);
  }
  const known = input.incomplete ? undefined : outputs;
  checkOutput(ctx, q.output, known, env, input.sources);
  if (known !== undefined) ctx.queryOutputs.set(q, known);
  return known;
}
