// The expression scope of a join: `S.attr` / `alias.attr` read the named side's event, an
// unqualified name reads the one side that has the attribute; a missing side reads as null.

import type { AttributeType, In, IsNullStream, Variable } from '../../query-api/index.js';
import type { ComplexEvent } from '../event/event.js';
import { ExpressionCompileError } from '../expression/expression-errors.js';
import type { ExpressionScope, ValueAccessor } from '../expression/types.js';
import type { JoinEvent, JoinSlot } from './join-event.js';

/** One input of a join as expressions see it. */
export interface JoinSideSchema {
  /** The stream's id; `#S` for a partition's inner stream. */
  readonly streamId: string;
  readonly alias?: string;
  readonly attributes: readonly { readonly name: string; readonly type: AttributeType }[];
}

interface Side {
  readonly slot: JoinSlot;
  readonly schema: JoinSideSchema;
}

function sideNamed(sides: readonly Side[], name: string): Side | undefined {
  const byAlias = sides.filter((s) => s.schema.alias === name);
  if (byAlias.length === 1) return byAlias[0];
  const byId = sides.filter((s) => s.schema.alias === undefined && s.schema.streamId === name);
  if (byId.length === 1) return byId[0];
  // `S.attr` still names S when S has an alias, as long as it is not ambiguous.
  const anyId = sides.filter((s) => s.schema.streamId === name);
  return anyId.length === 1 ? anyId[0] : undefined;
}

function describe(v: Variable): string {
  return v.stream === undefined ? v.attribute : `${v.stream}.${v.attribute}`;
}

function reader(slot: JoinSlot, index: number): (c: JoinEvent) => unknown {
  return slot === 'left'
    ? (c) => (c.left === null ? null : (c.left.data[index] ?? null))
    : (c) => (c.right === null ? null : (c.right.data[index] ?? null));
}

/** Optional hooks of a join scope. */
export interface JoinScopeOptions {
  /** `cond in Table` over join events (the join event is the condition's matching event). */
  readonly resolveIn?: (
    i: In,
    scope: ExpressionScope<JoinEvent>,
  ) => ((c: JoinEvent) => boolean) | undefined;
}

/**
 * The scope of expressions over join events of `left` and `right`.
 * @example
 * const scope = joinScope({ streamId: 'S', attributes }, { streamId: 'T', alias: 't', attributes: tAttrs });
 * compileExpression(onCondition, scope, ctx).evaluate(joinEvent(ts, 'current', s, t));
 */
export function joinScope(
  left: JoinSideSchema,
  right: JoinSideSchema,
  options: JoinScopeOptions = {},
): ExpressionScope<JoinEvent> {
  const sides: readonly Side[] = [
    { slot: 'left', schema: left },
    { slot: 'right', schema: right },
  ];
  const sideOf = (v: Variable): { side: Side; index: number } => {
    if (v.streamIndex !== undefined || v.fault === true) {
      throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${describe(v)}'`);
    }
    if (v.stream !== undefined) {
      // `#S.attr` names a partition's inner stream, whose side has the id `#S`.
      const side = sideNamed(sides, v.inner === true ? `#${v.stream}` : v.stream);
      const index = side?.schema.attributes.findIndex((a) => a.name === v.attribute) ?? -1;
      if (side === undefined || index < 0) {
        throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${describe(v)}'`);
      }
      return { side, index };
    }
    const found = sides.flatMap((side) => {
      const index = side.schema.attributes.findIndex((a) => a.name === v.attribute);
      return index < 0 ? [] : [{ side, index }];
    });
    const [only] = found;
    if (only === undefined) {
      throw new ExpressionCompileError('E_PLAN_TYPE', `unknown attribute '${v.attribute}'`);
    }
    if (found.length > 1) {
      throw new ExpressionCompileError(
        'E_PLAN_TYPE',
        `attribute '${v.attribute}' is ambiguous: both join inputs have it`,
      );
    }
    return only;
  };
  const scope: ExpressionScope<JoinEvent> = {
    resolve(v: Variable): ValueAccessor<JoinEvent> {
      const { side, index } = sideOf(v);
      const type = side.schema.attributes[index]?.type ?? 'object';
      return { type, read: reader(side.slot, index) };
    },
    timestamp: (c) => c.timestamp,
    resolveStreamNull(n: IsNullStream): (c: JoinEvent) => boolean {
      const side = sideNamed(sides, n.stream);
      if (side === undefined || n.streamIndex !== undefined) {
        throw new ExpressionCompileError('E_PLAN_TYPE', `unknown stream reference '${n.stream}'`);
      }
      return side.slot === 'left' ? (c) => c.left === null : (c) => c.right === null;
    },
    resolveEventReference(
      v: Variable,
    ): ((c: JoinEvent) => ComplexEvent | null | undefined) | undefined {
      if (v.stream !== undefined) return undefined;
      const side = sideNamed(sides, v.attribute);
      if (side === undefined) return undefined;
      if (sides.some((s) => s.schema.attributes.some((a) => a.name === v.attribute))) {
        return undefined;
      }
      return side.slot === 'left' ? (c) => c.left : (c) => c.right;
    },
    resolveIn(i: In): ((c: JoinEvent) => boolean) | undefined {
      return options.resolveIn?.(i, scope);
    },
  };
  return scope;
}
