// Hot deployment: the folder is deployed at start, then added, changed (also broken) and
// removed files are followed; other apps are never touched.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '@tributary/engine';
import { Deployments } from '../apps/deployments.js';
import { createServerLogger } from '../logging/server-logger.js';
import { HotDeployer } from './hot-deployer.js';

const app = (name: string, extra = ''): string =>
  `@app:name('${name}')\ndefine stream S (a int);\nfrom S select a insert into O;\n${extra}`;

/** File events arrive after the file settles; poll until they are handled. */
const WAIT = { interval: 5, timeout: 5000 };

describe('HotDeployer', () => {
  let hot: HotDeployer | undefined;

  afterEach(async () => {
    await hot?.close();
  });

  it('deploys the folder, then follows added, changed and removed files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tributary-hot-'));
    writeFileSync(join(folder, 'First.siddhi'), app('First'));
    const deployments = new Deployments({
      createEngine: (logger) => createEngine({ logger }),
      log: createServerLogger('silent'),
    });
    hot = new HotDeployer({ folder, deployments, log: createServerLogger('silent'), settleMs: 20 });
    await hot.start();
    const summary = () =>
      deployments
        .list()
        .map(
          (a) => `${a.name}:${a.status}${a.lastError === undefined ? '' : `!${a.lastError.code}`}`,
        );
    expect(summary()).toEqual(['First:active']);

    writeFileSync(join(folder, 'Second.siddhi'), app('Second'));
    await vi.waitFor(() => {
      expect(summary()).toEqual(['First:active', 'Second:active']);
    }, WAIT);

    const first = deployments.get('First').app;
    writeFileSync(
      join(folder, 'Second.siddhi'),
      app('Second', 'from Missing select * insert into X;\n'),
    );
    await vi.waitFor(() => {
      expect(summary()).toEqual(['First:active', 'Second:active!E_INVALID_APP']);
    }, WAIT);
    expect(deployments.get('First').app).toBe(first);

    rmSync(join(folder, 'Second.siddhi'));
    await vi.waitFor(() => {
      expect(summary()).toEqual(['First:active']);
    }, WAIT);
  });
});
