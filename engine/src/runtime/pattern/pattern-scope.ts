// The expression scope of pattern and sequence queries: `e1.price`, `e2[0].price`,
// `e2[last].price`, unqualified names, `e1 is null` over a partial match. Inside a state's own
// filter, its own event is the one being tried (`e2[last]` is then the last accepted one).

import {
  NO_SPAN,
  type AttributeType,
  type IsNullStream,
  type StreamIndex,
  type Variable,
} from '../../query-api/index.js';
import { ExpressionCompileError } from '../expression/expression-errors.js';
import type { ExpressionScope, ValueAccessor } from '../expression/types.js';
import { chainAt, chainFromEnd, type LinkedEvent, type StateEvent } from './state-event.js';

/** One stream state as expressions see it. */
export interface StatePosition {
  readonly ref?: string;
  readonly streamId: string;
  readonly attributes: readonly { readonly name: string; readonly type: AttributeType }[];
  /** A count state: its slot chains several events. */
  readonly count: boolean;
}

type NodeReader = (s: StateEvent) => LinkedEvent | null;

function describe(v: Variable): string {
  return v.stream === undefined ? v.attribute : `${v.stream}.${v.attribute}`;
}

function lastOf(s: StateEvent, p: number): LinkedEvent | null {
  let n = s.events[p] ?? null;
  while (n?.next != null) n = n.next;
  return n;
}

/** Which event of slot `p` an index picks; `own` inside the state's own filter. */
function nodeReader(p: number, index: StreamIndex | undefined, own: boolean): NodeReader {
  if (index === undefined) return own ? (s) => lastOf(s, p) : (s) => s.events[p] ?? null;
  if (index.kind === 'index') {
    const i = index.value;
    return (s) => chainAt(s.events[p] ?? null, i);
  }
  const fromEnd = index.minus + (own ? 1 : 0);
  return (s) => chainFromEnd(s.events[p] ?? null, fromEnd);
}

/**
 * The scope over partial matches of `positions`; `own` is the state whose filter is compiled
 * (undefined for the selector).
 * @example
 * compileExpression(filter, patternScope(positions, 1), ctx).evaluate(partialMatch)
 */
export function patternScope(
  positions: readonly StatePosition[],
  own?: number,
): ExpressionScope<StateEvent> {
  const positionOf = (name: string): number => {
    const byRef = positions.findIndex((p) => p.ref === name);
    if (byRef >= 0) return byRef;
    return positions.findIndex((p) => p.ref === undefined && p.streamId === name);
  };
  const accessor = (p: number, v: Variable): ValueAccessor<StateEvent> => {
    const position = positions[p];
    const index = position?.attributes.findIndex((a) => a.name === v.attribute) ?? -1;
    const attribute = position?.attributes[index];
    if (position === undefined || attribute === undefined) {
      throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${describe(v)}'`);
    }
    const isOwn = p === own;
    if (position.count && !isOwn && v.streamIndex === undefined) {
      // A count state's attribute without an index is the list of collected values.
      return {
        type: 'object',
        read: (s) => {
          let n = s.events[p] ?? null;
          if (n === null) return null;
          const values: unknown[] = [];
          for (; n !== null; n = n.next) values.push(n.data[index] ?? null);
          return values;
        },
      };
    }
    const node = nodeReader(p, v.streamIndex, isOwn);
    return {
      type: attribute.type,
      read: (s) => {
        const n = node(s);
        return n === null ? null : (n.data[index] ?? null);
      },
    };
  };
  const hasAttribute = (p: StatePosition, name: string): boolean =>
    p.attributes.some((a) => a.name === name);
  // `f(*)` in a state's filter passes that state's own event (unqualified names resolve to it);
  // the selector keeps its own qualified star list, so it gets none here.
  const ownAttributes = own === undefined ? undefined : positions[own]?.attributes;
  let all: readonly Variable[] | undefined;
  return {
    ...(ownAttributes === undefined
      ? {}
      : {
          allAttributes: () =>
            (all ??= ownAttributes.map((a): Variable => ({
              kind: 'variable',
              span: NO_SPAN,
              attribute: a.name,
            }))),
        }),
    resolve(v: Variable): ValueAccessor<StateEvent> {
      if (v.inner === true || v.fault === true) {
        throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${describe(v)}'`);
      }
      if (v.stream !== undefined) {
        const p = positionOf(v.stream);
        if (p < 0) {
          throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${describe(v)}'`);
        }
        return accessor(p, v);
      }
      const ownPosition = own === undefined ? undefined : positions[own];
      if (
        own !== undefined &&
        ownPosition !== undefined &&
        hasAttribute(ownPosition, v.attribute)
      ) {
        return accessor(own, v);
      }
      const p = positions.findIndex((q) => hasAttribute(q, v.attribute));
      if (p < 0) {
        throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${v.attribute}'`);
      }
      return accessor(p, v);
    },
    timestamp: (s) => s.timestamp,
    resolveStreamNull(n: IsNullStream): (s: StateEvent) => boolean {
      const p = positionOf(n.stream);
      if (p < 0) {
        throw new ExpressionCompileError('E_PLAN_TYPE', `unknown stream reference '${n.stream}'`);
      }
      const node = nodeReader(p, n.streamIndex, false);
      return (s) => node(s) === null;
    },
    resolveEventReference(v: Variable) {
      if (v.stream !== undefined) return undefined;
      if (positions.some((q) => hasAttribute(q, v.attribute))) return undefined;
      const p = positions.findIndex((q) => q.ref === v.attribute);
      if (p < 0) return undefined;
      return (s) => s.events[p] ?? null;
    },
  };
}
