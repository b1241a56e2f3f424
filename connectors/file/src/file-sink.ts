// The `file` sink: writes each payload to `file.uri` (which may name attributes, one file per
// value), appending or replacing the content, with a line separator after each payload unless
// the mapper writes whole lines itself (csv). Writes to one file keep their order; open files
// are kept (a few at a time) so appending does not reopen the file per event, and payloads that
// arrive while a file is being written are appended together in the next write.

import {
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
} from '@tributary/engine/extension-api';
import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { localPath } from './file-uri.js';

const parameters = {
  'file.uri': param.string({
    description:
      "The file written to; may name attributes (`'/var/out/{{symbol}}.txt'`), one file per " +
      'value. Missing folders are created.',
    dynamic: true,
  }),
  append: param.bool({
    description:
      'Append each payload (true), or replace the content of the file with each payload (false).',
    optional: true,
    default: true,
  }),
  'add.line.separator': param.bool({
    description:
      'Write a line break after each payload. Default: true, but false with the csv mapper ' +
      '(its records end with a line break already).',
    optional: true,
  }),
  'file.system.options': param.string({
    description: 'Accepted so Siddhi apps port unchanged; only local files are supported.',
    optional: true,
  }),
};

export type FileSinkOptions = OptionsOf<typeof parameters>;

/** Open append handles kept at most; the least recently used one is closed first. */
const OPEN_FILES = 16;
const NEWLINE = Buffer.from('\n');

function bytesOf(payload: unknown, where: string): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload instanceof Uint8Array)
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  throw new Error(
    `${where} writes text or bytes, but the mapper made ${payload === null ? 'null' : typeof payload}; ` +
      "use a text mapper such as @map(type='json'), 'csv', 'xml' or 'text'",
  );
}

/** Payloads queued for one file, and how to tell their publishers the write's outcome. */
interface PendingAppends {
  readonly chunks: Buffer[];
  readonly settles: { resolve: () => void; reject: (error: unknown) => void }[];
}

/** One `file` sink. */
class FileSinkConnection implements SinkConnection {
  readonly #where: string;
  readonly #separator: boolean;
  readonly #handles = new Map<string, Promise<FileHandle>>();
  /** The last write of each file: the next one waits for it (order per file). */
  readonly #tails = new Map<string, Promise<void>>();
  /** Appends waiting for their file's current write, and the files being written. */
  readonly #pending = new Map<string, PendingAppends>();
  readonly #draining = new Set<string>();
  readonly #staticPath: string | undefined;

