// The `cdc` source spec: Siddhi's parameters verbatim, resolved into listening mode (PostgreSQL
// logical replication, MySQL/MariaDB binlog) or polling mode (any database TypeORM reaches).

import {
  defineSource,
  param,
  type Extension,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { OPERATIONS, type Operation } from './change-events.js';
import { describeTarget, parseDatabaseUrl, type DatabaseTarget } from './jdbc-url.js';
import type { SnapshotLocking } from './mysql-binlog-setup.js';
import { MysqlListeningConnection } from './mysql-listening-source.js';
import { derivedName } from './pg-replication-setup.js';
import { PgListeningConnection } from './pg-listening-source.js';
import type { DecimalHandling } from './pg-values.js';
import { pollingDatabase } from './polling-database.js';
import { PollingConnection } from './polling-source.js';

const parameters = {
  url: param.string({
    description:
      'The database: `jdbc:postgresql://host:port/db`, `jdbc:mysql://host:port/db` or ' +
      '`jdbc:mariadb://…` (listening or polling), or `jdbc:sqlite:/path/file.db` (polling). ' +
      'Not needed when `datasource.name` or `jndi.resource` names a configured datasource.',
    optional: true,
  }),
  username: param.string({
    description:
      'The database user. Listening mode on PostgreSQL needs the REPLICATION attribute (or ' +
      'superuser) and the right to create publications on the table; on MySQL/MariaDB ' +
      'REPLICATION SLAVE, REPLICATION CLIENT and SELECT (plus LOCK TABLES for a snapshot with ' +
      '`snapshot.locking.mode=minimal`); polling mode needs SELECT.',
    optional: true,
  }),
  password: param.string({
    description: 'The password of `username`.',
    optional: true,
    secret: true,
  }),
  'table.name': param.string({
    description:
      'The table to capture: `table` or `schema.table` (PostgreSQL; the schema defaults to ' +
      '`public`), `table` or `database.table` (MySQL/MariaDB; the database defaults to the ' +
      "url's).",
  }),
  operation: param.list(param.enum(OPERATIONS, { description: 'an operation' }), {
    description:
      'Listening mode: the changes to capture, `insert`, `update`, `delete` or a comma list ' +
      "(`'insert,update,delete'`; then `trp:operation` tells each event's). Required in " +
      'listening mode; polling mode captures inserts (and updates when `polling.column` is a ' +
      'timestamp the update changes).',
    optional: true,
  }),
  mode: param.enum(['listening', 'polling'], {
    description:
      '`listening` reads the change log (PostgreSQL logical replication, MySQL/MariaDB binlog); ' +
      '`polling` queries the table every `polling.interval` seconds.',
    optional: true,
    default: 'listening',
  }),
  'plugin.name': param.enum(['pgoutput'], {
    description:
      'PostgreSQL logical decoding plugin. `pgoutput` is built into PostgreSQL 10+ and is the ' +
      "only one supported (Siddhi's default `decoderbufs` needs a server extension).",
    optional: true,
    default: 'pgoutput',
  }),
  'slot.name': param.string({
    description:
      'PostgreSQL replication slot to stream from (created when missing; it keeps the ' +
      'position across restarts). Default: `tributary_<app>_<stream>` in lower case. Drop it ' +
      '(`pg_drop_replication_slot`) when the app is retired, or the server keeps WAL for it.',
    optional: true,
  }),
  'publication.name': param.string({
    description:
      'PostgreSQL publication the slot reads (created for the table when missing; the table is ' +
      'added to an existing one). Default: the slot name.',
    optional: true,
  }),
  'database.server.id': param.long({
    description:
      'MySQL/MariaDB listening: the replica id the binlog connection announces (1 to ' +
      "4294967295), unique among the server's replicas and other binlog readers. Default: a " +
      'random id in 5400–6400 on every connect, as Siddhi (a reader that connects with the id ' +
      'of another makes the server drop that other).',
    optional: true,
  }),
  'connector.properties': param.string({
    description:
      'Debezium-style properties, comma-separated `key=value`; they win over the parameters. ' +
      'Understood: `slot.name`, `publication.name`, `database.server.id`, `snapshot.mode` ' +
      '(`never` (default, as Siddhi) or `initial`: emit the existing rows as inserts when the ' +
      'PostgreSQL slot is created, or on MySQL/MariaDB when no position is saved yet), ' +
      '`snapshot.locking.mode` (MySQL/MariaDB: `none`, the default on MariaDB, reads its ' +
      'lock-free consistent snapshot position; `minimal`, the default on MySQL, holds a read ' +
      'lock on the table while the snapshot starts), `decimal.handling.mode` (`double` ' +
      '(default), `string` or `precise` (= string)).',
    optional: true,
    default: '',
  }),
  'polling.column': param.string({
    description:
      'Polling mode: the column read to find new rows — an increasing id, or a timestamp ' +
      'updated on change (then updates are captured too). Required in polling mode.',
    optional: true,
  }),
  'polling.interval': param.double({
    description: 'Polling mode: seconds between polls (fractions allowed).',
    optional: true,
    default: 1,
  }),
  'wait.on.missed.record': param.bool({
    description:
      'Polling mode with a numeric `polling.column`: stop at a gap in the sequence (a row ' +
      'written out of order and not committed yet) until it appears or ' +
      '`missed.record.waiting.timeout` passes.',
    optional: true,
    default: false,
  }),
  'missed.record.waiting.timeout': param.int({
    description: 'Seconds to wait for a missing record; -1 waits for ever.',
    optional: true,
    default: -1,
  }),
  'jdbc.driver.name': param.string({
    description:
      "Siddhi's JDBC driver class (polling mode). The driver follows from `url`; when given, " +
      'it must name the same database family.',
    optional: true,
  }),
  'datasource.name': param.string({
    description:
      'A datasource the host configured (`createCdcExtensions({ datasources })`): its url and ' +
      'credentials replace `url`, `username` and `password`.',
    optional: true,
  }),
  'jndi.resource': param.string({
    description: 'As `datasource.name` (Siddhi’s JNDI lookup): names a configured datasource.',
    optional: true,
  }),
};

type CdcOptions = OptionsOf<typeof parameters>;

/** A datasource the host configures for `datasource.name` / `jndi.resource`. */
export interface CdcDatasource {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

/** Options of `createCdcExtensions`. */
export interface CdcExtensionOptions {
  /** Named datasources apps refer to with `datasource.name` or `jndi.resource`. */
  readonly datasources?: Readonly<Record<string, CdcDatasource>>;
}

/**
 * Reads `connector.properties` (`a=1,b=2`).
 * @example
 * connectorProperties('snapshot.mode=initial, slot.name=orders') // { 'snapshot.mode': 'initial', 'slot.name': 'orders' }
 */
export function connectorProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.search(/[=:]/);
    if (eq < 0) throw new Error(`connector.properties entry '${trimmed}' has no value (key=value)`);
    out[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return out;
}

const KNOWN_PROPERTIES = [
  'slot.name',
  'publication.name',
  'snapshot.mode',
  'snapshot.locking.mode',
  'database.server.id',
  'decimal.handling.mode',
  'plugin.name',
];

function decimalHandling(value: string | undefined): DecimalHandling {
  if (value === undefined) return 'double';
  const lower = value.toLowerCase();
  if (lower === 'double' || lower === 'string' || lower === 'precise') return lower;
  throw new Error(`decimal.handling.mode '${value}' must be double, string or precise`);
}

function snapshotMode(value: string | undefined): 'initial' | 'never' {
  const lower = (value ?? 'never').toLowerCase();
  if (lower === 'initial') return 'initial';
  if (lower === 'never' || lower === 'no_data') return 'never';
  throw new Error(`snapshot.mode '${value ?? ''}' must be never or initial`);
}

function snapshotLocking(value: string | undefined): SnapshotLocking | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'none' || lower === 'minimal') return lower;
  throw new Error(`snapshot.locking.mode '${value}' must be none or minimal`);
}

