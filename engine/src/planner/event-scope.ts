// The expression scope of a single-input query: the context is one event whose `data` holds
// the input stream's attributes (plus those stream functions appended), in order.

import {
  NO_SPAN,
  type AttributeType,
  type IsNullStream,
  type Variable,
} from '../query-api/index.js';
import type { StreamEvent } from '../runtime/event/event.js';
import type { ExpressionScope, ValueAccessor } from '../runtime/expression/types.js';

/** An attribute of the events a query stage sees. */
export interface ScopeAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/**
 * A scope over `attributes`, reachable unqualified or qualified by the stream id or alias.
 * @example
 * eventScope('S', undefined, [{ name: 'price', type: 'float' }]).resolve(priceVariable).read(event)
 */
export function eventScope(
  streamId: string,
  alias: string | undefined,
  attributes: readonly ScopeAttribute[],
): ExpressionScope<StreamEvent> {
  const names = (name: string | undefined): boolean =>
    name === undefined || name === streamId || name === alias;
  // `f(*)` (in a filter as in a select) passes the event's attributes, in order
  let all: readonly Variable[] | undefined;
  return {
    resolve(v: Variable): ValueAccessor<StreamEvent> {
      if (!names(v.stream)) {
        throw new Error(
          `'${v.stream ?? ''}.${v.attribute}' does not refer to stream '${streamId}'`,
        );
      }
      const index = attributes.findIndex((a) => a.name === v.attribute);
      const attribute = attributes[index];
      if (attribute === undefined) {
        throw new Error(`stream '${streamId}' has no attribute '${v.attribute}'`);
      }
      return { type: attribute.type, read: (e) => e.data[index] ?? null };
    },
    timestamp: (e) => e.timestamp,
    allAttributes: () =>
      (all ??= attributes.map((a) => ({ kind: 'variable', span: NO_SPAN, attribute: a.name }))),
    resolveStreamNull(n: IsNullStream) {
      if (!names(n.stream)) throw new Error(`unknown stream reference '${n.stream}'`);
      return () => false;
    },
    resolveEventReference(v: Variable) {
      if (v.stream !== undefined || (v.attribute !== streamId && v.attribute !== alias)) {
        return undefined;
      }
      if (attributes.some((a) => a.name === v.attribute)) return undefined;
      return (e) => e;
    },
  };
}
