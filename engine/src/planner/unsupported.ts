// Features the runtime does not run yet (aggregations as stream inputs,
// `within`/`per` joins without an aggregation…): each use becomes one error diagnostic at its span, so `createApp`
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
      if (
        (input.within !== undefined || input.per !== undefined) &&
        ![input.left, input.right].some(
          (side) => schemas.elements.get(side.streamId)?.kind === 'aggregation',
        )
      ) {
        out.push(unsupported("'within' and 'per' in joins without an aggregation", input.span));
      }
      return;
    case 'anonymous':
      out.push(unsupported('anonymous (nested) queries', input.span));
      return;
    case 'single': {
      const kind = input.inner === true ? 'stream' : schemas.elements.get(input.streamId)?.kind;
      if (kind === 'table') out.push(unsupported('tables as query inputs', input.span));
      else if (kind === 'aggregation')
        out.push(unsupported('incremental aggregations as stream query inputs', input.span));
    }
  }
}

function checkQuery(query: Query, schemas: AppSchemas, out: Diagnostic[]): void {
  checkInput(query.input, schemas, out);
}

/**
 * Error diagnostics for every use of a feature the runtime cannot run yet.
 * @example
 * unsupportedFeatures(app, schemas) // [{ code: 'E_UNSUPPORTED_FEATURE', message: 'windows are not supported by the runtime yet', … }]
 */
export function unsupportedFeatures(app: SiddhiApp, schemas: AppSchemas): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const element of app.elements) {
    for (const query of element.kind === 'partition' ? element.queries : [element])
      checkQuery(query, schemas, out);
  }
  return out;
}
