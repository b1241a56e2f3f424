// Reads Siddhi's `jdbc.url` (and the native URLs a datasource may give) into a connection target:
// which TypeORM driver to use and where the database is. `jdbc:sqlite:`, `jdbc:postgresql:`,
// `jdbc:mysql:` and `jdbc:mariadb:` are understood, as are `postgres://`, `mysql://` and `sqlite:`.

/** The database families the store speaks. */
export type DriverKind = 'sqlite' | 'postgres' | 'mysql';

/** An embedded SQLite database: a file, or `:memory:`. */
export interface SqliteTarget {
  readonly driver: 'sqlite';
  readonly file: string;
}

/** A database server. */
export interface ServerTarget {
  readonly driver: 'postgres' | 'mysql';
  /** `mariadb` when the URL said so (same protocol as MySQL). */
  readonly flavour: 'postgres' | 'mysql' | 'mariadb';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username?: string;
  readonly password?: string;
  /** PostgreSQL: the schema tables go in (`currentSchema=` in the URL). */
  readonly schema?: string;
  /** The URL's other query parameters, as given. */
  readonly params: Readonly<Record<string, string>>;
}

export type ConnectionTarget = SqliteTarget | ServerTarget;

/** Thrown for a URL the store cannot use. */
export class JdbcUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JdbcUrlError';
  }
}

const DEFAULT_PORTS: Readonly<Record<ServerTarget['flavour'], number>> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
};

const SCHEMES: Readonly<Record<string, ServerTarget['flavour']>> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
};

/** Which family a `jdbc.driver.name` class names (undefined: one the store does not know). */
export function driverOfClass(className: string): DriverKind | undefined {
  const name = className.toLowerCase();
  if (name.includes('sqlite')) return 'sqlite';
  if (name.includes('postgres')) return 'postgres';
  if (name.includes('mysql') || name.includes('mariadb')) return 'mysql';
  return undefined;
}

/**
 * Parses a JDBC (or native) database URL.
 * @example
 * parseJdbcUrl('jdbc:postgresql://127.0.0.1:5432/test?currentSchema=app');
 * // { driver: 'postgres', flavour: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', schema: 'app', … }
 * parseJdbcUrl('jdbc:sqlite:data/stocks.db'); // { driver: 'sqlite', file: 'data/stocks.db' }
 */
export function parseJdbcUrl(url: string): ConnectionTarget {
  const text = url.trim();
  const bare = text.toLowerCase().startsWith('jdbc:') ? text.slice(5) : text;
  const colon = bare.indexOf(':');
  if (colon <= 0) throw new JdbcUrlError(`'${url}' is not a database URL (jdbc:<db>:…)`);
  const scheme = bare.slice(0, colon).toLowerCase();
  const rest = bare.slice(colon + 1);
  if (scheme === 'sqlite') {
    const file = rest.startsWith('//') ? rest.slice(2) : rest;
    if (file === '')
      throw new JdbcUrlError(`'${url}' names no SQLite file (use :memory: for none)`);
    return { driver: 'sqlite', file: file === 'memory:' ? ':memory:' : file };
  }
  const flavour = SCHEMES[scheme];
  if (flavour === undefined) {
    throw new JdbcUrlError(
      `'${url}': unsupported database '${scheme}' (supported: sqlite, postgresql, mysql, mariadb)`,
    );
  }
  if (!rest.startsWith('//')) throw new JdbcUrlError(`'${url}' has no //host part`);
  let parsed: URL;
  try {
    parsed = new URL(`db:${rest}`);
  } catch {
    throw new JdbcUrlError(`'${url}' is not a valid URL`);
  }
  const params: Record<string, string> = {};
  parsed.searchParams.forEach((value, key) => {
    params[key] = value;
  });
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '') throw new JdbcUrlError(`'${url}' names no database`);
  const username =
    parsed.username !== '' ? decodeURIComponent(parsed.username) : (params.user ?? params.username);
  const password = parsed.password !== '' ? decodeURIComponent(parsed.password) : params.password;
  const schema = params.currentSchema ?? params.schema;
  return {
    driver: flavour === 'postgres' ? 'postgres' : 'mysql',
    flavour,
    host: parsed.hostname === '' ? 'localhost' : parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? DEFAULT_PORTS[flavour] : Number(parsed.port),
    database,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(schema === undefined || flavour !== 'postgres' ? {} : { schema }),
    params,
  };
}

/** The URL without its password, for messages. */
export function describeTarget(target: ConnectionTarget): string {
  if (target.driver === 'sqlite') return `sqlite:${target.file}`;
  const user = target.username === undefined ? '' : `${target.username}@`;
  return `${target.flavour}://${user}${target.host}:${String(target.port)}/${target.database}`;
}
