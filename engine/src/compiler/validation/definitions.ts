// Definitions: registers streams, tables, windows, triggers, script functions and (as
// placeholders) aggregations; reports duplicate ids and attributes, definition annotations
// and named-window functions.

import type { Attribute, Definition, SiddhiApp, WindowDefinition } from '../../query-api/index.js';
import { qualifiedName } from '../extension-catalog.js';
import { checkStreamAnnotations, checkTableAnnotations, hasFaultStream } from './annotations.js';
import { matchOverloads, namesOfKinds, resolveSpec } from './calls.js';
import type { ElementInfo, ElementKind, ValidationContext } from './context.js';
import { argumentInfos } from './expressions.js';
import { makeScope } from './scope.js';
import type { AttributeInfo } from './types.js';

function sameSchema(a: readonly AttributeInfo[], b: readonly AttributeInfo[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.name !== y?.name || x?.type !== y?.type) return false;
  }
  return true;
}

function checkAttributeNames(
  ctx: ValidationContext,
  owner: string,
  attributes: readonly Attribute[],
): void {
  const seen = new Set<string>();
  for (const a of attributes) {
    if (seen.has(a.name)) ctx.report('E_DUPLICATE_ATTRIBUTE', a.span, [a.name, owner]);
    seen.add(a.name);
  }
}

/** Registers an element, reporting a clash with a different earlier definition. */
export function register(ctx: ValidationContext, element: ElementInfo): boolean {
  const existing = ctx.elements.get(element.id);
  if (existing !== undefined) {
    // Identical redefinitions are accepted; a trigger defines a stream of that shape.
    const streamLike = (k: ElementKind): boolean => k === 'stream' || k === 'trigger';
    const sameKind =
      existing.kind === element.kind || (streamLike(existing.kind) && streamLike(element.kind));
    const identical =
      sameKind &&
      element.kind !== 'window' &&
      element.kind !== 'aggregation' &&
      !(existing.kind === 'trigger' && element.kind === 'trigger') &&
      sameSchema(existing.attributes, element.attributes);
    if (!identical) {
      ctx.report('E_DUPLICATE_DEFINITION', element.span, [element.id, existing.kind]);
    }
    return false;
  }
  ctx.elements.set(element.id, element);
  return true;
}

function elementOf(def: Definition): ElementInfo | undefined {
  const base = { id: def.id, span: def.span, explicit: true };
  switch (def.kind) {
    case 'stream':
    case 'table':
    case 'window':
      return { ...base, kind: def.kind as ElementKind, attributes: def.attributes };
    case 'trigger':
      return { ...base, kind: 'trigger', attributes: [{ name: 'triggered_time', type: 'long' }] };
    case 'aggregation':
      return { ...base, kind: 'aggregation', attributes: [] };
    case 'function':
      return undefined;
  }
}

function checkWindowDefinition(ctx: ValidationContext, def: WindowDefinition): void {
  const call = def.window;
  const display = qualifiedName(call.namespace, call.name);
  const scope = makeScope(
    [
      {
        label: def.id,
        names: [def.id],
        attributes: def.attributes,
        priority: 0,
        eventReference: false,
      },
    ],
    'a window parameter',
  );
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

/** First pass over the definitions. */
export function collectDefinitions(ctx: ValidationContext, app: SiddhiApp): void {
  for (const def of app.definitions) {
    if (def.kind === 'function') {
      if (ctx.functions.has(def.id))
        ctx.report('E_DUPLICATE_DEFINITION', def.span, [def.id, 'function']);
      else ctx.functions.set(def.id, def);
      continue;
    }
    if (def.kind === 'stream' || def.kind === 'table' || def.kind === 'window') {
      checkAttributeNames(ctx, def.id, def.attributes);
    }
    const element = elementOf(def);
    if (element === undefined) continue;
    const added = register(ctx, element);
    if (def.kind === 'stream' || def.kind === 'window')
      checkStreamAnnotations(ctx, def.annotations);
    if (def.kind === 'table') checkTableAnnotations(ctx, def);
    if (added && def.kind === 'stream' && hasFaultStream(def.annotations)) {
      ctx.elements.set(`!${def.id}`, {
        kind: 'stream',
        id: `!${def.id}`,
        attributes: [...def.attributes, { name: '_error', type: 'object' }],
        span: def.span,
        explicit: true,
      });
    }
  }
  for (const def of app.definitions) {
    if (def.kind === 'window') checkWindowDefinition(ctx, def);
  }
}
