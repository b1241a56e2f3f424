// Request bodies: JSON bodies checked against a schema (all problems in one 400), and
// text/plain app bodies.

import { check, describeProblems, type Schema } from '../validation/schema.js';
import { ApiError } from './api-error.js';

/**
 * The body checked against `schema`; throws `E_VALIDATION` listing every problem, or
 * `E_UNSUPPORTED_MEDIA_TYPE` when no JSON body arrived.
 * @example
 * const { appName, query } = jsonBody(storeQuerySchema, body);
 */
export function jsonBody<T>(schema: Schema<T>, body: unknown): T {
  if (body === undefined || typeof body === 'string') {
    throw ApiError.of('E_UNSUPPORTED_MEDIA_TYPE', 'application/json');
  }
  const checked = check(schema, body);
  if (!checked.ok) {
    throw ApiError.of('E_VALIDATION', checked.problems.length).with({
      problems: checked.problems,
      details: describeProblems(checked.problems),
    });
  }
  return checked.value;
}

/** A text/plain body (an app); throws `E_UNSUPPORTED_MEDIA_TYPE` or `E_VALIDATION` (empty). */
export function textBody(body: unknown): string {
  if (typeof body !== 'string') throw ApiError.of('E_UNSUPPORTED_MEDIA_TYPE', 'text/plain');
  if (body.trim() === '') {
    throw ApiError.of('E_VALIDATION', 1).with({
      problems: [{ path: '', message: 'the app text is empty' }],
    });
  }
  return body;
}