/** The replica id: `connector.properties` wins over the parameter; undefined: random. */
function serverId(property: string | undefined, option: number | undefined): number | undefined {
  const id = property === undefined ? option : Number(property);
  if (id === undefined) return undefined;
  if (!Number.isInteger(id) || id < 1 || id > 4294967295) {
    throw new Error(
      `database.server.id '${String(property ?? option)}' must be an integer from 1 to 4294967295`,
    );
  }
  return id;
}

function driverFamily(className: string): DatabaseTarget['kind'] | undefined {
  const name = className.toLowerCase();
  if (name.includes('sqlite')) return 'sqlite';
  if (name.includes('postgres')) return 'postgres';
  if (name.includes('mysql') || name.includes('mariadb')) return 'mysql';
  return undefined;
}

/** Where to connect: the url and credentials, or a configured datasource. */
function connection(
  options: CdcOptions,
  datasources: Readonly<Record<string, CdcDatasource>>,
): { target: DatabaseTarget; username: string | undefined; password: string | undefined } {
  const name = options['datasource.name'] ?? options['jndi.resource'];
  if (name !== undefined) {
    const datasource = datasources[name];
    if (datasource === undefined) {
      const known = Object.keys(datasources);
      throw new Error(
        `no datasource '${name}' is configured` +
          (known.length === 0 ? ' (none are)' : ` (configured: ${known.join(', ')})`),
      );
    }
    const target = parseDatabaseUrl(datasource.url);
    return {
      target,
      username: datasource.username ?? (target.kind === 'sqlite' ? undefined : target.username),
      password: datasource.password ?? (target.kind === 'sqlite' ? undefined : target.password),
    };
  }
  if (options.url === undefined) {
    throw new Error('give url (or datasource.name / jndi.resource naming a configured datasource)');
  }
  const target = parseDatabaseUrl(options.url);
  return {
    target,
    username: options.username ?? (target.kind === 'sqlite' ? undefined : target.username),
    password: options.password ?? (target.kind === 'sqlite' ? undefined : target.password),
  };
}

