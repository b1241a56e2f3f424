// Test support for the gRPC connector: a loopback EventService server that records the calls
// it gets and answers them as a test says, free ports, and an EventService client.

import { createServer } from 'node:net';
import {
  Server,
  ServerCredentials,
  credentials,
  status as grpcStatus,
  type Metadata,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { EventServiceClient } from './event-service-client.js';
import {
  eventServiceAliasDefinition,
  eventServiceDefinition,
  toGrpcEvent,
  type EventServiceMethod,
  type GrpcEvent,
} from './event-service.js';

/** One call the test server got. */
export interface ReceivedCall {
  readonly method: EventServiceMethod;
  readonly event: GrpcEvent;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A failure the test server answers with. */
export interface CallFailure {
  readonly code: number;
  readonly details: string;
}

/** How the test server answers a `process` call (default: echo the event). */
export type ProcessAnswer = (
  call: ReceivedCall,
) => GrpcEvent | CallFailure | Promise<GrpcEvent | CallFailure>;

/** A running test server. */
export interface TestEventServer {
  readonly port: number;
  readonly calls: ReceivedCall[];
  /** Resolves once `count` calls arrived (polling; rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedCall[]>;
  close(): Promise<void>;
}

/** A free loopback port (bound and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function metadataRecord(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    out[key] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return out;
}

function isFailure(answer: GrpcEvent | CallFailure): answer is CallFailure {
  return 'code' in answer;
}

/** Resolves once `ready()` holds, polling every few ms. */
export async function until(ready: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Starts an EventService server on a free loopback port (or `port`).
 * @example
 * const server = await startEventServer({ process: (c) => ({ payload: c.event.payload.toUpperCase(), headers: {} }) });
 */
export async function startEventServer(
  options: { readonly process?: ProcessAnswer; readonly port?: number } = {},
): Promise<TestEventServer> {
  const calls: ReceivedCall[] = [];
  const server = new Server();
  const serve =
    (method: EventServiceMethod) =>
    (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>): void => {
      const received: ReceivedCall = {
        method,
        event: toGrpcEvent(call.request),
        metadata: metadataRecord(call.metadata),
      };
      calls.push(received);
      if (method === 'consume') {
        callback(null, {});
        return;
      }
      const answer = options.process ?? ((c: ReceivedCall) => c.event);
      Promise.resolve(answer(received)).then(
        (reply) => {
          if (isFailure(reply)) callback(reply);
          else callback(null, reply);
        },
        (error: unknown) => {
          callback({ code: grpcStatus.INTERNAL, details: String(error) });
        },
      );
    };
  const implementation = { process: serve('process'), consume: serve('consume') };
  server.addService(eventServiceDefinition, implementation);
  server.addService(eventServiceAliasDefinition, implementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `127.0.0.1:${String(options.port ?? 0)}`,
      ServerCredentials.createInsecure(),
      (error, bound) => {
        if (error === null) resolve(bound);
        else reject(error);
      },
    );
  });
  return {
    port,
    calls,
    async waitFor(count, timeoutMs = 5_000) {
      await until(
        () => calls.length >= count,
        `${String(count)} calls (got ${String(calls.length)})`,
        timeoutMs,
      );
      return calls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
      }),
  };
}

/**
 * A plaintext EventService client of a loopback port.
 * @example
 * const client = eventClient(8888);
 * await client.call('consume', { payload: '{}', headers: {} });
 */
export function eventClient(port: number): EventServiceClient {
  return new EventServiceClient(`127.0.0.1:${String(port)}`, credentials.createInsecure());
}
