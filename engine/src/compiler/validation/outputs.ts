// Query outputs: `insert into` (inferring streams, checking schemas of existing streams,
// tables and windows), `delete`/`update`/`update or insert` on tables, and `return`.

import type { OutputStream, SetAssignment, Span } from '../../query-api/index.js';
import type { ElementInfo, ValidationContext } from './context.js';
import { checkCondition, typeOf } from './expressions.js';
import type { QueryEnv } from './inputs.js';
import { makeScope, resolveVariable, type Scope, type Source } from './scope.js';
import { outputSource } from './selector.js';
import { formatSchema, type AttributeInfo } from './types.js';

function compatible(target: ElementInfo, outputs: readonly AttributeInfo[]): boolean {
  const expected = target.attributes;
  if (expected.length !== outputs.length) return false;
  return expected.every((e, i) => {
    const o = outputs[i];
    if (o === undefined) return false;
    if (e.type !== undefined && o.type !== undefined && e.type !== o.type) return false;
    return target.kind !== 'stream' || e.name === o.name;
  });
}

function checkInsertSchema(
  ctx: ValidationContext,
  target: ElementInfo,
  outputs: readonly AttributeInfo[] | undefined,
  span: Span,
): void {
  if (outputs === undefined || target.incomplete === true) return;
  if (!compatible(target, outputs)) {
    ctx.report('E_SCHEMA_MISMATCH', span, [
      target.id,
      formatSchema(target.attributes),
      formatSchema(outputs),
    ]);
  }
}

function tableSource(table: ElementInfo, priority: number): Source {
  return {
    label: table.id,
    names: [table.id],
    attributes: table.attributes,
    priority,
    eventReference: false,
    incomplete: table.incomplete === true,
  };
}

function lookupTable(
  ctx: ValidationContext,
  name: string,
  span: Span,
  action: string,
): ElementInfo | undefined {
  const found = ctx.elements.get(name);
  if (found === undefined) {
    ctx.report(
      'E_UNKNOWN_TABLE',
      span,
      [name],
      ctx.hint(
        name,
        [...ctx.elements.values()].filter((e) => e.kind === 'table').map((e) => e.id),
      ),
    );
    return undefined;
  }
  if (found.kind !== 'table') {
    ctx.report('E_INVALID_OUTPUT_TARGET', span, [name, found.kind, action]);
    return undefined;
  }
  return found;
}

function checkSet(
  ctx: ValidationContext,
  set: readonly SetAssignment[],
  table: ElementInfo,
  scope: Scope,
): void {
  const targetScope = makeScope([tableSource(table, 0)], 'a set clause');
  for (const s of set) {
    if (s.target.stream !== undefined && s.target.stream !== table.id) {
      ctx.report('E_INVALID_SET', s.target.span, [
        `'${s.target.stream}.${s.target.attribute}' is not an attribute of table '${table.id}'`,
      ]);
    } else {
      resolveVariable(ctx, s.target, targetScope);
    }
    typeOf(ctx, s.value, scope);
  }
}

/**
 * Checks where a query's output goes. `outputs` is the selector's schema (undefined when
 * unknown); inputs are the query's input sources (visible in table action conditions).
 */
export function checkOutput(
  ctx: ValidationContext,
  output: OutputStream,
  outputs: readonly AttributeInfo[] | undefined,
  env: QueryEnv,
  inputs: readonly Source[] = [],
): void {
  switch (output.kind) {
    case 'return':
      return;
    case 'insert': {
      const incomplete = outputs === undefined || outputs.some((a) => a.type === undefined);
      if (output.inner === true) {
        if (env.partition === undefined) {
          ctx.report('E_INNER_STREAM_OUTSIDE_PARTITION', output.targetSpan ?? output.span, [
            output.target,
          ]);
          return;
        }
        const existing = env.partition.inner.get(output.target);
        if (existing === undefined) {
          env.partition.inner.set(output.target, {
            kind: 'stream',
            id: `#${output.target}`,
            attributes: outputs ?? [],
            span: output.span,
            explicit: false,
            incomplete,
          });
        } else {
          checkInsertSchema(ctx, existing, outputs, output.span);
        }
        return;
      }
      const id = output.fault === true ? `!${output.target}` : output.target;
      const existing = ctx.elements.get(id);
      if (existing === undefined) {
        if (output.fault === true) {
          ctx.report('E_UNKNOWN_FAULT_STREAM', output.targetSpan ?? output.span, [output.target]);
          return;
        }
        ctx.elements.set(id, {
          kind: 'stream',
          id,
          attributes: outputs ?? [],
          span: output.span,
          explicit: false,
          incomplete,
        });
        return;
      }
      if (existing.kind === 'aggregation' || existing.kind === 'trigger') {
        ctx.report('E_INVALID_OUTPUT_TARGET', output.targetSpan ?? output.span, [
          id,
          existing.kind,
          'insert into',
        ]);
        return;
      }
      checkInsertSchema(ctx, existing, outputs, output.span);
      return;
    }
    case 'delete':
    case 'update':
    case 'updateOrInsert': {
      const action =
        output.kind === 'delete'
          ? 'delete from'
          : output.kind === 'update'
            ? 'update'
            : 'update or insert into';
      const table = lookupTable(ctx, output.target, output.targetSpan ?? output.span, action);
      const sources: Source[] = [
        outputSource(outputs, 0),
        ...inputs.map((s) => ({ ...s, priority: s.priority + 1 })),
      ];
      if (table !== undefined) sources.push(tableSource(table, 2));
      const scope = makeScope(sources, 'the on condition', false, table === undefined);
      checkCondition(ctx, output.on, scope);
      if (output.kind !== 'delete' && table !== undefined) {
        checkSet(ctx, output.set, table, { ...scope, where: 'a set clause' });
      }
      if (output.kind === 'updateOrInsert' && table !== undefined && output.set.length === 0) {
        checkInsertSchema(ctx, table, outputs, output.span);
      }
      return;
    }
  }
}
