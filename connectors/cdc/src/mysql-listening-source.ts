// Listening mode on MySQL/MariaDB: streams the table's row changes from the binlog (zongji),
// emits them in Siddhi's key-value contract, and advances the position kept in app snapshots
// (binlog file and offset) only once every change before it was processed and every sink
// acknowledged it, so resuming from a persisted snapshot loses no change.

import type { Logger } from '@tributary/engine';
import {
  ConnectionUnavailableError,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import ZongJi, {
  type AnyBinlogEvent,
  type DeleteRowsEvent,
  type TableMapEntry,
  type UpdateRowsEvent,
  type WriteRowsEvent,
} from '@vlasky/zongji';
import mysql, { type Connection as CoreConnection } from 'mysql2';
import { ChangeEventBuilder, type Operation } from './change-events.js';
import { CommitTracker } from './commit-tracker.js';
import { connectFailure } from './db-errors.js';
import type { ServerDatabase } from './jdbc-url.js';
import {
  checkBinlogServer,
  findMysqlTable,
  MYSQL_ERRORS,
  mysqlErrno,
  replicationGrant,
  snapshotTable,
  type BinlogPosition,
  type BinlogServer,
  type MysqlTable,
  type SnapshotLocking,
} from './mysql-binlog-setup.js';
import {
  isBooleanType,
  MYSQL_DECODING,
  mysqlDefaultValue,
  mysqlValueConverter,
} from './mysql-values.js';
import type { DecimalHandling } from './pg-values.js';

/** Everything listening mode on MySQL/MariaDB is configured with. */
export interface MysqlListeningSettings {
  readonly target: ServerDatabase;
  readonly username: string;
  readonly password: string;
  readonly tableName: string;
  readonly operations: ReadonlySet<Operation>;
  /** The replica id the binlog connection announces; undefined: random in 5400–6400. */
  readonly serverId: number | undefined;
  /** `initial`: snapshot the rows when no position is known yet; `never`: changes only. */
  readonly snapshotMode: 'initial' | 'never';
  /** undefined: `none` on MariaDB, `minimal` on MySQL. */
  readonly snapshotLocking: SnapshotLocking | undefined;
  readonly decimals: DecimalHandling;
}

/** Position state kept in app snapshots. */
interface ListeningState {
  readonly file: string;
  readonly position: number;
}

function isState(value: unknown): value is ListeningState {
  const state = value as { file?: unknown; position?: unknown } | null;
  return typeof state?.file === 'string' && typeof state.position === 'number';
}

/** Events of one operation gathered for one emit (one `trp:operation`). */
const BATCH_SIZE = 512;
/** Emits in flight before the stream waits (back-pressure). */
const MAX_IN_FLIGHT = 32;
/** How long the server may take to start sending the binlog. */
const START_TIMEOUT_MS = 15_000;
/** Siddhi's default range of `database.server.id`. */
const SERVER_IDS = { from: 5400, to: 6400 } as const;
/** Transport properties that differ per transaction: asked for, emits stop at transactions. */
const PER_TRANSACTION = ['commit.timestamp', 'binlog.file', 'binlog.position', 'gtid'];

function ignore(): void {
  // the outcome is handled elsewhere (the connection is being torn down)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatPosition(position: BinlogPosition): string {
  return `${position.file}:${String(position.position)}`;
}

/** Pause/resume of the binlog socket, shared by zongji (metadata lookups) and back-pressure. */
interface Gate {
  readonly hold: () => void;
  readonly release: () => void;
}

/** Makes the connection's pause/resume counted, so it flows only when no one holds it. */
function sharedGate(connection: Pick<CoreConnection, 'pause' | 'resume'>): Gate {
  const pause = connection.pause.bind(connection);
  const resume = connection.resume.bind(connection);
  let holds = 0;
  const gate: Gate = {
    hold: () => {
      holds += 1;
      if (holds === 1) pause();
    },
    release: () => {
      if (holds === 0) return;
      holds -= 1;
      if (holds === 0) resume();
    },
  };
  connection.pause = gate.hold;
  connection.resume = gate.release;
  return gate;
}

/** Stops a binlog client and waits (briefly) until its connections are closed. */
function stopClient(zongji: ZongJi): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    zongji.once('stopped', () => {
      clearTimeout(timer);
      resolve();
    });
    zongji.stop();
  });
}