/** Builds the connection of one `cdc` source; throws for a configuration it cannot run. */
export function createCdcConnection(
  ctx: SourceContext<CdcOptions>,
  datasources: Readonly<Record<string, CdcDatasource>> = {},
): SourceConnection {
  const options = ctx.options;
  const where = `source 'cdc' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
  try {
    const properties = connectorProperties(options['connector.properties']);
    const unknown = Object.keys(properties).filter((k) => !KNOWN_PROPERTIES.includes(k));
    if (unknown.length > 0) {
      ctx.logger.log('warn', `${where}: connector.properties ignores ${unknown.join(', ')}`);
    }
    const decimals = decimalHandling(properties['decimal.handling.mode']);
    const { target, username, password } = connection(options, datasources);
    const driver = options['jdbc.driver.name'];
    if (
      driver !== undefined &&
      driverFamily(driver) !== undefined &&
      driverFamily(driver) !== target.kind
    ) {
      throw new Error(`jdbc.driver.name '${driver}' does not match url ${describeTarget(target)}`);
    }
    const untyped = ctx as SourceContext<unknown>;
    if (options.mode === 'polling') {
      const column = options['polling.column'];
      if (column === undefined) throw new Error("polling mode needs 'polling.column'");
      if (!(options['polling.interval'] > 0)) throw new Error('polling.interval must be above 0');
      const pageSize = 1000;
      return new PollingConnection(
        untyped,
        {
          interval: options['polling.interval'],
          waitOnMissedRecord: options['wait.on.missed.record'],
          missedRecordTimeout: options['missed.record.waiting.timeout'],
          column,
          pageSize,
        },
        () =>
          pollingDatabase(
            {
              target,
              ...(username === undefined ? {} : { username }),
              ...(password === undefined ? {} : { password }),
              table: options['table.name'],
              column,
              decimals,
            },
            pageSize,
          ),
      );
    }
    const operations = options.operation;
    if (operations === undefined || operations.length === 0) {
      throw new Error("listening mode needs 'operation' (insert, update, delete or a comma list)");
    }
    if (target.kind === 'sqlite') {
      throw new Error(
        `listening mode reads a server's change log; for ${describeTarget(target)} use mode='polling'`,
      );
    }
    if (username === undefined) throw new Error("listening mode needs 'username'");
    if (target.kind === 'mysql') {
      return new MysqlListeningConnection(untyped, {
        target,
        username,
        password: password ?? '',
        tableName: options['table.name'],
        operations: new Set<Operation>(operations),
        serverId: serverId(properties['database.server.id'], options['database.server.id']),
        snapshotMode: snapshotMode(properties['snapshot.mode']),
        snapshotLocking: snapshotLocking(properties['snapshot.locking.mode']),
        decimals,
      });
    }
    const slot =
      properties['slot.name'] ?? options['slot.name'] ?? derivedName(ctx.appName, ctx.streamId);
    return new PgListeningConnection(untyped, {
      target,
      username,
      password: password ?? '',
      tableName: options['table.name'],
      operations: new Set<Operation>(operations),
      slot,
      publication: properties['publication.name'] ?? options['publication.name'] ?? slot,
      snapshotMode: snapshotMode(properties['snapshot.mode']),
      decimals,
    });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(where)) throw error;
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

