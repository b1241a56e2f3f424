// Incremental aggregation definitions: input stream, selector (only incremental
// aggregators), `aggregate by` attribute, the durations (`every sec ... year`; no weeks)
// and the @purge/@PartitionById annotations. Also computes the aggregation's schema.

import type { AggregationDefinition, Expression, TimeUnit } from '../../query-api/index.js';
import { checkAggregationAnnotations } from './annotations.js';
import type { ValidationContext } from './context.js';
import { resolveSingle } from './inputs.js';
import { makeScope, resolveVariable } from './scope.js';
import { checkSelector } from './selector.js';

const DURATIONS: readonly TimeUnit[] = ['sec', 'min', 'hour', 'day', 'month', 'year'];
const INCREMENTAL = new Set(['sum', 'count', 'avg', 'min', 'max', 'distinctCount']);

function* calls(e: Expression): Generator<Extract<Expression, { kind: 'function' }>> {
  switch (e.kind) {
    case 'function':
      yield e;
      for (const a of e.args) yield* calls(a);
      return;
    case 'binary':
      yield* calls(e.left);
      yield* calls(e.right);
      return;
    case 'not':
    case 'isNull':
      yield* calls(e.operand);
      return;
    case 'in':
      yield* calls(e.operand);
      return;
    default:
      return;
  }
}

function durationsOf(ctx: ValidationContext, def: AggregationDefinition): TimeUnit[] {
  const p = def.periods;
  const units = p.kind === 'range' ? [p.from, p.to] : p.units;
  let ok = true;
  for (const u of units) {
    if (!DURATIONS.includes(u)) {
      ctx.report('E_INVALID_AGGREGATION', p.span, [
        def.id,
        `'${u}' is not an aggregation duration (use sec, min, hour, day, month or year)`,
      ]);
      ok = false;
    }
  }
  if (!ok) return [];
  if (p.kind === 'list') return [...p.units];
  const from = DURATIONS.indexOf(p.from);
  const to = DURATIONS.indexOf(p.to);
  if (from > to) {
    ctx.report('E_INVALID_AGGREGATION', p.span, [
      def.id,
      `the duration range '${p.from} ... ${p.to}' is reversed`,
    ]);
    return [];
  }
  return DURATIONS.slice(from, to + 1);
}

export function validateAggregation(ctx: ValidationContext, def: AggregationDefinition): void {
  const input = resolveSingle(ctx, def.input, {}, 'aggregation');
  const name = def.input.alias ?? def.input.streamId;
  const scope = makeScope(
    [
      {
        label: name,
        names: [name],
        attributes: input.attributes,
        priority: 0,
        eventReference: false,
        incomplete: input.incomplete,
      },
    ],
    'the select clause',
    true,
    input.incomplete,
  );
  const outputs = checkSelector(ctx, def.selector, scope);
  for (const attribute of def.selector.attributes) {
    for (const call of calls(attribute.expression)) {
      const isAggregator =
        ctx.catalog.resolve('aggregator', call.namespace ?? '', call.name) !== undefined;
      if (isAggregator && (call.namespace !== undefined || !INCREMENTAL.has(call.name))) {
        ctx.report('E_INVALID_AGGREGATION', call.span, [
          def.id,
          `'${call.name}' cannot be aggregated incrementally (use sum, count, avg, min, max or distinctCount)`,
        ]);
      }
    }
  }
  if (def.aggregateBy !== undefined) {
    const t = resolveVariable(ctx, def.aggregateBy, {
      ...scope,
      where: 'aggregate by',
      allowAggregators: false,
    });
    if (t !== undefined && t !== 'long' && t !== 'string') {
      ctx.report('E_INVALID_AGGREGATION', def.aggregateBy.span, [
        def.id,
        `'aggregate by' needs a long or string timestamp attribute, found ${t}`,
      ]);
    }
  }
  const durations = durationsOf(ctx, def);
  checkAggregationAnnotations(ctx, def.id, def.annotations, durations);
  const existing = ctx.elements.get(def.id);
  if (existing?.kind === 'aggregation' && existing.span === def.span) {
    ctx.elements.set(def.id, {
      ...existing,
      attributes: [{ name: 'AGG_TIMESTAMP', type: 'long' }, ...outputs],
      durations,
      incomplete: input.incomplete,
    });
  }
}
