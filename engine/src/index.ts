// Public entry of @tributary/engine: the embeddable library that compiles and runs SiddhiQL apps.
// Everything a host or plugin may use is re-exported from here (or a declared subpath export).

/**
 * Version of the engine package, following semver.
 *
 * @example
 * ```ts
 * import { version } from '@tributary/engine';
 * console.log(`tributary engine ${version}`);
 * ```
 */
export const version = '0.0.0';

export type * from './query-api/index.js';
export { NO_SPAN, ATTRIBUTE_TYPES, TIME_UNIT_MILLIS } from './query-api/index.js';

export { compile, compileOnDemandQuery } from './compiler/compile.js';
export type {
  CompileOptions,
  CompileQueryResult,
  CompileResult,
} from './compiler/compile.js';
export { hasErrors } from './compiler/diagnostic.js';
export type { Diagnostic, Severity } from './compiler/diagnostic.js';
export { parseApp, parseExpression, parseOnDemandQuery } from './compiler/parse.js';
export { printApp, printExpression, printOnDemandQuery } from './compiler/printer.js';
export { resolveSchemas } from './compiler/validation/index.js';
export type { AppSchemas, ElementSchema } from './compiler/validation/index.js';
export { composeCatalogs, createCatalog, qualifiedName } from './compiler/extension-catalog.js';
export type * from './compiler/extension-catalog.js';
export { builtinCatalog } from './builtins/catalog/index.js';
export {
  formatDiagnostic,
  formatDiagnostics,
  summarizeDiagnostics,
} from './errors/format-diagnostic.js';
export type { FormatOptions } from './errors/format-diagnostic.js';
