// Hot deployment: every `*.siddhi` file of the deployment folder is deployed at start and
// redeployed when it changes (chokidar); removing a file undeploys its app. A broken file is
// reported and affects nothing else.

import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Deployments } from '../apps/deployments.js';
import type { ServerLogger } from '../logging/server-logger.js';

const SUFFIX = '.siddhi';

export interface HotDeployerOptions {
  readonly folder: string;
  readonly deployments: Deployments;
  readonly log: ServerLogger;
  /** Watch for changes after the first deployment (default true). */
  readonly watch?: boolean;
  /** ms a file must stay unchanged before it is read (default 200; editors write in steps). */
  readonly settleMs?: number;
}

/**
 * Deploys the deployment folder and keeps following it.
 * @example
 * const hot = new HotDeployer({ folder: 'conf/siddhi-files', deployments, log });
 * await hot.start();
 * await hot.close();
 */
export class HotDeployer {
  #watcher: FSWatcher | undefined;

  constructor(private readonly options: HotDeployerOptions) {}

  /** Deploys every app file (in name order), then starts watching. */
  async start(): Promise<void> {
    const { folder, deployments, log } = this.options;
    await mkdir(folder, { recursive: true });
    const files = (await readdir(folder)).filter((f) => f.endsWith(SUFFIX)).sort();
    for (const file of files) await deployments.deployFile(join(folder, file));
    log.info(
      { folder, files: files.length, failed: deployments.failedFiles().length },
      'deployment folder deployed',
    );
    if (this.options.watch === false) return;
    const watcher = watch(folder, {
      ignoreInitial: true,
      depth: 0,
      ignored: (path, stats) => stats?.isFile() === true && !path.endsWith(SUFFIX),
      awaitWriteFinish: { stabilityThreshold: this.options.settleMs ?? 200, pollInterval: 50 },
    });
    const onFile = (path: string): void => {
      if (path.endsWith(SUFFIX)) void deployments.deployFile(path);
    };
    watcher.on('add', onFile);
    watcher.on('change', onFile);
    watcher.on('unlink', (path: string) => {
      if (path.endsWith(SUFFIX)) void deployments.removeFile(path);
    });
    watcher.on('error', (error: unknown) => {
      log.error({ err: error, folder }, 'watching the deployment folder failed');
    });
    await new Promise<void>((resolve) =>
      watcher.once('ready', () => {
        resolve();
      }),
    );
    this.#watcher = watcher;
  }

  /** Stops watching. */
  async close(): Promise<void> {
    const watcher = this.#watcher;
    this.#watcher = undefined;
    await watcher?.close();
  }
}
