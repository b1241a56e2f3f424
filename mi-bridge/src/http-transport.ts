// The `mi` sink over HTTP: a REST API resource (`/context/resource`) or a proxy service
// (`/services/<name>`) called with fetch; the response body is the reply. 429, 502, 503 and
// 504 (and network errors) mean MI is unavailable; other non-2xx statuses are rejections.

import {
  abortReason,
  MiCallFailure,
  type MiReply,
  type MiRequest,
  type MiTransport,
} from './mi-transport.js';
import type { MiMode } from './mi-target.js';

const MIME: Readonly<Record<string, string>> = {
  json: 'application/json',
  xml: 'application/xml',
  text: 'text/plain',
};

const RETRIABLE_STATUS = new Set([429, 502, 503, 504]);
/** How much of an error body goes into a message. */
const SNIPPET = 300;

function causeText(error: unknown): string {
  const cause =
    error instanceof Error
      ? (error.cause as { code?: unknown; message?: unknown } | undefined)
      : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Requests to one MI url.
 * @example
 * const transport = new HttpMiTransport('http://mi:8290/orders/approve', 'POST');
 */
export class HttpMiTransport implements MiTransport {
  constructor(
    private readonly url: string,
    private readonly method: string,
  ) {}

  connect(): Promise<void> {
    // fetch keeps its own pool; MI's reachability shows per call.
    return Promise.resolve();
  }

  async call(request: MiRequest, _mode: MiMode, signal: AbortSignal): Promise<MiReply> {
    const withBody = this.method !== 'GET' && this.method !== 'HEAD';
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: this.method,
        headers: {
          ...request.headers,
          'content-type': MIME[request.contentType] ?? request.contentType,
        },
        ...(withBody ? { body: request.payload } : {}),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw new MiCallFailure('timeout', abortReason(signal), { cause: error });
      throw new MiCallFailure('unavailable', causeText(error), { cause: error });
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      if (signal.aborted) throw new MiCallFailure('timeout', abortReason(signal), { cause: error });
      throw new MiCallFailure('unavailable', `the response broke off: ${causeText(error)}`, {
        cause: error,
      });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (response.ok) return { payload: body, headers, status: String(response.status) };
    const detail = `HTTP ${String(response.status)}${body === '' ? '' : `: ${body.slice(0, SNIPPET)}`}`;
    throw new MiCallFailure(
      RETRIABLE_STATUS.has(response.status) ? 'unavailable' : 'rejected',
      detail,
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
