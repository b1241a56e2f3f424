// Structured logs (pino, JSON lines): the server's logger, the engine's `Logger` seam with the
// app (and query) as fields, and NestJS's own messages routed through the same logger.

import type { LoggerService } from '@nestjs/common';
import type { Logger as EngineLogger, LogLevel } from '@tributary/engine';
import { pino, type DestinationStream, type Logger } from 'pino';

export type ServerLogger = Logger;

/**
 * A JSON logger at `level`, writing to `destination` (stdout by default).
 * @example
 * const log = createServerLogger('info');
 * log.info({ app: 'StockAlerts' }, 'deployed');
 */
export function createServerLogger(level: string, destination?: DestinationStream): ServerLogger {
  const options = { level, base: { service: 'tributary' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Fields the engine's messages carry, read from their wording (`query 'q'`, `stream 'S'`). */
function contextOf(message: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const query = /\bquery '([^']+)'/.exec(message);
  if (query?.[1] !== undefined) fields.query = query[1];
  const stream = /\bstream '([^']+)'/.exec(message);
  if (stream?.[1] !== undefined) fields.stream = stream[1];
  return fields;
}

/**
 * The engine's logger for one app: every line carries `app`, and `query`/`stream` when the
 * message names them; `details` goes under `err` (errors) or `details`.
 * @example
 * createEngine({ logger: engineLogger(log, () => 'StockAlerts') });
 */
export function engineLogger(log: ServerLogger, app: () => string | undefined): EngineLogger {
  return {
    log(level: LogLevel, message: string, details?: unknown) {
      const fields: Record<string, unknown> = { ...contextOf(message) };
      const name = app();
      if (name !== undefined) fields.app = name;
      if (details instanceof Error) fields.err = details;
      else if (details !== undefined) fields.details = details;
      log[level](fields, message);
    },
  };
}

function text(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}

/** NestJS's logger interface over pino (route mapping, start-up, its own errors). */
export function nestLogger(log: ServerLogger): LoggerService {
  const child = log.child({ component: 'nest' });
  return {
    log: (message: unknown) => {
      child.debug(text(message));
    },
    error: (message: unknown) => {
      child.error(text(message));
    },
    warn: (message: unknown) => {
      child.warn(text(message));
    },
    debug: (message: unknown) => {
      child.debug(text(message));
    },
    verbose: (message: unknown) => {
      child.trace(text(message));
    },
  };
}
