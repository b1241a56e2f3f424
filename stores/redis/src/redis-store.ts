// The `redis` store: `@store(type='redis', nodes='host:port@password', table.name=…)` keeps a
// table as Redis hashes (see redis-layout.ts), with `@PrimaryKey` rows found by key and
// `@Index` attributes by set. The client runs on a worker thread behind the engine's
// BlockingWorker: writes are sent without waiting, in order; reads wait for them.

import {
  RecordTableAdapter,
  type RecordTable,
  type Row,
  type StructuredCondition,
  type StructuredSet,
  type Table,
  type TableContext,
  type TableSchema,
} from '@tributary/engine';
import {
  BlockingWorker,
  defineStore,
  param,
  siblingWorkerEntry,
  type Extension,
  type OptionsOf,
} from '@tributary/engine/extension-api';
import { planOf, type RedisPlan, type TableLayout } from './redis-layout.js';
import { parseNodes, type RedisNode } from './redis-nodes.js';
import type { RedisAnswer, RedisRequest, RedisWorkerInit } from './redis-worker.js';
import { evaluable } from './structured-evaluator.js';

const parameters = {
  'cluster.mode': param.bool({
    description: 'Connect to a Redis cluster (the nodes are its seed nodes).',
    optional: true,
    default: false,
  }),
  nodes: param.string({
    description: "The Redis nodes as 'host:port@password' entries separated by commas.",
    optional: true,
    default: 'localhost:6379',
  }),
  'table.name': param.string({
    description: "The prefix of the table's keys (by default the table's id).",
    optional: true,
  }),
  'ttl.seconds': param.long({
    description: 'Seconds a row lives after it is written (-1: for ever).',
    optional: true,
    default: -1,
  }),
  'ttl.on.update': param.bool({
    description: "Restart a row's time to live when it is updated.",
    optional: true,
    default: false,
  }),
  'ttl.on.read': param.bool({
    description: "Restart a row's time to live when it is read.",
    optional: true,
    default: false,
  }),
};

type RedisOptions = OptionsOf<typeof parameters>;

type Worker = BlockingWorker<RedisRequest, RedisAnswer | undefined>;

/** Workers by deployment, shared by the tables on it; closed with the last table. */
class RedisConnections {
  readonly #shared = new Map<string, { worker: Worker; holders: number }>();

  acquire(
    nodes: readonly RedisNode[],
    cluster: boolean,
  ): { worker: Worker; release(): Promise<void> } {
    const key = JSON.stringify([nodes, cluster]);
    let shared = this.#shared.get(key);
    if (shared === undefined) {
      const entry = siblingWorkerEntry(import.meta.url, 'redis-worker');
      const init: RedisWorkerInit = { nodes, cluster };
      const worker: Worker = new BlockingWorker(entry.entry, {
        eval: entry.eval,
        execArgv: entry.execArgv,
        workerData: init,
      });
      shared = { worker, holders: 0 };
      this.#shared.set(key, shared);
    }
    const held = shared;
    held.holders += 1;
    let released = false;
    return {
      worker: held.worker,
      release: () => {
        if (released) return Promise.resolve();
        released = true;
        held.holders -= 1;
        if (held.holders > 0) return Promise.resolve();
        this.#shared.delete(key);
        return held.worker.close();
      },
    };
  }
}

/** A table kept in Redis. */
class RedisRecordTable implements RecordTable<RedisPlan, StructuredSet> {
  private closed = false;

  constructor(
    private readonly layout: TableLayout,
    private readonly context: TableContext,
    private readonly schema: TableSchema,
    private readonly worker: Worker,
    private readonly release: () => Promise<void>,
  ) {
    worker.call({ op: 'define', layout });
  }

  compileCondition(condition: StructuredCondition | undefined): RedisPlan | null {
    if (condition !== undefined && !evaluable(condition)) return null;
    return planOf(this.layout, condition);
  }

  compileUpdateSet(set: StructuredSet): StructuredSet | null {
    return set.values.every(evaluable) ? set : null;
  }

  private send(request: RedisRequest): void {
    this.check();
    this.worker.send(request, (answer) => {
      if (answer instanceof Error) this.logError(`${request.op} failed: ${answer.message}`);
      else for (const problem of answer?.problems ?? []) this.logError(problem);
    });
  }

