// Tests of the deployed apps: state kept across undeploy/redeploy and refused for a changed
// structure, the deployment folder (mirroring, broken and misnamed files, an update that
// fails while the old version runs, removal) and the graceful shutdown.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryPersistenceStore } from '@tributary/engine';
import { createServerLogger } from '../logging/server-logger.js';
import { ApiError } from '../http/api-error.js';
import { Deployments } from './deployments.js';

const APP = `@app:name('Ledger')
define stream S (id string, n int);
define table T (id string, n int);
@info(name = 'keep')
from S select id, n insert into T;
`;

function setup(persistence = new InMemoryPersistenceStore()) {
  const folder = mkdtempSync(join(tmpdir(), 'tributary-deploy-'));
  const lines: string[] = [];
  const log = createServerLogger('debug', { write: (line: string) => void lines.push(line) });
  const deployments = new Deployments({
    createEngine: (logger) => createEngine({ logger, persistence: { store: persistence } }),
    log,
    folder,
    persistence,
  });
  const rows = (name = 'Ledger') => deployments.query(name, 'from T select id, n').rows;
  return { deployments, folder, persistence, rows, logs: () => lines.join('') };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return undefined;
}

describe('Deployments', () => {
  it('persists on undeploy and restores when the same app is deployed again', async () => {
    const { deployments, folder, rows } = setup();
    const { deployed } = await deployments.deploy(APP);
    expect(deployed.restoredRevision).toBeUndefined();
    expect(readFileSync(join(folder, 'Ledger.siddhi'), 'utf8')).toBe(APP);
    await deployments.send('Ledger', 'S', [{ data: ['a', 1] }, { data: ['b', 2] }]);
    await deployments.undeploy('Ledger');
    expect(existsSync(join(folder, 'Ledger.siddhi'))).toBe(false);
    expect(await codeOf(deployments.undeploy('Ledger'))).toBe('E_APP_NOT_FOUND');
    const again = await deployments.deploy(`-- a comment changes nothing\n${APP}`);
    expect(again.deployed.restoredRevision).toBeDefined();
    expect(rows()).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('starts afresh (with a warning) when the structure changed, and purges state on request', async () => {
    const { deployments, rows, logs, persistence } = setup();
    await deployments.deploy(APP);
    await deployments.send('Ledger', 'S', [{ data: ['a', 1] }]);
    const changed = APP.replace('select id, n', 'select id, n * 2 as n');
    const { deployed, created } = await deployments.deploy(changed, { mode: 'upsert' });
    expect(created).toBe(false);
    expect(deployed.restoredRevision).toBeUndefined();
    expect(rows()).toEqual([]);
    expect(logs()).toContain('the last snapshot was not restored');
    await deployments.undeploy('Ledger', { purgeState: true });
    expect(await persistence.list('Ledger')).toEqual([]);
  });

  it('refuses duplicates, other names and unnamed apps', async () => {
    const { deployments } = setup();
    await deployments.deploy(APP);
    expect(await codeOf(deployments.deploy(APP))).toBe('E_APP_EXISTS');
    expect(await codeOf(deployments.deploy(APP, { mode: 'upsert', expectedName: 'Other' }))).toBe(
      'E_APP_NAME_MISMATCH',
    );
    expect(await codeOf(deployments.deploy('define stream S (a int);'))).toBe(
      'E_APP_NAME_REQUIRED',
    );
    expect(await codeOf(deployments.deploy("@app:name('X') from Y select a insert into Z;"))).toBe(
      'E_INVALID_APP',
    );
  });

  it('records broken and misnamed files, keeps an old version running, and undeploys removed files', async () => {
    const { deployments, folder, rows } = setup();
    const file = join(folder, 'Ledger.siddhi');
    writeFileSync(file, APP.replace("'Ledger'", "'Wrong'"));
    await deployments.deployFile(file);
    expect(deployments.list()).toMatchObject([
      { name: 'Ledger', status: 'failed', lastError: { code: 'E_APP_NAME_MISMATCH' } },
    ]);
    expect(await codeOf(Promise.resolve().then(() => deployments.get('Ledger')))).toBe(
      'E_APP_FAILED',
    );

    writeFileSync(file, APP);
    await deployments.deployFile(file);
    expect(deployments.list()).toMatchObject([{ name: 'Ledger', status: 'active' }]);
    expect(deployments.list()[0]?.lastError).toBeUndefined();
    await deployments.send('Ledger', 'S', [{ data: ['kept', 1] }]);

    writeFileSync(file, `${APP}\nfrom Nowhere select * insert into X;\n`);
    await deployments.deployFile(file);
    expect(deployments.list()).toMatchObject([
      { name: 'Ledger', status: 'active', lastError: { code: 'E_INVALID_APP' } },
    ]);
    expect(rows()).toEqual([['kept', 1]]);

    await deployments.removeFile(file);
    expect(deployments.list()).toEqual([]);
  });

  it('checks events against the stream before sending', async () => {
    const { deployments } = setup();
    await deployments.deploy(APP);
    expect(await codeOf(deployments.send('Ledger', 'S', [{ data: ['a', 'one'] }]))).toBe(
      'E_INVALID_EVENT',
    );
    expect(await codeOf(deployments.send('Ledger', 'Nope', [{ data: [] }]))).toBe(
      'E_UNKNOWN_STREAM',
    );
    expect(await codeOf(deployments.send('Nope', 'S', [{ data: [] }]))).toBe('E_APP_NOT_FOUND');
  });

  it('persists every app at shutdown and refuses work afterwards', async () => {
    const { deployments, persistence } = setup();
    await deployments.deploy(APP);
    await deployments.deploy(APP.replace("'Ledger'", "'Second'"));
    await deployments.shutdown();
    expect(await persistence.list('Ledger')).toHaveLength(1);
    expect(await persistence.list('Second')).toHaveLength(1);
    expect(deployments.apps).toEqual([]);
    expect(await codeOf(deployments.deploy(APP))).toBe('E_SHUTTING_DOWN');
  });
});
