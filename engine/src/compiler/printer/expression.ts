// Printing expressions with the fewest parentheses that keep the tree's shape, using
// SiddhiQL's precedence (tightest first): `is null`, `not`, `* / %`, `+ -`,
// `< <= > >=`, `== !=`, `in`, `and`, `or`; binary operators associate to the left.

import type {
  BinaryOperator,
  Expression,
  FunctionCall,
  StreamIndex,
  Variable,
} from '../../query-api/index.js';
import { printConstant, printId, printName, printTime } from './lexical.js';

const PRIMARY = 10;
const NOT = 8;
const IN = 3;
const AND = 2;

/** Operands printed without parentheses after `not`; `is null` is bracketed for clarity. */
const BARE_UNDER_NOT: ReadonlySet<Expression['kind']> = new Set([
  'constant',
  'time',
  'variable',
  'function',
  'not',
]);

const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '*': 7,
  '/': 7,
  '%': 7,
  '+': 6,
  '-': 6,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '==': 4,
  '!=': 4,
  and: AND,
  or: 1,
};

function precedence(e: Expression): number {
  switch (e.kind) {
    case 'binary':
      return BINARY_PRECEDENCE[e.op];
    case 'not':
      return NOT;
    case 'in':
      return IN;
    default:
      return PRIMARY;
  }
}

/**
 * An operand of an operator of precedence `parent` that must bind at least as tightly as
 * `min`. A `not` under a comparison, arithmetic or `in` is bracketed too (`(not a) == b`):
 * the text then reads the same whether `not` is taken as tight (Siddhi) or loose (SQL).
 */
function operand(e: Expression, min: number, parent: number): string {
  const wrap = precedence(e) < min || (e.kind === 'not' && parent > AND);
  const text = printExpression(e);
  return wrap ? `(${text})` : text;
}

/** `[2]`, `[last]`, `[last-1]`. */
export function printStreamIndex(i: StreamIndex): string {
  if (i.kind === 'index') return `[${String(i.value)}]`;
  return i.minus === 0 ? '[last]' : `[last-${String(i.minus)}]`;
}

/** `#S`, `!S`, `e1[last]` — a qualifier: stream, inner/fault stream or event reference. */
function printQualifier(
  stream: string,
  index: StreamIndex | undefined,
  inner: boolean | undefined,
  fault: boolean | undefined,
): string {
  const prefix = inner === true ? '#' : fault === true ? '!' : '';
  return `${prefix}${printId(stream)}${index ? printStreamIndex(index) : ''}`;
}

/** `price`, `S.price`, `e1[last-1].price`, `#Inner.price`. */
export function printVariable(v: Variable): string {
  const attribute = printId(v.attribute);
  if (v.stream === undefined) return attribute;
  return `${printQualifier(v.stream, v.streamIndex, v.inner, v.fault)}.${attribute}`;
}

/** `ns:name(a, b)`, `count()`. */
export function printFunctionCall(f: FunctionCall): string {
  const ns = f.namespace === undefined ? '' : `${printName(f.namespace)}:`;
  const args = f.allAttributes === true ? '*' : f.args.map(printExpression).join(', ');
  return `${ns}${printName(f.name)}(${args})`;
}

/**
 * Canonical SiddhiQL text of an expression, e.g. `(a + b) * 2 > 10L and not (s is null)`.
 * Re-parsing the text gives the same tree.
 */
export function printExpression(e: Expression): string {
  switch (e.kind) {
    case 'constant':
      return printConstant(e);
    case 'time':
      return printTime(e);
    case 'variable':
      return printVariable(e);
    case 'function':
      return printFunctionCall(e);
    case 'binary': {
      const p = BINARY_PRECEDENCE[e.op];
      return `${operand(e.left, p, p)} ${e.op} ${operand(e.right, p + 1, p)}`;
    }
    case 'not': {
      const text = printExpression(e.operand);
      return BARE_UNDER_NOT.has(e.operand.kind) ? `not ${text}` : `not (${text})`;
    }
    case 'isNull': {
      const o = e.operand;
      const bare = o.kind === 'variable' || o.kind === 'function';
      return `${bare ? printExpression(o) : `(${printExpression(o)})`} is null`;
    }
    case 'isNullStream':
      return `${printQualifier(e.stream, e.streamIndex, e.inner, e.fault)} is null`;
    case 'in':
      return `${operand(e.operand, IN, IN)} in ${printId(e.table)}`;
  }
}
