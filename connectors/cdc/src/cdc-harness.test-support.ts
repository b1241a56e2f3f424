// Test support for the cdc source: engines with the cdc source and the keyvalue mapper, unique
// names, waiting helpers, and SQL clients for the private PostgreSQL cluster and the MariaDB
// every machine of this kind runs.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type EngineOptions,
  type Logger,
} from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import { eventually, until } from '@tributary/engine/testing';
import { extensions as textMapperList } from '@tributary/mapper-text';
import pg from 'pg';
import { extensions } from './index.js';

/** The MariaDB server of this machine kind (root, empty password, database `test`). */
export const MARIADB_URL = 'jdbc:mariadb://127.0.0.1:3306/test';

/** The cdc source plus the keyvalue mapper. */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...textMapperList];

let counter = 0;

/** A lower-case name no other test run uses (tables, slots). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${String(process.pid)}_${Date.now().toString(36)}_${String(counter)}`.toLowerCase();
}

/** A logger that keeps what it is told. */
export function recordingLogger(lines: string[]): Logger {
  return {
    log(level, message) {
      lines.push(`${level}: ${message}`);
    },
  };
}

/** Options of `createApp`/`startApp`. */
export interface AppOptions {
  readonly logs?: string[];
  readonly extensions?: readonly Extension[];
  readonly persistence?: EngineOptions['persistence'];
}

/**
 * Creates an app with the cdc source, the keyvalue mapper and quick reconnects (not started).
 * @example
 * const app = createApp(`@source(type='cdc', …, @map(type='keyvalue')) define stream S (id int);`);
 */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      {
        package: '@tributary/connector-cdc',
        version: '0.1.0',
        extensions: options.extensions ?? extensions,
      },
      { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMapperList },
    ),
    logger: recordingLogger(options.logs ?? []),
    backoff: { delays: [50], jitter: 0 },
    ...(options.persistence === undefined ? {} : { persistence: options.persistence }),
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  return created.app;
}

/** `createApp`, started and connected. */
export async function startApp(text: string, options: AppOptions = {}): Promise<AppRuntime> {
  const app = createApp(text, options);
  app.start();
  await app.whenConnected();
  return app;
}

/** Every event of a stream, as arrays. */
export function collect(app: AppRuntime, streamId = 'S'): unknown[][] {
  const received: unknown[][] = [];
  app.onStream(streamId, (events) => {
    for (const e of events) received.push([...e.data]);
  });
  return received;
}

export { eventually, until };

/** A connected `pg` client (errors of a dropped connection are ignored). */
export async function pgClient(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Drops a slot (waiting until its stream let go of it) and a publication, if present. */
export async function dropSlot(client: pg.Client, slot: string, publication = slot): Promise<void> {
  await eventually(
    async () =>
      (
        await client.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [
          slot,
        ])
      ).rowCount === 0,
    () => `slot ${slot} is still active`,
  );
  await client.query(
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  await client.query(`DROP PUBLICATION IF EXISTS "${publication}"`);
}

/** The position the server has confirmed for a slot (as bigint), 0 when absent. */
export async function confirmedFlush(client: pg.Client, slot: string): Promise<string | undefined> {
  const row = (
    await client.query<{ lsn: string | null }>(
      'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    )
  ).rows[0];
  return row?.lsn ?? undefined;
}
