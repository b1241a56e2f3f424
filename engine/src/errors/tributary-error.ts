// The engine's error class: a stable `code` (wording from messages.ts), whether retrying may
// help, and the underlying cause. Thrown by API misuse (e.g. sending to an unknown stream).

/**
 * An error with a stable code.
 * @example
 * throw new TributaryError('E_APP_NOT_RUNNING', "app 'A' is not running");
 */
export class TributaryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable = false,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TributaryError';
  }
}
