// What the `mi` sink's two transports (gRPC inbound endpoint, HTTP) share: one request, one
// reply, and failures sorted by what they say about MI — unreachable or slow (retried, counted
// by the circuit breaker) or a rejection (MI is up but refused the call: not retried).

import type { MiMode } from './mi-target.js';

/** The message types MI's gRPC inbound endpoint builds (`Content-Type` header values). */
export type MiContentType = 'json' | 'xml' | 'text';

/** One call. */
export interface MiRequest {
  readonly payload: string;
  /** json|xml|text, or (HTTP only) a MIME type the mapper declared. */
  readonly contentType: string;
  /** Extra headers (the `headers` option). */
  readonly headers: Readonly<Record<string, string>>;
}

/** MI's answer. */
export interface MiReply {
  /** The reply payload ('' for none: a one-way call, HTTP 202). */
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  /** `OK` (gRPC) or the HTTP status code. */
  readonly status: string;
}

/** unavailable/timeout: MI could not answer (retried); rejected: MI answered with an error. */
export type MiFailureKind = 'unavailable' | 'timeout' | 'rejected';

/** A failed call, classified. */
export class MiCallFailure extends Error {
  constructor(
    readonly kind: MiFailureKind,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MiCallFailure';
  }

  /** Worth another attempt (and a mark against MI's health). */
  get retriable(): boolean {
    return this.kind !== 'rejected';
  }
}

/** A transport to one MI target. */
export interface MiTransport {
  /** Opens what the transport needs; rejects with an `unavailable` failure when MI is unreachable. */
  connect(): Promise<void>;
  /** One call; aborting `signal` fails it with a `timeout` failure carrying the abort reason. */
  call(request: MiRequest, mode: MiMode, signal: AbortSignal): Promise<MiReply>;
  close(): Promise<void>;
}

/**
 * The message an abort reason carries.
 * @example
 * abortReason(AbortSignal.abort(new Error('no reply within 5000 ms'))); // 'no reply within 5000 ms'
 */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason);
}
