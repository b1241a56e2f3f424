// Unit tests of the cdc source without a database: the key-value contract builder, the commit
// tracker, option resolution, and the polling loop on a virtual clock with a fake database.

import { VirtualClock } from '@tributary/engine';
import type { SourceContext } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { connectorProperties, createCdcExtensions } from './cdc-source.js';
import { ChangeEventBuilder, type EventColumn } from './change-events.js';
import { CommitTracker } from './commit-tracker.js';
import { MysqlListeningConnection } from './mysql-listening-source.js';
import { derivedName, splitTableName } from './pg-replication-setup.js';
import { PG_TYPES, valueConverter } from './pg-values.js';
import type { PolledRows, PollingDatabase, PollingPosition } from './polling-database.js';
import { PollingConnection } from './polling-source.js';

const COLUMNS: EventColumn[] = [
  { name: 'id', convert: valueConverter(PG_TYPES.int4, 'double'), fallback: 0 },
  { name: 'name', convert: valueConverter(25, 'double'), fallback: '' },
];

describe('ChangeEventBuilder', () => {
  it('builds insert, update and delete maps with before_ keys', () => {
    const builder = new ChangeEventBuilder(COLUMNS, false);
    expect(builder.event('insert', { id: '1', name: 'a' }, null)).toEqual({ id: 1, name: 'a' });
    expect(builder.event('update', { id: '1', name: 'b' }, { id: '1', name: 'a' })).toEqual({
      before_id: 1,
      before_name: 'a',
      id: 1,
      name: 'b',
    });
    expect(builder.event('delete', null, { id: '1', name: null })).toEqual({
      before_id: 1,
      before_name: null,
    });
  });

  it('fills the lacking side with defaults when several operations are captured', () => {
    const builder = new ChangeEventBuilder(COLUMNS, true);
    expect(builder.event('insert', { id: '2', name: 'x' }, null)).toEqual({
      before_id: 0,
      before_name: '',
      id: 2,
      name: 'x',
    });
    expect(builder.event('delete', null, { id: '2', name: 'x' })).toEqual({
      before_id: 2,
      before_name: 'x',
      id: 0,
      name: '',
    });
  });

  it('takes an unsent (TOASTed) value from the old row, keeps SQL NULL, and skips unknown old values', () => {
    const builder = new ChangeEventBuilder(COLUMNS, false);
    expect(
      builder.event('update', { id: '1', name: undefined }, { id: '1', name: 'big' }),
    ).toMatchObject({
      name: 'big',
    });
    expect(
      builder.event('update', { id: '1', name: null }, { id: '1', name: 'old' }),
    ).toMatchObject({
      name: null,
    });
    // key-only old row: the non-key column is not known
    expect(
      builder.event('update', { id: '1', name: undefined }, { id: '1', name: undefined }),
    ).toEqual({
      before_id: 1,
      id: 1,
    });
  });
});

describe('CommitTracker', () => {
  function deferred(): { promise: Promise<void>; resolve: () => void; reject: () => void } {
    let resolve = (): void => undefined;
    let reject = (): void => undefined;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = () => {
        rej(new Error('stopped'));
      };
    });
    return { promise, resolve, reject };
  }
  const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  it('confirms transactions in commit order once all their emits resolved', async () => {
    const done: bigint[] = [];
    const tracker = new CommitTracker((end) => done.push(end));
    const a = deferred();
    const b = deferred();
    tracker.begin();
    tracker.track(a.promise);
    tracker.commit(10n);
    tracker.begin();
    tracker.track(b.promise);
    tracker.commit(20n);
    tracker.begin();
    tracker.commit(30n); // nothing of the table in it
    expect(tracker.inFlight).toBe(2);
    b.resolve();
    await flush();
    expect(done).toEqual([]); // 10 is still pending: 20 and 30 wait behind it
    a.resolve();
    await flush();
    expect(done).toEqual([30n]);
    expect(tracker.idle).toBe(true);
  });

  it('never confirms past a rejected emit, and forgets everything on reset', async () => {
    const done: bigint[] = [];
    const tracker = new CommitTracker((end) => done.push(end));
    const a = deferred();
    tracker.begin();
    tracker.track(a.promise);
    tracker.commit(10n);
    tracker.begin();
    tracker.commit(20n);
    a.reject();
    await flush();
    expect(done).toEqual([]);
    tracker.reset();
    expect(tracker.idle).toBe(true);
    expect(tracker.inFlight).toBe(0);
  });

  it('holds back while too many emits are in flight', async () => {
    const tracker = new CommitTracker(() => undefined);
    const a = deferred();
    tracker.begin();
    tracker.track(a.promise);
    expect(tracker.below(2)).toBeUndefined();
    const waiting = tracker.below(1);
    expect(waiting).toBeDefined();
    let released = false;
    void waiting?.then(() => {
      released = true;
    });
    await flush();
    expect(released).toBe(false);
    a.resolve();
    await flush();
    expect(released).toBe(true);
  });
});

