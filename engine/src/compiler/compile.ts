// The compiler's front door: parse, then validate against an extension catalog.
// Never throws on bad input; every problem comes back as a diagnostic.

import { builtinCatalog } from '../builtins/catalog/index.js';
import type { OnDemandQuery, SiddhiApp } from '../query-api/index.js';
import { hasErrors, type Diagnostic } from './diagnostic.js';
import type { ExtensionCatalog } from './extension-catalog.js';
import { parseApp, parseOnDemandQuery } from './parse.js';
import { validateApp, validateOnDemandQuery } from './validation/index.js';

export interface CompileOptions {
  /** Extensions the app may use; defaults to the built-ins. */
  readonly catalog?: ExtensionCatalog;
}

export interface CompileResult {
  /** The model; present whenever the text parsed (check `ok` before running it). */
  readonly app?: SiddhiApp;
  /** True when there is a model and no error diagnostics. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compiles a SiddhiQL app.
 * @example
 * const { ok, app, diagnostics } = compile('define stream S (a int); from S select a insert into O;');
 */
export function compile(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseApp(text);
  if (parsed.app === undefined) {
    return { ok: false, diagnostics: parsed.diagnostics };
  }
  const diagnostics = [
    ...parsed.diagnostics,
    ...validateApp(parsed.app, options.catalog ?? builtinCatalog),
  ];
  return { app: parsed.app, ok: !hasErrors(diagnostics), diagnostics };
}

export interface CompileQueryResult {
  readonly query?: OnDemandQuery;
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compiles an on-demand (store) query against a compiled app.
 * @example
 * compileOnDemandQuery('from StockTable on price > 10 select symbol', app);
 */
export function compileOnDemandQuery(
  text: string,
  app: SiddhiApp,
  options: CompileOptions = {},
): CompileQueryResult {
  const parsed = parseOnDemandQuery(text);
  if (parsed.query === undefined) {
    return { ok: false, diagnostics: parsed.diagnostics };
  }
  const diagnostics = [
    ...parsed.diagnostics,
    ...validateOnDemandQuery(parsed.query, app, options.catalog ?? builtinCatalog),
  ];
  return { query: parsed.query, ok: !hasErrors(diagnostics), diagnostics };
}
