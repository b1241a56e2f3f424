// Reads the `url` of a `cdc` source — Siddhi's JDBC URLs (`jdbc:postgresql://h:p/db`,
// `jdbc:mysql://…`, `jdbc:mariadb://…`, `jdbc:sqlite:file`) or native ones (`postgres://…`,
// `mysql://…`) — into which database family to speak and where it is.

/** A database server reached over TCP. */
export interface ServerDatabase {
  readonly kind: 'postgres' | 'mysql';
  /** `mariadb` when the URL said so (same protocol as MySQL). */
  readonly flavour: 'postgres' | 'mysql' | 'mariadb';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** Credentials written in the URL (`user=`/`password=` parameters or `user:pass@`). */
  readonly username?: string;
  readonly password?: string;
  /** The URL's other query parameters. */
  readonly params: Readonly<Record<string, string>>;
}

/** An embedded SQLite database file (`:memory:` is refused: nothing else could change it). */
export interface SqliteDatabase {
  readonly kind: 'sqlite';
  readonly file: string;
}

export type DatabaseTarget = ServerDatabase | SqliteDatabase;

const SCHEMES: Readonly<Record<string, ServerDatabase['flavour']>> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
};

const DEFAULT_PORTS: Readonly<Record<ServerDatabase['flavour'], number>> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
};

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Parses a database URL; throws an Error saying what is wrong.
 * @example
 * parseDatabaseUrl('jdbc:postgresql://db:5432/shop') // { kind: 'postgres', host: 'db', port: 5432, database: 'shop', … }
 * parseDatabaseUrl('jdbc:sqlite:/var/data/app.db')   // { kind: 'sqlite', file: '/var/data/app.db' }
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  const bare = text.toLowerCase().startsWith('jdbc:') ? text.slice(5) : text;
  const sqlite = /^sqlite:(?:\/\/)?(.*)$/i.exec(bare);
  if (sqlite !== null) {
    const file = (sqlite[1] ?? '').split('?')[0] ?? '';
    if (file === '' || file === ':memory:') {
      throw new Error(
        `url '${url}' names no SQLite file (an in-memory database cannot be watched)`,
      );
    }
    return { kind: 'sqlite', file };
  }
  const m = /^([a-z]+):\/\/([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/i.exec(bare);
  const flavour = m === null ? undefined : SCHEMES[(m[1] ?? '').toLowerCase()];
  if (m === null || flavour === undefined) {
    throw new Error(
      `url '${url}' is not a database URL this source understands (jdbc:postgresql://host:port/db, ` +
        'jdbc:mysql://…, jdbc:mariadb://…, jdbc:sqlite:file)',
    );
  }
  const authority = m[2] ?? '';
  const at = authority.lastIndexOf('@');
  const credentials = at < 0 ? undefined : authority.slice(0, at);
  const hostPort = (at < 0 ? authority : authority.slice(at + 1)).split(',')[0] ?? '';
  const port = /^(.*):(\d+)$/.exec(hostPort);
  const host = (port === null ? hostPort : (port[1] ?? '')).replace(/^\[(.*)\]$/, '$1');
  const params: Record<string, string> = {};
  for (const pair of (m[4] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    params[decode(eq < 0 ? pair : pair.slice(0, eq))] = decode(eq < 0 ? '' : pair.slice(eq + 1));
  }
  const database = decode(m[3] ?? '');
  if (database === '') throw new Error(`url '${url}' names no database`);
  const colon = credentials?.indexOf(':') ?? -1;
  const username =
    params.user ??
    (credentials === undefined
      ? undefined
      : decode(colon < 0 ? credentials : credentials.slice(0, colon)));
  const password =
    params.password ??
    (credentials === undefined || colon < 0 ? undefined : decode(credentials.slice(colon + 1)));
  delete params.user;
  delete params.password;
  return {
    kind: flavour === 'postgres' ? 'postgres' : 'mysql',
    flavour,
    host: host === '' ? 'localhost' : host,
    port: port === null ? DEFAULT_PORTS[flavour] : Number(port[2]),
    database,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    params,
  };
}

/** The URL without its credentials, for messages. */
export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'sqlite'
    ? `sqlite:${target.file}`
    : `${target.flavour}://${target.host}:${String(target.port)}/${target.database}`;
}