describe('options', () => {
  it('reads connector.properties', () => {
    expect(connectorProperties(' snapshot.mode=initial, slot.name = s1 ,')).toEqual({
      'snapshot.mode': 'initial',
      'slot.name': 's1',
    });
    expect(() => connectorProperties('lonely')).toThrow(/no value/);
  });

  it('splits table names and derives slot names within the server limits', () => {
    expect(splitTableName('inventory.orders')).toEqual({ schema: 'inventory', name: 'orders' });
    expect(splitTableName('"My.Schema"."T"')).toEqual({ schema: 'My.Schema', name: 'T' });
    expect(splitTableName('orders')).toEqual({ schema: undefined, name: 'orders' });
    expect(() => splitTableName('a.b.c')).toThrow(/schema.table/);
    expect(derivedName('Shop App', 'OrderStream')).toBe('tributary_shop_app_orderstream');
    expect(derivedName('x'.repeat(80), 'S')).toHaveLength(63);
  });
});

/** A source context on a virtual clock that records emits (resolving each at once). */
function context(clock: VirtualClock, options: Record<string, unknown> = {}) {
  const emitted: unknown[][] = [];
  const lost: unknown[] = [];
  const logs: string[] = [];
  const ctx: SourceContext<unknown> = {
    options,
    appName: 'App',
    streamId: 'S',
    attributes: [],
    logger: {
      log: (level, message) => {
        logs.push(`${level}: ${message}`);
      },
    },
    clock,
    scheduler: clock,
    requestedTransportProperties: [],
    emit: (payload: unknown) => {
      emitted.push(payload as unknown[]);
      return Promise.resolve();
    },
    emitBatch: (payloads: readonly unknown[]) => {
      for (const payload of payloads) emitted.push(payload as unknown[]);
      return Promise.resolve();
    },
    connectionLost: (error) => {
      lost.push(error);
    },
  };
  return { ctx, emitted, lost, logs };
}