const description =
  "Emits the changes of a database table as key-value maps (use `@map(type='keyvalue')`): " +
  'an insert carries `<column>` keys with the new values, an update `before_<column>` (old) ' +
  'and `<column>` (new) keys, a delete `before_<column>` keys. With several operations the ' +
  "side an event lacks holds type defaults (0, '', false), as in Siddhi.\n\n" +
  '**Listening mode on PostgreSQL** (10+, `wal_level=logical`) streams from a `pgoutput` ' +
  'replication slot and publication, both created when missing. A transaction is confirmed ' +
  'to the server only once its events were processed and every sink acknowledged them, so ' +
  'after a crash or restart the source resumes from the slot: no change is lost (the last ' +
  'unconfirmed ones may arrive twice). Old values of updates and deletes are complete with ' +
  '`REPLICA IDENTITY FULL` (else only key columns); an unchanged TOASTed value keeps the old ' +
  "row's value when the server sent one. `connector.properties='snapshot.mode=initial'` emits " +
  'the existing rows as inserts (`trp:snapshot` is `true`) when the slot is created, ' +
  'consistently with the changes that follow.\n\n' +
  'Values: integers and floats are numbers (int8 beyond 2^53 a bigint), `numeric` a double ' +
  '(or text: `decimal.handling.mode`), booleans, `date`/`timestamp`/`timestamptz` epoch ' +
  'milliseconds (UTC), `json`/`jsonb` JSON text, `bytea` bytes, NULL a missing value, other ' +
  'types their PostgreSQL text.\n\n' +
  '**Polling mode** (PostgreSQL, MariaDB/MySQL, SQLite through TypeORM) reads ' +
  '`SELECT * FROM <table> WHERE <polling.column> > <last value> ORDER BY <polling.column>` ' +
  'every `polling.interval` seconds; rows already there at the first start are skipped, as ' +
  'in Siddhi. The last value advances once the events were processed and is kept in app ' +
  'snapshots (persist the app to resume there after a restart). Keys are the column names ' +
  'in lower case; MySQL `TINYINT(1)` reads as a boolean.\n\n' +
  '**Listening mode on MySQL/MariaDB** reads the binlog as a replica does (the server needs ' +
  '`log_bin`, `binlog_format=ROW` and, for complete `before_` values, ' +
  '`binlog_row_image=FULL`; the user REPLICATION SLAVE, REPLICATION CLIENT and SELECT). The ' +
  'position (binlog file and offset, at a transaction boundary) advances only once the ' +
  'changes before it were processed and every sink acknowledged them, and is kept in app ' +
  'snapshots: persist the app (state persistence) to resume there after a restart with no ' +
  'change lost (the last unconfirmed ones may arrive twice); without a saved position the ' +
  'source starts at the end of the binlog. A lost connection resumes from the last confirmed ' +
  "position. `connector.properties='snapshot.mode=initial'` first emits the existing rows " +
  '(`trp:snapshot` is `true`) as of a binlog position the changes then follow from. Values: ' +
  'integers are numbers (BIGINT beyond 2^53 a bigint), `TINYINT(1)`/`BIT(1)` booleans, ' +
  'DECIMAL a double (or text: `decimal.handling.mode`), FLOAT/DOUBLE numbers, ' +
  'DATE/DATETIME/TIMESTAMP epoch milliseconds (DATETIME read as UTC; zero dates NULL), JSON ' +
  'JSON text, BLOB/BINARY bytes, NULL a missing value, other types (TIME, ENUM, SET, text) ' +
  'strings.\n\n' +
  'Transport properties (listening): `operation`, `table`, `commit.lsn`, ' +
  '`commit.timestamp` (epoch ms), `binlog.file`, `binlog.position`, `gtid`, `snapshot`.';

/**
 * The `cdc` source with the host's datasources.
 * @example
 * const [cdc] = createCdcExtensions({ datasources: { SHOP: { url: 'jdbc:mariadb://db:3306/shop', username: 'cdc', password: '…' } } });
 */
