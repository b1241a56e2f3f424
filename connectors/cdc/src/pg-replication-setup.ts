// What listening mode needs on the PostgreSQL server before it streams: logical `wal_level`,
// the captured table, a publication covering it and a `pgoutput` replication slot — each
// reused when present, created when not — and, when asked, the initial snapshot of the rows.

import pg from 'pg';
import { parseLsn } from './lsn.js';

/** The captured table as the server names it. */
export interface PgTable {
  readonly schema: string;
  readonly name: string;
  /** `d` default (key columns), `f` full, `i` index, `n` nothing: what old rows carry. */
  readonly replicaIdentity: string;
}

/** A replication slot found or created. */
export interface PgSlot {
  /** The position confirmed so far: streaming resumes after it. */
  readonly confirmed: bigint;
  readonly created: boolean;
}

/** Quotes an identifier (`"My ""Table"""`). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The qualified, quoted name of a table. */
export function qualified(table: { readonly schema: string; readonly name: string }): string {
  return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
}

/**
 * Splits `table.name` (`schema.table` or `table`; double quotes keep dots and case).
 * @example
 * splitTableName('inventory.orders') // { schema: 'inventory', name: 'orders' }
 */
export function splitTableName(text: string): { schema: string | undefined; name: string } {
  const part = '("(?:[^"]|"")+"|[^."]+)';
  const m = new RegExp(`^(?:${part}\\.)?${part}$`).exec(text.trim());
  if (m === null) throw new Error(`table.name '${text}' must be 'table' or 'schema.table'`);
  const unquote = (p: string): string =>
    p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.trim();
  const name = unquote(m[2] ?? '');
  return m[1] === undefined ? { schema: undefined, name } : { schema: unquote(m[1]), name };
}

/**
 * A slot or publication name derived from the app and stream: lower case letters, digits and
 * underscores, at most 63 characters (the server's limits).
 * @example
 * derivedName('Shop App', 'OrderStream') // 'tributary_shop_app_orderstream'
 */
export function derivedName(app: string, stream: string): string {
  return `tributary_${app}_${stream}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 63);
}

/** Checks `wal_level`; throws a configuration error unless it is `logical`. */
export async function checkWalLevel(client: pg.Client): Promise<void> {
  const level = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
  if (level !== 'logical') {
    throw new Error(
      `the server's wal_level is '${String(level)}'; listening mode needs wal_level=logical ` +
        '(postgresql.conf, then restart the server)',
    );
  }
}

/** Finds the table (as written, else folded to lower case as unquoted SQL names are). */
export async function findTable(client: pg.Client, tableName: string): Promise<PgTable> {
  const { schema, name } = splitTableName(tableName);
  const sql =
    'SELECT n.nspname AS schema, c.relname AS name, c.relreplident AS identity ' +
    'FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ' +
    "WHERE c.relkind IN ('r', 'p') AND n.nspname = $1 AND c.relname = $2";
  for (const [s, t] of [
    [schema ?? 'public', name],
    [(schema ?? 'public').toLowerCase(), name.toLowerCase()],
  ] as const) {
    const row = (
      await client.query<{ schema: string; name: string; identity: string }>(sql, [s, t])
    ).rows[0];
    if (row !== undefined) {
      return { schema: row.schema, name: row.name, replicaIdentity: row.identity };
    }
  }
  throw new Error(`table '${tableName}' does not exist in database '${String(client.database)}'`);
}

/** Makes sure publication `name` exists and publishes `table` (creating or extending it). */
export async function ensurePublication(
  client: pg.Client,
  name: string,
  table: PgTable,
): Promise<'created' | 'extended' | 'reused'> {
  const found = (
    await client.query<{ puballtables: boolean }>(
      'SELECT puballtables FROM pg_publication WHERE pubname = $1',
      [name],
    )
  ).rows[0];
  if (found === undefined) {
    await client.query(`CREATE PUBLICATION ${quoteIdentifier(name)} FOR TABLE ${qualified(table)}`);
    return 'created';
  }
  if (found.puballtables) return 'reused';
  const covered = await client.query(
    'SELECT 1 FROM pg_publication_tables WHERE pubname = $1 AND schemaname = $2 AND tablename = $3',
    [name, table.schema, table.name],
  );
  if (covered.rowCount !== null && covered.rowCount > 0) return 'reused';
  await client.query(`ALTER PUBLICATION ${quoteIdentifier(name)} ADD TABLE ${qualified(table)}`);
  return 'extended';
}

interface SlotRow {
  readonly plugin: string | null;
  readonly active_pid: number | null;
  readonly confirmed: string | null;
  readonly database: string | null;
}

