// The `rdbms` store: `@store(type='rdbms', jdbc.url=…)` or `@store(type='rdbms', datasource=…)`
// on a `define table` keeps the table in SQLite, PostgreSQL or MariaDB/MySQL. Parameter names
// are Siddhi's. `createRdbmsExtensions({ datasources })` is how a host names its databases.

import {
  RecordTableAdapter,
  type Table,
  type TableContext,
  type TableSchema,
} from '@tributary/engine';
import {
  defineStore,
  param,
  type Extension,
  type OptionsOf,
} from '@tributary/engine/extension-api';
import {
  ConnectionRegistry,
  datasourceSettings,
  logClose,
  poolSettings,
  type ConnectionSettings,
  type RdbmsDatasource,
} from './datasource.js';
import { dialectOf } from './dialect.js';
import { driverOfClass, parseJdbcUrl, type ConnectionTarget } from './jdbc-url.js';
import { RdbmsRecordTable } from './rdbms-record-table.js';
import { prepareTable, type TableLocation } from './table-definition.js';

/** How a host configures the store. */
export interface RdbmsStoreSettings {
  /** Datasources by name, for `@store(type='rdbms', datasource='NAME')`. */
  readonly datasources?: Readonly<Record<string, RdbmsDatasource>>;
  /**
   * The datasource of tables that name neither `jdbc.url` nor `datasource`; without it they
   * get an embedded in-memory SQLite database (gone when its last table closes).
   */
  readonly defaultDatasource?: string;
  /** ms a connection stays open after its last table closed (default 2000). */
  readonly lingerMs?: number;
  /**
   * Run on-demand selections (aggregates, group by, having, order by, limit, offset) in SQL
   * when they translate exactly (default true); false leaves them to the engine.
   */
  readonly pushDown?: boolean;
}

const parameters = {
  'jdbc.url': param.string({
    description:
      "The database: 'jdbc:sqlite:<file>' (or ':memory:'), 'jdbc:postgresql://host:port/db', 'jdbc:mysql://…' or 'jdbc:mariadb://…'. Without it (and without a datasource) an embedded in-memory SQLite database is used.",
    optional: true,
  }),
  username: param.string({ description: 'The database user.', optional: true }),
  password: param.string({ description: "The user's password.", optional: true, secret: true }),
  'jdbc.driver.name': param.string({
    description:
      "The JDBC driver class (for example 'org.postgresql.Driver'); it must agree with the URL, which is what picks the driver.",
    optional: true,
  }),
  'pool.properties': param.string({
    description:
      "Connection pool settings as 'key:value' pairs separated by commas (HikariCP names: maximumPoolSize, minimumIdle, idleTimeout, connectionTimeout, maxLifetime).",
    optional: true,
  }),
  'jndi.resource': param.string({
    description: 'Looked up as the name of a configured datasource (there is no JNDI).',
    optional: true,
  }),
  datasource: param.string({
    description:
      "The name of a datasource configured on the host; it takes precedence over 'jdbc.url'.",
    optional: true,
  }),
  'table.name': param.string({
    description: "The table's name in the database (by default the table's id).",
    optional: true,
  }),
  'field.length': param.string({
    description:
      "Sizes of string columns as 'attribute:length' pairs separated by commas (254 by default).",
    optional: true,
  }),
  'table.check.query': param.string({
    description:
      'A query that fails when the table does not exist (by default the catalogue is read).',
    optional: true,
  }),
  'use.collation': param.bool({
    description:
      "Give string columns a binary collation, so comparisons are case- and space-sensitive as in the engine (MariaDB/MySQL 'utf8mb4_nopad_bin'/'utf8mb4_bin', PostgreSQL \"C\"). SQLite always compares binary.",
    optional: true,
    default: false,
  }),
  'allow.null.values': param.bool({
    description:
      'Accepted for compatibility: null attribute values are always stored as SQL NULL (columns of key attributes are NOT NULL).',
    optional: true,
    default: false,
  }),
  'cache.size': param.int({
    description:
      'How many rows of hot primary keys to keep in memory (0: none). Lookups by the whole primary key are then answered from memory; the database must not be written by others meanwhile.',
    optional: true,
    default: 0,
  }),
};

type RdbmsOptions = OptionsOf<typeof parameters>;

/** Thrown for store options that cannot be used. */
export class RdbmsOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RdbmsOptionError';
  }
}

function fieldLengths(text: string | undefined): Map<string, number> {
  const lengths = new Map<string, number>();
  for (const part of (text ?? '').split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    const length = Number(item.slice(colon + 1).trim());
    if (colon <= 0 || !Number.isInteger(length) || length <= 0) {
      throw new RdbmsOptionError(`field.length: '${item}' is not 'attribute:length'`);
    }
    lengths.set(item.slice(0, colon).trim(), length);
  }
  return lengths;
}

/** A store instance's view of the host's datasources and the shared connections. */
class RdbmsStoreHost {
  readonly connections: ConnectionRegistry;

  constructor(private readonly settings: RdbmsStoreSettings) {
    this.connections = new ConnectionRegistry(
      settings.lingerMs === undefined ? {} : { lingerMs: settings.lingerMs },
    );
  }