export function createCdcExtensions(options: CdcExtensionOptions = {}): readonly Extension[] {
  const datasources = options.datasources ?? {};
  return [
    defineSource({
      name: 'cdc',
      status: 'beta',
      summary: 'Captures the inserts, updates and deletes of a database table as key-value events.',
      description,
      parameters,
      defaultMapper: 'keyvalue',
      transportProperties: [
        { name: 'operation', description: 'Listening: `insert`, `update` or `delete`.' },
        { name: 'table', description: 'Listening: the table, `schema.table`.' },
        {
          name: 'commit.lsn',
          description: 'Listening on PostgreSQL: the log position of the transaction.',
        },
        {
          name: 'commit.timestamp',
          description:
            'Listening: the commit time, epoch ms (MySQL/MariaDB: the time the binlog gives ' +
            'the change, in seconds).',
        },
        {
          name: 'binlog.file',
          description: "Listening on MySQL/MariaDB: the binlog file of the change's transaction.",
        },
        {
          name: 'binlog.position',
          description:
            'Listening on MySQL/MariaDB: the offset in `binlog.file` reading resumes at to ' +
            'see the transaction again.',
        },
        {
          name: 'gtid',
          description:
            "Listening on MySQL/MariaDB: the transaction's GTID (`domain-server-sequence` on " +
            "MariaDB, `uuid:n` on MySQL with gtid_mode=ON), '' without one.",
        },
        { name: 'snapshot', description: 'Listening: `true` for rows of the initial snapshot.' },
      ],
      examples: [
        {
          description:
            'Listens to inserts into `students` of PostgreSQL database `school` (logical ' +
            'replication; slot and publication created on first start).',
          siddhi:
            "@source(type='cdc', url='jdbc:postgresql://localhost:5432/school', username='cdc', " +
            "password='secret', table.name='public.students', operation='insert', " +
            "@map(type='keyvalue', @attributes(id='id', name='name')))\n" +
            'define stream StudentStream (id int, name string);',
        },
        {
          description:
            'Captures every change of `orders`, with old values, the operation and the existing ' +
            'rows first (initial snapshot), on a named slot.',
          siddhi:
            "@source(type='cdc', url='jdbc:postgresql://localhost:5432/shop', username='cdc', " +
            "password='secret', table.name='orders', operation='insert,update,delete', " +
            "slot.name='orders_cdc', connector.properties='snapshot.mode=initial', " +
            "@map(type='keyvalue', @attributes(id='id', amount='amount', before_amount='before_amount', " +
            "op='trp:operation')))\n" +
            'define stream OrderChanges (id long, amount double, before_amount double, op string);',
        },
        {
          description:
            'Listens to every change of MySQL table `shop.orders` through the binlog, with old ' +
            'values and the operation, as replica 5501.',
          siddhi:
            "@source(type='cdc', url='jdbc:mysql://localhost:3306/shop', username='cdc', " +
            "password='secret', table.name='orders', operation='insert,update,delete', " +
            "database.server.id='5501', @map(type='keyvalue', @attributes(id='id', " +
            "amount='amount', before_amount='before_amount', op='trp:operation')))\n" +
            'define stream OrderChanges (id long, amount double, before_amount double, op string);',
        },
        {
          description:
            'Emits the rows of MariaDB table `students` first (initial snapshot), then its ' +
            'inserts, with the GTID of each transaction.',
          siddhi:
            "@source(type='cdc', url='jdbc:mariadb://localhost:3306/school', username='cdc', " +
            "password='secret', table.name='students', operation='insert', " +
            "connector.properties='snapshot.mode=initial', @map(type='keyvalue', " +
            "@attributes(id='id', name='name', gtid='trp:gtid', snap='trp:snapshot')))\n" +
            'define stream StudentStream (id int, name string, gtid string, snap string);',
        },
        {
          description:
            'Polls MariaDB table `students` for new rows by its auto-increment id every 5 ' +
            'seconds, waiting up to 10 seconds for ids committed out of order.',
          siddhi:
            "@source(type='cdc', mode='polling', url='jdbc:mariadb://localhost:3306/school', " +
            "username='cdc', password='secret', jdbc.driver.name='org.mariadb.jdbc.Driver', " +
            "table.name='students', polling.column='id', polling.interval='5', " +
            "wait.on.missed.record='true', missed.record.waiting.timeout='10', " +
            "@map(type='keyvalue'))\n" +
            'define stream StudentStream (id int, name string);',
        },
        {
          description: 'Polls a SQLite table for inserts and updates by a last-modified timestamp.',
          siddhi:
            "@source(type='cdc', mode='polling', url='jdbc:sqlite:/var/data/app.db', " +
            "table.name='items', polling.column='last_updated', @map(type='keyvalue'))\n" +
            'define stream ItemStream (name string, qty int, last_updated long);',
        },
      ],
      create: (ctx) => createCdcConnection(ctx, datasources),
    }),
  ];
}
