// PostgreSQL and MariaDB/MySQL clients are asynchronous, the record-table SPI is synchronous:
// the driver runs on a worker thread (sql-worker.ts) and the main thread blocks on a shared
// counter (Atomics.wait) until the reply it needs is there, then takes it off the port with
// receiveMessageOnPort. Writes are posted without waiting (written behind, in order per table);
// a read waits for the writes queued before it, so every read sees them.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ServerTarget } from './jdbc-url.js';
import { SqlJobError, type JobResult, type SqlExecutor, type SqlJob } from './sql-executor.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './sql-worker.js';

/** How to reach the server. */
export interface BridgeOptions {
  readonly target: ServerTarget;
  readonly username?: string;
  readonly password?: string;
  readonly pool: Readonly<Record<string, number>>;
  /** ms to wait for connecting (default 30 000). */
  readonly connectTimeoutMs?: number;
  /** ms one blocking call may wait for its reply (default 60 000). */
  readonly callTimeoutMs?: number;
}

/**
 * The worker's entry. Running from TypeScript sources (tests, `tsx`), it is a small script that
 * registers tsx's loader in the worker first (Node 20 does not apply `--import` hooks to a
 * worker's entry module).
 */
function workerEntry(): { readonly entry: string | URL; readonly eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) {
    return { entry: new URL('./sql-worker.js', import.meta.url), eval: false };
  }
  const require = createRequire(import.meta.url);
  const api = new URL('./dist/esm/api/index.mjs', pathToFileURL(require.resolve('tsx/package.json')));
  const worker = new URL('./sql-worker.ts', import.meta.url);
  const code = `import(${JSON.stringify(api.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker.href)}); });`;
  return { entry: code, eval: true };
}

/**
 * Runs jobs on a database server through a worker thread, synchronously.
 * @example
 * const pg = new BridgeExecutor({ target: parseJdbcUrl('jdbc:postgresql://127.0.0.1/test') as ServerTarget, pool: {} });
 * pg.run({ queue: 'T', steps: [{ sql: 'SELECT $1::int + 1', values: [1] }], read: true }).rows; // [[2]]
 */
export class BridgeExecutor implements SqlExecutor {
  readonly serverFlavour: 'postgres' | 'mysql' | 'mariadb';
  /** The server's version string. */
  readonly version: string;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #signal: Int32Array;
  readonly #pending = new Map<number, (result: JobResult) => void>();
  readonly #callTimeoutMs: number;
  #nextId = 1;
  #closed: Promise<void> | undefined;

  constructor(options: BridgeOptions) {
    const shared = new SharedArrayBuffer(4);
    this.#signal = new Int32Array(shared);
    this.#callTimeoutMs = options.callTimeoutMs ?? 60_000;
    const channel = new MessageChannel();
    this.#port = channel.port1;
    const init: WorkerInit = {
      target: options.target,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      pool: options.pool,
      port: channel.port2,
      signal: shared,
    };
    const entry = workerEntry();
    this.#worker = new Worker(entry.entry, {
      eval: entry.eval,
      workerData: init,
      transferList: [channel.port2],
    });
    // Neither the worker nor its port keeps the process alive.
    this.#worker.unref();
    this.#port.on('message', (reply: WorkerReply) => {
      this.#dispatch(reply);
    });
    this.#port.unref();
    const ready = this.#await(0, options.connectTimeoutMs ?? 30_000);
    if (ready.error !== undefined) {
      void this.#worker.terminate();
      throw new SqlJobError(`cannot connect to ${options.target.flavour}: ${ready.error}`);
    }
    const version = ready.version ?? '';
    this.version = version;
    this.serverFlavour =
      options.target.driver === 'postgres'
        ? 'postgres'
        : /mariadb/i.test(version)
          ? 'mariadb'
          : 'mysql';
  }

  #dispatch(reply: WorkerReply): void {
    const done = this.#pending.get(reply.id);
    if (done === undefined) return;
    this.#pending.delete(reply.id);
    // Writes still on their way keep the process alive; an idle connection does not.
    if (this.#pending.size === 0 && this.#closed === undefined) this.#port.unref();
    done(reply.result ?? { outcomes: [{ changes: 0, error: reply.error ?? 'no result' }] });
  }

  /** Blocks until the reply to `id` arrives, dispatching the replies before it. */
  #await(id: number, timeoutMs: number): WorkerReply {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.#signal, 0);
      for (
        let message = receiveMessageOnPort(this.#port);
        message !== undefined;
        message = receiveMessageOnPort(this.#port)
      ) {
        const reply = message.message as WorkerReply;
        if (reply.id === id) return reply;
        this.#dispatch(reply);
      }
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.#signal, 0, seen, left) === 'timed-out') {
        throw new SqlJobError(`the database did not answer within ${String(timeoutMs)} ms`);
      }
    }
  }

  #post(request: WorkerRequest): void {
    if (this.#closed !== undefined) throw new SqlJobError('the connection is closed');
    this.#port.postMessage(request);
  }

  run(job: SqlJob): JobResult {
    const id = this.#nextId++;
    this.#post({ id, kind: 'job', job });
    const reply = this.#await(id, this.#callTimeoutMs);
    if (reply.error !== undefined) throw new SqlJobError(reply.error);
    const result = reply.result ?? { outcomes: [] };
    if (job.read === true && result.outcomes.some((o) => o.error !== undefined)) {
      throw new SqlJobError(result.outcomes.find((o) => o.error !== undefined)?.error ?? '');
    }
    return result;
  }

  submit(job: SqlJob, done: (result: JobResult) => void): void {
    const id = this.#nextId++;
    this.#post({ id, kind: 'job', job });
    if (this.#pending.size === 0) this.#port.ref();
    this.#pending.set(id, done);
  }

  flush(): void {
    if (this.#pending.size === 0) return;
    const id = this.#nextId++;
    this.#post({ id, kind: 'barrier' });
    this.#await(id, this.#callTimeoutMs);
  }

  /** Jobs posted and not answered yet. */
  get pending(): number {
    return this.#pending.size;
  }

  close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    const id = this.#nextId++;
    this.#port.postMessage({ id, kind: 'close' } satisfies WorkerRequest);
    this.#closed = new Promise<void>((resolve) => {
      this.#pending.set(id, () => {
        resolve();
      });
      // Keep the process alive until the pool has ended.
      this.#port.ref();
    }).then(async () => {
      this.#port.close();
      await this.#worker.terminate();
    });
    return this.#closed;
  }
}
