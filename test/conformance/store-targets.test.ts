// The `--store` rewrite: tables without a store (and the Siddhi suites' test-store tables) get
// an `rdbms` store with a numbered table name; tables of other stores are left alone.

import { describe, expect, it } from 'vitest';
import { mapTablesToStore } from './store-targets.js';

const name = (id: string): string => `c1_${id}`;

describe('mapTablesToStore', () => {
  it('adds a store before each plain table, after its other annotations', () => {
    const app =
      "define stream S (a int); @PrimaryKey('a') define table T (a int); define table U (b string);";
    expect(mapTablesToStore(app, "jdbc.url='u'", name)).toBe(
      "define stream S (a int); @PrimaryKey('a') @store(type='rdbms', jdbc.url='u', table.name='c1_T') define table T (a int); @store(type='rdbms', jdbc.url='u', table.name='c1_U') define table U (b string);",
    );
  });

  it("replaces the test store's annotation, case and quotes as written", () => {
    const app =
      'define stream S (a int); @Store(type="testStoreContainingInMemoryTable") @PrimaryKey(\'a\') define table T (a int);';
    expect(mapTablesToStore(app, "jdbc.url='u'", name)).toBe(
      "define stream S (a int); @store(type='rdbms', jdbc.url='u', table.name='c1_T') @PrimaryKey('a') define table T (a int);",
    );
  });

  it('leaves tables of other stores as they are', () => {
    const app =
      "@store(type='test', uri='x') define table T (a int); @store(ref='r') define table U (a int);";
    expect(mapTablesToStore(app, "jdbc.url='u'", name)).toBe(app);
  });
});