  add(records: readonly Row[]): void {
    if (records.length > 0) this.send({ op: 'add', table: this.layout.name, rows: records });
  }

  find(plan: RedisPlan, params: readonly unknown[]): readonly Row[] {
    this.check();
    const answer = this.worker.call({ op: 'find', table: this.layout.name, plan, params });
    return answer?.rows ?? [];
  }

  contains(plan: RedisPlan, params: readonly unknown[]): boolean {
    this.check();
    const answer = this.worker.call({ op: 'contains', table: this.layout.name, plan, params });
    return answer?.found === true;
  }

  delete(plan: RedisPlan, paramsList: readonly (readonly unknown[])[]): void {
    if (paramsList.length > 0)
      this.send({ op: 'delete', table: this.layout.name, plan, paramsList });
  }

  update(
    plan: RedisPlan,
    paramsList: readonly (readonly unknown[])[],
    set: StructuredSet,
    setParamsList: readonly (readonly unknown[])[],
  ): void {
    if (paramsList.length === 0) return;
    this.send({ op: 'update', table: this.layout.name, plan, paramsList, set, setParamsList });
  }

  updateOrAdd(
    plan: RedisPlan,
    paramsList: readonly (readonly unknown[])[],
    set: StructuredSet,
    setParamsList: readonly (readonly unknown[])[],
    records: readonly Row[],
  ): void {
    if (paramsList.length === 0) return;
    this.send({
      op: 'update',
      table: this.layout.name,
      plan,
      paramsList,
      set,
      setParamsList,
      records,
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    // Writes still on their way are stored before the connection closes.
    if (this.worker.pending > 0) this.worker.call({ op: 'barrier' });
    return this.release();
  }

  private check(): void {
    if (this.closed) {
      throw new Error(`table '${this.schema.id}' of app '${this.context.appName}' is closed`);
    }
  }

  private logError(message: string): void {
    this.context.logger.log(
      'error',
      `app '${this.context.appName}' table '${this.schema.id}' ${message}`,
    );
  }
}

const connections = new RedisConnections();

function create(schema: TableSchema, context: TableContext, options: RedisOptions): Table {
  const nodes = parseNodes(options.nodes);
  const layout: TableLayout = {
    name: options['table.name'] ?? schema.id,
    attributes: schema.attributes,
    primaryKey: schema.primaryKey,
    indexes: schema.indexes,
    ttlSeconds: options['ttl.seconds'],
    ttlOnUpdate: options['ttl.on.update'],
    ttlOnRead: options['ttl.on.read'],
  };
  const lease = connections.acquire(nodes, options['cluster.mode']);
  try {
    return new RecordTableAdapter(
      schema,
      new RedisRecordTable(layout, context, schema, lease.worker, () => lease.release()),
    );
  } catch (error) {
    void lease.release();
    throw error;
  }
}

/** The `redis` store. */
export const redisStoreSpec: Extension = defineStore({
  name: 'redis',
  status: 'beta',
  summary: 'Keeps a table in Redis: a hash per row, found by primary key or by @Index attribute.',
  description:
    "Rows are hashes under '{table}:row:<key>', ordered by a sorted set '{table}:rows'; each @Index attribute keeps a set of row keys per value. Conditions on the whole primary key or on an indexed attribute look rows up directly; other conditions scan the table's rows. Reads see every earlier write of the app.",
  parameters,
  examples: [
    {
      description: 'A table of stock prices in a local Redis, keyed by symbol.',
      siddhi:
        "@store(type='redis', nodes='localhost:6379', table.name='stocks')\n@PrimaryKey('symbol')\n@Index('volume')\ndefine table StockTable (symbol string, price float, volume long);",
    },
    {
      description: 'Rows that expire an hour after they were last written or read.',
      siddhi:
        "@store(type='redis', ttl.seconds='3600', ttl.on.update='true', ttl.on.read='true')\n@PrimaryKey('id')\ndefine table Sessions (id string, user string);",
    },
  ],
  create: (schema, ctx) => create(schema, ctx, ctx.options),
});
