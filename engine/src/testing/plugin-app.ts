// Apps for live-server tests of plugin packages: the built-ins plus the plugin's extension
// lists, a logger that keeps its lines, and quick jitter-free reconnects.

import { builtinExtensions } from '../builtins/extensions.js';
import { createEngine } from '../engine.js';
import type { Extension } from '../extension-api/define.js';
import { createRegistry } from '../extension-api/registry.js';
import type { ExtensionList } from '../extension-api/registry-types.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';

/**
 * A logger that keeps what it is told, one `level: message` line each.
 * @example
 * const lines: string[] = [];
 * createEngine({ logger: recordingLogger(lines) });
 */
export function recordingLogger(lines: string[]): Logger {
  return {
    log(level, message) {
      lines.push(`${level}: ${message}`);
    },
  };
}

/** Options of `createPluginApp`/`startPluginApp`. */
export interface PluginAppOptions {
  /** Where logged lines go (`level: message`). */
  readonly logs?: string[];
  /** Reconnect delays (ms; the last repeats); 50 ms unless given. */
  readonly delays?: readonly number[];
  /** More extensions (test sinks), registered as the package `tributary-tests`. */
  readonly extensions?: readonly Extension[];
}

/**
 * Creates (not starts) an app with the built-ins plus `plugins`; throws with the diagnostics
 * when it cannot.
 * @example
 * const app = createPluginApp([natsList, jsonList], "@source(type='nats', …) define stream S (a int);");
 */
export function createPluginApp(
  plugins: readonly ExtensionList[],
  text: string,
  options: PluginAppOptions = {},
): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(builtinExtensions, ...plugins, {
      package: 'tributary-tests',
      version: '0.0.0',
      extensions: options.extensions ?? [],
    }),
    logger: recordingLogger(options.logs ?? []),
    backoff: { delays: options.delays ?? [50], jitter: 0 },
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  return created.app;
}

/**
 * `createPluginApp`, started and connected.
 * @example
 * const app = await startPluginApp([natsList, jsonList], text, { delays: [20] });
 */
export async function startPluginApp(
  plugins: readonly ExtensionList[],
  text: string,
  options: PluginAppOptions = {},
): Promise<AppRuntime> {
  const app = createPluginApp(plugins, text, options);
  app.start();
  await app.whenConnected();
  return app;
}
