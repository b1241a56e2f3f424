// Synchronous calls into an asynchronous client, for plugins whose SPI is synchronous (record
// tables) but whose client library is not (database and cache drivers): the client runs on a
// worker thread; the caller posts a request and blocks on a shared counter (Atomics.wait) until
// the worker's answer is on the port, then takes it with receiveMessageOnPort. Requests may
// also be sent without waiting; their answers are delivered when the caller next waits or idles.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  workerData,
  type MessagePort,
} from 'node:worker_threads';

/** Thrown by `call` when the worker fails the request, does not answer in time, or is closed. */
export class BlockingWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockingWorkerError';
  }
}

/** Caller → worker. */
type Request<Q> =
  { readonly id: number; readonly request: Q } | { readonly id: number; readonly close: true };

/** Worker → caller (id 0: the start-up report). */
interface Answer<A> {
  readonly id: number;
  readonly answer?: A;
  readonly error?: string;
  readonly hello?: unknown;
}

/** What the worker receives as `workerData`. */
interface Bridge {
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
  readonly data: unknown;
}

export interface BlockingWorkerOptions {
  /** Passed to the worker's `start`. Must be structured-cloneable. */
  readonly workerData?: unknown;
  /** `entry` is code rather than a file (e.g. a bootstrap registering a TypeScript loader). */
  readonly eval?: boolean;
  /** Node options of the worker (e.g. `--conditions=source`). */
  readonly execArgv?: readonly string[];
  /** ms to wait for the worker's start-up report (default 30 000). */
  readonly startTimeoutMs?: number;
  /** ms one `call` may wait (default 60 000). */
  readonly callTimeoutMs?: number;
}

/**
 * The caller's side of a worker serving requests with `serveBlockingWorker`.
 * @example
 * const db = new BlockingWorker<Query, Rows>(new URL('./db-worker.js', import.meta.url), { workerData: { url } });
 * const rows = db.call({ sql: 'select 1' }); // blocks until the worker answers
 * db.send({ sql: 'insert …' }, (answer) => { if (answer instanceof Error) log(answer); });
 */
export class BlockingWorker<Q, A> {
  /** What the worker reported when it started. */
  readonly hello: unknown;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #signal: Int32Array;
  readonly #waiting = new Map<number, (answer: A | Error) => void>();
  readonly #callTimeoutMs: number;
  #nextId = 1;
  #closed: Promise<void> | undefined;

  constructor(entry: string | URL, options: BlockingWorkerOptions = {}) {
    const shared = new SharedArrayBuffer(4);
    this.#signal = new Int32Array(shared);
    this.#callTimeoutMs = options.callTimeoutMs ?? 60_000;
    const channel = new MessageChannel();
    this.#port = channel.port1;
    const bridge: Bridge = { port: channel.port2, signal: shared, data: options.workerData };
    this.#worker = new Worker(entry, {
      eval: options.eval === true,
      ...(options.execArgv === undefined ? {} : { execArgv: [...options.execArgv] }),
      workerData: bridge,
      transferList: [channel.port2],
    });
    // An idle worker does not keep the process alive; requests in flight do (see `send`).
    this.#worker.unref();
    this.#port.on('message', (answer: Answer<A>) => {
      this.#deliver(answer);
    });
    this.#port.unref();
    let ready: Answer<A>;
    try {
      ready = this.#await(0, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      void this.#worker.terminate();
      throw error;
    }
    if (ready.error !== undefined) {
      void this.#worker.terminate();
      throw new BlockingWorkerError(ready.error);
    }
    this.hello = ready.hello;
  }

  #deliver(answer: Answer<A>): void {
    const done = this.#waiting.get(answer.id);
    if (done === undefined) return;
    this.#waiting.delete(answer.id);
    if (this.#waiting.size === 0 && this.#closed === undefined) this.#port.unref();
    done(answer.error === undefined ? (answer.answer as A) : new BlockingWorkerError(answer.error));
  }

  /** Blocks until the answer to `id` arrives, delivering the answers before it. */
  #await(id: number, timeoutMs: number): Answer<A> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.#signal, 0);
      for (
        let message = receiveMessageOnPort(this.#port);
        message !== undefined;
        message = receiveMessageOnPort(this.#port)
      ) {
        const answer = message.message as Answer<A>;
        if (answer.id === id) return answer;
        this.#deliver(answer);
      }
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.#signal, 0, seen, left) === 'timed-out') {
        throw new BlockingWorkerError(`the worker did not answer within ${String(timeoutMs)} ms`);
      }
    }
  }

  #post(message: Request<Q>): void {
    if (this.#closed !== undefined) throw new BlockingWorkerError('the worker is closed');
    this.#port.postMessage(message);
  }

  /** Sends `request` and blocks until its answer; throws the worker's error. */
  call(request: Q): A {
    const id = this.#nextId++;
    this.#post({ id, request });
    const answer = this.#await(id, this.#callTimeoutMs);
    if (answer.error !== undefined) throw new BlockingWorkerError(answer.error);
    return answer.answer as A;
  }

  /** Sends `request` without waiting; `done` gets its answer (or error) later. */
  send(request: Q, done: (answer: A | Error) => void): void {
    const id = this.#nextId++;
    this.#post({ id, request });
    if (this.#waiting.size === 0) this.#port.ref();
    this.#waiting.set(id, done);
  }

  /** Requests sent and not answered yet. */
  get pending(): number {
    return this.#waiting.size;
  }

  /** Asks the worker to close (after what it holds), then ends it. */
  close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    const id = this.#nextId++;
    this.#port.postMessage({ id, close: true } satisfies Request<Q>);
    this.#port.ref();
    this.#closed = new Promise<void>((resolve) => {
      this.#waiting.set(id, () => {
        resolve();
      });
    }).then(async () => {
      this.#port.close();
      await this.#worker.terminate();
    });
    return this.#closed;
  }
}

