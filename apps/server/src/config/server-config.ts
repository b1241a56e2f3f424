// Loads the server configuration: conf/tributary.yaml (optional), then TRIBUTARY_<SECTION>_<KEY>
// environment overrides, checked against the schema at start with messages naming the key (and
// the variable that set it); relative paths are resolved against the home folder.

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { check, type Problem, type Schema } from '../validation/schema.js';
import { configSchema, type RawServerConfig } from './config-schema.js';

/** The configuration a server runs with: defaults filled in, paths absolute. */
export interface ServerConfig {
  /** The folder relative paths are resolved against (the working directory by default). */
  readonly home: string;
  /** The file it was read from, if any. */
  readonly file: string | undefined;
  readonly server: RawServerConfig['server'];
  readonly auth: RawServerConfig['auth'];
  readonly datasources: RawServerConfig['datasources'];
  readonly persistence: Omit<RawServerConfig['persistence'], 'directory'> & {
    readonly directory: string;
  };
  readonly errorStore: Omit<RawServerConfig['errorStore'], 'path'> & { readonly path: string };
  readonly deployment: RawServerConfig['deployment'];
  readonly plugins: RawServerConfig['plugins'];
  readonly logging: RawServerConfig['logging'];
  readonly simulation: { readonly filesFolder: string };
  readonly metrics: RawServerConfig['metrics'];
  /** System parameters per extension (`'source:kafka'` → key → value). */
  readonly extensions: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The configuration is unusable; `problems` names every bad key. */
export class ConfigError extends Error {
  readonly code = 'E_CONFIG';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Relative paths (and the default file) are resolved against it; default `process.cwd()`. */
  readonly home?: string;
  /** The YAML file; default `<home>/conf/tributary.yaml` (skipped when that does not exist). */
  readonly file?: string;
  /** Environment variables; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values applied last (tests, command-line flags), as in the file. */
  readonly overrides?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Told about environment variables that match no key. */
  readonly warn?: (message: string) => void;
}

/** Variables that configure how the configuration is found, not a key in it. */
const RESERVED_ENV = new Set(['TRIBUTARY_CONFIG', 'TRIBUTARY_HOME']);

const PREFIX = 'TRIBUTARY_';

function normalize(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

type Mutable = Record<string, unknown>;

function isRecord(value: unknown): value is Mutable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An environment string as the kind of value the key expects (the schema checks the rest). */
function convert(schema: Schema<unknown>, text: string): unknown {
  switch (schema.kind) {
    case 'number': {
      const n = Number(text);
      return text.trim() === '' || Number.isNaN(n) ? text : n;
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      return text;
    }
    case 'array':
      return schema.items?.kind === 'object' || schema.items?.kind === 'array'
        ? text
        : text
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map((part) => (schema.items === undefined ? part : convert(schema.items, part)));
    default:
      return text;
  }
}

interface EnvTarget {
  readonly section: string;
  readonly key: string;
  readonly schema: Schema<unknown>;
}

/** The section and key a `TRIBUTARY_<SECTION>_<KEY>` variable names, if any. */
function envTarget(variable: string): EnvTarget | undefined {
  const parts = variable.slice(PREFIX.length).split('_');
  const sections = configSchema.fields ?? {};
  for (let split = 1; split < parts.length; split += 1) {
    const sectionName = normalize(parts.slice(0, split).join(''));
    const keyName = normalize(parts.slice(split).join(''));
    for (const [section, sectionSchema] of Object.entries(sections)) {
      if (normalize(section) !== sectionName || sectionSchema.kind !== 'object') continue;
      for (const [key, schema] of Object.entries(sectionSchema.fields ?? {})) {
        if (normalize(key) === keyName && schema.kind !== 'object') {
          return { section, key, schema };
        }
      }
    }
  }
  return undefined;
}

function readYaml(file: string): { value: unknown; problems: string[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false, lineCounter });
  const problems = document.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    const where = `line ${String(pos.line)}, column ${String(pos.col)}: `;
    return `${where}${error.message.split('\n')[0] ?? error.message}`;
  });
  return { value: problems.length === 0 ? (document.toJS() as unknown) : {}, problems };
}

function absolute(home: string, path: string): string {
  return isAbsolute(path) ? path : resolve(home, path);
}