/** A table of rows keyed by an integer id. */
class FakeTable implements PollingDatabase {
  rows: number[] = [];
  opened = 0;
  async open(): Promise<void> {
    this.opened += 1;
    return Promise.resolve();
  }
  async close(): Promise<void> {
    return Promise.resolve();
  }
  async maxPosition(): Promise<PollingPosition | undefined> {
    return Promise.resolve(this.rows.length === 0 ? undefined : Math.max(...this.rows));
  }
  async rowsAfter(after: PollingPosition | undefined, limit: number): Promise<PolledRows> {
    const ids = [...this.rows]
      .sort((a, b) => a - b)
      .filter((id) => after === undefined || id > Number(after))
      .slice(0, limit);
    return Promise.resolve({ events: ids.map((id) => ({ id })), positions: ids });
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('PollingConnection', () => {
  const settings = {
    interval: 1,
    waitOnMissedRecord: false,
    missedRecordTimeout: -1,
    column: 'id',
    pageSize: 2,
  };

  it('skips rows present at the first start, pages through new ones, and keeps its position', async () => {
    const clock = new VirtualClock(0);
    const table = new FakeTable();
    table.rows = [1, 2];
    const { ctx, emitted } = context(clock);
    const source = new PollingConnection(ctx, settings, () => table);
    await source.connect();
    table.rows.push(3, 4, 5);
    clock.advanceTo(1);
    await settle();
    expect(emitted).toEqual([[{ id: 3 }, { id: 4 }], [{ id: 5 }]]);
    expect(source.snapshot()).toEqual({ position: 5 });
    table.rows.push(6);
    clock.advanceTo(500);
    await settle();
    expect(emitted).toHaveLength(2); // the next poll is 1 s after the last one
    clock.advanceTo(1001);
    await settle();
    expect(emitted.at(-1)).toEqual([{ id: 6 }]);
    await source.disconnect();
  });

  it('starts from a restored position instead of the table maximum', async () => {
    const clock = new VirtualClock(0);
    const table = new FakeTable();
    table.rows = [1, 2, 3];
    const { ctx, emitted } = context(clock);
    const source = new PollingConnection(ctx, settings, () => table);
    source.restore({ position: 1 });
    await source.connect();
    clock.advanceTo(1);
    await settle();
    expect(emitted.flat()).toEqual([{ id: 2 }, { id: 3 }]);
    await source.disconnect();
  });

  it('waits on a missed record until it appears or the timeout passes', async () => {
    const clock = new VirtualClock(0);
    const table = new FakeTable();
    table.rows = [1];
    const { ctx, emitted } = context(clock);
    const source = new PollingConnection(
      ctx,
      { ...settings, waitOnMissedRecord: true, missedRecordTimeout: 5, pageSize: 10 },
      () => table,
    );
    await source.connect();
    table.rows.push(2, 4);
    clock.advanceTo(1);
    await settle();
    expect(emitted.flat()).toEqual([{ id: 2 }]);
    clock.advanceTo(3000);
    await settle();
    expect(emitted.flat()).toEqual([{ id: 2 }]); // 3 is missing: 4 waits
    table.rows.push(3);
    clock.advanceTo(4000);
    await settle();
    expect(emitted.flat()).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
    table.rows.push(6);
    for (let t = 5000; t <= 12_000; t += 1000) {
      clock.advanceTo(t);
      await settle();
    }
    expect(emitted.flat().at(-1)).toEqual({ id: 6 }); // 5 never came: given up after 5 s
    await source.disconnect();
  });

  it('does not poll while paused', async () => {
    const clock = new VirtualClock(0);
    const table = new FakeTable();
    const { ctx, emitted } = context(clock);
    const source = new PollingConnection(ctx, settings, () => table);
    await source.connect();
    source.pause();
    table.rows.push(1);
    clock.advanceTo(5000);
    await settle();
    expect(emitted).toEqual([]);
    source.resume();
    clock.advanceTo(5001);
    await settle();
    expect(emitted.flat()).toEqual([{ id: 1 }]);
    await source.disconnect();
  });
});

describe('createCdcConnection', () => {
  const spec = createCdcExtensions({
    datasources: { SHOP: { url: 'jdbc:sqlite:/tmp/shop.db' } },
  })[0];
  function create(options: Record<string, unknown>): unknown {
    if (spec?.kind !== 'source') throw new Error('no source');
    const { ctx } = context(new VirtualClock(0), {
      mode: 'listening',
      'plugin.name': 'pgoutput',
      'connector.properties': '',
      'polling.interval': 1,
      'wait.on.missed.record': false,
      'missed.record.waiting.timeout': -1,
      'table.name': 't',
      ...options,
    });
    return spec.spec.create(ctx as SourceContext<never>);
  }

  it('resolves datasources and checks the driver class against the url', () => {
    expect(
      create({ mode: 'polling', 'datasource.name': 'SHOP', 'polling.column': 'id' }),
    ).toBeInstanceOf(PollingConnection);
    expect(() =>
      create({ mode: 'polling', 'datasource.name': 'NOPE', 'polling.column': 'id' }),
    ).toThrow(/no datasource 'NOPE' is configured \(configured: SHOP\)/);
    expect(() =>
      create({
        mode: 'polling',
        url: 'jdbc:postgresql://h/db',
        'jdbc.driver.name': 'com.mysql.jdbc.Driver',
        'polling.column': 'id',
      }),
    ).toThrow(/does not match/);
  });

  it('reads MySQL/MariaDB urls in listening mode through the binlog', () => {
    for (const url of ['jdbc:mariadb://h/db', 'jdbc:mysql://h:3307/db']) {
      expect(
        create({
          url,
          username: 'u',
          operation: ['insert'],
          'connector.properties': 'database.server.id=5500, snapshot.mode=initial',
        }),
      ).toBeInstanceOf(MysqlListeningConnection);
    }
  });

  it('refuses incomplete configurations with the reason', () => {
    expect(() => create({ mode: 'polling', url: 'jdbc:postgresql://h/db' })).toThrow(
      /polling.column/,
    );
    expect(() => create({ url: 'jdbc:postgresql://h/db', username: 'u' })).toThrow(/operation/);
    expect(() => create({ url: 'jdbc:sqlite:/tmp/a.db', operation: ['insert'] })).toThrow(
      /mode='polling'/,
    );
    expect(() =>
      create({
        url: 'jdbc:mariadb://h/db',
        username: 'u',
        operation: ['insert'],
        'database.server.id': 0,
      }),
    ).toThrow(/database.server.id '0' must be an integer from 1 to 4294967295/);
    expect(() =>
      create({
        url: 'jdbc:mariadb://h/db',
        username: 'u',
        operation: ['insert'],
        'connector.properties': 'snapshot.locking.mode=extended',
      }),
    ).toThrow(/snapshot.locking.mode 'extended' must be none or minimal/);
    expect(() =>
      create({
        url: 'jdbc:postgresql://h/db',
        username: 'u',
        operation: ['insert'],
        'connector.properties': 'snapshot.mode=always',
      }),
    ).toThrow(/snapshot.mode/);
    expect(() => create({})).toThrow(/give url/);
  });
});
