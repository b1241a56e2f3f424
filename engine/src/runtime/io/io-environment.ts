// What every source and sink runtime of an app shares: the app's name, logger, time, error
// store and backoff settings, and (once started) the app's input handlers.

import { ioMessages } from '../../errors/messages.js';
import type { Logger } from '../app/logger.js';
import type { InputHandler } from '../stream/input-handler.js';
import type { Clock, Scheduler } from '../time/time-service.js';
import type { BackoffOptions } from './backoff.js';
import type { ErrorEntryInput, ErrorStore } from './error-store.js';

/** The app as its io runtimes see it. */
export interface IoEnvironment {
  readonly appName: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly errorStore: ErrorStore | undefined;
  readonly backoff: BackoffOptions;
}

/** What the running app gives its sources and sinks at start. */
export interface IoHost {
  /** The input handler of a stream. */
  input(streamId: string): InputHandler;
  /** A connector failed for good before ever connecting: the app's start fails. */
  fail(error: unknown): void;
}

/**
 * Saves an entry in the error store; never rejects (a failed save is logged).
 * @example
 * await saveErrorEntry(env, { ...entry });
 */
export function saveErrorEntry(env: IoEnvironment, entry: ErrorEntryInput): Promise<void> {
  const store = env.errorStore;
  if (store === undefined) return Promise.resolve();
  return store.saveEntry(entry).then(
    () => undefined,
    (error: unknown) => {
      env.logger.log(
        'error',
        ioMessages.E_ERROR_STORE_SAVE(
          env.appName,
          error instanceof Error ? error.message : String(error),
        ),
        error,
      );
    },
  );
}

/**
 * How logs name a connector.
 * @example
 * describeConnector('source', 'kafka', 'S', 'A'); // "source 'kafka' of stream 'S' in app 'A'"
 */
export function describeConnector(
  kind: string,
  type: string,
  streamId: string,
  appName: string,
): string {
  return `${kind} '${type}' of stream '${streamId}' in app '${appName}'`;
}
