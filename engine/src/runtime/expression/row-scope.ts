// The expression scope of a single stream: attributes are read from `event.data` by position,
// the timestamp from `event.timestamp`. Used by single-input queries and by tests.

import type { AttributeType, Variable } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import { ExpressionCompileError } from './expression-errors.js';
import type { ExpressionScope, ValueAccessor } from './types.js';

/** A stream's attribute as the scope needs it. */
export interface ScopeAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/**
 * A scope over the events of one stream; `qualifiers` are the names the stream may be
 * referred by (`S.price`, `s.price`); unqualified names always resolve.
 * @example
 * const scope = rowScope([{ name: 'price', type: 'double' }], ['StockStream']);
 * compileExpression(expr, scope, ctx).evaluate(event);
 */
export function rowScope(
  attributes: readonly ScopeAttribute[],
  qualifiers: readonly string[] = [],
): ExpressionScope<StreamEvent> {
  return {
    resolve(v: Variable): ValueAccessor<StreamEvent> {
      const index = attributes.findIndex((a) => a.name === v.attribute);
      const attribute = attributes[index];
      if (
        attribute === undefined ||
        v.streamIndex !== undefined ||
        (v.stream !== undefined && !qualifiers.includes(v.stream))
      ) {
        const name = v.stream === undefined ? v.attribute : `${v.stream}.${v.attribute}`;
        throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${name}'`);
      }
      return { type: attribute.type, read: (e) => e.data[index] };
    },
    timestamp: (e) => e.timestamp,
  };
}