function resolvePaths(raw: RawServerConfig, home: string, file: string | undefined): ServerConfig {
  const dataDir = absolute(home, raw.server.dataDir);
  const extensions: Record<string, Record<string, string>> = {};
  for (const [extension, params] of Object.entries(raw.extensions)) {
    extensions[extension] = Object.fromEntries(
      Object.entries(params).map(([key, value]) => [key, String(value)]),
    );
  }
  return {
    home,
    file,
    server: { ...raw.server, dataDir },
    auth: raw.auth,
    datasources: raw.datasources.map((d) => ({ ...d, path: absolute(home, d.path) })),
    persistence: {
      ...raw.persistence,
      directory: absolute(home, raw.persistence.directory ?? join(dataDir, 'snapshots')),
    },
    errorStore: {
      ...raw.errorStore,
      path: absolute(home, raw.errorStore.path ?? join(dataDir, 'errors.db')),
    },
    deployment: { ...raw.deployment, folder: absolute(home, raw.deployment.folder) },
    plugins: { folder: absolute(home, raw.plugins.folder) },
    logging: raw.logging,
    simulation: {
      filesFolder: absolute(home, raw.simulation.filesFolder ?? join(dataDir, 'simulation')),
    },
    metrics: raw.metrics,
    extensions,
  };
}

/** Checks what the schema cannot: relations between keys. */
function crossChecks(raw: RawServerConfig): Problem[] {
  const problems: Problem[] = [];
  if (raw.auth.enabled && raw.auth.users.length === 0 && raw.auth.tokens.length === 0) {
    problems.push({
      path: 'auth.users',
      message: 'add a user (or a token), or set auth.enabled: false',
    });
  }
  const seen = new Set<string>();
  raw.datasources.forEach((d, i) => {
    if (seen.has(d.name)) {
      problems.push({ path: `datasources[${String(i)}].name`, message: `'${d.name}' is repeated` });
    }
    seen.add(d.name);
  });
  for (const [extension, params] of Object.entries(raw.extensions)) {
    if (!/^[A-Za-z_][\w-]*:[A-Za-z_][\w.-]*$/.test(extension)) {
      problems.push({
        path: `extensions.${extension}`,
        message: "must be named 'namespace:name' (e.g. 'source:kafka' or 'str:concat')",
      });
    }
    for (const [key, value] of Object.entries(params)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        problems.push({
          path: `extensions.${extension}.${key}`,
          message: 'must be a string, number or boolean',
        });
      }
    }
  }
  return problems;
}

/**
 * Reads, overrides and checks the configuration; throws `ConfigError` listing every problem.
 * @example
 * const config = loadServerConfig({ env: { TRIBUTARY_SERVER_PORT: '9191' } });
 * config.server.port; // 9191
 */
export function loadServerConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const home = resolve(options.home ?? env.TRIBUTARY_HOME ?? process.cwd());
  const explicit = options.file ?? env.TRIBUTARY_CONFIG;
  const file = absolute(home, explicit ?? join('conf', 'tributary.yaml'));
  const source = explicit !== undefined || existsSync(file) ? file : 'configuration';
  let document: unknown = {};
  if (explicit !== undefined || existsSync(file)) {
    if (!existsSync(file)) throw new ConfigError(file, ['the file does not exist']);
    const read = readYaml(file);
    if (read.problems.length > 0) throw new ConfigError(file, read.problems);
    document = read.value ?? {};
  }
  if (!isRecord(document)) throw new ConfigError(source, ['the file must hold a YAML mapping']);
  const merged: Mutable = structuredClone(document);
  const setBy = new Map<string, string>();
  for (const [variable, text] of Object.entries(env)) {
    if (!variable.startsWith(PREFIX) || RESERVED_ENV.has(variable) || text === undefined) continue;
    const target = envTarget(variable);
    if (target === undefined) {
      options.warn?.(`${variable} matches no configuration key; ignored`);
      continue;
    }
    const section = isRecord(merged[target.section]) ? merged[target.section] : {};
    merged[target.section] = {
      ...(section as Mutable),
      [target.key]: convert(target.schema, text),
    };
    setBy.set(`${target.section}.${target.key}`, variable);
  }
  for (const [section, values] of Object.entries(options.overrides ?? {})) {
    const current = isRecord(merged[section]) ? merged[section] : {};
    merged[section] = { ...current, ...values };
  }
  const fail = (problems: readonly Problem[]): ConfigError =>
    new ConfigError(
      source,
      problems.map((p) => {
        const variable = [...setBy].find(
          ([path]) => p.path === path || p.path.startsWith(`${path}[`),
        );
        return `${p.path}: ${p.message}${variable === undefined ? '' : ` (set by ${variable[1]})`}`;
      }),
    );
  const checked = check(configSchema, merged);
  if (!checked.ok) throw fail(checked.problems);
  const related = crossChecks(checked.value);
  if (related.length > 0) throw fail(related);
  return resolvePaths(checked.value, home, source === file ? file : undefined);
}
