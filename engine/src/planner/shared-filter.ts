// Finds the indexable part of a query's first filter, so its input junction can share one
// predicate index between many queries: the leading conjuncts comparing one attribute with
// constants become index constraints; the conjuncts after them stay a filter of the query.

import type {
  AttributeType,
  ComparisonOperator,
  Expression,
  SingleInputStream,
} from '../query-api/index.js';
import type { StreamEvent } from '../runtime/event/event.js';
import type { CompiledExpression } from '../runtime/expression/types.js';
import { FilterProcessor } from '../runtime/processor/filter-processor.js';
import type { Processor } from '../runtime/processor/processor.js';
import type {
  IndexConstraint,
  IndexKeyKind,
  IndexOperator,
} from '../runtime/stream/predicate-index.js';
import type { FilteredSubscription } from '../runtime/stream/stream-junction.js';
import type { ScopeAttribute } from './event-scope.js';

/** Compiles an expression over the query's input events. */
export type InputCompiler = (expression: Expression) => CompiledExpression<StreamEvent>;

/** One leading conjunct `attribute op constant` in index form. */
export interface IndexableConjunct {
  readonly attribute: number;
  readonly kind: IndexKeyKind;
  readonly constraint: IndexConstraint;
}

const NUMERIC_RANK: Readonly<Partial<Record<AttributeType, number>>> = {
  int: 0,
  long: 1,
  float: 2,
  double: 3,
};

const MIRRORED: Readonly<Record<IndexOperator, IndexOperator>> = {
  '==': '==',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** `a and b and c` (any nesting) as [a, b, c], in evaluation order. */
export function conjunctsOf(expression: Expression): Expression[] {
  if (expression.kind === 'binary' && expression.op === 'and') {
    return [...conjunctsOf(expression.left), ...conjunctsOf(expression.right)];
  }
  return [expression];
}

function isIndexOperator(op: string): op is IndexOperator {
  return op === '==' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

/**
 * The comparison kind the expression compiler uses for `attribute op constant` (see
 * runtime/expression/comparison.ts), or undefined when the index cannot reproduce it.
 */
function keyKind(
  attribute: AttributeType,
  constant: AttributeType,
  op: ComparisonOperator,
): IndexKeyKind | undefined {
  const ra = NUMERIC_RANK[attribute];
  const rc = NUMERIC_RANK[constant];
  if (ra !== undefined && rc !== undefined) {
    return Math.max(ra, rc) === 2 && Math.min(ra, rc) < 2 ? 'float' : 'number';
  }
  if (op === '==' && attribute === constant && (attribute === 'string' || attribute === 'bool')) {
    return 'value';
  }
  return undefined;
}

/**
 * `expression` as `attribute op constant` over `attributes` (the query's input), or undefined.
 * @example
 * indexableConjunct(parse('700 > price'), input, attributes, compile)
 * // { attribute: 1, kind: 'float', constraint: { op: '<', value: 700 } }
 */
export function indexableConjunct(
  expression: Expression,
  input: SingleInputStream,
  attributes: readonly ScopeAttribute[],
  compile: InputCompiler,
): IndexableConjunct | undefined {
  if (expression.kind !== 'binary' || !isIndexOperator(expression.op)) return undefined;
  const attributeOf = (e: Expression): number => {
    if (e.kind !== 'variable' || e.streamIndex !== undefined) return -1;
    if (e.stream !== undefined && e.stream !== input.streamId && e.stream !== input.alias) {
      return -1;
    }
    return attributes.findIndex((a) => a.name === e.attribute);
  };
  let op: IndexOperator = expression.op;
  let position = attributeOf(expression.left);
  let other = expression.right;
  if (position < 0) {
    position = attributeOf(expression.right);
    other = expression.left;
    op = MIRRORED[op];
  }
  const attribute = attributes[position];
  if (attribute === undefined || other.kind === 'variable') return undefined;
  let constant: CompiledExpression<StreamEvent>;
  try {
    constant = compile(other);
  } catch {
    return undefined;
  }
  if (!constant.constant) return undefined;
  const kind = keyKind(attribute.type, constant.type, expression.op);
  if (kind === undefined) return undefined;
  let value: unknown;
  try {
    value = constant.evaluate(undefined as unknown as StreamEvent);
  } catch {
    return undefined;
  }
  if (kind === 'value') {
    if (typeof value !== 'string' && typeof value !== 'boolean') return undefined;
    return { attribute: position, kind, constraint: { op, value } };
  }
  if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  return {
    attribute: position,
    kind,
    constraint: { op, value: kind === 'float' ? Math.fround(value) : value },
  };
}

/**
 * The subscription a query's input junction may index: when the query's chain starts with the
 * filter of `input.handlers[0]` (`head`) and that filter starts with comparisons of one attribute
 * with constants. Events the index matches skip those comparisons; the remaining conjuncts (in
 * their order) are compiled into a filter placed before the rest of the chain.
 * @example
 * junction.subscribe(receiver, sharedFilterOf(input, attributes, head, compile));
 */
export function sharedFilterOf(
  input: SingleInputStream,
  attributes: readonly ScopeAttribute[],
  head: Processor,
  compile: InputCompiler,
): FilteredSubscription | undefined {
  const first = input.handlers[0];
  if (first?.kind !== 'filter' || !(head instanceof FilterProcessor)) return undefined;
  const conjuncts = conjunctsOf(first.condition);
  const constraints: IndexConstraint[] = [];
  let key: { attribute: number; kind: IndexKeyKind } | undefined;
  let used = 0;
  for (const conjunct of conjuncts) {
    const indexable = indexableConjunct(conjunct, input, attributes, compile);
    if (indexable === undefined) break;
    if (key === undefined) key = { attribute: indexable.attribute, kind: indexable.kind };
    else if (key.attribute !== indexable.attribute || key.kind !== indexable.kind) break;
    constraints.push(indexable.constraint);
    used += 1;
  }
  if (key === undefined) return undefined;
  const rest = conjuncts.slice(used);
  let after: Processor = head.next;
  if (rest.length > 0) {
    const residual = rest.reduce((left, right) => ({
      kind: 'binary',
      op: 'and',
      left,
      right,
      span: left.span,
    }));
    const filter = new FilterProcessor(compile(residual).evaluate);
    filter.next = head.next;
    after = filter;
  }
  const next = after;
  return {
    ...key,
    constraints,
    matched: {
      receive: (chunk) => {
        next.process(chunk);
      },
    },
  };
}
