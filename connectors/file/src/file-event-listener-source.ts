// The `fileeventlistener` source: watches a directory (chokidar) and emits one event per file
// or folder created, modified or removed — `(filepath, filename, status)` as Siddhi does, with
// the statuses `created`, `modifying`, `modifyingCompleted` and `removed`.

import {
  ConnectionUnavailableError,
  defineSource,
  param,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { watch, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { localPath } from './file-uri.js';

const parameters = {
  'dir.uri': param.string({
    description: 'The directory to watch (`file:/var/in`, `file:///var/in` or a path).',
  }),
  'monitoring.interval': param.time({
    description:
      'In ms: a modified file is reported `modifying` at each change, then ' +
      '`modifyingCompleted` once it was left unchanged this long; also the polling period ' +
      'where the file system gives no notifications.',
    optional: true,
    default: '100',
  }),
  'file.name.list': param.list(param.string({ description: 'a file name or path' }), {
    description:
      "Only these files are reported (names in the directory or paths): `'abc.txt,xyz.csv'`.",
    optional: true,
  }),
  'file.system.options': param.string({
    description: 'Accepted so Siddhi apps port unchanged; only local directories are supported.',
    optional: true,
  }),
};

export type FileEventListenerOptions = OptionsOf<typeof parameters>;

/** What happened to a file. */
export type FileStatus = 'created' | 'modifying' | 'modifyingCompleted' | 'removed';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One `fileeventlistener` source. */
class FileEventListenerConnection implements SourceConnection {
  readonly #directory: string;
  readonly #names: ReadonlySet<string> | undefined;
  readonly #quietMs: number;
  readonly #where: string;
  /** The pending `modifyingCompleted` of each file being modified. */
  readonly #settling = new Map<string, () => void>();
  #watcher: FSWatcher | undefined;
  #paused = false;

  constructor(private readonly ctx: SourceContext<FileEventListenerOptions>) {
    this.#directory = localPath(ctx.options['dir.uri'], 'dir.uri');
    const list = ctx.options['file.name.list'];
    this.#names =
      list === undefined || list.length === 0
        ? undefined
        : new Set(list.map((n) => path.resolve(this.#directory, n.trim())));
    this.#quietMs = Math.max(1, ctx.options['monitoring.interval']);
    this.#where = `source 'fileeventlistener' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    if (ctx.attributes.length !== 3) {
      throw new Error(
        'the stream must have three attributes: (filepath string, filename string, status string)',
      );
    }
  }

  async connect(): Promise<void> {
    try {
      const stats = await stat(this.#directory);
      if (!stats.isDirectory()) throw new Error(`${this.#directory} is not a directory`);
    } catch (error) {
      throw new ConnectionUnavailableError(
        `${this.#where} cannot watch ${this.#directory}: ${describe(error)}`,
        { cause: error },
      );
    }
    const watcher = watch(this.#directory, {
      depth: 0,
      ignoreInitial: true,
      persistent: true,
      interval: this.#quietMs,
    });
    this.#watcher = watcher;
    watcher.on('add', (p) => {
      this.#report(p, 'created');
    });
    watcher.on('addDir', (p) => {
      if (path.resolve(p) !== this.#directory) this.#report(p, 'created');
    });
    watcher.on('change', (p) => {
      this.#modified(p);
    });
    watcher.on('unlink', (p) => {
      this.#report(p, 'removed');
    });
    watcher.on('unlinkDir', (p) => {
      if (path.resolve(p) !== this.#directory) this.#report(p, 'removed');
    });
    watcher.on('error', (error) => {
      this.ctx.connectionLost(
        new ConnectionUnavailableError(`${this.#where}: watching failed: ${describe(error)}`, {
          cause: error,
        }),
      );
    });
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
  }

  async disconnect(): Promise<void> {
    for (const cancel of this.#settling.values()) cancel();
    this.#settling.clear();
    const watcher = this.#watcher;
    this.#watcher = undefined;
    await watcher?.close();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  #modified(file: string): void {
    const resolved = path.resolve(file);
    this.#report(resolved, 'modifying');
    this.#settling.get(resolved)?.();
    const cancel = this.ctx.scheduler.schedule(this.ctx.clock.now() + this.#quietMs, () => {
      this.#settling.delete(resolved);
      this.#report(resolved, 'modifyingCompleted');
    });
    this.#settling.set(resolved, cancel);
  }

  #report(file: string, status: FileStatus): void {
    const resolved = path.resolve(file);
    if (this.#names !== undefined && !this.#names.has(resolved)) return;
    if (status === 'removed') {
      this.#settling.get(resolved)?.();
      this.#settling.delete(resolved);
    }
    // While paused, changes are not reported (Siddhi stops its observer the same way).
    if (this.#paused) return;
    this.ctx.emit([resolved, path.basename(resolved), status]).catch((error: unknown) => {
      this.ctx.logger.log(
        'warn',
        `${this.#where} could not report ${resolved}: ${describe(error)}`,
      );
    });
  }
}

/**
 * The `fileeventlistener` source.
 * @example
 * createRegistry({ package: '@tributary/connector-file', version: '0.1.0', extensions: [fileEventListenerSource] });
 */
export const fileEventListenerSource = defineSource({
  name: 'fileeventlistener',
  status: 'stable',
  summary: 'Emits an event when a file of a directory is created, modified or removed.',
  description:
    'Each event is `(filepath, filename, status)` with status `created`, `modifying` (at each ' +
    'change), `modifyingCompleted` (once the file stayed unchanged for `monitoring.interval`) ' +
    'or `removed`; folders directly inside the directory are reported too. Without `@map` ' +
    'the values arrive as they are (passThrough).',
  parameters,
  examples: [
    {
      description: 'Logs every change to xyz.txt or test in /abc/xyz.',
      siddhi:
        "@source(type='fileeventlistener', dir.uri='file:/abc/xyz', file.name.list='xyz.txt,test')\n" +
        'define stream FileListenerStream (filepath string, filename string, status string);\n' +
        "@sink(type='log')\n" +
        'define stream FooStream (filepath string, filename string, status string);\n' +
        'from FileListenerStream select * insert into FooStream;',
    },
    {
      description: 'Watches /abc/xyz, reporting a modification as completed after 200 ms of quiet.',
      siddhi:
        "@source(type='fileeventlistener', dir.uri='file:/abc/xyz', monitoring.interval='200')\n" +
        'define stream FileListenerStream (filepath string, filename string, status string);',
    },
  ],
  create: (ctx) => new FileEventListenerConnection(ctx),
});
