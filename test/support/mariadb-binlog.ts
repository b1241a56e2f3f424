// A private MariaDB server with its binary log on (`log-bin`, `binlog-format=ROW`) for CDC tests
// and benches: mariadb-install-db into a temp directory, mariadbd on a free loopback port, a
// `cdc` user with only REPLICATION SLAVE, REPLICATION CLIENT and SELECT; `stop()` removes it.
// The machine's shared MariaDB (3306, log_bin OFF) is never touched.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@tributary/engine/testing';
import mysql from 'mysql2/promise';

/** A running server. */
export interface BinlogMariaDb {
  /** `jdbc:mariadb://127.0.0.1:<port>/<database>`. */
  readonly url: string;
  readonly port: number;
  /** The database created for the tests (`cdc_test`). */
  readonly database: string;
  /** The replication user: REPLICATION SLAVE, REPLICATION CLIENT, SELECT on `*.*`. */
  readonly user: { readonly name: string; readonly password: string };
  /** Settings of a root connection (no password) to the test database. */
  readonly root: mysql.ConnectionOptions;
  /** Stops the server (it keeps its data) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Options of `startBinlogMariaDb`. */
export interface StartBinlogMariaDbOptions {
  /** Extra `mariadbd` options (e.g. `--binlog-row-metadata=FULL`). */
  readonly serverOptions?: readonly string[];
  /** Run the server on these cores (`taskset -c`, when available), e.g. `'0'` beside a pinned bench. */
  readonly cpus?: string;
}

const START_TIMEOUT_MS = 30_000;
const DATABASE = 'cdc_test';
const USER = { name: 'cdc', password: 'cdc-secret' } as const;

/** The `mariadbd` binary (`MARIADBD` overrides). */
function serverBinary(): string {
  const explicit = process.env.MARIADBD;
  if (explicit !== undefined && existsSync(explicit)) return explicit;
  for (const candidate of ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/sbin/mysqld']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('no mariadbd binary (install mariadb-server or set MARIADBD)');
}

/** `taskset -c <cpus>` when asked for and available, else nothing. */
function pinning(cpus: string | undefined): string[] {
  if (cpus === undefined) return [];
  const probe = spawnSync('taskset', ['-c', cpus, 'true'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0 ? ['taskset', '-c', cpus] : [];
}

async function ready(
  options: mysql.ConnectionOptions,
  server: () => ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const child = server();
    if (child.exitCode !== null) {
      throw new Error(`mariadbd exited with ${String(child.exitCode)}:\n${log()}`);
    }
    try {
      const connection = await mysql.createConnection(options);
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `mariadbd did not accept connections within ${String(START_TIMEOUT_MS)} ms:\n${log()}`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a private MariaDB with a row-format binary log, a database and a replication user.
 * @example
 * const maria = await startBinlogMariaDb();
 * try { … `@source(type='cdc', url='${maria.url}', username='cdc', password='cdc-secret', …)` … }
 * finally { await maria.stop(); }
 */
export async function startBinlogMariaDb(
  options: StartBinlogMariaDbOptions = {},
): Promise<BinlogMariaDb> {
  const binary = serverBinary();
  const root = mkdtempSync(join(tmpdir(), 'tributary-mariadb-'));
  const data = join(root, 'data');
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  const engineOptions = ['--innodb-log-file-size=8M', '--innodb-buffer-pool-size=32M'];
  const install = spawnSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asRoot,
      ...engineOptions,
    ],
    { encoding: 'utf8', cwd: root },
  );
  if (install.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `mariadb-install-db failed (${String(install.status)}): ${install.stderr}${install.stdout}`,
    );
  }
  const port = await freePort();
  const args = [
    '--no-defaults',
    `--datadir=${data}`,
    `--socket=${join(root, 'mariadbd.sock')}`,
    `--pid-file=${join(root, 'mariadbd.pid')}`,
    `--port=${String(port)}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    `--log-bin=${join(data, 'binlog')}`,
    '--binlog-format=ROW',
    '--server-id=1',
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    '--max-connections=200',
    ...engineOptions,
    ...asRoot,
    ...(options.serverOptions ?? []),
  ];
  const command = [...pinning(options.cpus), binary, ...args];
  let output = '';
  let server: ChildProcess | undefined;
  const launch = (): ChildProcess => {
    const child = spawn(command[0] ?? binary, command.slice(1), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    server = child;
    return child;
  };
  const current = (): ChildProcess => {
    if (server === undefined) throw new Error('mariadbd is not running');
    return server;
  };
  const halt = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (child?.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const rootOptions: mysql.ConnectionOptions = {
    host: '127.0.0.1',
    port,
    user: 'root',
    password: '',
  };
  const stop = async (): Promise<void> => {
    await halt();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    launch();
    await ready(rootOptions, current, () => output);
    const admin = await mysql.createConnection(rootOptions);
    try {
      await admin.query(`CREATE DATABASE ${DATABASE}`);
      await admin.query(`CREATE USER '${USER.name}'@'%' IDENTIFIED BY '${USER.password}'`);
      await admin.query(
        `GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO '${USER.name}'@'%'`,
      );
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `jdbc:mariadb://127.0.0.1:${String(port)}/${DATABASE}`,
    port,
    database: DATABASE,
    user: USER,
    root: { ...rootOptions, database: DATABASE },
    restart: async () => {
      await halt();
      launch();
      await ready(rootOptions, current, () => output);
    },
    stop,
  };
}
