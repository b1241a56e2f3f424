// Plans an app's script functions (`define function f[javascript] return int { … };`): each
// body is compiled once through its language's `script` extension, and the app's function
// lookup resolves `f(...)` to it before the registry's functions.

import type { Diagnostic } from '../compiler/diagnostic.js';
import { extensionMessages } from '../errors/messages.js';
import { TributaryError } from '../errors/tributary-error.js';
import type { Registry } from '../extension-api/registry-types.js';
import type { FunctionDefinition, SiddhiApp } from '../query-api/index.js';
import type { FunctionImplementation, FunctionLookup } from '../runtime/expression/types.js';
import { systemParametersFor, type SystemParameters } from './system-parameters.js';

/** The per-call time limit when the language names none. */
const DEFAULT_TIMEOUT_MS = 1000;

/** The app's function lookup (scripts first), or why some script cannot be compiled. */
export type PlannedScripts =
  | { readonly ok: true; readonly functions: FunctionLookup }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** 1-based line of the body's first line: the `{` sits `newlines(body)` lines above the end. */
function bodyLine(def: FunctionDefinition): number {
  let newlines = 0;
  for (const ch of def.body) if (ch === '\n') newlines += 1;
  return Math.max(1, def.span.end.line - newlines);
}

/**
 * Compiles the script functions of `app` and puts them in front of `functions`.
 * @example
 * const planned = planScriptFunctions(app, registry, 'App', registry.functions);
 * if (planned.ok) compileExpression(call, scope, { clock, functions: planned.functions });
 */
export function planScriptFunctions(
  app: SiddhiApp,
  extensions: Registry,
  appName: string,
  functions: FunctionLookup,
  systemParameters?: SystemParameters,
): PlannedScripts {
  const scripts = new Map<string, FunctionImplementation>();
  const diagnostics: Diagnostic[] = [];
  for (const def of app.definitions) {
    if (def.kind !== 'function') continue;
    const language = extensions.find('script', '', def.language);
    if (language === undefined) {
      diagnostics.push({
        severity: 'error',
        code: 'E_UNKNOWN_EXTENSION',
        message: extensionMessages.E_UNKNOWN_SCRIPT_LANGUAGE(def.id, def.language),
        span: def.span,
      });
      continue;
    }
    // `script:<language>`'s configured timeout, else the language's declared default.
    const configured = Number(
      systemParametersFor(systemParameters, 'script', def.language)?.timeout ??
        language.systemParameters?.find((p) => p.name === 'timeout')?.defaultValue,
    );
    try {
      const instance = language.create({
        appName,
        functionName: def.id,
        returnType: def.returnType,
        body: def.body,
        line: bodyLine(def),
        timeoutMs: Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_MS,
      });
      scripts.set(def.id, { namespace: '', name: def.id, create: () => instance });
    } catch (error) {
      diagnostics.push({
        severity: 'error',
        code: error instanceof TributaryError ? error.code : 'E_SCRIPT_COMPILE',
        message:
          error instanceof TributaryError
            ? error.message
            : extensionMessages.E_SCRIPT_COMPILE(
                def.id,
                bodyLine(def),
                error instanceof Error ? error.message : String(error),
              ),
        span: def.span,
      });
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  if (scripts.size === 0) return { ok: true, functions };
  return {
    ok: true,
    functions: {
      resolve: (namespace, name) =>
        (namespace === '' ? scripts.get(name) : undefined) ?? functions.resolve(namespace, name),
    },
  };
}
