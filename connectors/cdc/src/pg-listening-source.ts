// Listening mode on PostgreSQL: streams the table's changes from a `pgoutput` replication slot
// (pg-logical-replication), emits them in Siddhi's key-value contract, and confirms a
// transaction's end position to the server only once its events were processed and every
// sink acknowledged them, so a restart resumes from the slot without losing a change.

import type { Logger } from '@tributary/engine';
import {
  ConnectionUnavailableError,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import pg from 'pg';
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import {
  ChangeEventBuilder,
  type EventColumn,
  type Operation,
  type RawRow,
} from './change-events.js';
import { CommitTracker } from './commit-tracker.js';
import { connectFailure, isUnreachable } from './db-errors.js';
import type { ServerDatabase } from './jdbc-url.js';
import { formatLsn, parseLsn } from './lsn.js';
import {
  checkSlot,
  checkWalLevel,
  createSlot,
  createSlotWithSnapshot,
  ensurePublication,
  findSlot,
  findTable,
  SlotBusyError,
  type PgTable,
  type SnapshotBatch,
} from './pg-replication-setup.js';
import {
  defaultValue,
  PG_SESSION_OPTIONS,
  valueConverter,
  type DecimalHandling,
} from './pg-values.js';

/** Everything listening mode on PostgreSQL is configured with. */
export interface PgListeningSettings {
  readonly target: ServerDatabase;
  readonly username: string;
  readonly password: string;
  readonly tableName: string;
  readonly operations: ReadonlySet<Operation>;
  readonly slot: string;
  readonly publication: string;
  /** `initial`: snapshot the existing rows when the slot is created; `never`: changes only. */
  readonly snapshotMode: 'initial' | 'never';
  readonly decimals: DecimalHandling;
}

/** Position state kept in app snapshots. */
interface ListeningState {
  readonly lsn: string;
}

function isState(value: unknown): value is ListeningState {
  return typeof (value as { lsn?: unknown } | null)?.lsn === 'string';
}

/** Events of one operation gathered for one emit (one `trp:operation`). */
const BATCH_SIZE = 512;
/** Emits in flight before the stream waits (back-pressure). */
const MAX_IN_FLIGHT = 32;
/** How often the position is reported to the server while nothing else is sent. */
const STATUS_INTERVAL_MS = 10_000;
/** How soon after a confirmation the position is reported (coalesces many commits). */
const STATUS_DELAY_MS = 20;

const RAW_TEXT = (text: unknown): unknown => text;

function ignore(): void {
  // the outcome is handled elsewhere (the connection is being torn down)
}

/**
 * pgoutput decoding that leaves values as the server's text: the library would parse them
 * with `pg`'s global type parsers (local-time dates, strings for int8/numeric); the source
 * converts them itself, by type OID, the same way in every mode.
 */
class RawPgoutputPlugin extends PgoutputPlugin {
  /** Messages decoded so far (a keepalive after N messages follows all N). */
  received = 0;

  override parse(buffer: Buffer): Pgoutput.Message {
    const message = super.parse(buffer);
    this.received += 1;
    if (message.tag === 'relation') {
      for (const column of message.columns) column.parser = RAW_TEXT;
    }
    return message;
  }
}

/** One replication stream: its service, plugin and the builders of its relation. */
interface Stream {
  readonly service: LogicalReplicationService;
  readonly plugin: RawPgoutputPlugin;
}

/** The `cdc` source in listening mode on PostgreSQL. */
export class PgListeningConnection implements SourceConnection {
  readonly #where: string;
  readonly #tracker: CommitTracker;
  readonly #config: pg.ClientConfig;
  #stream: Stream | undefined;
  #table: PgTable | undefined;
  #builder: { readonly oid: number; readonly builder: ChangeEventBuilder } | undefined;
  /** The position the server has been told (or will be told) everything before is processed. */
  #confirmed = 0n;
  #restored = 0n;
  #handled = 0;
  #keepalive: { readonly lsn: bigint; readonly after: number } | undefined;
  #batch: Record<string, unknown>[] = [];
  #batchOperation: Operation = 'insert';
  #transport: { lsn: string; timestamp: string } = { lsn: '', timestamp: '' };
  #paused = false;
  #resumed: (() => void)[] = [];
  #statusTimer: (() => void) | undefined;
  #statusSoon: (() => void) | undefined;

  constructor(
    private readonly ctx: SourceContext<unknown>,
    private readonly settings: PgListeningSettings,
  ) {
    this.#where = `source 'cdc' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#tracker = new CommitTracker((end) => {
      this.#confirm(end);
    });
    const { target } = settings;
    this.#config = {
      host: target.host,
      port: target.port,
      database: target.database,
      user: settings.username,
      password: settings.password,
      options: PG_SESSION_OPTIONS,
      application_name: 'tributary-cdc',
      connectionTimeoutMillis: 10_000,
      ...(target.params.ssl === 'true' || target.params.sslmode === 'require'
        ? { ssl: { rejectUnauthorized: false } }
        : {}),
    };
  }

  get #logger(): Logger {
    return this.ctx.logger;
  }

  async connect(): Promise<void> {
    const admin = new pg.Client(this.#config);
    admin.on('error', ignore);
    let start: bigint;
    try {
      await admin.connect();
      await checkWalLevel(admin);
      const table = await findTable(admin, this.settings.tableName);
      this.#table = table;
      this.#warnAboutOldRows(table);
      await ensurePublication(admin, this.settings.publication, table);
      start = await this.#slot(admin, table);
    } catch (error) {
      throw error instanceof SlotBusyError
        ? new ConnectionUnavailableError(`${this.#where}: ${error.message}`, { cause: error })
        : connectFailure(error, this.#where);
    } finally {
      await admin.end().catch(ignore);
    }
    this.#confirmed = start > this.#confirmed ? start : this.#confirmed;
    await this.#startStreaming();
  }

  async disconnect(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#statusTimer?.();
    this.#statusSoon?.();
    this.#statusTimer = undefined;
    this.#statusSoon = undefined;
    this.#tracker.reset();
    this.#batch = [];
    this.#keepalive = undefined;
    this.#builder = undefined;
    const resumed = this.#resumed;
    this.#resumed = [];
    for (const wake of resumed) wake();
    if (stream === undefined) return;
    // Tell the server what is processed, so a restart resumes right after it.
    await this.#report(stream).catch(ignore);
    await stream.service.destroy().catch(ignore);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    const resumed = this.#resumed;
    this.#resumed = [];
    for (const wake of resumed) wake();
  }

  snapshot(): ListeningState {
    return { lsn: formatLsn(this.#confirmed) };
  }

  restore(state: unknown): void {
    if (!isState(state)) return;
    // The server resumes from the larger of this and the slot's confirmed position.
    this.#restored = parseLsn(state.lsn);
  }

  #warnAboutOldRows(table: PgTable): void {
    const ops = this.settings.operations;
    if (table.replicaIdentity === 'f' || (!ops.has('update') && !ops.has('delete'))) return;
    this.#logger.log(
      'warn',
      `${this.#where}: table ${table.schema}.${table.name} has REPLICA IDENTITY ` +
        `${table.replicaIdentity === 'n' ? 'NOTHING' : 'DEFAULT'}: update and delete events carry ` +
        'before_ values of the key columns only (ALTER TABLE … REPLICA IDENTITY FULL for all)',
    );
  }

  /** Finds or creates the slot; returns the position streaming starts after. */
  async #slot(admin: pg.Client, table: PgTable): Promise<bigint> {
    const { slot, snapshotMode } = this.settings;
    const found = await findSlot(admin, slot);
    if (found !== undefined) return checkSlot(slot, found, this.settings.target.database);
    if (snapshotMode === 'never' || !this.settings.operations.has('insert')) {
      return createSlot(admin, slot);
    }
    this.#logger.log(
      'info',
      `${this.#where}: taking the initial snapshot of ${table.schema}.${table.name}`,
    );
    let rows = 0;
    const lsn = await createSlotWithSnapshot(
      this.#config,
      slot,
      table,
      BATCH_SIZE,
      async (batch) => {
        rows += batch.rows.length;
        await this.#emitSnapshot(batch);
      },
    );
    this.#logger.log('info', `${this.#where}: initial snapshot done (${String(rows)} rows)`);
    return lsn;
  }

  /** Emits snapshot rows as inserts and waits until they are processed. */
  async #emitSnapshot(batch: SnapshotBatch): Promise<void> {
    const builder = this.#builderFor(batch.fields);
    const events = batch.rows.map((row) => builder.event('insert', row, null));
    const table = this.#table;
    await this.ctx.emit(events, {
      operation: 'insert',
      table: table === undefined ? '' : `${table.schema}.${table.name}`,
      'commit.lsn': '',
      'commit.timestamp': '',
      snapshot: 'true',
    });
  }

  #builderFor(
    fields: readonly { readonly name: string; readonly typeOid: number }[],
  ): ChangeEventBuilder {
    const decimals = this.settings.decimals;
    const columns: EventColumn[] = fields.map((f) => ({
      name: f.name,
      convert: valueConverter(f.typeOid, decimals),
      fallback: defaultValue(f.typeOid, decimals),
    }));
    return new ChangeEventBuilder(columns, this.settings.operations.size > 1);
  }

  async #startStreaming(): Promise<void> {
    const plugin = new RawPgoutputPlugin({
      protoVersion: 1,
      publicationNames: [this.settings.publication],
    });
    const service = new LogicalReplicationService(this.#config, {
      acknowledge: { auto: false, timeoutSeconds: 0 },
      flowControl: { enabled: true },
    });
    const stream: Stream = { service, plugin };
    this.#stream = stream;
    this.#handled = 0;
    const lost = (error: unknown): void => {
      if (this.#stream !== stream) return;
      this.ctx.connectionLost(
        error instanceof ConnectionUnavailableError
          ? error
          : new ConnectionUnavailableError(
              `${this.#where}: the replication stream failed: ${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            ),
      );
    };
    service.on('data', (lsn: string, message: Pgoutput.Message) =>
      this.#onMessage(stream, message),
    );
    service.on('heartbeat', (lsn: string, _timestamp: number, reply: boolean) => {
      this.#onKeepalive(stream, lsn, reply);
    });
    service.on('error', lost);
    const started = new Promise<void>((resolve) => {
      service.once('start', () => {
        resolve();
      });
    });
    const from = this.#restored > this.#confirmed ? this.#restored : this.#confirmed;
    const running = service.subscribe(plugin, this.settings.slot, formatLsn(from));
    try {
      await Promise.race([
        started,
        running.then(() => {
          throw new ConnectionUnavailableError(
            `${this.#where}: the replication stream ended at once`,
          );
        }),
      ]);
    } catch (error) {
      this.#stream = undefined;
      await service.destroy().catch(ignore);
      throw connectFailure(error, this.#where);
    }
    running.then(
      () => {
        lost(
          new ConnectionUnavailableError(`${this.#where}: the server ended the replication stream`),
        );
      },
      (error: unknown) => {
        lost(isUnreachable(error) ? error : new Error(String(error), { cause: error }));
      },
    );
    this.#scheduleStatus(stream);
  }

  /** One decoded message; a promise holds the stream back (paused, or too much in flight). */
  #onMessage(stream: Stream, message: Pgoutput.Message): Promise<void> | undefined {
    if (this.#stream !== stream) return undefined;
    this.#handled += 1;
    switch (message.tag) {
      case 'begin':
        this.#tracker.begin();
        this.#transport = {
          lsn: message.commitLsn ?? '',
          timestamp: String(Number(BigInt(message.commitTime.toString()) / 1000n)),
        };
        return undefined;
      case 'relation':
        if (this.#captures(message)) {
          this.#builder = {
            oid: message.relationOid,
            builder: this.#builderFor(
              message.columns.map((c) => ({ name: c.name, typeOid: c.typeOid })),
            ),
          };
        }
        return undefined;
      case 'insert':
        return this.#change(message.relation, 'insert', message.new as RawRow, null);
      case 'update':
        return this.#change(
          message.relation,
          'update',
          message.new as RawRow,
          (message.old ?? message.key) as RawRow | null,
        );
      case 'delete':
        return this.#change(
          message.relation,
          'delete',
          null,
          (message.old ?? message.key) as RawRow | null,
        );
      case 'commit':
        this.#flush();
        this.#tracker.commit(parseLsn(message.commitEndLsn ?? '0/0'));
        return this.#holdBack();
      default:
        return undefined;
    }
  }

  #captures(relation: Pgoutput.MessageRelation): boolean {
    return relation.schema === this.#table?.schema && relation.name === this.#table.name;
  }

  #change(
    relation: Pgoutput.MessageRelation,
    operation: Operation,
    row: RawRow | null,
    old: RawRow | null,
  ): Promise<void> | undefined {
    const current = this.#builder;
    if (current?.oid !== relation.relationOid || !this.settings.operations.has(operation)) {
      return undefined;
    }
    if (this.#batch.length > 0 && this.#batchOperation !== operation) this.#flush();
    this.#batchOperation = operation;
    this.#batch.push(current.builder.event(operation, row, old));
    if (this.#batch.length < BATCH_SIZE) return undefined;
    this.#flush();
    return this.#holdBack();
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    const events = this.#batch;
    this.#batch = [];
    const table = this.#table;
    this.#tracker.track(
      this.ctx.emit(events, {
        operation: this.#batchOperation,
        table: table === undefined ? '' : `${table.schema}.${table.name}`,
        'commit.lsn': this.#transport.lsn,
        'commit.timestamp': this.#transport.timestamp,
        snapshot: 'false',
      }),
    );
  }

  /** Waits while paused or while too many emits are in flight. */
  #holdBack(): Promise<void> | undefined {
    if (!this.#paused && this.#tracker.inFlight < MAX_IN_FLIGHT) return undefined;
    return (async () => {
      for (;;) {
        if (this.#paused) {
          await new Promise<void>((resolve) => this.#resumed.push(resolve));
          if (this.#stream === undefined) return;
          continue;
        }
        const below = this.#tracker.below(MAX_IN_FLIGHT);
        if (below === undefined) return;
        await below;
      }
    })();
  }

  /**
   * A keepalive carries the server's position; once every message before it was handled and
   * nothing is waiting for acknowledgements, that position is processed too (no change of the
   * table lies before it unconfirmed), so confirming it lets the server recycle its WAL.
   */
  #onKeepalive(stream: Stream, lsn: string, reply: boolean): void {
    if (this.#stream !== stream) return;
    this.#keepalive = { lsn: parseLsn(lsn), after: stream.plugin.received };
    this.#applyKeepalive();
    if (reply) void this.#report(stream).catch(ignore);
  }

  #applyKeepalive(): void {
    const keepalive = this.#keepalive;
    if (keepalive === undefined || this.#handled < keepalive.after || !this.#tracker.idle) return;
    this.#keepalive = undefined;
    if (keepalive.lsn > this.#confirmed) this.#confirmed = keepalive.lsn;
  }

  #confirm(end: bigint): void {
    if (end > this.#confirmed) this.#confirmed = end;
    this.#applyKeepalive();
    const stream = this.#stream;
    if (stream === undefined || this.#statusSoon !== undefined) return;
    this.#statusSoon = this.ctx.scheduler.schedule(this.ctx.clock.now() + STATUS_DELAY_MS, () => {
      this.#statusSoon = undefined;
      if (this.#stream === stream) void this.#report(stream).catch(ignore);
    });
  }

  /** Sends a standby status update: everything before `#confirmed` is processed. */
  async #report(stream: Stream): Promise<void> {
    const confirmed = this.#confirmed;
    if (confirmed === 0n) return;
    // The library reports the position it is given plus one byte.
    await stream.service.acknowledge(formatLsn(confirmed - 1n));
  }

  /** Reports the position now and then, as the server expects of a live receiver. */
  #scheduleStatus(stream: Stream): void {
    this.#statusTimer = this.ctx.scheduler.schedule(
      this.ctx.clock.now() + STATUS_INTERVAL_MS,
      () => {
        if (this.#stream !== stream) return;
        this.#applyKeepalive();
        void this.#report(stream).catch(ignore);
        this.#scheduleStatus(stream);
      },
    );
  }
}
