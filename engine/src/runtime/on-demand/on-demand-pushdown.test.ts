// Unit tests of on-demand selections run by a store (the record-table SPI's compileSelection and
// query): the planner hands the whole selection to a store that offers it, returns the store's
// rows as the query's, and selects `find`'s records itself when the store declines or when the
// engine still filters what the store returns.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine.js';
import type { AppRuntime } from '../app/app-runtime.js';
import { recordTableFactory, type RecordTable } from '../table/record-table.js';
import type { StructuredSelection } from '../table/structured-selection.js';
import type { Row } from '../table/table.js';
import { VirtualClock } from '../time/index.js';

const RECORDS: readonly Row[] = [
  ['IBM', 75.5, 100],
  ['WSO2', 55.5, 10],
  ['IBM', 10.5, 5],
];

/** A store holding RECORDS that answers every selection with `answer` (when it accepts one). */
class SelectingStore implements RecordTable<string, string, StructuredSelection> {
  readonly selections: StructuredSelection[] = [];
  readonly queried: (readonly unknown[])[] = [];
  finds = 0;

  constructor(
    private readonly accept: boolean,
    private readonly answer: readonly Row[],
  ) {}

  compileCondition(): string {
    return 'all';
  }
  compileUpdateSet(): string {
    return 'set';
  }
  add(): void {
    // The records are fixed.
  }
  find(): readonly Row[] {
    this.finds += 1;
    return RECORDS;
  }
  contains(): boolean {
    return true;
  }
  delete(): void {
    // Not used.
  }
  update(): void {
    // Not used.
  }
  updateOrAdd(): void {
    // Not used.
  }
  compileSelection(selection: StructuredSelection): StructuredSelection | null {
    this.selections.push(selection);
    return this.accept ? selection : null;
  }
  query(
    _condition: string,
    params: readonly unknown[],
    _selection: StructuredSelection,
    selectionParams: readonly unknown[],
  ): readonly Row[] {
    this.queried.push([...params, ...selectionParams]);
    return this.answer;
  }
}

function appOn(store: SelectingStore): AppRuntime {
  const created = createEngine({
    timeService: new VirtualClock(0),
    stores: [recordTableFactory('selecting', () => store)],
  }).createApp(
    "@store(type='selecting') define table T (symbol string, price double, volume long);",
  );
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

const GROUPED = 'from T select symbol, sum(volume) as v group by symbol order by v desc limit 1';

describe('on-demand selections run by a store', () => {
  it("returns the store's rows when it runs the selection", () => {
    const store = new SelectingStore(true, [['IBM', 105]]);
    const app = appOn(store);
    expect(app.queryResult(GROUPED)).toEqual({
      attributes: [
        { name: 'symbol', type: 'string' },
        { name: 'v', type: 'long' },
      ],
      rows: [['IBM', 105]],
    });
    expect(store.finds).toBe(0);
    expect(store.selections[0]).toMatchObject({ aggregating: true, limit: 1 });
    // A cached query asks the store again on each run, compiling once.
    app.query(GROUPED);
    expect(store.queried).toHaveLength(2);
    expect(store.selections).toHaveLength(1);
  });

  it('selects the found records itself when the store declines', () => {
    const store = new SelectingStore(false, []);
    const app = appOn(store);
    expect(app.query(GROUPED)).toEqual([['IBM', 105]]);
    expect(store.selections).toHaveLength(1);
    expect(store.queried).toHaveLength(0);
    expect(store.finds).toBe(1);
  });

  it('does not ask the store when the engine filters the records or keeps the selection', () => {
    const store = new SelectingStore(true, [['never', 0]]);
    const app = appOn(store);
    // A function call on the row is the engine's to evaluate: it filters the records.
    const filtered = "from T on coalesce(symbol, 'x') == 'IBM' select sum(volume) as v";
    expect(app.query(filtered)).toEqual([[105]]);
    // The engine reads price from the group's last record.
    expect(app.query('from T select symbol, price, count() as n group by symbol')).toEqual([
      ['IBM', 10.5, 2],
      ['WSO2', 55.5, 1],
    ]);
    expect(store.queried).toHaveLength(0);
    expect(store.finds).toBe(2);
  });
});
