// Features the runtime does not run yet (windows, joins, patterns, partitions, tables, named
// windows, aggregations…): each use becomes one error diagnostic at its span, so `createApp`
// reports them all at once instead of failing on the first.

import type { Diagnostic } from '../compiler/diagnostic.js';
import type { AppSchemas } from '../compiler/validation/index.js';
import { runtimeMessages } from '../errors/messages.js';
import type { InputStream, Query, SiddhiApp, Span } from '../query-api/index.js';

function unsupported(feature: string, span: Span): Diagnostic {
  return {
    severity: 'error',
    code: 'E_UNSUPPORTED_FEATURE',
    message: runtimeMessages.E_UNSUPPORTED_FEATURE(feature),
    span,
  };
}

function checkInput(input: InputStream, schemas: AppSchemas, out: Diagnostic[]): void {
  switch (input.kind) {
    case 'join':
      out.push(unsupported('joins', input.span));
      return;
    case 'pattern':
      out.push(unsupported('patterns', input.span));
      return;
    case 'sequence':
      out.push(unsupported('sequences', input.span));
      return;
    case 'anonymous':
      out.push(unsupported('anonymous (nested) queries', input.span));
      return;
    case 'single': {
      const kind = input.inner === true ? 'stream' : schemas.elements.get(input.streamId)?.kind;
      if (kind === 'table') out.push(unsupported('tables', input.span));
      else if (kind === 'window') out.push(unsupported('named windows', input.span));
      else if (kind === 'aggregation')
        out.push(unsupported('incremental aggregations', input.span));
      for (const handler of input.handlers) {
        if (handler.kind === 'window') out.push(unsupported('windows', handler.span));
      }
    }
  }
}

function checkQuery(query: Query, schemas: AppSchemas, out: Diagnostic[]): void {
  checkInput(query.input, schemas, out);
  const output = query.output;
  if (output.kind === 'insert') {
    const kind = output.inner === true ? 'stream' : schemas.elements.get(output.target)?.kind;
    if (kind === 'table') out.push(unsupported('tables', output.span));
    else if (kind === 'window') out.push(unsupported('named windows', output.span));
  } else if (output.kind !== 'return') {
    out.push(unsupported('tables', output.span));
  }
}

/**
 * Error diagnostics for every use of a feature the runtime cannot run yet.
 * @example
 * unsupportedFeatures(app, schemas) // [{ code: 'E_UNSUPPORTED_FEATURE', message: 'windows are not supported by the runtime yet', … }]
 */
export function unsupportedFeatures(app: SiddhiApp, schemas: AppSchemas): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const def of app.definitions) {
    if (def.kind === 'table') out.push(unsupported('tables', def.span));
    else if (def.kind === 'window') out.push(unsupported('named windows', def.span));
    else if (def.kind === 'aggregation')
      out.push(unsupported('incremental aggregations', def.span));
    else if (def.kind === 'function') out.push(unsupported('script functions', def.span));
  }
  for (const element of app.elements) {
    if (element.kind === 'partition') out.push(unsupported('partitions', element.span));
    else checkQuery(element, schemas, out);
  }
  return out;
}
