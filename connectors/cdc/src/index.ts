// Change data capture source (PostgreSQL logical replication, MySQL/MariaDB binlog, polling): the
// extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { createCdcExtensions } from './cdc-source.js';

export {
  connectorProperties,
  createCdcConnection,
  createCdcExtensions,
  type CdcDatasource,
  type CdcExtensionOptions,
} from './cdc-source.js';

/**
 * Every extension of this package, for the registry (no configured datasources; hosts that
 * have some use `createCdcExtensions({ datasources })`).
 * @example
 * import { extensions } from '@tributary/connector-cdc';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-cdc', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = createCdcExtensions();
