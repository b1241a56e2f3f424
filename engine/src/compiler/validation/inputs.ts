// Single input streams: resolving the stream id (plain, inner `#S`, fault `!S`), the kinds
// each position accepts, and the handlers: filters, stream functions/processors, windows.

import type { FunctionCall, SingleInputStream, Span } from '../../query-api/index.js';
import { qualifiedName } from '../extension-catalog.js';
import { matchOverloads, namesOfKinds, resolveSpec } from './calls.js';
import type { ElementInfo, PartitionEnv, ValidationContext } from './context.js';
import { argumentInfos, checkCondition } from './expressions.js';
import { makeScope, type Scope, type Source } from './scope.js';
import type { AttributeInfo } from './types.js';

export interface QueryEnv {
  readonly partition?: PartitionEnv;
}

/** Where a single input stream appears; each position accepts different kinds. */
export type InputRole = 'query' | 'join' | 'pattern' | 'aggregation' | 'partition';

export interface ResolvedInput {
  readonly element?: ElementInfo;
  /** The schema after stream functions/processors. */
  readonly attributes: readonly AttributeInfo[];
  readonly incomplete: boolean;
}

/** The span of the name an input starts with (`S`, `#S`, `!S`), for pointed diagnostics. */
function nameSpan(input: {
  readonly streamId: string;
  readonly inner?: boolean;
  readonly fault?: boolean;
  readonly span: Span;
}): Span {
  const { start, end } = input.span;
  const length = input.streamId.length + (input.inner === true || input.fault === true ? 1 : 0);
  if (end.line !== start.line || end.offset - start.offset <= length) return input.span;
  return {
    start,
    end: { offset: start.offset + length, line: start.line, column: start.column + length },
  };
}

/** Finds a stream (or table, window…) by id, reporting it when unknown. */
export function lookupElement(
  ctx: ValidationContext,
  env: QueryEnv,
  input: {
    readonly streamId: string;
    readonly inner?: boolean;
    readonly fault?: boolean;
    readonly span: SingleInputStream['span'];
  },
): ElementInfo | undefined {
  const id = input.streamId;
  const span = nameSpan(input);
  if (input.inner === true) {
    if (env.partition === undefined) {
      ctx.report('E_INNER_STREAM_OUTSIDE_PARTITION', span, [id]);
      return undefined;
    }
    const found = env.partition.inner.get(id);
    if (found === undefined) {
      ctx.report('E_UNKNOWN_INNER_STREAM', span, [id], ctx.hint(id, env.partition.inner.keys()));
    }
    return found;
  }
  if (input.fault === true) {
    const found = ctx.elements.get(`!${id}`);
    if (found === undefined) ctx.report('E_UNKNOWN_FAULT_STREAM', span, [id]);
    return found;
  }
  const found = ctx.elements.get(id);
  if (found === undefined) {
    ctx.report(
      'E_UNKNOWN_STREAM',
      span,
      [id],
      ctx.hint(
        id,
        [...ctx.elements.keys()].filter((k) => !k.startsWith('!')),
      ),
    );
  }
  return found;
}

function kindProblem(role: InputRole, element: ElementInfo): string | undefined {
  const k = element.kind;
  switch (role) {
    case 'query':
      return k === 'table' || k === 'aggregation'
        ? 'cannot be the input of a query; join it with a stream, or read it with an on-demand query'
        : undefined;
    case 'pattern':
      return k === 'table' || k === 'aggregation'
        ? 'cannot be used in a pattern or sequence'
        : undefined;
    case 'aggregation':
    case 'partition':
      return k === 'stream' || k === 'trigger'
        ? undefined
        : `cannot be the input of ${role === 'partition' ? 'a partition' : 'an aggregation'}`;
    case 'join':
      return undefined;
  }
}

function checkStreamFunction(
  ctx: ValidationContext,
  call: FunctionCall,
  scope: Scope,
): readonly AttributeInfo[] | undefined {
  const display = qualifiedName(call.namespace, call.name);
  const args = argumentInfos(ctx, call, scope);
  const spec = resolveSpec(ctx, ['streamFunction', 'streamProcessor'], call);
  if (spec === undefined) {
    ctx.report(
      'E_UNKNOWN_STREAM_FUNCTION',
      call.span,
      [display],
      ctx.hint(display, namesOfKinds(ctx, ['streamFunction', 'streamProcessor'])),
    );
    return undefined;
  }
  if (matchOverloads(ctx, spec, call, args, display) === undefined) return undefined;
  const extra = spec.appends;
  if (extra === undefined) return [];
  return typeof extra === 'function' ? extra(args) : extra;
}

