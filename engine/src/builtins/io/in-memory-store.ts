// The `inMemory` store: `@store(type='inMemory')` names the default table store explicitly
// (a table without `@store` is the same in-memory table).

import { defineStore } from '../../extension-api/define.js';
import { InMemoryTable } from '../../runtime/table/in-memory-table.js';

/**
 * `@store(type='inMemory')`.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [inMemoryStore] });
 */
export const inMemoryStore = defineStore({
  name: 'inMemory',
  status: 'stable',
  summary: "The engine's in-memory table store (the default for tables without @store).",
  description: 'Rows live in the app; they are kept in snapshots like any other state.',
  parameters: {},
  examples: [
    {
      description: 'A table of stock prices keyed by symbol, in memory.',
      siddhi:
        "@store(type='inMemory') @PrimaryKey('symbol')\n" +
        'define table StockTable (symbol string, price float);',
    },
  ],
  create: (schema, ctx) => new InMemoryTable(schema, { appName: ctx.appName, logger: ctx.logger }),
});
