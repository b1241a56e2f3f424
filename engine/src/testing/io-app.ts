// A harness for io tests: an app on a virtual clock with a recording logger, an in-memory
// error store and extra (test) extensions, with helpers to collect what streams receive.

import { createEngine } from '../engine.js';
import type { Extension } from '../extension-api/define.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import type { LogLevel } from '../runtime/app/logger.js';
import type { BackoffOptions } from '../runtime/io/backoff.js';
import { InMemoryErrorStore } from '../runtime/io/error-store.js';
import { VirtualClock } from '../runtime/time/index.js';
import { registryWith } from './io-registry.js';

/** One logged line. */
export interface LoggedLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly details: unknown;
}

/** A started app with what it logged. */
export interface IoAppRun {
  readonly app: AppRuntime;
  readonly clock: VirtualClock;
  readonly logs: LoggedLine[];
  readonly errorStore: InMemoryErrorStore | undefined;
  /** The rows a stream received since `collect` was called for it. */
  collect(streamId: string): unknown[][];
  /** Logged messages at `level` (or above warn when omitted). */
  messages(level?: LogLevel): string[];
}

/** Options of `startIoApp`. */
export interface IoAppOptions {
  readonly extensions?: readonly Extension[];
  /** An in-memory error store unless false. */
  readonly errorStore?: boolean;
  /** Jitter-free Siddhi backoff unless given. */
  readonly backoff?: BackoffOptions;
  readonly startTime?: number;
  /** Start the app (default true). */
  readonly start?: boolean;
}

/**
 * Creates (and starts) an app for io tests; throws with the diagnostics when it cannot.
 * @example
 * const run = startIoApp("@sink(type='log') define stream S (v int);");
 * run.app.input('S').send([1]);
 * run.messages('info'); // [`${run.app.name} : S : Event{timestamp=0, data=[1], isExpired=false}`]
 */
export function startIoApp(text: string, options: IoAppOptions = {}): IoAppRun {
  const clock = new VirtualClock(options.startTime ?? 0);
  const logs: LoggedLine[] = [];
  const errorStore = options.errorStore === false ? undefined : new InMemoryErrorStore();
  const engine = createEngine({
    timeService: clock,
    logger: {
      log(level, message, details) {
        logs.push({ level, message, details });
      },
    },
    extensions: registryWith(...(options.extensions ?? [])),
    backoff: options.backoff ?? { jitter: 0 },
    ...(errorStore === undefined ? {} : { errorStore }),
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  }
  const app = created.app;
  if (options.start !== false) app.start();
  return {
    app,
    clock,
    logs,
    errorStore,
    collect(streamId) {
      const rows: unknown[][] = [];
      app.onStream(streamId, (events) => {
        for (const e of events) rows.push(e.data);
      });
      return rows;
    },
    messages(level) {
      return logs
        .filter((l) =>
          level === undefined
            ? l.level === 'warn' || l.level === 'error' || l.level === 'fatal'
            : l.level === level,
        )
        .map((l) => l.message);
    },
  };
}
