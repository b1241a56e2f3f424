// The one place that maps error codes (the server's and the engine's) to HTTP statuses, and
// turns any thrown value into the JSON error body clients get — never a stack trace.

import { TributaryError, type Diagnostic } from '@tributary/engine';
import { serverHints, serverMessages, type ServerCode } from '../server-messages.js';

/** HTTP status of every code a response can carry; unknown codes are 500. */
const STATUS: Readonly<Record<string, number>> = {
  // server
  E_UNAUTHORIZED: 401,
  E_NOT_FOUND: 404,
  E_VALIDATION: 400,
  E_MALFORMED_BODY: 400,
  E_PAYLOAD_TOO_LARGE: 413,
  E_UNSUPPORTED_MEDIA_TYPE: 415,
  E_INVALID_APP: 400,
  E_APP_NAME_REQUIRED: 400,
  E_APP_NAME_MISMATCH: 400,
  E_APP_EXISTS: 409,
  E_APP_NOT_FOUND: 404,
  E_APP_FAILED: 409,
  E_SHUTTING_DOWN: 503,
  E_UNKNOWN_STREAM: 400,
  E_INVALID_EVENT: 400,
  E_NO_PERSISTENCE: 409,
  E_REVISION_NOT_FOUND: 404,
  E_FEED_EXISTS: 409,
  E_FEED_NOT_FOUND: 404,
  E_FEED_STATE: 409,
  E_FEED_SOURCE: 400,
  E_FILE_NOT_FOUND: 404,
  E_INVALID_FILE_NAME: 400,
  E_DATASOURCE_NOT_FOUND: 400,
  E_ERROR_ENTRY_NOT_FOUND: 404,
  E_FILE_UNREADABLE: 500,
  E_INTERNAL: 500,
  // engine
  E_ON_DEMAND_QUERY: 400,
  E_UNKNOWN_INPUT_STREAM: 400,
  E_UNKNOWN_QUERY: 400,
  E_UNKNOWN_CALLBACK_STREAM: 400,
  E_APP_NOT_RUNNING: 409,
  E_APP_SHUT_DOWN: 409,
  E_NO_PERSISTENCE_STORE: 409,
  E_NO_REVISION: 404,
  E_SNAPSHOT_MISMATCH: 409,
  E_SNAPSHOT_INVALID: 422,
  E_PERSISTENCE: 503,
  E_UNSUPPORTED_FEATURE: 501,
  E_NO_ERROR_STORE: 409,
  E_NO_ERROR_ENTRY: 404,
  E_REPLAY_FAILED: 409,
  E_REPLAY_TARGET: 409,
};

/** The HTTP status for an error code. */
export function statusOf(code: string): number {
  return STATUS[code] ?? 500;
}

/** A diagnostic as JSON: positions are 1-based lines and columns. */
export interface DiagnosticJson {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly hint?: string;
}

/** Diagnostics for a response body. */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]): DiagnosticJson[] {
  return diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  }));
}

/** What a failed request returns: `{ error: { code, message, hint?, …details } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint?: string;
    readonly [detail: string]: unknown;
  };
}

/**
 * An error a controller throws on purpose; its code decides the status.
 * @example
 * throw ApiError.of('E_APP_NOT_FOUND', name);
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return statusOf(this.code);
  }

  /** An error with the server's wording for `code`. */
  static of<C extends ServerCode>(
    code: C,
    ...args: Parameters<(typeof serverMessages)[C]>
  ): ApiError {
    const format = serverMessages[code] as (...a: unknown[]) => string;
    const hint = (serverHints as Partial<Record<string, string>>)[code];
    return new ApiError(code, format(...args), {}, hint);
  }

  /** The same error with more details in its body. */
  with(details: Readonly<Record<string, unknown>>): ApiError {
    return new ApiError(this.code, this.message, { ...this.details, ...details }, this.hint);
  }
}

/** An express body-parser error (`type` tells what went wrong). */
function bodyParserError(error: unknown): { type: string; limit?: number } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  if (typeof type !== 'string' || !type.startsWith('entity.')) return undefined;
  const limit = (error as { limit?: unknown }).limit;
  return typeof limit === 'number' ? { type, limit } : { type };
}

/** A Nest `HttpException` (routing 404s and the like), without importing Nest here. */
function httpException(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { getStatus?: unknown }).getStatus;
  return typeof status === 'function' ? (status.call(error) as number) : undefined;
}

/** A thrown value as a status and body; `internal` is true when it should be logged. */
export function errorResponse(
  error: unknown,
  request: { readonly method: string; readonly path: string },
): { status: number; body: ErrorBody; internal: boolean } {
  const respond = (e: ApiError, internal = false) => ({
    status: e.status,
    body: {
      error: {
        code: e.code,
        message: e.message,
        ...(e.hint === undefined ? {} : { hint: e.hint }),
        ...e.details,
      },
    },
    internal,
  });
  if (error instanceof ApiError) return respond(error);
  if (error instanceof TributaryError) {
    const diagnostics = (error as { diagnostics?: readonly Diagnostic[] }).diagnostics;
    const details = diagnostics === undefined ? {} : { diagnostics: diagnosticsJson(diagnostics) };
    const status = statusOf(error.code);
    // An on-demand query's own diagnostic code (E_UNKNOWN_TABLE…) is still a client error.
    const code = diagnostics !== undefined && status === 500 ? 'E_ON_DEMAND_QUERY' : error.code;
    return respond(new ApiError(code, error.message, details), statusOf(code) >= 500);
  }
  // Nest wraps body-parser errors in an HttpException whose cause is the original.
  const cause = error instanceof Error ? error.cause : undefined;
  const parser = bodyParserError(error) ?? bodyParserError(cause);
  if (parser !== undefined) {
    if (parser.type === 'entity.too.large') {
      return respond(ApiError.of('E_PAYLOAD_TOO_LARGE', parser.limit ?? 0));
    }
    if (parser.type === 'entity.parse.failed') {
      const source = cause instanceof Error ? cause : error;
      const detail = source instanceof Error ? source.message : 'unparsable';
      return respond(ApiError.of('E_MALFORMED_BODY', detail));
    }
    return respond(
      new ApiError('E_MALFORMED_BODY', `the request body cannot be read (${parser.type})`),
    );
  }
  const status = httpException(error);
  if (status === 404) return respond(ApiError.of('E_NOT_FOUND', request.method, request.path));
  if (status !== undefined && status < 500) {
    const message = error instanceof Error ? error.message : 'bad request';
    return {
      status,
      body: { error: { code: `E_HTTP_${String(status)}`, message } },
      internal: false,
    };
  }
  return respond(ApiError.of('E_INTERNAL'), true);
}
