// RDBMS store on TypeORM (SQLite, PostgreSQL, MariaDB/MySQL): the extension list this plugin
// package registers, the factory hosts use to name their datasources, and the database-backed
// persistence and error stores.

import type { Extension } from '@tributary/engine/extension-api';
import { createRdbmsExtensions } from './rdbms-store.js';

export {
  createRdbmsExtensions,
  RdbmsOptionError,
  type RdbmsExtensions,
  type RdbmsStoreSettings,
} from './rdbms-store.js';
export { poolSettings, type RdbmsDatasource } from './datasource.js';
export { JdbcUrlError, parseJdbcUrl, type ConnectionTarget } from './jdbc-url.js';
export { TableMismatchError } from './table-definition.js';
export { RdbmsPersistenceStore, type RdbmsPersistenceOptions } from './rdbms-persistence-store.js';
export { RdbmsErrorStore, type RdbmsErrorStoreOptions } from './rdbms-error-store.js';

/**
 * Every extension of this package, for the registry: the `rdbms` store without named
 * datasources (use `createRdbmsExtensions` to configure some).
 * @example
 * import { extensions } from '@tributary/store-rdbms';
 * createRegistry(builtinExtensions, { package: '@tributary/store-rdbms', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = createRdbmsExtensions().extensions;