/** How to start a worker module: its entry and the options that go with it. */
export interface WorkerEntry {
  readonly entry: string | URL;
  readonly eval: boolean;
  readonly execArgv: readonly string[];
}

/**
 * The entry of the worker module `name` beside the calling module (`import.meta.url`): its
 * `.js` file once built; from TypeScript sources (tests, `tsx`), a bootstrap that registers
 * tsx's loader in the worker first (Node 20 does not apply `--import` hooks to a worker's entry)
 * with workspace packages resolved to their sources.
 * @example
 * const entry = siblingWorkerEntry(import.meta.url, 'db-worker');
 * new BlockingWorker(entry.entry, { ...entry, workerData });
 */
export function siblingWorkerEntry(moduleUrl: string, name: string): WorkerEntry {
  if (!moduleUrl.endsWith('.ts')) {
    return { entry: new URL(`./${name}.js`, moduleUrl), eval: false, execArgv: [] };
  }
  const require = createRequire(moduleUrl);
  const tsx = new URL(
    './dist/esm/api/index.mjs',
    pathToFileURL(require.resolve('tsx/package.json')),
  );
  const worker = new URL(`./${name}.ts`, moduleUrl);
  const code = `import(${JSON.stringify(tsx.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker.href)}); });`;
  return { entry: code, eval: true, execArgv: ['--conditions=source'] };
}

/** What a worker's `start` returns. */
export interface BlockingWorkerService<Q, A> {
  /** Reported to the caller (`BlockingWorker.hello`). */
  readonly hello?: unknown;
  /** Handles one request; `answer` or `fail` may be called later (requests may be queued). */
  handle(request: Q, answer: (value: A) => void, fail: (error: unknown) => void): void;
  /** Called on `close`, after which the worker ends. */
  close?(): Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The worker's side: starts the service from the caller's `workerData` and answers requests.
 * Call it once in the worker's entry module.
 * @example
 * // db-worker.ts
 * serveBlockingWorker(async (data) => {
 *   const client = await connect(data);
 *   return { handle: (q, answer, fail) => { client.query(q.sql).then(answer, fail); }, close: () => client.end() };
 * });
 */
export function serveBlockingWorker<Q, A>(
  start: (data: unknown) => Promise<BlockingWorkerService<Q, A>>,
): void {
  const bridge = workerData as Bridge;
  const port = bridge.port;
  const signal = new Int32Array(bridge.signal);
  const reply = (message: Answer<A>): void => {
    port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  start(bridge.data).then(
    (service) => {
      reply({ id: 0, hello: service.hello });
      port.on('message', (message: Request<Q>) => {
        if ('close' in message) {
          void (service.close?.() ?? Promise.resolve())
            .catch(() => undefined)
            .then(() => {
              reply({ id: message.id });
              port.close();
            });
          return;
        }
        try {
          service.handle(
            message.request,
            (answer) => {
              reply({ id: message.id, answer });
            },
            (error) => {
              reply({ id: message.id, error: messageOf(error) });
            },
          );
        } catch (error) {
          reply({ id: message.id, error: messageOf(error) });
        }
      });
    },
    (error: unknown) => {
      reply({ id: 0, error: messageOf(error) });
      port.close();
    },
  );
}
