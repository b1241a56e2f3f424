// The `file` source: reads one file or the files of a directory — line by line, by regex, whole
// or in chunks — tailing them (chokidar notifications plus polling on the app's scheduler) or
// reading each once and deleting or moving it. Read positions advance only once the events of
// what was read were processed, and are kept in app snapshots so a restart resumes there.

import {
  ConnectionUnavailableError,
  defineSource,
  type SourceConnection,
  type SourceContext,
  type TransportProperties,
} from '@tributary/engine/extension-api';
import { watch, type FSWatcher } from 'chokidar';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { applyAfterAction, type AfterAction } from './after-process.js';
import {
  fileSourceConfig,
  fileSourceParameters,
  isTargetFile,
  watchedDirectory,
  type FileSourceConfig,
  type FileSourceOptions,
} from './file-source-config.js';
import { splitterFor, type FileRecord, type RecordSplitter } from './record-splitter.js';

/** Where reading a file stands: the byte offset and the lines read before it. */
export interface FilePosition {
  readonly offset: number;
  readonly lines: number;
}

/** The position state a `file` source keeps in app snapshots. */
export interface FileSourceState {
  readonly positions: Readonly<Record<string, FilePosition>>;
}

/** How one read of a file ended. */
type ReadOutcome = 'complete' | 'stopped' | 'gone';

/** Bytes read at once; a longer record doubles it until it fits. */
const READ_WINDOW = 1 << 20;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPosition(value: unknown): value is FilePosition {
  const p = value as { offset?: unknown; lines?: unknown } | null;
  return typeof p?.offset === 'number' && typeof p.lines === 'number';
}

/** A payload with the line number it had (for header and trailer rules). */
interface Numbered {
  readonly record: FileRecord;
  readonly line: number;
}

/** One `file` source. */
export class FileSourceConnection implements SourceConnection {
  readonly #config: FileSourceConfig;
  readonly #splitter: RecordSplitter;
  readonly #where: string;
  readonly #positions = new Map<string, FilePosition>();
  /** Files read (or failed) once and not deleted or moved: not read again while they stay. */
  readonly #finished = new Set<string>();
  readonly #dirty = new Set<string>();
  #connected = false;
  #pumping = false;
  #paused = false;
  #resumed: (() => void)[] = [];
  #watcher: FSWatcher | undefined;
  #cancelTimer: (() => void) | undefined;

  constructor(private readonly ctx: SourceContext<FileSourceOptions>) {
    this.#config = fileSourceConfig(ctx.options);
    this.#splitter = splitterFor(this.#config.mode, {
      ...(this.#config.beginRegex === undefined ? {} : { begin: this.#config.beginRegex }),
      ...(this.#config.endRegex === undefined ? {} : { end: this.#config.endRegex }),
      bufferSize: this.#config.bufferSize,
    });
    this.#where = `source 'file' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
  }

