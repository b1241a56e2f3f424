// The HTTP servers `prometheus` sinks expose their metrics on (publish.mode=server). As in
// Siddhi, sinks with the same server URL host and port share one server and one registry; the
// server answers every GET (`/metrics` included) with the registry in the text format.

import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import http from 'node:http';
import { Registry } from 'prom-client';

/** A shared server: its registry and a release function. */
export interface MetricsServerLease {
  readonly registry: Registry;
  release(): Promise<void>;
}

interface SharedServer {
  readonly registry: Registry;
  server: http.Server | undefined;
  users: number;
  /** Serializes starting and stopping. */
  transition: Promise<void>;
}

const servers = new Map<string, SharedServer>();

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The registry of `host:port`, whether or not its server runs (metrics are created early). */
export function registryFor(host: string, port: number): Registry {
  return shared(host, port).registry;
}

function shared(host: string, port: number): SharedServer {
  const key = `${host}:${String(port)}`;
  let entry = servers.get(key);
  if (entry === undefined) {
    entry = {
      registry: new Registry(),
      server: undefined,
      users: 0,
      transition: Promise.resolve(),
    };
    servers.set(key, entry);
  }
  return entry;
}

function listen(registry: Registry, host: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(describe(error));
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}

/**
 * Starts (or joins) the server of `host:port`.
 * @example
 * const lease = await leaseMetricsServer('localhost', 9080);
 * lease.registry.registerMetric(counter);
 */
export async function leaseMetricsServer(host: string, port: number): Promise<MetricsServerLease> {
  const entry = shared(host, port);
  const started = entry.transition.then(async () => {
    if (entry.server === undefined) {
      try {
        entry.server = await listen(entry.registry, host, port);
      } catch (error) {
        throw new ConnectionUnavailableError(
          `cannot serve metrics on ${host}:${String(port)}: ${describe(error)}`,
          { cause: error },
        );
      }
    }
    entry.users += 1;
  });
  entry.transition = started.catch(() => undefined);
  await started;
  let released = false;
  return {
    registry: entry.registry,
    release: async () => {
      if (released) return;
      released = true;
      const stopped = entry.transition.then(async () => {
        entry.users -= 1;
        const server = entry.server;
        if (entry.users > 0 || server === undefined) return;
        entry.server = undefined;
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        });
      });
      entry.transition = stopped.catch(() => undefined);
      await stopped;
    },
  };
}
