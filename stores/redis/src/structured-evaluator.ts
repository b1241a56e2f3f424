// Evaluates the engine's structured conditions and `set` values on a stored row, in the worker
// next to Redis (which has no query language for hashes): the rows a key or index lookup
// fetched are filtered here. Semantics follow the engine's: a comparison with null is false
// (`!=` included), int/long against float compare at 32 bits, integer `/` and `%` truncate and
// give null for a zero divisor.

import type { AttributeType, StructuredCondition } from '@tributary/engine';

/** The values an evaluation reads: the row's (by column name) and the call's parameters. */
export interface Binding {
  readonly row: Readonly<Record<string, unknown>>;
  readonly params: readonly unknown[];
}

const INTEGER: ReadonlySet<AttributeType> = new Set(['int', 'long']);
const NUMERIC: ReadonlySet<AttributeType> = new Set(['int', 'long', 'float', 'double']);

function isNull(v: unknown): boolean {
  return v === null || v === undefined;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return false;
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    default:
      return (a as number) >= (b as number);
  }
}

function math(op: string, a: unknown, b: unknown, type: AttributeType): number | null {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  let value: number;
  switch (op) {
    case '+':
      value = a + b;
      break;
    case '-':
      value = a - b;
      break;
    case '*':
      value = a * b;
      break;
    case '/':
      if (b === 0 && INTEGER.has(type)) return null;
      value = INTEGER.has(type) ? Math.trunc(a / b) : a / b;
      break;
    default:
      if (b === 0 && INTEGER.has(type)) return null;
      value = a % b;
  }
  if (type === 'int') return value | 0;
  if (type === 'float') return Math.fround(value);
  return value;
}

/**
 * The value of `node` on `binding` (conditions give booleans).
 * @example
 * evaluate({ kind: 'compare', op: '>', left: { kind: 'column', name: 'price', type: 'double' },
 *   right: { kind: 'parameter', index: 0, type: 'double' } }, { row: { price: 12 }, params: [10] }); // true
 */
export function evaluate(node: StructuredCondition, binding: Binding): unknown {
  switch (node.kind) {
    case 'column':
      return binding.row[node.name] ?? null;
    case 'parameter':
      return binding.params[node.index] ?? null;
    case 'constant':
      return node.value;
    case 'math':
      return math(node.op, evaluate(node.left, binding), evaluate(node.right, binding), node.type);
    case 'and':
      return evaluate(node.left, binding) === true && evaluate(node.right, binding) === true;
    case 'or':
      return evaluate(node.left, binding) === true || evaluate(node.right, binding) === true;
    case 'not':
      return evaluate(node.operand, binding) !== true;
    case 'isNull':
      return isNull(evaluate(node.operand, binding));
    case 'compare': {
      let a = evaluate(node.left, binding);
      let b = evaluate(node.right, binding);
      const lt = node.left.type;
      const rt = node.right.type;
      // Java widens int/long to float when the other side is a float.
      if (
        typeof a === 'number' &&
        typeof b === 'number' &&
        ((lt === 'float' && INTEGER.has(rt)) || (rt === 'float' && INTEGER.has(lt)))
      ) {
        a = Math.fround(a);
        b = Math.fround(b);
      }
      if (NUMERIC.has(lt) !== NUMERIC.has(rt) && node.op !== '==' && node.op !== '!=') return false;
      return compare(node.op, a, b);
    }
    case 'engine':
      throw new Error('a condition part the store cannot evaluate reached the store');
  }
}

/** True when the tree can be evaluated here (no `engine` parts). */
export function evaluable(node: StructuredCondition): boolean {
  switch (node.kind) {
    case 'engine':
      return false;
    case 'column':
    case 'parameter':
    case 'constant':
      return true;
    case 'not':
    case 'isNull':
      return evaluable(node.operand);
    default:
      return evaluable(node.left) && evaluable(node.right);
  }
}
