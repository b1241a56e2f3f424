// What listening mode needs of a MySQL/MariaDB server before it reads the binlog — the binary
// log on in ROW format, the captured table, the right to list binlogs — each missing piece
// reported with its fix; and, when asked, a snapshot of the table's rows consistent with a
// binlog position (MariaDB's lock-free consistent snapshot, or a short table read lock).

import type { Connection as CoreConnection } from 'mysql2';
import type mysql from 'mysql2/promise';

/** A position in the binlog: streaming resumes at it. */
export interface BinlogPosition {
  readonly file: string;
  readonly position: number;
}

/** The captured table as the server names it, with each column's SQL type. */
export interface MysqlTable {
  readonly database: string;
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** The server's binlog as listening mode needs it. */
export interface BinlogServer {
  readonly version: string;
  readonly mariadb: boolean;
  readonly serverId: number;
  /** `FULL`, `MINIMAL` or `NOBLOB`: what old and new rows carry. */
  readonly rowImage: string;
  /** Binlog files the server still has, oldest first. */
  readonly files: readonly string[];
  /** The end of the binlog now. */
  readonly end: BinlogPosition;
}

/** The grant listening mode needs, for messages. */
export function replicationGrant(user: string): string {
  return `GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO '${user}'@'%'`;
}

/** A MySQL error's number, if it is one. */
export function mysqlErrno(error: unknown): number | undefined {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' ? errno : undefined;
}

/** MySQL error numbers this module and the source explain. */
export const MYSQL_ERRORS = {
  accessDenied: 1045,
  specificAccessDenied: 1227,
  binlogUnavailable: 1236,
  noBinaryLogging: 1381,
} as const;

/**
 * Splits `table.name` (`table` or `database.table`; backquotes keep dots).
 * @example
 * splitMysqlTableName('shop.orders', 'test') // { database: 'shop', name: 'orders' }
 */
export function splitMysqlTableName(
  text: string,
  defaultDatabase: string,
): { database: string; name: string } {
  const part = '(`(?:[^`]|``)+`|[^.`]+)';
  const m = new RegExp(`^(?:${part}\\.)?${part}$`).exec(text.trim());
  if (m === null) throw new Error(`table.name '${text}' must be 'table' or 'database.table'`);
  const unquote = (p: string): string =>
    p.startsWith('`') ? p.slice(1, -1).replace(/``/g, '`') : p.trim();
  return {
    database: m[1] === undefined ? defaultDatabase : unquote(m[1]),
    name: unquote(m[2] ?? ''),
  };
}

/** Quotes an identifier (`` `my``table` ``). */
export function quoteMysql(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

type Row = Record<string, unknown>;

async function rows(connection: mysql.Connection, sql: string, values?: unknown[]): Promise<Row[]> {
  const [result] = await connection.query(sql, values);
  return Array.isArray(result) ? (result as Row[]) : [];
}

/** The binlog files and the end position (needs REPLICATION CLIENT / BINLOG MONITOR). */
export async function binlogFiles(
  connection: mysql.Connection,
  user: string,
): Promise<{ files: string[]; end: BinlogPosition }> {
  let list: Row[];
  try {
    list = await rows(connection, 'SHOW BINARY LOGS');
  } catch (error) {
    if (mysqlErrno(error) === MYSQL_ERRORS.specificAccessDenied) {
      throw new Error(
        `user '${user}' may not read the binlog (REPLICATION CLIENT is missing): ` +
          `${replicationGrant(user)}, or give a username that has it`,
        { cause: error },
      );
    }
    throw error;
  }
  const files = list.map((r) => String(r.Log_name));
  const last = list[list.length - 1];
  if (last === undefined) throw new Error('the server lists no binlog files');
  return { files, end: { file: String(last.Log_name), position: Number(last.File_size) } };
}

/**
 * Checks the server writes a ROW-format binlog and the user may read it; throws an Error
 * naming the setting and its fix otherwise.
 */
export async function checkBinlogServer(
  connection: mysql.Connection,
  user: string,
): Promise<BinlogServer> {
  const settings = (
    await rows(
      connection,
      'SELECT @@GLOBAL.log_bin AS log_bin, @@GLOBAL.binlog_format AS format, ' +
        '@@GLOBAL.binlog_row_image AS image, @@GLOBAL.server_id AS server_id, VERSION() AS version',
    )
  )[0];
  if (settings === undefined) throw new Error('the server did not say how it logs');
  if (Number(settings.log_bin) !== 1) {
    throw new Error(
      'the server writes no binlog (log_bin=OFF); listening mode reads the binlog: start the ' +
        'server with log_bin and binlog_format=ROW (my.cnf: log_bin=mysql-bin, ' +
        "binlog_format=ROW, server_id=1), or use mode='polling'",
    );
  }
  const format = String(settings.format).toUpperCase();
  if (format !== 'ROW') {
    throw new Error(
      `the server's binlog_format is ${format}; listening mode needs binlog_format=ROW ` +
        "(SET GLOBAL binlog_format='ROW' and binlog_format=ROW in my.cnf), or use mode='polling'",
    );
  }
  const { files, end } = await binlogFiles(connection, user);
  const version = String(settings.version);
  return {
    version,
    mariadb: /mariadb/i.test(version),
    serverId: Number(settings.server_id),
    rowImage: String(settings.image).toUpperCase(),
    files,
    end,
  };
}

/** Finds the table and its columns; throws when it is missing or not readable. */
export async function findMysqlTable(
  connection: mysql.Connection,
  tableName: string,
  defaultDatabase: string,
): Promise<MysqlTable> {
  const { database, name } = splitMysqlTableName(tableName, defaultDatabase);
  const columns = await rows(
    connection,
    'SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type ' +
      'FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ' +
      'ORDER BY ORDINAL_POSITION',
    [database, name],
  );
  const first = columns[0];
  if (first === undefined) {
    throw new Error(
      `table '${database}.${name}' does not exist, or the user may not read it (SELECT is missing)`,
    );
  }
  return {
    database: String(first.db),
    name: String(first.tbl),
    columns: columns.map((c) => ({ name: String(c.name), type: String(c.type) })),
  };
}

/**
 * How the snapshot finds its binlog position: `none` reads MariaDB's consistent-snapshot
 * position (no lock); `minimal` holds a read lock on the table while it reads the binlog end
 * and opens the snapshot (MySQL; needs LOCK TABLES). Debezium's `snapshot.locking.mode` names.
 */
export type SnapshotLocking = 'none' | 'minimal';

/** Rows of the snapshot, handed over in batches. */
export type SnapshotBatchHandler = (rows: readonly Row[]) => Promise<void>;

async function readRows(
  reader: CoreConnection,
  table: MysqlTable,
  batchSize: number,
  onBatch: SnapshotBatchHandler,
): Promise<number> {
  const sql = `SELECT * FROM ${quoteMysql(table.database)}.${quoteMysql(table.name)}`;
  const stream = reader.query(sql).stream({ highWaterMark: batchSize });
  let batch: Row[] = [];
  let count = 0;
  for await (const row of stream as AsyncIterable<Row>) {
    batch.push(row);
    if (batch.length >= batchSize) {
      count += batch.length;
      await onBatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) {
    count += batch.length;
    await onBatch(batch);
  }
  return count;
}

/**
 * Reads every row of `table` in a snapshot consistent with the binlog position it returns:
 * changes after that position are not in the rows, changes before it are.
 */
export async function snapshotTable(
  open: () => Promise<CoreConnection>,
  table: MysqlTable,
  locking: SnapshotLocking,
  batchSize: number,
  onBatch: SnapshotBatchHandler,
  user: string,
): Promise<{ position: BinlogPosition; rows: number }> {
  const core = await open();
  const reader = core.promise();
  try {
    await reader.query("SET SESSION time_zone = '+00:00'");
    let position: BinlogPosition;
    if (locking === 'none') {
      await reader.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
      const status = await rows(reader, "SHOW STATUS LIKE 'binlog_snapshot_%'");
      const file = status.find((r) => r.Variable_name === 'Binlog_snapshot_file')?.Value;
      const offset = status.find((r) => r.Variable_name === 'Binlog_snapshot_position')?.Value;
      if (typeof file !== 'string' || file === '' || offset === undefined) {
        throw new Error(
          'the server gives no binlog position of a consistent snapshot (MariaDB does; MySQL ' +
            "does not): set connector.properties='snapshot.locking.mode=minimal'",
        );
      }
      position = { file, position: Number(offset) };
    } else {
      const locker = (await open()).promise();
      try {
        await locker.query(
          `LOCK TABLES ${quoteMysql(table.database)}.${quoteMysql(table.name)} READ`,
        );
        position = (await binlogFiles(locker, user)).end;
        await reader.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
        await locker.query('UNLOCK TABLES');
      } finally {
        await locker.end().catch(() => undefined);
      }
    }
    const count = await readRows(core, table, batchSize, onBatch);
    await reader.query('COMMIT');
    return { position, rows: count };
  } finally {
    await reader.end().catch(() => undefined);
  }
}
