// Plans the named windows of an app (`define window W (…) length(5) output all events;`): one
// window instance each, with the junction its readers subscribe to.

import type { Registry } from '../extension-api/registry-types.js';
import type { Diagnostic } from '../compiler/diagnostic.js';
import type { SiddhiApp } from '../query-api/index.js';
import type { Logger } from '../runtime/app/logger.js';
import type { FunctionContext } from '../runtime/expression/types.js';
import { NamedWindow } from '../runtime/named-window/index.js';
import type { StateRegistry } from '../runtime/state/state-registry.js';
import { StreamJunction } from '../runtime/stream/stream-junction.js';
import type { TimeService } from '../runtime/time/time-service.js';
import { eventScope, type ScopeAttribute } from './event-scope.js';
import { PlanError } from './plan-error.js';
import { planWindow } from './plan-window.js';

/** What planning named windows needs from the app. */
export interface NamedWindowPlanContext {
  readonly time: TimeService;
  readonly logger: Logger;
  readonly functions: FunctionContext;
  /** The app's extensions (window implementations). */
  readonly extensions: Registry;
  readonly appName?: string;
  /** Where each window registers for snapshots (as `window:<id>`). */
  readonly state?: StateRegistry;
}

/** The named windows of an app by id, with their attributes, or why some cannot run. */
export interface PlannedNamedWindows {
  readonly windows: ReadonlyMap<string, NamedWindow>;
  readonly attributes: ReadonlyMap<string, readonly ScopeAttribute[]>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Creates every named window of `app` (not started).
 * @example
 * const { windows } = planNamedWindows(app, { time, logger, functions });
 */
export function planNamedWindows(app: SiddhiApp, ctx: NamedWindowPlanContext): PlannedNamedWindows {
  const windows = new Map<string, NamedWindow>();
  const attributesById = new Map<string, readonly ScopeAttribute[]>();
  const diagnostics: Diagnostic[] = [];
  for (const def of app.definitions) {
    if (def.kind !== 'window') continue;
    const attributes: ScopeAttribute[] = def.attributes.map((a) => ({
      name: a.name,
      type: a.type,
    }));
    const outputEventType = def.outputEventType ?? 'all';
    try {
      const planned = planWindow({
        handler: { kind: 'window', span: def.window.span, call: def.window },
        attributes,
        scope: eventScope(def.id, undefined, attributes),
        functions: ctx.functions,
        time: ctx.time,
        logger: ctx.logger,
        windows: ctx.extensions.windows,
        ...(ctx.appName === undefined ? {} : { appName: ctx.appName }),
        owner: def.id,
        expiredEventsWanted: outputEventType !== 'current',
      });
      const junction = new StreamJunction(def.id, attributes.length, ctx.logger);
      windows.set(
        def.id,
        new NamedWindow(def.id, planned.window, junction, outputEventType, planned.lifecycle),
      );
      attributesById.set(def.id, attributes);
      ctx.state?.register(`window:${def.id}`, planned.state);
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      diagnostics.push(error.diagnostic);
    }
  }
  return { windows, attributes: attributesById, diagnostics };
}