  async connect(): Promise<void> {
    const directory = watchedDirectory(this.#config.target);
    try {
      const stats = await stat(directory);
      if (!stats.isDirectory()) throw new Error(`${directory} is not a directory`);
    } catch (error) {
      throw new ConnectionUnavailableError(
        `${this.#where} cannot read directory ${directory}: ${describe(error)}`,
        { cause: error },
      );
    }
    this.#connected = true;
    if (this.#config.tailing) await this.#watch(directory);
    await this.#scan();
    this.#arm();
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const watcher = this.#watcher;
    this.#watcher = undefined;
    this.#release();
    await watcher?.close();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#release();
  }

  snapshot(): FileSourceState {
    return { positions: Object.fromEntries(this.#positions) };
  }

  restore(state: unknown): void {
    const positions = (state as { positions?: unknown } | null)?.positions;
    if (typeof positions !== 'object' || positions === null) return;
    this.#positions.clear();
    for (const [file, position] of Object.entries(positions)) {
      if (isPosition(position)) this.#positions.set(file, position);
    }
  }

  #release(): void {
    for (const wake of this.#resumed.splice(0)) wake();
  }

  async #watch(directory: string): Promise<void> {
    const watcher = watch(directory, {
      depth: 0,
      ignoreInitial: true,
      persistent: true,
      interval: this.#config.filePollingMs,
    });
    this.#watcher = watcher;
    const changed = (file: string): void => {
      if (isTargetFile(this.#config.target, file)) this.#request(path.resolve(file));
    };
    watcher.on('add', changed);
    watcher.on('change', changed);
    watcher.on('unlink', (file) => {
      // A file deleted (rotated) and created again is read from its start.
      const resolved = path.resolve(file);
      if (!this.#dirty.has(resolved)) this.#positions.delete(resolved);
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

  /** Re-scans now and then: new files without tailing, missed notifications with it. */
  #arm(): void {
    if (!this.#connected) return;
    const interval =
      this.#config.target.kind === 'dir' ? this.#config.dirPollingMs : this.#config.filePollingMs;
    this.#cancelTimer = this.ctx.scheduler.schedule(this.ctx.clock.now() + interval, () => {
      this.#cancelTimer = undefined;
      if (!this.#connected) return;
      this.#scan().then(
        () => {
          this.#arm();
        },
        (error: unknown) => {
          this.ctx.connectionLost(
            new ConnectionUnavailableError(`${this.#where}: ${describe(error)}`, { cause: error }),
          );
        },
      );
    });
  }

  /** Queues every file the source reads that exists now. */
  async #scan(): Promise<void> {
    const target = this.#config.target;
    let files: string[];
    if (target.kind === 'file') {
      files = [];
      try {
        if ((await stat(target.path)).isFile()) files.push(target.path);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
    } else {
      const entries = await readdir(target.path, { withFileTypes: true });
      files = entries
        .filter((e) => e.isFile())
        .map((e) => path.join(target.path, e.name))
        .filter((file) => isTargetFile(target, file));
    }
    const present = new Set(files);
    for (const file of this.#finished) if (!present.has(file)) this.#finished.delete(file);
    for (const file of files) this.#request(file);
  }

  #request(file: string): void {
    if (this.#finished.has(file)) return;
    this.#dirty.add(file);
    if (!this.#pumping) void this.#pump();
  }

  /** Reads queued files one at a time, in name order. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#connected) {
        const next = [...this.#dirty].sort()[0];
        if (next === undefined) break;
        this.#dirty.delete(next);
        await this.#process(next);
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #process(file: string): Promise<void> {
    if (this.#config.tailing) {
      try {
        const outcome = await this.#read(file, false);
        if (outcome === 'gone') this.#positions.delete(file);
      } catch (error) {
        this.ctx.logger.log('error', `${this.#where} failed to read ${file}: ${describe(error)}`);
      }
      return;
    }
    if (this.#finished.has(file)) return;
    let outcome: ReadOutcome;
    try {
      outcome = await this.#read(file, true);
    } catch (error) {
      this.ctx.logger.log('error', `${this.#where} failed to read ${file}: ${describe(error)}`);
      await this.#after(file, this.#config.afterFailure);
      return;
    }
    if (outcome === 'gone') this.#positions.delete(file);
    if (outcome === 'complete') await this.#after(file, this.#config.afterProcess);
  }

  async #after(file: string, action: AfterAction): Promise<void> {
    this.#positions.delete(file);
    try {
      await applyAfterAction(file, action);
    } catch (error) {
      this.#finished.add(file);
      this.ctx.logger.log(
        'error',
        `${this.#where} could not ${action.kind} ${file} after reading it: ${describe(error)}`,
      );
    }
  }

  async #whileResumed(): Promise<void> {
    while (this.#paused && this.#connected) {
      await new Promise<void>((resolve) => this.#resumed.push(resolve));
    }
  }

  /**
   * Reads `file` from its position to its end (complete with `final`), emitting its records
   * and committing the position after each batch was processed.
   */
  async #read(file: string, final: boolean): Promise<ReadOutcome> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 'gone';
      throw error;
    }
    try {
      const whole = final && (this.#config.readOnlyTrailer || this.#config.skipTrailer);
      let window = Math.max(READ_WINDOW, this.#config.bufferSize);
      for (;;) {
        await this.#whileResumed();
        if (!this.#connected) return 'stopped';
        let position = this.#positions.get(file) ?? { offset: 0, lines: 0 };
        const { size } = await handle.stat();
        // A truncated file (rewritten in place) is read again from its start; the reset is kept
        // at once, so content that grows past the old offset before the next read is not skipped.
        if (size < position.offset) {
          position = { offset: 0, lines: 0 };
          this.#positions.set(file, position);
        }
        const available = size - position.offset;
        if (available <= 0) return 'complete';
        if (this.#config.readOnlyHeader && position.lines > 0) return 'complete';
        const length = whole ? available : Math.min(available, window);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position.offset);
        if (bytesRead === 0) return 'complete';
        const bytes = buffer.subarray(0, bytesRead);
        const reachesEnd = position.offset + bytesRead >= size;
        const { records, consumed } = this.#splitter.split(bytes, final && reachesEnd);
        if (consumed === 0) {
          if (reachesEnd) return 'complete';
          window *= 2;
          continue;
        }
        window = Math.max(READ_WINDOW, this.#config.bufferSize);
        const emitted = await this.#emit(
          file,
          position.lines,
          records,
          reachesEnd && consumed === bytesRead,
        );
        if (!emitted) return 'stopped';
        this.#positions.set(file, {
          offset: position.offset + consumed,
          lines: position.lines + records.length,
        });
      }
    } finally {
      await handle.close();
    }
  }

  /** The records that become events, by the header and trailer rules of `line` mode. */
  #select(firstLine: number, records: readonly FileRecord[]): Numbered[] {
    const numbered = records.map((record, i) => ({ record, line: firstLine + i }));
    if (this.#config.mode !== 'line') return numbered;
    let lines = numbered.filter(
      (n) => n.line >= this.#config.headerLines && n.record.payload !== '',
    );
    if (this.#config.readOnlyHeader) lines = numbered.filter((n) => n.line === 0);
    if (this.#config.readOnlyTrailer) lines = lines.slice(-1);
    if (this.#config.skipTrailer) lines = lines.slice(0, -1);
    return lines;
  }

  /** Emits records; resolves true once processed, false when the app stopped. */
  async #emit(
    file: string,
    firstLine: number,
    records: readonly FileRecord[],
    atEnd: boolean,
  ): Promise<boolean> {
    const selected = this.#select(firstLine, records);
    const name = path.basename(file);
    const transport = (eof: boolean): TransportProperties => ({
      'file.path': file,
      'file.name': name,
      eof: String(eof),
    });
    const last = selected.length - 1;
    try {
      await Promise.all(
        selected.map((n, i) => this.ctx.emit(n.record.payload, transport(atEnd && i === last))),
      );
      return true;
    } catch (error) {
      if (this.#connected) {
        this.ctx.logger.log('warn', `${this.#where} stopped reading ${file}: ${describe(error)}`);
      }
      return false;
    }
  }
}

/**
 * The `file` source.
 * @example
 * createRegistry({ package: '@tributary/connector-file', version: '0.1.0', extensions: [fileSource] });
 */
export const fileSource = defineSource({
  name: 'file',
  status: 'stable',
  summary: 'Reads files or the files of a directory: by line, by regex, whole or in chunks.',
  description:
    'With `tailing` (the default) the file — or every matching file of `dir.uri` — is ' +
    'followed and what is appended becomes events; positions are kept in app snapshots, so ' +
    'a restored app goes on where it stopped. Without tailing each file is read once, then ' +
    'deleted or moved (`action.after.process`); new files are picked up every ' +
    '`dir.polling.interval`. A position only advances once the events read were processed ' +
    '(at-least-once). Payloads are strings (bytes in the binary modes) for the `@map`. ' +
    'Only local files are supported (`file:` URIs or paths).',
  parameters: fileSourceParameters,
  transportProperties: [
    { name: 'file.path', description: 'The absolute path of the file the event was read from.' },
    { name: 'file.name', description: 'The name of that file.' },
    {
      name: 'eof',
      description:
        "'true' on the last event read when the end of the file was reached, else 'false'.",
    },
  ],
  examples: [
    {
      description:
        'Reads every file of /var/in once as JSON, deleting each file after its events were processed.',
      siddhi:
        "@source(type='file', mode='text.full', tailing='false', dir.uri='file:/var/in',\n" +
        "        action.after.process='delete', @map(type='json'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Tails a CSV file whose first line is a header, giving each event the path it came from.',
      siddhi:
        "@source(type='file', file.uri='file:/var/log/quotes.csv', header.present='true',\n" +
        "        @map(type='csv', @attributes(symbol='0', price='1', fp='trp:file.path')))\n" +
        'define stream Quotes (symbol string, price double, fp string);',
    },
    {
      description:
        'Reads the .xml files of a directory as <event>…</event> records and moves each file to /var/done.',
      siddhi:
        "@source(type='file', dir.uri='file:/var/xml', file.name.pattern='.*\\.xml', mode='regex',\n" +
        "        begin.regex='<event>', end.regex='</event>', tailing='false',\n" +
        "        action.after.process='move', move.after.process='file:/var/done', @map(type='xml'))\n" +
        'define stream Orders (id string, amount double);',
    },
  ],
  create: (ctx) => new FileSourceConnection(ctx),
});
