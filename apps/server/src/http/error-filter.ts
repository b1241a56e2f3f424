// Every error leaves as `{ error: { code, message, … } }` with the status its code maps to;
// unexpected errors are logged with their stack and answered with a plain 500.

import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerLogger } from '../logging/server-logger.js';
import { errorResponse } from './api-error.js';
import { LOGGER } from './tokens.js';

interface FilterRequest {
  readonly method: string;
  readonly originalUrl?: string;
  readonly url: string;
}

interface FilterResponse {
  readonly headersSent: boolean;
  status(code: number): FilterResponse;
  json(body: unknown): void;
}

/** Turns thrown values into JSON error responses. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: ServerLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FilterRequest>();
    const response = http.getResponse<FilterResponse>();
    const path = (request.originalUrl ?? request.url).split('?')[0] ?? '/';
    const { status, body, internal } = errorResponse(exception, { method: request.method, path });
    if (internal)
      this.log.error({ err: exception, method: request.method, path }, 'request failed');
    else
      this.log.debug(
        { method: request.method, path, status, code: body.error.code },
        'request refused',
      );
    if (response.headersSent) return;
    response.status(status).json(body);
  }
}
