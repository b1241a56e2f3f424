// The shape of conf/tributary.yaml: every section and key with its type, default and meaning.
// Loading, environment overrides and the error messages all work from this one description.

import { s, type Infer } from '../validation/schema.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A password or token hash as `hashSecret` writes it. */
const secretHash = s.string({
  pattern: /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
  patternHint: "must be a hash made by 'tributary server --hash-password' (scrypt$…)",
});

const serverSection = s.object({
  host: s.withDefault(s.string({ minLength: 1, description: 'interface to listen on' }), '0.0.0.0'),
  port: s.withDefault(
    s.number({ integer: true, min: 0, max: 65535, description: 'HTTP port (0 picks a free one)' }),
    9090,
  ),
  bodyLimit: s.withDefault(
    s.number({ integer: true, min: 1, description: 'largest request body accepted, in bytes' }),
    1_048_576,
  ),
  dataDir: s.withDefault(
    s.string({ minLength: 1, description: 'where snapshots, the error store and files live' }),
    'data',
  ),
  shutdownTimeout: s.withDefault(
    s.number({ integer: true, min: 0, description: 'ms allowed for a graceful shutdown' }),
    10_000,
  ),
});

const authSection = s.object({
  enabled: s.withDefault(s.boolean(), true),
  users: s.withDefault(
    s.array(
      s.object({
        username: s.string({ minLength: 1 }),
        passwordHash: secretHash,
      }),
    ),
    [],
  ),
  tokens: s.withDefault(
    s.array(s.object({ name: s.string({ minLength: 1 }), tokenHash: secretHash })),
    [],
  ),
});

const datasource = s.object({
  name: s.string({ pattern: NAME, patternHint: 'must be a plain name (letters, digits, _ . -)' }),
  type: s.oneOf(['sqlite']),
  path: s.string({ minLength: 1, description: 'database file, relative to the home folder' }),
});

const persistenceSection = s.object({
  enabled: s.withDefault(s.boolean(), true),
  interval: s.withDefault(
    s.number({ integer: true, min: 0, description: 'ms between periodic snapshots (0: off)' }),
    60_000,
  ),
  store: s.withDefault(s.oneOf(['file', 'memory']), 'file'),
  directory: s.optional(s.string({ minLength: 1, description: 'default <dataDir>/snapshots' })),
  keep: s.withDefault(s.number({ integer: true, min: 1 }), 3),
  incremental: s.withDefault(s.boolean(), false),
});

const errorStoreSection = s.object({
  type: s.withDefault(s.oneOf(['sqlite', 'memory']), 'sqlite'),
  path: s.optional(s.string({ minLength: 1, description: 'default <dataDir>/errors.db' })),
  maxEntries: s.withDefault(s.number({ integer: true, min: 1 }), 10_000),
});

const deploymentSection = s.object({
  folder: s.withDefault(s.string({ minLength: 1 }), 'conf/siddhi-files'),
  watch: s.withDefault(s.boolean(), true),
});

const pluginsSection = s.object({
  folder: s.withDefault(s.string({ minLength: 1 }), 'conf/plugins'),
});

const loggingSection = s.object({
  level: s.withDefault(
    s.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
    'info',
  ),
});

const simulationSection = s.object({
  filesFolder: s.optional(s.string({ minLength: 1, description: 'default <dataDir>/simulation' })),
});

const metricsSection = s.object({
  statistics: s.withDefault(
    s.boolean({ description: 'count events per stream and query of every app' }),
    true,
  ),
});

const scalar = s.unknown({ description: 'a string, number or boolean' });

/** The whole configuration file. */
export const configSchema = s.object({
  server: s.withDefault(serverSection, {}),
  auth: s.withDefault(authSection, {}),
  datasources: s.withDefault(s.array(datasource), []),
  persistence: s.withDefault(persistenceSection, {}),
  errorStore: s.withDefault(errorStoreSection, {}),
  deployment: s.withDefault(deploymentSection, {}),
  plugins: s.withDefault(pluginsSection, {}),
  logging: s.withDefault(loggingSection, {}),
  simulation: s.withDefault(simulationSection, {}),
  metrics: s.withDefault(metricsSection, {}),
  extensions: s.withDefault(
    s.record(s.record(scalar), {
      description: "system parameters per extension, keyed 'namespace:name' (e.g. 'source:kafka')",
    }),
    {},
  ),
});

/** The configuration as written (relative paths not yet resolved). */
export type RawServerConfig = Infer<typeof configSchema>;
