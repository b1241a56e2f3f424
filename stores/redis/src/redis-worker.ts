// The worker thread behind the `redis` store: one ioredis connection (or cluster client) serving
// the tables of one Redis deployment. Requests run one after another, so every read sees the
// writes sent before it. Rows are found by key, by index or by scanning the insertion-ordered
// set of ids, then filtered here with the engine's condition semantics.

import { serveBlockingWorker } from '@tributary/engine/blocking-worker';
import type { StructuredSet, StructuredValue } from '@tributary/engine';
import { Cluster, Redis } from 'ioredis';
import {
  decodeValue,
  encodeValue,
  indexValue,
  keyId,
  keysOf,
  type RedisPlan,
  type TableLayout,
} from './redis-layout.js';
import { evaluate } from './structured-evaluator.js';
import type { RedisNode } from './redis-nodes.js';

/** What the main thread passes to the worker. */
export interface RedisWorkerInit {
  readonly nodes: readonly RedisNode[];
  readonly cluster: boolean;
}

type Params = readonly unknown[];

/** Main → worker. */
export type RedisRequest =
  | { readonly op: 'define'; readonly layout: TableLayout }
  | { readonly op: 'add'; readonly table: string; readonly rows: readonly Params[] }
  | {
      readonly op: 'find' | 'contains';
      readonly table: string;
      readonly plan: RedisPlan;
      readonly params: Params;
    }
  | {
      readonly op: 'delete';
      readonly table: string;
      readonly plan: RedisPlan;
      readonly paramsList: readonly Params[];
    }
  | {
      readonly op: 'update';
      readonly table: string;
      readonly plan: RedisPlan;
      readonly paramsList: readonly Params[];
      readonly set: StructuredSet;
      readonly setParamsList: readonly Params[];
      /** Update-or-insert: the rows to add where nothing matched. */
      readonly records?: readonly Params[];
    }
  | { readonly op: 'barrier' };

/** Worker → main: rows (find), a flag (contains), or what went wrong in a write. */
export interface RedisAnswer {
  readonly rows?: readonly Params[];
  readonly found?: boolean;
  /** Messages to log (rows dropped for a taken key, updates refused). */
  readonly problems?: readonly string[];
}

type Client = Redis | Cluster;

interface Stored {
  readonly id: string;
  readonly values: unknown[];
  readonly score: number;
}

/** The operations on one table. */
class RedisTable {
  private readonly keys: ReturnType<typeof keysOf>;
  private readonly names: readonly string[];

  constructor(
    private readonly redis: Client,
    private readonly layout: TableLayout,
  ) {
    this.keys = keysOf(layout.name);
    this.names = layout.attributes.map((a) => a.name);
  }

  private idOf(values: readonly unknown[]): string | undefined {
    if (this.layout.primaryKey.length === 0) return undefined;
    return keyId(this.layout.primaryKey.map((p) => values[p] ?? null));
  }

  private value(node: StructuredValue, params: Params): unknown {
    return evaluate(node, { row: {}, params });
  }

  private decode(hash: Record<string, string>): unknown[] {
    return this.layout.attributes.map((a) => decodeValue(hash[a.name], a.type));
  }