  /** The connection settings of a table. */
  resolve(options: RdbmsOptions): ConnectionSettings {
    const named = options.datasource ?? options['jndi.resource'] ?? undefined;
    const urlGiven = options['jdbc.url'];
    const name = named ?? (urlGiven === undefined ? this.settings.defaultDatasource : undefined);
    let settings: ConnectionSettings;
    if (name !== undefined) {
      const datasource = this.settings.datasources?.[name];
      if (datasource === undefined) {
        const known = Object.keys(this.settings.datasources ?? {});
        throw new RdbmsOptionError(
          `no datasource named '${name}' is configured${known.length === 0 ? '' : ` (datasources: ${known.join(', ')})`}`,
        );
      }
      settings = datasourceSettings(datasource);
    } else {
      const target: ConnectionTarget = parseJdbcUrl(urlGiven ?? 'jdbc:sqlite::memory:');
      const username =
        options.username ?? (target.driver === 'sqlite' ? undefined : target.username);
      const password =
        options.password ?? (target.driver === 'sqlite' ? undefined : target.password);
      settings = {
        target,
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
        pool: poolSettings(options['pool.properties']),
      };
    }
    const driverClass = options['jdbc.driver.name'];
    const named2 = driverClass === undefined ? undefined : driverOfClass(driverClass);
    if (named2 !== undefined && named2 !== settings.target.driver) {
      throw new RdbmsOptionError(
        `jdbc.driver.name '${driverClass ?? ''}' is a ${named2} driver, but the database is ${settings.target.driver}`,
      );
    }
    return settings;
  }

  create(schema: TableSchema, context: TableContext, options: RdbmsOptions): Table {
    const settings = this.resolve(options);
    const location: TableLocation = {
      name: options['table.name'] ?? schema.id,
      ...(settings.target.driver === 'postgres' && settings.target.schema !== undefined
        ? { schema: settings.target.schema }
        : {}),
      fieldLengths: fieldLengths(options['field.length']),
      ...(options['table.check.query'] === undefined
        ? {}
        : { checkQuery: options['table.check.query'] }),
    };
    const lease = this.connections.acquire(settings);
    try {
      const executor = lease.executor;
      const dialect = dialectOf(settings.target.driver, {
        binaryCollation: options['use.collation'],
        mariadb: executor.serverFlavour === 'mariadb',
      });
      const state = prepareTable(executor, dialect, schema, location);
      const records = new RdbmsRecordTable(schema, context, {
        executor,
        dialect,
        state,
        cacheSize: options['cache.size'],
        pushDown: this.settings.pushDown ?? true,
        release: () => logClose(context.logger, `table '${schema.id}'`, lease.release()),
      });
      return new RecordTableAdapter(schema, records);
    } catch (error) {
      void lease.release();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.connections.closeAll();
  }
}

/** The store and what its host closes at shutdown. */
export interface RdbmsExtensions {
  /** The extension list to register (`createRegistry(builtinExtensions, { …, extensions })`). */
  readonly extensions: readonly Extension[];
  /** Closes the connections no table holds any more (host shutdown). */
  close(): Promise<void>;
}

const examples = [
  {
    description: 'A table kept in PostgreSQL, keyed by symbol, with an index on volume.',
    siddhi:
      "@store(type='rdbms', jdbc.url='jdbc:postgresql://localhost:5432/stocks', username='app', password='secret', field.length='symbol:100')\n@PrimaryKey('symbol')\n@Index('volume')\ndefine table StockTable (symbol string, price float, volume long);",
  },
  {
    description: 'A table in an SQLite file, its hot rows cached.',
    siddhi:
      "@store(type='rdbms', jdbc.url='jdbc:sqlite:data/stocks.db', cache.size='1000')\n@PrimaryKey('symbol')\ndefine table StockTable (symbol string, price double);",
  },
  {
    description: 'A table on a datasource the server configures.',
    siddhi:
      "@store(type='rdbms', datasource='STOCKS_DB', table.name='stock_prices')\ndefine table StockTable (symbol string, price double);",
  },
];

/**
 * The `rdbms` store configured with the host's datasources.
 * @example
 * const rdbms = createRdbmsExtensions({ datasources: { STOCKS_DB: { url: 'jdbc:postgresql://db/stocks', username: 'app' } } });
 * const engine = createEngine({ extensions: createRegistry(builtinExtensions, { package: '@tributary/store-rdbms', version: '0.1.0', extensions: rdbms.extensions }) });
 * // at shutdown: await rdbms.close();
 */
export function createRdbmsExtensions(settings: RdbmsStoreSettings = {}): RdbmsExtensions {
  const host = new RdbmsStoreHost(settings);
  const spec = defineStore({
    name: 'rdbms',
    status: 'beta',
    summary:
      'Keeps a table in SQLite, PostgreSQL or MariaDB/MySQL (TypeORM drivers), with its primary key, indexes and parameterised SQL.',
    description:
      'The table is created when missing and checked against the definition when present. Conditions are compiled once into SQL with bound values; reads see every earlier write. SQLite runs in-process; PostgreSQL and MariaDB/MySQL run on a worker thread the engine waits on, writes being queued behind reads in order.',
    parameters,
    examples,
    create: (schema, ctx) => host.create(schema, ctx, ctx.options),
  });
  return { extensions: [spec], close: () => host.close() };
}
