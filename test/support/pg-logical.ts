// A private PostgreSQL cluster with `wal_level=logical` for CDC tests and benches: initdb into a
// temp directory, postgres on a free loopback port (as the `postgres` user when run as root,
// since postgres refuses root), trust authentication; `stop()` shuts it down and removes it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running cluster. */
export interface LogicalPostgres {
  /** `jdbc:postgresql://127.0.0.1:<port>/postgres` (user `postgres`, any password). */
  readonly url: string;
  readonly port: number;
  /** Settings for a `pg` client (database `postgres`, user `postgres`). */
  readonly client: pg.ClientConfig;
  /** Shuts the cluster down and removes its directory. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** The newest installed PostgreSQL's bin directory (`/usr/lib/postgresql/<v>/bin`). */
function binDirectory(): string {
  const explicit = process.env.PG_BIN;
  if (explicit !== undefined && existsSync(join(explicit, 'postgres'))) return explicit;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(`no PostgreSQL binaries under ${root} (set PG_BIN to their directory)`);
  }
  return join(root, newest, 'bin');
}

/** A free loopback port (released before postgres binds it). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        done(port);
      });
    });
  });
}

/** The uid/gid of the `postgres` user when this process is root (postgres refuses root). */
function runAs(): { readonly uid: number; readonly gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function ready(
  config: pg.ClientConfig,
  server: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`postgres exited with ${String(server.exitCode)}:\n${log()}`);
    }
    const client = new pg.Client(config);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new Error(
          `postgres did not accept connections within ${String(START_TIMEOUT_MS)} ms:\n${log()}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a private cluster configured for logical replication.
 * @example
 * const pgl = await startLogicalPostgres();
 * try { … `@source(type='cdc', url='${pgl.url}', username='postgres', password='', …)` … }
 * finally { await pgl.stop(); }
 */
export async function startLogicalPostgres(): Promise<LogicalPostgres> {
  const bin = binDirectory();
  const user = runAs();
  const root = mkdtempSync(join(tmpdir(), 'tributary-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  mkdirSync(sockets);
  if (user !== undefined) {
    chownSync(root, user.uid, user.gid);
    chownSync(sockets, user.uid, user.gid);
  }
  const as = user === undefined ? {} : { uid: user.uid, gid: user.gid };
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    { encoding: 'utf8', cwd: root, ...as },
  );
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${String(init.status)}): ${init.stderr}${init.stdout}`);
  }
  const port = await freePort();
  let output = '';
  const server = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      sockets,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'wal_level=logical',
      '-c',
      'max_replication_slots=20',
      '-c',
      'max_wal_senders=20',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=50',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...as },
  );
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  const client: pg.ClientConfig = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
  };
  const exited = new Promise<void>((resolve) => {
    server.once('exit', () => {
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGINT'); // fast shutdown: disconnects clients, no waiting for them
      const killer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await ready(client, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `jdbc:postgresql://127.0.0.1:${String(port)}/postgres`, port, client, stop };
}
