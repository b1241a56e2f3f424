// Name resolution for expressions: the sources (streams, aliases, pattern event references,
// output attributes) an attribute reference may name, and the lookup rules between them.

import type { Variable } from '../../query-api/index.js';
import type { ValidationContext } from './context.js';
import { formatNames, type AttributeInfo, type ValueType } from './types.js';

export interface Source {
  /** How messages name it. */
  readonly label: string;
  /** Qualifiers selecting it (`S`, `s`, `e1`, `#Inner`, `!S`). */
  readonly names: readonly string[];
  readonly attributes: readonly AttributeInfo[];
  /** Unqualified names resolve to the lowest priority that has them. */
  readonly priority: number;
  /** Can be named on its own (`e1 is null`, `eventTimestamp(e1)`). */
  readonly eventReference: boolean;
  /** Its schema is not fully known (an error was reported): stay silent on misses. */
  readonly incomplete?: boolean;
}

export interface Scope {
  readonly sources: readonly Source[];
  /** Where the expression is, for messages: 'a filter', 'the select clause'… */
  readonly where: string;
  readonly allowAggregators: boolean;
  /** An input did not resolve: unresolved names are not reported again. */
  readonly incomplete: boolean;
}

export function makeScope(
  sources: readonly Source[],
  where: string,
  allowAggregators = false,
  incomplete = false,
): Scope {
  return {
    sources,
    where,
    allowAggregators,
    incomplete: incomplete || sources.some((s) => s.incomplete === true),
  };
}

export function withWhere(
  scope: Scope,
  where: string,
  allowAggregators = scope.allowAggregators,
): Scope {
  return { ...scope, where, allowAggregators };
}

function qualifierOf(v: { stream?: string; inner?: boolean; fault?: boolean }): string | undefined {
  if (v.stream === undefined) return undefined;
  if (v.inner === true) return `#${v.stream}`;
  if (v.fault === true) return `!${v.stream}`;
  return v.stream;
}

export function findSource(scope: Scope, qualifier: string): Source | undefined {
  return scope.sources.find((s) => s.names.includes(qualifier));
}

/** True when an unqualified name is an event reference and no attribute is so named. */
export function isEventReferenceName(scope: Scope, name: string): boolean {
  return (
    scope.sources.some((s) => s.eventReference && s.names.includes(name)) &&
    !scope.sources.some((s) => s.attributes.some((a) => a.name === name))
  );
}

/** Resolves an attribute reference, reporting unknown/ambiguous names. */
export function resolveVariable(ctx: ValidationContext, v: Variable, scope: Scope): ValueType {
  const qualifier = qualifierOf(v);
  if (qualifier !== undefined) {
    const source = findSource(scope, qualifier);
    if (source === undefined) {
      if (!scope.incomplete) {
        ctx.report(
          'E_UNKNOWN_STREAM_REFERENCE',
          v.span,
          [qualifier],
          ctx.hint(
            qualifier,
            scope.sources.flatMap((s) => s.names),
          ),
        );
      }
      return undefined;
    }
    const attribute = source.attributes.find((a) => a.name === v.attribute);
    if (attribute === undefined) {
      if (source.incomplete !== true) {
        ctx.report(
          'E_UNKNOWN_ATTRIBUTE',
          v.span,
          [v.attribute, source.label],
          ctx.hint(
            v.attribute,
            source.attributes.map((a) => a.name),
          ),
        );
      }
      return undefined;
    }
    return attribute.type;
  }
  let best: Source[] = [];
  let bestPriority = Number.POSITIVE_INFINITY;
  let found: AttributeInfo | undefined;
  for (const source of scope.sources) {
    const attribute = source.attributes.find((a) => a.name === v.attribute);
    if (attribute === undefined) continue;
    if (source.priority < bestPriority) {
      best = [source];
      bestPriority = source.priority;
      found = attribute;
    } else if (source.priority === bestPriority) {
      best.push(source);
    }
  }
  if (found === undefined) {
    if (!scope.incomplete) {
      ctx.report(
        'E_UNKNOWN_ATTRIBUTE',
        v.span,
        [v.attribute],
        ctx.hint(
          v.attribute,
          scope.sources.flatMap((s) => s.attributes.map((a) => a.name)),
        ),
      );
    }
    return undefined;
  }
  if (best.length > 1) {
    ctx.report('E_AMBIGUOUS_ATTRIBUTE', v.span, [
      v.attribute,
      formatNames(best.map((s) => s.label)),
    ]);
  }
  return found.type;
}
