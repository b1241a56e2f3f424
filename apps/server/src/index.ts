// Public entry of @tributary/server: start a server from code (`startServer`), run the
// `tributary server` command (`serverCommand`), and the pieces a host may reuse.

export { startServer, type StartServerOptions, type TributaryServer } from './server.js';
export { serverCommand, serverUsage, type ServerCommandHooks } from './server-command.js';
export {
  ConfigError,
  loadServerConfig,
  type LoadConfigOptions,
  type ServerConfig,
} from './config/server-config.js';
export { hashSecret, verifySecret, type ScryptCost } from './auth/secret-hash.js';
export { SqliteErrorStore, type SqliteErrorStoreOptions } from './storage/sqlite-error-store.js';
export { openApiDocument } from './docs/openapi.js';
export type { AppSummary, DeployedApp, Deployments } from './apps/deployments.js';
