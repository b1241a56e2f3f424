// Which database errors mean "cannot reach the server now" (retried by the engine with backoff)
// rather than a wrong configuration (which fails the app's start).

import { ConnectionUnavailableError } from '@tributary/engine/extension-api';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'SQLITE_BUSY',
]);

/** PostgreSQL SQLSTATEs of a server that is going away, starting, full, or a slot in use. */
const PG_TRANSIENT = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '55006',
]);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True for errors the engine should retry. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof ConnectionUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_TRANSIENT.has(code))) return true;
  return /connection terminated|timeout expired|connect ETIMEDOUT|socket hang up/i.test(
    describe(error),
  );
}

/**
 * The error to throw from `connect`: `ConnectionUnavailableError` for a server that cannot be
 * reached now, else an Error naming the source.
 * @example
 * catch (e) { throw connectFailure(e, where); }
 */
export function connectFailure(error: unknown, where: string): Error {
  if (error instanceof ConnectionUnavailableError) return error;
  const message = `${where}: ${describe(error)}`;
  return isUnreachable(error)
    ? new ConnectionUnavailableError(message, { cause: error })
    : new Error(message, { cause: error });
}
