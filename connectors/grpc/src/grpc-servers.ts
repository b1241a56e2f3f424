// The gRPC servers of the `grpc` and `grpc-service` sources, shared per host:port as Siddhi's
// GrpcServerManager shares them: one server answers EventService (under its wire name and the
// `org.wso2.grpc.EventService` name) and dispatches `consume` to the `grpc` source and
// `process` to the `grpc-service` source listening on that port.

import {
  Server,
  status as grpcStatus,
  type Metadata,
  type sendUnaryData,
  type ServerCredentials,
  type ServerOptions,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import {
  eventServiceAliasDefinition,
  eventServiceDefinition,
  toGrpcEvent,
  type EventServiceMethod,
  type GrpcEvent,
} from './event-service.js';

/** A failure answered to the caller with a gRPC status. */
export class GrpcCallFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcCallFailure';
  }
}

/** Handles one call: the reply (`process`) or undefined (`consume`); throws `GrpcCallFailure`. */
export type EventHandler = (
  event: GrpcEvent,
  metadata: Readonly<Record<string, string>>,
) => Promise<GrpcEvent | undefined>;

/** What a source brings to the server it joins. */
export interface ServerSettings {
  readonly credentials: ServerCredentials;
  /** Compared between the sources sharing a port (TLS settings must agree). */
  readonly credentialsKey: string;
  readonly options: ServerOptions;
  /** Seconds a closing server waits for running calls. */
  readonly shutdownWaitingSeconds: number;
}

interface Shared {
  readonly server: Server;
  readonly settings: ServerSettings;
  readonly handlers: Map<EventServiceMethod, EventHandler>;
  /** Who holds each method (for messages). */
  readonly owners: Map<EventServiceMethod, string>;
}

function metadataRecord(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    out[key] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return out;
}

function failureOf(error: unknown): { code: number; details: string } {
  if (error instanceof GrpcCallFailure) return { code: error.code, details: error.message };
  return {
    code: grpcStatus.INTERNAL,
    details: error instanceof Error ? error.message : String(error),
  };
}

/**
 * The shared servers of one extension set.
 * @example
 * const servers = new GrpcServers();
 * const leave = await servers.join('127.0.0.1', 8888, 'consume', 'source grpc of S', handler, settings);
 * await leave();
 */
export class GrpcServers {
  readonly #servers = new Map<string, Promise<Shared>>();

  /**
   * Serves `method` on host:port with `handler`, starting the server when it is the first;
   * resolves to the function that leaves it (the last one leaving shuts the server down).
   */
  async join(
    host: string,
    port: number,
    method: EventServiceMethod,
    owner: string,
    handler: EventHandler,
    settings: ServerSettings,
  ): Promise<() => Promise<void>> {
    const key = `${host}:${String(port)}`;
    let pending = this.#servers.get(key);
    if (pending === undefined) {
      pending = this.#start(host, port, settings);
      this.#servers.set(key, pending);
      pending.catch(() => this.#servers.delete(key));
    }
    const shared = await pending;
    const holder = shared.owners.get(method);
    if (holder !== undefined) {
      throw new Error(`${key} already serves EventService '${method}' for ${holder}`);
    }
    if (shared.settings.credentialsKey !== settings.credentialsKey) {
      throw new Error(
        `${key} is already served with other TLS settings (by ${[...shared.owners.values()].join(', ')})`,
      );
    }
    shared.handlers.set(method, handler);
    shared.owners.set(method, owner);
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      shared.handlers.delete(method);
      shared.owners.delete(method);
      if (shared.handlers.size > 0 || this.#servers.get(key) !== pending) return;
      this.#servers.delete(key);
      await this.#stop(shared);
    };
  }

  #start(host: string, port: number, settings: ServerSettings): Promise<Shared> {
    const server = new Server(settings.options);
    const handlers = new Map<EventServiceMethod, EventHandler>();
    const serve =
      (method: EventServiceMethod) =>
      (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>): void => {
        const handler = handlers.get(method);
        if (handler === undefined) {
          callback({
            code: grpcStatus.UNIMPLEMENTED,
            details: `no source serves EventService '${method}' on ${host}:${String(port)}`,
          });
          return;
        }
        handler(toGrpcEvent(call.request), metadataRecord(call.metadata)).then(
          (reply) => {
            callback(null, method === 'process' ? (reply ?? { payload: '', headers: {} }) : {});
          },
          (error: unknown) => {
            callback(failureOf(error));
          },
        );
      };
    const implementation = { process: serve('process'), consume: serve('consume') };
    server.addService(eventServiceDefinition, implementation);
    server.addService(eventServiceAliasDefinition, implementation);
    return new Promise((resolve, reject) => {
      server.bindAsync(`${host}:${String(port)}`, settings.credentials, (error) => {
        if (error !== null) {
          server.forceShutdown();
          reject(
            new Error(`cannot listen on ${host}:${String(port)}: ${error.message}`, {
              cause: error,
            }),
          );
          return;
        }
        resolve({ server, settings, handlers, owners: new Map() });
      });
    });
  }

  async #stop(shared: Shared): Promise<void> {
    const graceMs = shared.settings.shutdownWaitingSeconds * 1000;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        shared.server.forceShutdown();
        resolve();
      }, graceMs);
      shared.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
