// Tests of configuration loading: defaults, the shipped conf/tributary.yaml, environment
// overrides, and messages that name the bad key (and the variable that set it).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from './server-config.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

function homeWith(yaml: string): string {
  const home = mkdtempSync(join(tmpdir(), 'tributary-config-'));
  mkdirSync(join(home, 'conf'));
  writeFileSync(join(home, 'conf', 'tributary.yaml'), yaml);
  return home;
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServerConfig', () => {
  it('loads the shipped conf/tributary.yaml', () => {
    const config = loadServerConfig({ home: REPO, env: {} });
    expect(config.file).toBe(join(REPO, 'conf', 'tributary.yaml'));
    expect(config.server.port).toBe(9090);
    expect(config.auth.users.map((u) => u.username)).toEqual(['admin']);
    expect(config.deployment.folder).toBe(join(REPO, 'conf', 'siddhi-files'));
    expect(config.plugins.folder).toBe(join(REPO, 'conf', 'plugins'));
    expect(config.persistence.directory).toBe(join(REPO, 'data', 'snapshots'));
    expect(config.errorStore.path).toBe(join(REPO, 'data', 'errors.db'));
  });

  it('fills defaults when there is no file, resolving paths against the home folder', () => {
    const home = mkdtempSync(join(tmpdir(), 'tributary-config-'));
    const config = loadServerConfig({ home, env: {}, overrides: { auth: { enabled: false } } });
    expect(config.file).toBeUndefined();
    expect(config.server).toMatchObject({
      host: '0.0.0.0',
      port: 9090,
      dataDir: join(home, 'data'),
    });
    expect(config.persistence).toMatchObject({ enabled: true, store: 'file', keep: 3 });
    expect(config.errorStore.type).toBe('sqlite');
  });

  it('applies TRIBUTARY_<SECTION>_<KEY> overrides with their types', () => {
    const home = homeWith('auth:\n  enabled: false\n');
    const warnings: string[] = [];
    const config = loadServerConfig({
      home,
      warn: (m) => warnings.push(m),
      env: {
        TRIBUTARY_SERVER_PORT: '9191',
        TRIBUTARY_SERVER_DATA_DIR: '/var/lib/tributary',
        TRIBUTARY_PERSISTENCE_ENABLED: 'false',
        TRIBUTARY_ERRORSTORE_TYPE: 'memory',
        TRIBUTARY_ERROR_STORE_MAX_ENTRIES: '50',
        TRIBUTARY_PLUGINS_FOLDER: 'plugins',
        TRIBUTARY_SERVR_PORT: '1',
        PATH: '/usr/bin',
      },
    });
    expect(config.server.port).toBe(9191);
    expect(config.server.dataDir).toBe('/var/lib/tributary');
    expect(config.persistence.enabled).toBe(false);
    expect(config.errorStore).toMatchObject({ type: 'memory', maxEntries: 50 });
    expect(config.plugins.folder).toBe(join(home, 'plugins'));
    expect(warnings).toEqual(['TRIBUTARY_SERVR_PORT matches no configuration key; ignored']);
  });

  it('names every bad key, and the variable that set one', () => {
    const home = homeWith(
      'server:\n  port: 99999\n  colour: blue\npersistence:\n  store: cloud\nauth:\n  users:\n    - username: a\n      passwordHash: plain\n',
    );
    const problems = problemsOf(() =>
      loadServerConfig({ home, env: { TRIBUTARY_SERVER_BODY_LIMIT: 'lots' } }),
    );
    expect(problems).toEqual([
      'server.colour: is not a known field (known: host, port, bodyLimit, dataDir, shutdownTimeout)',
      'server.port: must be an integer from 0 to 65535, got 99999',
      "server.bodyLimit: must be an integer of at least 1, got 'lots' (set by TRIBUTARY_SERVER_BODY_LIMIT)",
      "auth.users[0].passwordHash: must be a hash made by 'tributary server --hash-password' (scrypt$…), got 'plain'",
      "persistence.store: must be one of 'file', 'memory', got 'cloud'",
    ]);
  });

  it('needs a user or token while authentication is on', () => {
    const home = homeWith('server:\n  port: 1234\n');
    expect(problemsOf(() => loadServerConfig({ home, env: {} }))).toEqual([
      'auth.users: add a user (or a token), or set auth.enabled: false',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const home = homeWith('server:\n  port: [1,\n');
    const [problem] = problemsOf(() => loadServerConfig({ home, env: {} }));
    expect(problem).toMatch(/^line \d+, column \d+: /);
  });

  it('checks extension system parameters are scalars under namespace:name keys', () => {
    const home = homeWith(
      "auth:\n  enabled: false\nextensions:\n  kafka:\n    a: 1\n  'script:javascript':\n    timeout: [1]\n",
    );
    expect(problemsOf(() => loadServerConfig({ home, env: {} }))).toEqual([
      "extensions.kafka: must be named 'namespace:name' (e.g. 'source:kafka' or 'str:concat')",
      'extensions.script:javascript.timeout: must be a string, number or boolean',
    ]);
  });

  it('refuses a configuration file that does not exist when one is named', () => {
    expect(
      problemsOf(() => loadServerConfig({ file: '/nonexistent/tributary.yaml', env: {} })),
    ).toEqual(['the file does not exist']);
  });
});