/** The slot of this name, if any. */
export async function findSlot(client: pg.Client, name: string): Promise<SlotRow | undefined> {
  return (
    await client.query<SlotRow>(
      'SELECT plugin, active_pid, confirmed_flush_lsn::text AS confirmed, database ' +
        'FROM pg_replication_slots WHERE slot_name = $1',
      [name],
    )
  ).rows[0];
}

/** A slot error that goes away by itself (another consumer still holds it): retried. */
export class SlotBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlotBusyError';
  }
}

/** Checks a found slot can be streamed by this source. */
export function checkSlot(name: string, slot: SlotRow, database: string): bigint {
  if (slot.plugin !== 'pgoutput') {
    throw new Error(
      `replication slot '${name}' uses plugin '${String(slot.plugin)}', not pgoutput`,
    );
  }
  if (slot.database !== database) {
    throw new Error(
      `replication slot '${name}' belongs to database '${String(slot.database)}', not '${database}'`,
    );
  }
  if (slot.active_pid !== null) {
    throw new SlotBusyError(
      `replication slot '${name}' is in use by server process ${String(slot.active_pid)}`,
    );
  }
  return slot.confirmed === null ? 0n : parseLsn(slot.confirmed);
}

/** Creates a logical slot with the pgoutput plugin; returns its start position. */
export async function createSlot(client: pg.Client, name: string): Promise<bigint> {
  const row = (
    await client.query<{ lsn: string }>(
      "SELECT lsn::text AS lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')",
      [name],
    )
  ).rows[0];
  return row === undefined ? 0n : parseLsn(row.lsn);
}

/** One batch of snapshot rows: raw text values and each column's type OID. */
export interface SnapshotBatch {
  readonly fields: readonly { readonly name: string; readonly typeOid: number }[];
  readonly rows: readonly Readonly<Record<string, string | null>>[];
}

const RAW_TEXT = { getTypeParser: () => (text: string) => text };

/**
 * Creates slot `slot` consistent with a snapshot of `table` whose rows are handed to `onBatch`
 * (awaited) first: a temporary slot exports the snapshot, the rows are read in it, and only
 * then is the slot copied into the permanent one. A crash before the copy leaves no slot, so
 * the next start takes the snapshot again: no row is lost.
 */
export async function createSlotWithSnapshot(
  config: pg.ClientConfig,
  slot: string,
  table: PgTable,
  batchSize: number,
  onBatch: (batch: SnapshotBatch) => Promise<void>,
): Promise<bigint> {
  const exporter = new pg.Client({ ...config, replication: 'database' } as pg.ClientConfig);
  const reader = new pg.Client(config);
  const temporary = `${slot.slice(0, 54)}_snapshot`;
  exporter.on('error', () => undefined);
  reader.on('error', () => undefined);
  try {
    await exporter.connect();
    const created = await exporter.query<{ snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT ${quoteIdentifier(temporary)} TEMPORARY LOGICAL pgoutput EXPORT_SNAPSHOT`,
    );
    const snapshot = created.rows[0]?.snapshot_name;
    if (snapshot === undefined) throw new Error('the server exported no snapshot');
    await reader.connect();
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await reader.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    await reader.query(
      `DECLARE tributary_snapshot NO SCROLL CURSOR FOR SELECT * FROM ${qualified(table)}`,
    );
    for (;;) {
      const result = await reader.query<Record<string, string | null>>({
        text: `FETCH ${String(batchSize)} FROM tributary_snapshot`,
        types: RAW_TEXT,
      });
      if (result.rows.length === 0) break;
      await onBatch({
        fields: result.fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })),
        rows: result.rows,
      });
    }
    await reader.query('COMMIT');
    const copied = await reader.query<{ lsn: string }>(
      'SELECT (pg_copy_logical_replication_slot($1, $2, false)).lsn::text AS lsn',
      [temporary, slot],
    );
    return parseLsn(copied.rows[0]?.lsn ?? '0/0');
  } finally {
    await reader.end().catch(() => undefined);
    await exporter.end().catch(() => undefined);
  }
}

/** The column types of a table, for events built from its rows. */
export async function tableColumns(
  client: pg.Client,
  table: PgTable,
): Promise<{ name: string; typeOid: number }[]> {
  const result = await client.query<{ name: string; oid: number }>(
    'SELECT a.attname AS name, a.atttypid::int AS oid FROM pg_attribute a ' +
      'WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum',
    [qualified(table)],
  );
  return result.rows.map((r) => ({ name: r.name, typeOid: r.oid }));
}