/** One binlog stream. */
interface Stream {
  readonly zongji: ZongJi;
  gate: Gate | undefined;
  started: boolean;
  /** Back-pressure holds the socket. */
  holding: boolean;
}

/** The `cdc` source in listening mode on MySQL/MariaDB. */
export class MysqlListeningConnection implements SourceConnection {
  readonly #where: string;
  readonly #tracker: CommitTracker<BinlogPosition>;
  readonly #perTransaction: boolean;
  #stream: Stream | undefined;
  #table: MysqlTable | undefined;
  /** Column types as INFORMATION_SCHEMA gives them (with TINYINT(1), which the binlog lacks). */
  #declared = new Map<string, string>();
  #builder:
    { readonly entry: TableMapEntry; readonly builder: ChangeEventBuilder<unknown> } | undefined;
  /** Everything before this position is processed (kept in app snapshots). */
  #confirmed: BinlogPosition | undefined;
  /** The latest position of the stream a restart may resume at (a transaction boundary). */
  #safe: BinlogPosition | undefined;
  #batch: Record<string, unknown>[] = [];
  #batchOperation: Operation = 'insert';
  #batchTransport: Record<string, string> = {};
  #flushQueued = false;
  #paused = false;
  #resumed: (() => void)[] = [];

  constructor(
    private readonly ctx: SourceContext<unknown>,
    private readonly settings: MysqlListeningSettings,
  ) {
    this.#where = `source 'cdc' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#tracker = new CommitTracker<BinlogPosition>((end) => {
      this.#confirmed = end;
    });
    this.#perTransaction = ctx.requestedTransportProperties.some((p) =>
      PER_TRANSACTION.includes(p),
    );
  }

  get #logger(): Logger {
    return this.ctx.logger;
  }

  async connect(): Promise<void> {
    let start: BinlogPosition;
    let serverId: number;
    try {
      const admin = await this.#open();
      try {
        const server = await checkBinlogServer(admin.promise(), this.settings.username);
        const table = await findMysqlTable(
          admin.promise(),
          this.settings.tableName,
          this.settings.target.database,
        );
        this.#table = table;
        this.#declared = new Map(table.columns.map((c) => [c.name, c.type]));
        this.#warnAboutRowImage(server, table);
        serverId = this.#serverId(server);
        start = await this.#startPosition(server, table);
      } finally {
        admin.destroy();
      }
    } catch (error) {
      throw this.#failure(error, undefined);
    }
    this.#confirmed = start;
    this.#safe = start;
    await this.#startStreaming(start, serverId);
  }

  async disconnect(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#tracker.reset();
    this.#batch = [];
    this.#builder = undefined;
    const resumed = this.#resumed;
    this.#resumed = [];
    for (const wake of resumed) wake();
    if (stream !== undefined) await stopClient(stream.zongji);
  }

  pause(): void {
    this.#paused = true;
    const stream = this.#stream;
    if (stream !== undefined) this.#holdBack(stream);
  }

  resume(): void {
    this.#paused = false;
    const resumed = this.#resumed;
    this.#resumed = [];
    for (const wake of resumed) wake();
  }

  snapshot(): ListeningState | null {
    const confirmed = this.#confirmed;
    return confirmed === undefined ? null : { file: confirmed.file, position: confirmed.position };
  }

  restore(state: unknown): void {
    if (!isState(state)) return;
    this.#confirmed = { file: state.file, position: state.position };
  }

  /** A connection with the decoding options snapshot rows and the binlog share. */
  async #open(): Promise<CoreConnection> {
    const connection = mysql.createConnection(this.#connectionOptions());
    connection.on('error', ignore);
    try {
      await connection.promise().connect();
    } catch (error) {
      connection.destroy();
      throw error;
    }
    return connection;
  }

  #connectionOptions(): mysql.ConnectionOptions {
    const { target, username, password } = this.settings;
    return {
      host: target.host,
      port: target.port,
      user: username,
      password,
      connectTimeout: 10_000,
      ...MYSQL_DECODING,
    };
  }

  #warnAboutRowImage(server: BinlogServer, table: MysqlTable): void {
    const ops = this.settings.operations;
    if (server.rowImage === 'FULL' || (!ops.has('update') && !ops.has('delete'))) return;
    this.#logger.log(
      'warn',
      `${this.#where}: the server's binlog_row_image is ${server.rowImage}: update and delete ` +
        `events of ${table.database}.${table.name} carry before_ values of the key columns only ` +
        "(SET GLOBAL binlog_row_image='FULL' for all)",
    );
  }

  #serverId(server: BinlogServer): number {
    const fixed = this.settings.serverId;
    if (fixed !== undefined) {
      if (fixed === server.serverId) {
        throw new Error(
          `database.server.id ${String(fixed)} is the server's own server_id; give another`,
        );
      }
      return fixed;
    }
    for (;;) {
      const id =
        SERVER_IDS.from + Math.floor(Math.random() * (SERVER_IDS.to - SERVER_IDS.from + 1));
      if (id !== server.serverId) return id;
    }
  }

  /** Where streaming starts: the saved position, after the initial snapshot, or the end now. */
  async #startPosition(server: BinlogServer, table: MysqlTable): Promise<BinlogPosition> {
    const saved = this.#confirmed;
    if (saved !== undefined) {
      if (!server.files.includes(saved.file)) {
        throw new Error(
          `the saved binlog position ${formatPosition(saved)} is no longer on the server (its ` +
            `binlog starts at ${server.files[0] ?? '?'}: purged, or another server); the changes ` +
            "since are lost to this source: clear the app's saved state to start from now, and " +
            'keep binlogs longer (binlog_expire_logs_seconds / expire_logs_days)',
        );
      }
      return saved;
    }
    if (this.settings.snapshotMode === 'never' || !this.settings.operations.has('insert')) {
      return server.end;
    }
    return this.#snapshotRows(server, table);
  }

  /** Emits the table's rows as inserts (awaited); returns the binlog position they are as of. */
  async #snapshotRows(server: BinlogServer, table: MysqlTable): Promise<BinlogPosition> {
    const locking = this.settings.snapshotLocking ?? (server.mariadb ? 'none' : 'minimal');
    this.#logger.log(
      'info',
      `${this.#where}: taking the initial snapshot of ${table.database}.${table.name}`,
    );
    const builder = this.#eventBuilder(table.columns);
    const transport = this.#transport('insert', true);
    const { position, rows } = await snapshotTable(
      () => this.#open(),
      table,
      locking,
      BATCH_SIZE,
      async (batch) => {
        await this.ctx.emit(
          batch.map((row) => builder.event('insert', row, null)),
          transport,
        );
      },
      this.settings.username,
    );
    this.#logger.log(
      'info',
      `${this.#where}: initial snapshot done (${String(rows)} rows, as of ${formatPosition(position)})`,
    );
    return position;
  }

  #eventBuilder(
    columns: readonly { readonly name: string; readonly type: string }[],
  ): ChangeEventBuilder<unknown> {
    const decimals = this.settings.decimals;
    return new ChangeEventBuilder<unknown>(
      columns.map((c) => ({
        name: c.name,
        convert: mysqlValueConverter(c.type, decimals),
        fallback: mysqlDefaultValue(c.type, decimals),
      })),
      this.settings.operations.size > 1,
    );
  }

  /** The builder of a table version the binlog described (its TableMap). */
  #builderFor(entry: TableMapEntry): ChangeEventBuilder<unknown> {
    const cached = this.#builder;
    if (cached?.entry === entry) return cached.builder;
    const builder = this.#eventBuilder(
      entry.columnSchemas.map((c) => {
        // Self-describing binlogs (binlog_row_metadata=FULL) say `tinyint`, not `tinyint(1)`.
        const declared = this.#declared.get(c.COLUMN_NAME);
        const bare = /^(tinyint|bit)$/i.test(c.COLUMN_TYPE.trim());
        return {
          name: c.COLUMN_NAME,
          type:
            bare && declared !== undefined && isBooleanType(declared) ? declared : c.COLUMN_TYPE,
        };
      }),
    );
    this.#builder = { entry, builder };
    return builder;
  }

  async #startStreaming(start: BinlogPosition, serverId: number): Promise<void> {
    const table = this.#table;
    if (table === undefined) throw new Error('no table');
    const zongji = new ZongJi(this.#connectionOptions());
    const stream: Stream = { zongji, gate: undefined, started: false, holding: false };
    let settle: (error?: unknown) => void = ignore;
    const started = new Promise<void>((resolve, reject) => {
      settle = (error) => {
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error(describe(error)));
      };
    });
    zongji.on('error', (error: Error) => {
      if (this.#stream !== stream) return;
      if (!stream.started) settle(error);
      else this.#lost(stream, error);
    });
    zongji.on('binlog', (event: AnyBinlogEvent) => {
      if (this.#stream !== stream) return;
      if (!stream.started) {
        stream.started = true;
        settle();
      }
      this.#onEvent(stream, event);
    });
    this.#stream = stream;
    const ops = this.settings.operations;
    zongji.start({
      serverId,
      filename: start.file,
      position: start.position,
      includeEvents: [
        'rotate',
        'tablemap',
        ...(ops.has('insert') ? ['writerows'] : []),
        ...(ops.has('update') ? ['updaterows'] : []),
        ...(ops.has('delete') ? ['deleterows'] : []),
        'xid',
        'query',
        'xaprepare',
      ],
      includeSchema: { [table.database]: [table.name] },
    });
    const connection = zongji.connection;
    if (connection !== null) {
      stream.gate = sharedGate(connection);
      // A binlog socket the server closes without an error (shutdown, KILL) is lost too.
      connection.once('end', () => {
        if (this.#stream === stream && stream.started) {
          this.#lost(stream, new Error('the server closed the binlog connection'));
        }
      });
    }
    const cancelTimeout = this.ctx.scheduler.schedule(
      this.ctx.clock.now() + START_TIMEOUT_MS,
      () => {
        settle(
          new ConnectionUnavailableError(
            `${this.#where}: the server did not start sending the binlog within ` +
              `${String(START_TIMEOUT_MS / 1000)} s`,
          ),
        );
      },
    );
    try {
      await started;
    } catch (error) {
      this.#stream = undefined;
      await stopClient(zongji);
      throw this.#failure(error, start);
    } finally {
      cancelTimeout();
    }
    this.#logger.log(
      'debug',
      `${this.#where}: reading the binlog from ${formatPosition(start)} as replica ${String(serverId)}`,
    );
  }

  #lost(stream: Stream, error: unknown): void {
    if (this.#stream !== stream) return;
    this.ctx.connectionLost(
      error instanceof ConnectionUnavailableError
        ? error
        : new ConnectionUnavailableError(
            `${this.#where}: the binlog stream failed: ${describe(error)}`,
            { cause: error },
          ),
    );
  }

  /** The error `connect` throws: configuration problems explained, the rest retried or not. */
  #failure(error: unknown, start: BinlogPosition | undefined): Error {
    const user = this.settings.username;
    const explain = (message: string): Error =>
      new Error(`${this.#where}: ${message}`, { cause: error });
    switch (mysqlErrno(error)) {
      case MYSQL_ERRORS.accessDenied:
        return explain(
          `the server refused user '${user}' (${describe(error)}): check username and password`,
        );
      case MYSQL_ERRORS.specificAccessDenied:
        return explain(
          `user '${user}' may not read the binlog (${describe(error)}): ${replicationGrant(user)}, ` +
            'or give a username that has these privileges',
        );
      case MYSQL_ERRORS.binlogUnavailable:
        return explain(
          `the server cannot send the binlog from ${start === undefined ? 'the start position' : formatPosition(start)} ` +
            `(${describe(error)}); if it was purged, the changes since are lost to this source: ` +
            "clear the app's saved state to start from now",
        );
      case MYSQL_ERRORS.noBinaryLogging:
        return explain(
          "the server writes no binlog (log_bin=OFF): start it with log_bin and binlog_format=ROW, or use mode='polling'",
        );
      default:
        return connectFailure(error, this.#where);
    }
  }

  #onEvent(stream: Stream, event: AnyBinlogEvent): void {
    switch (event.getEventName()) {
      case 'writerows':
        this.#rows(stream, event as WriteRowsEvent, 'insert');
        return;
      case 'updaterows':
        this.#rows(stream, event as UpdateRowsEvent, 'update');
        return;
      case 'deleterows':
        this.#rows(stream, event as DeleteRowsEvent, 'delete');
        return;
      case 'tablemap':
        return;
      default:
        // A commit, a statement or a new binlog file: the resume point may have moved.
        this.#mark(stream);
    }
  }

  #rows(
    stream: Stream,
    event: WriteRowsEvent | UpdateRowsEvent | DeleteRowsEvent,
    operation: Operation,
  ): void {
    const entry = event.tableMap[event.tableId];
    if (entry === undefined) return;
    const builder = this.#builderFor(entry);
    if (this.#batch.length > 0 && this.#batchOperation !== operation) this.#flush();
    if (this.#batch.length === 0) {
      this.#batchOperation = operation;
      this.#batchTransport = this.#transactionTransport(stream, event);
    }
    const batch = this.#batch;
    if (operation === 'update') {
      for (const row of (event as UpdateRowsEvent).rows) {
        batch.push(builder.event('update', row.after, row.before));
      }
    } else {
      for (const row of (event as WriteRowsEvent | DeleteRowsEvent).rows) {
        batch.push(
          operation === 'insert'
            ? builder.event('insert', row, null)
            : builder.event('delete', null, row),
        );
      }
    }
    if (batch.length >= BATCH_SIZE) this.#flush();
    else this.#flushSoon(stream);
    this.#holdBack(stream);
  }

  /**
   * Records the stream's resume point (zongji keeps it at transaction boundaries). With no
   * events waiting to be emitted, it is confirmed once everything before it is.
   */
  #mark(stream: Stream): void {
    const { filename, position } = stream.zongji.options;
    if (filename === undefined || position === undefined) return;
    const safe = this.#safe;
    if (safe?.file === filename && safe.position === position) return;
    const point = { file: filename, position };
    this.#safe = point;
    if (this.#batch.length > 0) {
      // Per-transaction transport properties: the batch ends with its transaction.
      if (this.#perTransaction) this.#flush();
      return;
    }
    this.#tracker.begin();
    this.#tracker.commit(point);
  }

  /** Emits the batch once the events that arrived together are in it. */
  #flushSoon(stream: Stream): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      if (this.#stream === stream) this.#flush();
    });
  }

  /** Emits the batch; its end is the latest resume point, confirmed once the emit resolved. */
  #flush(): void {
    const safe = this.#safe;
    if (this.#batch.length === 0 || safe === undefined) return;
    const events = this.#batch;
    this.#batch = [];
    this.#tracker.begin();
    this.#tracker.track(
      this.ctx.emit(events, {
        ...this.#transport(this.#batchOperation, false),
        ...this.#batchTransport,
      }),
    );
    this.#tracker.commit(safe);
  }

  #transport(operation: Operation, snapshot: boolean): TransportProperties {
    const table = this.#table;
    return {
      operation,
      table: table === undefined ? '' : `${table.database}.${table.name}`,
      'commit.lsn': '',
      'commit.timestamp': '',
      'binlog.file': '',
      'binlog.position': '',
      gtid: '',
      snapshot: snapshot ? 'true' : 'false',
    };
  }

  /** The transaction's properties, when the app asks for them. */
  #transactionTransport(
    stream: Stream,
    event: WriteRowsEvent | UpdateRowsEvent | DeleteRowsEvent,
  ): Record<string, string> {
    if (!this.#perTransaction) return {};
    const { filename, position } = stream.zongji.options;
    return {
      'commit.timestamp': String(event.timestamp),
      'binlog.file': filename ?? '',
      'binlog.position': position === undefined ? '' : String(position),
      gtid: event.gtid ?? '',
    };
  }

  /** Holds the stream while paused or while too many emits are in flight. */
  #holdBack(stream: Stream): void {
    if (stream.holding || (!this.#paused && this.#tracker.inFlight < MAX_IN_FLIGHT)) return;
    const gate = stream.gate;
    if (gate === undefined) return;
    stream.holding = true;
    gate.hold();
    void (async () => {
      for (;;) {
        if (this.#stream !== stream) return;
        if (this.#paused) {
          await new Promise<void>((resolve) => this.#resumed.push(resolve));
          continue;
        }
        const below = this.#tracker.below(MAX_IN_FLIGHT);
        if (below === undefined) break;
        await below;
      }
      stream.holding = false;
      gate.release();
    })();
  }
}
