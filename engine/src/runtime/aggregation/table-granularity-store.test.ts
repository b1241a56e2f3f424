// Reads of a stored aggregation keep the order of the same aggregation in memory when a new app
// on a durable store picks a finished bucket up again: an event into a stored bucket makes it the
// running one (loaded from the table), and it must keep its row's place among the buckets of its
// start rather than move after them.

import { describe, expect, it } from 'vitest';
import { createEngine, type EngineOptions } from '../../engine.js';
import { TestStoreTable } from '../../testing/test-store.js';
import type { AppRuntime } from '../app/app-runtime.js';
import { recordTableFactory } from '../table/record-table.js';
import type { TableFactory } from '../table/table.js';
import { VirtualClock } from '../time/index.js';

const T0 = Date.UTC(2017, 5, 1, 4, 5, 50);
const aggregation = (store: string): string => `
define stream S (symbol string, price float, ts long);
${store} define aggregation A from S
select symbol, sum(price) as total, count() as n group by symbol aggregate by ts every sec ... min;`;
const SECONDS = "from A within 0L, 9999999999999L per 'sec' select *";

function start(text: string, options: EngineOptions = {}): AppRuntime {
  const created = createEngine({
    timeService: new VirtualClock(T0),
    logger: { log: () => undefined },
    ...options,
  }).createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

/** A store whose tables outlive the apps using them (as a database's). */
function durableStore(): TableFactory {
  const tables = new Map<string, TestStoreTable>();
  return recordTableFactory('durable', (schema, context) => {
    let table = tables.get(schema.id);
    if (table === undefined) {
      table = new TestStoreTable(schema, context);
      tables.set(schema.id, table);
    }
    return table;
  });
}

describe('TableGranularityStore', () => {
  it('keeps a stored bucket in its place once it runs again in a new app', () => {
    const durable = durableStore();
    const first = start(aggregation("@store(type='durable')"), { stores: [durable] });
    const plain = start(aggregation(''));
    for (const app of [first, plain]) {
      const s = app.input('S');
      s.send(['WSO2', 1, T0]);
      s.send(['IBM', 2, T0]);
      s.send(['ORCL', 3, T0 + 1000]); // finishes (writes) the T0 second: WSO2, then IBM
    }
    const second = start(aggregation("@store(type='durable')"), { stores: [durable] });
    // into the stored WSO2 second at T0: it becomes the running bucket, loaded from the table
    second.input('S').send(['WSO2', 10, T0 + 100]);
    plain.input('S').send(['WSO2', 10, T0 + 100]);
    const T0_SECOND = `from A within 0L, ${String(T0 + 1000)}L per 'sec' select symbol, total, n`;
    expect(second.query(T0_SECOND)).toEqual([
      ['WSO2', 11, 2],
      ['IBM', 2, 1],
    ]);
    expect(second.query(T0_SECOND)).toEqual(plain.query(T0_SECOND));
    // a new key of the running start comes after the stored ones, as in memory
    second.input('S').send(['GOOG', 5, T0 + 200]);
    plain.input('S').send(['GOOG', 5, T0 + 200]);
    expect(second.query(T0_SECOND).map((r) => r[0])).toEqual(['WSO2', 'IBM', 'GOOG']);
    expect(second.query(T0_SECOND)).toEqual(plain.query(T0_SECOND));
    // (the ORCL second running in the first app died with it: no snapshot was taken)
    expect(second.query(SECONDS)).toHaveLength(3);
  });
});