  private rowObject(values: readonly unknown[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    this.names.forEach((name, i) => {
      row[name] = values[i] ?? null;
    });
    return row;
  }

  /** Writes a row's hash and index entries (the id is already in the ordered set). */
  private async write(id: string, values: readonly unknown[], ttl: boolean): Promise<void> {
    const fields: string[] = [];
    this.layout.attributes.forEach((a, i) => {
      const text = encodeValue(values[i], a.type);
      if (text !== null) fields.push(a.name, text);
    });
    const key = this.keys.row(id);
    const batch = this.redis.multi().del(key);
    if (fields.length > 0) batch.hset(key, ...fields);
    else batch.hset(key, '__empty', '1');
    for (const p of this.layout.indexes) {
      batch.sadd(this.keys.index(this.names[p] ?? '', indexValue(values[p])), id);
    }
    if (ttl && this.layout.ttlSeconds > 0) batch.expire(key, this.layout.ttlSeconds);
    await batch.exec();
  }

  private async unindex(id: string, values: readonly unknown[]): Promise<void> {
    if (this.layout.indexes.length === 0) return;
    const batch = this.redis.multi();
    for (const p of this.layout.indexes) {
      batch.srem(this.keys.index(this.names[p] ?? '', indexValue(values[p])), id);
    }
    await batch.exec();
  }

  async add(rows: readonly Params[]): Promise<RedisAnswer> {
    const problems: string[] = [];
    for (const values of rows) {
      const seq = await this.redis.incr(this.keys.seq);
      const id = this.idOf(values) ?? `n${String(seq)}`;
      // NX: a row whose key is taken is not added.
      const added = await this.redis.zadd(this.keys.rows, 'NX', seq, id);
      if (added === 0) {
        const exists = await this.redis.exists(this.keys.row(id));
        if (exists === 1) {
          problems.push(
            `dropping event ${JSON.stringify(values)}, as there is already an event stored with primary key '${this.layout.primaryKey.map((p) => String(values[p])).join(', ')}'`,
          );
          continue;
        }
        // An expired row left its id behind: the new row takes its place at the end.
        await this.redis.zadd(this.keys.rows, seq, id);
      }
      await this.write(id, values, true);
    }
    return { problems };
  }

  /** The stored rows `plan` finds for `params`, in insertion order. */
  async find(plan: RedisPlan, params: Params): Promise<Stored[]> {
    const lookup = plan.lookup;
    let ids: string[];
    if (lookup.kind === 'key') {
      ids = [keyId(lookup.values.map((v) => this.value(v, params)))];
    } else if (lookup.kind === 'index') {
      ids = await this.redis.smembers(
        this.keys.index(lookup.attribute, indexValue(this.value(lookup.value, params))),
      );
    } else {
      ids = await this.redis.zrange(this.keys.rows, '0', '-1');
    }
    if (ids.length === 0) return [];
    const batch = this.redis.pipeline();
    for (const id of ids) batch.hgetall(this.keys.row(id)).zscore(this.keys.rows, id);
    const replies = (await batch.exec()) ?? [];
    const found: Stored[] = [];
    const stale: string[] = [];
    ids.forEach((id, i) => {
      const hash = replies[2 * i]?.[1] as Record<string, string> | undefined;
      const score = replies[2 * i + 1]?.[1] as string | null | undefined;
      if (
        hash === undefined ||
        Object.keys(hash).length === 0 ||
        score === null ||
        score === undefined
      ) {
        if (score !== null && score !== undefined) stale.push(id);
        return;
      }
      found.push({ id, values: this.decode(hash), score: Number(score) });
    });
    // Rows that expired leave their ids behind; they go when met.
    if (stale.length > 0) await this.redis.zrem(this.keys.rows, ...stale);
    const filter = plan.filter;
    const matching =
      filter === undefined
        ? found
        : found.filter((s) => evaluate(filter, { row: this.rowObject(s.values), params }) === true);
    if (lookup.kind === 'index') matching.sort((a, b) => a.score - b.score);
    if (this.layout.ttlOnRead && this.layout.ttlSeconds > 0 && matching.length > 0) {
      const batch2 = this.redis.pipeline();
      for (const s of matching) batch2.expire(this.keys.row(s.id), this.layout.ttlSeconds);
      await batch2.exec();
    }
    return matching;
  }

  async delete(plan: RedisPlan, paramsList: readonly Params[]): Promise<RedisAnswer> {
    for (const params of paramsList) {
      for (const s of await this.find(plan, params)) {
        await this.redis.multi().del(this.keys.row(s.id)).zrem(this.keys.rows, s.id).exec();
        await this.unindex(s.id, s.values);
      }
    }
    return {};
  }

  async update(request: Extract<RedisRequest, { op: 'update' }>): Promise<RedisAnswer> {
    const problems: string[] = [];
    const { plan, paramsList, set, setParamsList, records } = request;
    for (const [i, params] of paramsList.entries()) {
      const found = await this.find(plan, params);
      if (found.length === 0) {
        const record = records?.[i];
        if (record !== undefined) problems.push(...((await this.add([record])).problems ?? []));
        continue;
      }
      const setParams = setParamsList[i] ?? [];
      const updated = found.map((s) => {
        const values = s.values.slice();
        const row = this.rowObject(values);
        set.columns.forEach((column, c) => {
          const node = set.values[c];
          const position = this.names.indexOf(column);
          if (node === undefined || position < 0) return;
          // Later assignments see earlier ones, as in the engine.
          const value = evaluate(node, { row, params: setParams }) ?? null;
          values[position] = value;
          row[column] = value;
        });
        return {
          id: s.id,
          score: s.score,
          old: s.values,
          values,
          newId: this.idOf(values) ?? s.id,
        };
      });
      const moved = new Set(found.map((s) => s.id));
      const clash = await this.keyClash(updated, moved);
      if (clash) {
        problems.push(
          'update failed, as there is already an event stored with the same primary key',
        );
        continue;
      }
      for (const u of updated) {
        await this.unindex(u.id, u.old);
        if (u.newId !== u.id) {
          await this.redis.multi().del(this.keys.row(u.id)).zrem(this.keys.rows, u.id).exec();
          await this.redis.zadd(this.keys.rows, u.score, u.newId);
        }
        await this.write(u.newId, u.values, this.layout.ttlOnUpdate || u.newId !== u.id);
      }
    }
    return { problems };
  }

  /** True when the new keys collide with each other or with rows not being updated. */
  private async keyClash(
    updated: readonly { readonly id: string; readonly newId: string }[],
    moving: ReadonlySet<string>,
  ): Promise<boolean> {
    if (this.layout.primaryKey.length === 0) return false;
    const ids = updated.map((u) => u.newId);
    if (new Set(ids).size !== ids.length) return true;
    for (const u of updated) {
      if (u.newId === u.id || moving.has(u.newId)) continue;
      if ((await this.redis.exists(this.keys.row(u.newId))) === 1) return true;
    }
    return false;
  }
}

function clientOf(init: RedisWorkerInit): Client {
  const first = init.nodes[0] ?? { host: '127.0.0.1', port: 6379 };
  if (init.cluster) {
    return new Cluster(
      init.nodes.map((n) => ({ host: n.host, port: n.port })),
      first.password === undefined ? {} : { redisOptions: { password: first.password } },
    );
  }
  return new Redis({
    host: first.host,
    port: first.port,
    ...(first.password === undefined ? {} : { password: first.password }),
    lazyConnect: true,
    maxRetriesPerRequest: 3,
  });
}

serveBlockingWorker<RedisRequest, RedisAnswer | undefined>(async (data) => {
  const init = data as RedisWorkerInit;
  const redis = clientOf(init);
  if (redis instanceof Redis) await redis.connect();
  const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '';
  const tables = new Map<string, RedisTable>();
  let chain: Promise<unknown> = Promise.resolve();
  const run = async (request: RedisRequest): Promise<RedisAnswer | undefined> => {
    if (request.op === 'barrier') return undefined;
    if (request.op === 'define') {
      tables.set(request.layout.name, new RedisTable(redis, request.layout));
      return undefined;
    }
    const table = tables.get(request.table);
    if (table === undefined) throw new Error(`no table '${request.table}' is defined`);
    switch (request.op) {
      case 'add':
        return table.add(request.rows);
      case 'find':
        return { rows: (await table.find(request.plan, request.params)).map((s) => s.values) };
      case 'contains':
        return { found: (await table.find(request.plan, request.params)).length > 0 };
      case 'delete':
        return table.delete(request.plan, request.paramsList);
      case 'update':
        return table.update(request);
    }
  };
  return {
    hello: version,
    handle(request, answer, fail) {
      // One request at a time: a read sees every write sent before it.
      const next = chain.then(() => run(request)).then(answer, fail);
      chain = next;
    },
    close: async () => {
      await chain;
      redis.disconnect();
    },
  };
});
