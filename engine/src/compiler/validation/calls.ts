// Extension calls: argument descriptions, overload matching (arity, types, constant-only and
// attribute-only parameters, allowed values) and return types, for every extension kind.

import type { AttributeType, Expression, FunctionCall } from '../../query-api/index.js';
import {
  qualifiedName,
  type ArgumentInfo,
  type ExtensionKind,
  type ExtensionSpec,
  type OverloadSpec,
  type ParameterSpec,
} from '../extension-catalog.js';
import type { ValidationContext } from './context.js';
import { formatAlternatives } from './types.js';

type Problem = () => void;

function arity(overload: OverloadSpec): { min: number; max: number } {
  const ps = overload.parameters;
  const min = ps.filter((p) => p.optional !== true).length;
  const max = ps.some((p) => p.repeatable === true) ? Number.POSITIVE_INFINITY : ps.length;
  return { min, max };
}

function parameterAt(overload: OverloadSpec, index: number): ParameterSpec | undefined {
  const ps = overload.parameters;
  if (index < ps.length) return ps[index];
  const last = ps[ps.length - 1];
  return last?.repeatable === true ? last : undefined;
}

function describeArity(overloads: readonly OverloadSpec[]): string {
  const counts = new Set<string>();
  for (const o of overloads) {
    const { min, max } = arity(o);
    if (max === Number.POSITIVE_INFINITY) counts.add(`at least ${String(min)}`);
    else for (let n = min; n <= max; n++) counts.add(String(n));
  }
  return formatAlternatives([...counts]);
}

function describeFound(arg: ArgumentInfo): string {
  if (arg.type === 'null') return 'null';
  return arg.constant ? `${arg.type ?? '?'} constant` : (arg.type ?? '?');
}

function problemsFor(
  ctx: ValidationContext,
  display: string,
  overload: OverloadSpec,
  args: readonly ArgumentInfo[],
  nodes: readonly Expression[],
  callSpan: Expression['span'],
): Problem[] {
  const problems: Problem[] = [];
  args.forEach((arg, i) => {
    const p = parameterAt(overload, i);
    if (p === undefined) return;
    const span = nodes[i]?.span ?? callSpan;
    if (p.eventReference === true) {
      if (arg.eventReference !== true) {
        problems.push(() => {
          ctx.report('E_ARGUMENT_NOT_EVENT', span, [display, p.name]);
        });
      }
      return;
    }
    if (arg.eventReference === true) {
      problems.push(() => {
        ctx.report('E_ARGUMENT_TYPE', span, [
          display,
          p.name,
          formatAlternatives(p.types),
          'an event reference',
        ]);
      });
      return;
    }
    if (arg.type !== undefined && arg.type !== 'null' && !p.types.includes(arg.type)) {
      problems.push(() => {
        ctx.report('E_ARGUMENT_TYPE', span, [
          display,
          p.name,
          formatAlternatives(p.types),
          describeFound(arg),
        ]);
      });
      return;
    }
    if (p.constant === true && p.attribute === true) {
      if (!arg.constant && !arg.attribute) {
        problems.push(() => {
          ctx.report('E_ARGUMENT_VALUE', span, [
            display,
            p.name,
            'it must be a constant or an attribute',
          ]);
        });
        return;
      }
    } else if (p.constant === true && !arg.constant) {
      problems.push(() => {
        ctx.report('E_ARGUMENT_NOT_CONSTANT', span, [display, p.name]);
      });
      return;
    } else if (p.attribute === true && !arg.attribute) {
      problems.push(() => {
        ctx.report('E_ARGUMENT_NOT_ATTRIBUTE', span, [display, p.name]);
      });
      return;
    }
    if (arg.constant && p.allowedValues !== undefined && typeof arg.value === 'string') {
      const v = arg.value.toLowerCase();
      if (!p.allowedValues.some((a) => a.toLowerCase() === v)) {
        problems.push(() => {
          ctx.report('E_ARGUMENT_VALUE', span, [
            display,
            p.name,
            `'${String(arg.value)}' is not one of ${p.allowedValues?.join(', ') ?? ''}`,
          ]);
        });
      }
    }
    if (arg.constant && p.min !== undefined && typeof arg.value === 'number' && arg.value < p.min) {
      const min = p.min;
      problems.push(() => {
        ctx.report('E_ARGUMENT_VALUE', span, [
          display,
          p.name,
          `it must be at least ${String(min)}`,
        ]);
      });
    }
  });
  return problems;
}

/**
 * Matches arguments against a spec's overloads and runs its extra check; reports every
 * problem of the closest overload. Returns the matched overload, if any.
 */
export function matchOverloads(
  ctx: ValidationContext,
  spec: ExtensionSpec,
  call: FunctionCall,
  args: readonly ArgumentInfo[],
  display = qualifiedName(call.namespace, call.name),
): OverloadSpec | undefined {
  const candidates = spec.overloads.filter((o) => {
    const { min, max } = arity(o);
    return args.length >= min && args.length <= max;
  });
  if (candidates.length === 0) {
    ctx.report('E_ARGUMENT_COUNT', call.span, [
      display,
      describeArity(spec.overloads),
      args.length,
    ]);
    return undefined;
  }
  let best: Problem[] | undefined;
  for (const overload of candidates) {
    const problems = problemsFor(ctx, display, overload, args, call.args, call.span);
    if (problems.length === 0) {
      const detail = spec.check?.(args);
      if (detail !== undefined) {
        ctx.report('E_INVALID_ARGUMENTS', call.span, [display, detail]);
      }
      return overload;
    }
    if (best === undefined || problems.length < best.length) best = problems;
  }
  for (const report of best ?? []) report();
  return undefined;
}

/** The return type of a matched function or aggregator call. */
export function returnTypeOf(
  ctx: ValidationContext,
  spec: ExtensionSpec,
  call: FunctionCall,
  args: readonly ArgumentInfo[],
): AttributeType | undefined {
  const rule = spec.returnType;
  if (rule === undefined) return 'object';
  if (typeof rule === 'string') return rule;
  if (args.some((a) => a.type === undefined)) return undefined;
  const result = rule(args);
  if (typeof result === 'string') return result;
  ctx.report('E_INVALID_ARGUMENTS', call.span, [
    qualifiedName(call.namespace, call.name),
    result.error,
  ]);
  return undefined;
}

/** Known names of the given kinds, for "did you mean" hints. */
export function namesOfKinds(ctx: ValidationContext, kinds: readonly ExtensionKind[]): string[] {
  return kinds.flatMap((k) => ctx.catalog.list(k).map((s) => qualifiedName(s.namespace, s.name)));
}

export function resolveSpec(
  ctx: ValidationContext,
  kinds: readonly ExtensionKind[],
  call: FunctionCall,
): ExtensionSpec | undefined {
  for (const kind of kinds) {
    const spec = ctx.catalog.resolve(kind, call.namespace ?? '', call.name);
    if (spec !== undefined) return spec;
  }
  return undefined;
}