  constructor(private readonly ctx: SinkContext<FileSinkOptions>) {
    this.#where = `sink 'file' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    this.#separator = ctx.options['add.line.separator'] ?? ctx.contentType !== 'text/csv';
    const uri = ctx.options['file.uri'];
    // A static URI is checked when the app is created; a dynamic one per event.
    this.#staticPath = ctx.dynamicOptions.includes('file.uri')
      ? undefined
      : localPath(uri, 'file.uri');
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([...this.#tails.values()]);
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    this.#tails.clear();
    await Promise.allSettled(handles.map(async (h) => (await h).close()));
  }

  publish(payload: unknown, options: DynamicOptions): Promise<void> {
    const file = this.#staticPath ?? localPath(options['file.uri'] ?? '', 'file.uri');
    const bytes = bytesOf(payload, this.#where);
    if (this.ctx.options.append) return this.#append(file, bytes);
    const data = this.#separator ? Buffer.concat([bytes, NEWLINE]) : bytes;
    const previous = this.#tails.get(file) ?? Promise.resolve();
    const write = previous.then(
      () => this.#replace(file, data),
      () => this.#replace(file, data),
    );
    const tail = write.catch(() => undefined);
    this.#tails.set(file, tail);
    void tail.then(() => {
      if (this.#tails.get(file) === tail) this.#tails.delete(file);
    });
    return write;
  }

  /** Queues `bytes` for `file`; resolves once the write carrying them is done. */
  #append(file: string, bytes: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let batch = this.#pending.get(file);
      if (batch === undefined) {
        batch = { chunks: [], settles: [] };
        this.#pending.set(file, batch);
      }
      batch.chunks.push(bytes);
      if (this.#separator) batch.chunks.push(NEWLINE);
      batch.settles.push({ resolve, reject });
      if (!this.#draining.has(file)) this.#drain(file);
    });
  }

  /** Writes the queued payloads of `file`, all that queued up in one write, until none is left. */
  #drain(file: string): void {
    this.#draining.add(file);
    const tail = (async () => {
      for (;;) {
        const batch = this.#pending.get(file);
        if (batch === undefined) {
          // In the same step as finding the queue empty: the next publish starts a new drain.
          this.#draining.delete(file);
          return;
        }
        this.#pending.delete(file);
        try {
          await this.#write(file, Buffer.concat(batch.chunks));
          for (const settle of batch.settles) settle.resolve();
        } catch (error) {
          for (const settle of batch.settles) settle.reject(error);
        }
      }
    })();
    this.#tails.set(file, tail);
    void tail.then(() => {
      if (this.#tails.get(file) === tail) this.#tails.delete(file);
    });
  }

  async #replace(file: string, data: Buffer): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  }

  async #write(file: string, data: Buffer): Promise<void> {
    const handle = await this.#handle(file);
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written);
        written += bytesWritten;
      }
    } catch (error) {
      // The handle may be stale (the file was removed): reopen on the next write.
      this.#forget(file);
      throw error;
    }
  }

  #handle(file: string): Promise<FileHandle> {
    const open_ = this.#handles.get(file);
    if (open_ !== undefined) {
      // Most recently used last.
      this.#handles.delete(file);
      this.#handles.set(file, open_);
      return open_;
    }
    const opening = (async () => {
      await mkdir(path.dirname(file), { recursive: true });
      return open(file, 'a');
    })();
    this.#handles.set(file, opening);
    opening.catch(() => {
      if (this.#handles.get(file) === opening) this.#handles.delete(file);
    });
    if (this.#handles.size > OPEN_FILES) {
      const oldest = this.#handles.keys().next().value;
      if (oldest !== undefined && oldest !== file) this.#forget(oldest);
    }
    return opening;
  }

  #forget(file: string): void {
    const handle = this.#handles.get(file);
    this.#handles.delete(file);
    const pending = this.#tails.get(file) ?? Promise.resolve();
    // Close once the file's queued writes are done.
    void pending.then(async () => (await handle)?.close()).catch(() => undefined);
  }
}

/**
 * The `file` sink.
 * @example
 * createRegistry({ package: '@tributary/connector-file', version: '0.1.0', extensions: [fileSink] });
 */
export const fileSink = defineSink({
  name: 'file',
  status: 'stable',
  summary: 'Writes events to files, appending or replacing; the file may name attributes.',
  description:
    'Each payload (text or bytes from the `@map`) is written to `file.uri`, followed by a line ' +
    'break unless `add.line.separator` is false (the default with the csv mapper). With ' +
    "`append='false'` each payload replaces the file's content. The event is acknowledged " +
    'once the write completed.',
  parameters,
  examples: [
    {
      description:
        'Writes each event as JSON to a file named after its symbol, replacing the previous content.',
      siddhi:
        "@sink(type='file', @map(type='json'), append='false', file.uri='/abc/{{symbol}}.txt')\n" +
        'define stream BarStream (symbol string, price float, volume long);',
    },
    {
      description: 'Appends each event as a CSV line to one file.',
      siddhi:
        "@sink(type='file', file.uri='file:/var/out/quotes.csv', @map(type='csv'))\n" +
        'define stream Quotes (symbol string, price double);',
    },
  ],
  create: (ctx) => new FileSinkConnection(ctx),
});