export function checkWindowCall(ctx: ValidationContext, call: FunctionCall, scope: Scope): void {
  const display = qualifiedName(call.namespace, call.name);
  const args = argumentInfos(ctx, call, scope);
  const spec = resolveSpec(ctx, ['window'], call);
  if (spec === undefined) {
    ctx.report(
      'E_UNKNOWN_WINDOW',
      call.span,
      [display],
      ctx.hint(display, namesOfKinds(ctx, ['window'])),
    );
    return;
  }
  matchOverloads(ctx, spec, call, args, display);
}

export interface SingleOptions {
  /** Sources visible besides the stream itself (earlier pattern states). */
  readonly outer?: readonly Source[];
  /** The pattern event reference (`e1=`), also usable inside the state's own filter. */
  readonly ref?: string;
}

/** Resolves a single input stream and checks its handlers. */
export function resolveSingle(
  ctx: ValidationContext,
  input: SingleInputStream,
  env: QueryEnv,
  role: InputRole,
  options: SingleOptions = {},
): ResolvedInput {
  const element = lookupElement(ctx, env, input);
  const problem = element === undefined ? undefined : kindProblem(role, element);
  if (element !== undefined && problem !== undefined) {
    if (role === 'pattern')
      ctx.report('E_INVALID_PATTERN', input.span, [`${element.kind} '${element.id}' ${problem}`]);
    else if (role === 'aggregation')
      ctx.report('E_INVALID_AGGREGATION', input.span, [
        element.id,
        `${element.kind} '${element.id}' ${problem}`,
      ]);
    else ctx.report('E_INVALID_INPUT', input.span, [element.id, element.kind, problem]);
  }
  let attributes: readonly AttributeInfo[] = element?.attributes ?? [];
  let incomplete = element === undefined || element.incomplete === true;
  const qualifier =
    input.inner === true
      ? `#${input.streamId}`
      : input.fault === true
        ? `!${input.streamId}`
        : input.streamId;
  const names = [
    ...new Set([options.ref, input.alias, qualifier].filter((n): n is string => n !== undefined)),
  ];
  const scopeOf = (where: string): Scope =>
    makeScope(
      [
        {
          label: options.ref ?? input.alias ?? qualifier,
          names,
          attributes,
          priority: 0,
          eventReference: true,
          incomplete,
        },
        ...(options.outer ?? []).map((s) => ({ ...s, priority: s.priority + 1 })),
      ],
      where,
      false,
      incomplete,
    );
  let sawWindow = false;
  for (const handler of input.handlers) {
    switch (handler.kind) {
      case 'filter':
        if (sawWindow && role === 'join') {
          ctx.report('E_INVALID_JOIN', handler.span, [
            'a filter cannot follow the window of a join input',
          ]);
        }
        checkCondition(ctx, handler.condition, scopeOf('a filter condition'));
        break;
      case 'streamFunction': {
        const extra = checkStreamFunction(
          ctx,
          handler.call,
          scopeOf('a stream function parameter'),
        );
        if (extra === undefined) incomplete = true;
        else if (extra.length > 0) attributes = [...attributes, ...extra];
        break;
      }
      case 'window':
        sawWindow = true;
        if (element?.kind === 'window') {
          ctx.report('E_INVALID_INPUT', handler.span, [
            element.id,
            'window',
            'is a named window and cannot take another window',
          ]);
        } else if (element?.kind === 'table' || element?.kind === 'aggregation') {
          ctx.report('E_INVALID_INPUT', handler.span, [
            element.id,
            element.kind,
            'cannot take a window',
          ]);
        } else if (role === 'pattern') {
          ctx.report('E_INVALID_PATTERN', handler.span, [
            'pattern and sequence inputs cannot have windows',
          ]);
        }
        checkWindowCall(ctx, handler.call, scopeOf('a window parameter'));
        break;
    }
  }
  return element === undefined ? { attributes, incomplete } : { element, attributes, incomplete };
}
