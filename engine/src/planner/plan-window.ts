// Plans the window of a query (`#window.length(5)`): compiles its arguments once, finds the
// implementation, and wires its timer events back into the window through the app scheduler.

import { runtimeMessages, semanticMessages } from '../errors/messages.js';
import type { Expression, WindowHandler } from '../query-api/index.js';
import type { Lifecycle } from '../runtime/app/app-runtime.js';
import type { Logger } from '../runtime/app/logger.js';
import type { StreamEvent } from '../runtime/event/event.js';
import type { ExpressionScope, FunctionContext } from '../runtime/expression/types.js';
import type { Clock, Scheduler } from '../runtime/time/time-service.js';
import {
  WindowArgumentError,
  WindowTimers,
  type WindowArgument,
  type WindowAttribute,
  type WindowImplementation,
  type WindowLookup,
  type WindowProcessor,
  type WindowSnapshot,
} from '../runtime/window/window.js';
import type { Snapshottable } from '../runtime/state/state-registry.js';
import { PlanError } from './plan-error.js';
import { compileEventExpression } from './seams.js';

/** What planning a window needs. */
export interface WindowPlanInput {
  readonly handler: WindowHandler;
  readonly attributes: readonly WindowAttribute[];
  readonly scope: ExpressionScope<StreamEvent>;
  readonly functions: FunctionContext;
  readonly time: Clock & Scheduler;
  readonly logger: Logger;
  readonly windows: WindowLookup;
  readonly owner: string;
  /** The app's name, for windows' log messages. */
  readonly appName?: string;
  readonly expiredEventsWanted: boolean;
}

/** A planned window and the lifecycle that starts it and cancels its timers. */
export interface PlannedWindow {
  readonly window: WindowProcessor;
  readonly lifecycle: Lifecycle;
  /** The window's state for snapshots; restoring cancels its pending timers first. */
  readonly state: Snapshottable;
}

/** Compiles the arguments of a window call (plain attributes also get their index). */
export function compileWindowArguments(
  args: readonly Expression[],
  attributes: readonly WindowAttribute[],
  scope: ExpressionScope<StreamEvent>,
  functions: FunctionContext,
): WindowArgument[] {
  return args.map((expression) => {
    const compiled = compileEventExpression(expression, scope, functions);
    const base = { expression, type: compiled.type, evaluate: compiled.evaluate };
    if (compiled.constant) {
      const value = compiled.evaluate({ timestamp: 0, type: 'current', data: [] });
      return { ...base, constant: true, value };
    }
    if (expression.kind === 'variable') {
      const index = attributes.findIndex((a) => a.name === expression.attribute);
      if (index >= 0)
        return { ...base, constant: false, attribute: { name: expression.attribute, index } };
    }
    return { ...base, constant: false };
  });
}

/**
 * Builds the window of `handler`.
 * @example
 * const { window, lifecycle } = planWindow({ handler, attributes, scope, … });
 */
export function planWindow(input: WindowPlanInput): PlannedWindow {
  return windowFactory(input)();
}

/**
 * Finds the window of `handler` and compiles its arguments once; the returned function builds a
 * window (with its own state and timers) each time it is called.
 * @example
 * const newWindow = windowFactory({ handler, attributes, scope, … }); const { window } = newWindow();
 */
export function windowFactory(input: WindowPlanInput): () => PlannedWindow {
  const { handler } = input;
  const { namespace, name } = handler.call;
  const impl = input.windows.find(namespace ?? '', name);
  if (impl === undefined) {
    throw new PlanError({
      severity: 'error',
      code: 'E_UNKNOWN_EXTENSION',
      message: runtimeMessages.E_UNKNOWN_EXTENSION(
        'window',
        namespace === undefined ? name : `${namespace}:${name}`,
      ),
      span: handler.span,
    });
  }
  const args = compileWindowArguments(
    handler.call.args,
    input.attributes,
    input.scope,
    input.functions,
  );
  return () => createWindow(impl, args, input);
}

function createWindow(
  impl: WindowImplementation,
  args: readonly WindowArgument[],
  input: WindowPlanInput,
): PlannedWindow {
  const { handler } = input;
  const { name } = handler.call;
  const timers = new WindowTimers(input.time);
  let window: WindowProcessor;
  try {
    window = impl.create(args, {
      clock: input.time,
      scheduler: input.time,
      scheduleTimer: timers.schedule,
      attributes: input.attributes,
      scope: input.scope,
      functions: input.functions,
      expiredEventsWanted: input.expiredEventsWanted,
      logger: input.logger,
      owner: input.owner,
      ...(input.appName === undefined ? {} : { appName: input.appName }),
      span: handler.span,
    });
  } catch (error) {
    if (!(error instanceof WindowArgumentError)) throw error;
    throw new PlanError({
      severity: 'error',
      code: 'E_INVALID_ARGUMENTS',
      message: semanticMessages.E_INVALID_ARGUMENTS(name, error.message),
      span: handler.span,
    });
  }
  timers.route = window;
  return {
    window,
    lifecycle: {
      start: () => {
        window.start();
      },
      stop: () => {
        window.stop();
        timers.cancelAll();
      },
    },
    state: {
      snapshot: () => window.snapshot(),
      restore: (state) => {
        timers.cancelAll();
        window.restore(state as WindowSnapshot);
      },
    },
  };
}
