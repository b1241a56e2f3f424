// The `mi` sink over MI's gRPC inbound endpoint: EventService `process` (call) or `consume`
// (fire), with the `Content-Type` and `sequence` headers MI reads filled in, and the reply
// taken out of the SOAP body MI wraps xml and text replies in.

import { credentials, status as grpcStatus } from '@grpc/grpc-js';
import {
  EventServiceCallError,
  EventServiceClient,
  grpcStatusName,
  SEQUENCE_HEADER,
} from '@tributary/connector-grpc';
import { miMessages } from './messages.js';
import {
  abortReason,
  MiCallFailure,
  type MiReply,
  type MiRequest,
  type MiTransport,
} from './mi-transport.js';
import type { MiMode } from './mi-target.js';
import { unwrapSoapBody } from './soap-body.js';

/** Status codes that mean MI is unreachable, overloaded or slow. */
const RETRIABLE = new Set<number>([
  grpcStatus.UNAVAILABLE,
  grpcStatus.DEADLINE_EXCEEDED,
  grpcStatus.RESOURCE_EXHAUSTED,
  grpcStatus.ABORTED,
]);

/**
 * One channel to a gRPC inbound endpoint.
 * @example
 * const transport = new GrpcMiTransport('mi:8888', 'inSeq', 5_000);
 * await transport.connect();
 */
export class GrpcMiTransport implements MiTransport {
  #client: EventServiceClient | undefined;

  constructor(
    private readonly address: string,
    private readonly sequence: string,
    private readonly connectTimeoutMs: number,
  ) {}

  async connect(): Promise<void> {
    if (this.#client !== undefined) return;
    const client = new EventServiceClient(this.address, credentials.createInsecure());
    try {
      await client.connect(this.connectTimeoutMs);
    } catch (error) {
      await client.close();
      throw new MiCallFailure('unavailable', `cannot connect to ${this.address}`, { cause: error });
    }
    this.#client = client;
  }

  async call(request: MiRequest, mode: MiMode, signal: AbortSignal): Promise<MiReply> {
    const client = this.#client;
    if (client === undefined)
      throw new MiCallFailure('unavailable', `not connected to ${this.address}`);
    const event = {
      payload: request.payload,
      headers: {
        ...request.headers,
        'Content-Type': request.contentType,
        [SEQUENCE_HEADER]: this.sequence,
      },
    };
    try {
      const reply = await client.call(mode === 'call' ? 'process' : 'consume', event, { signal });
      return { payload: unwrapSoapBody(reply.payload), headers: reply.headers, status: 'OK' };
    } catch (error) {
      if (signal.aborted) throw new MiCallFailure('timeout', abortReason(signal), { cause: error });
      if (!(error instanceof EventServiceCallError)) {
        throw new MiCallFailure('unavailable', String(error), { cause: error });
      }
      const name = grpcStatusName(error.code);
      if (RETRIABLE.has(error.code)) {
        throw new MiCallFailure(
          error.code === (grpcStatus.DEADLINE_EXCEEDED as number) ? 'timeout' : 'unavailable',
          `${name}${error.details === '' ? '' : `: ${error.details}`}`,
          { cause: error },
        );
      }
      const detail =
        error.details === ''
          ? `${name} (${error.code === (grpcStatus.UNKNOWN as number) ? miMessages.HINT_UNKNOWN_STATUS : 'no details'})`
          : `${name}: ${error.details}`;
      throw new MiCallFailure('rejected', detail, { cause: error });
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }
}
