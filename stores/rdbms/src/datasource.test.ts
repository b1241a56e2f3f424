// Pool properties and shared connections: tables on one database share a connection, which
// closes when the last of them lets go.

import { describe, expect, it } from 'vitest';
import { ConnectionRegistry, datasourceSettings, poolSettings } from './datasource.js';

describe('poolSettings', () => {
  it("reads Siddhi's 'key:value' list and records into driver settings", () => {
    expect(poolSettings('maximumPoolSize:10, minimumIdle:2,connectionTimeout:5000')).toEqual({
      max: 10,
      min: 2,
      connectionTimeoutMillis: 5000,
    });
    expect(poolSettings({ idleTimeout: '60000', maxLifetime: 1500 })).toEqual({
      idleTimeoutMillis: 60000,
      maxLifetimeSeconds: 2,
    });
    expect(poolSettings(undefined)).toEqual({});
  });

  it('names the properties it knows when one is not', () => {
    expect(() => poolSettings('maxPool:3')).toThrow(
      /unknown pool property 'maxPool' \(known: maximumPoolSize/,
    );
    expect(() => poolSettings('maximumPoolSize:many')).toThrow(/must be a number, got 'many'/);
  });
});

describe('ConnectionRegistry', () => {
  it('shares one connection per database and closes it after the last release', async () => {
    const registry = new ConnectionRegistry({ lingerMs: 0 });
    const settings = datasourceSettings({ url: 'jdbc:sqlite::memory:' });
    const a = registry.acquire(settings);
    const b = registry.acquire(settings);
    expect(a.executor).toBe(b.executor);
    a.executor.run({ queue: 'q', steps: [{ sql: 'CREATE TABLE t (x INT)', values: [] }] });
    await a.release();
    await a.release();
    expect(registry.size).toBe(1);
    expect(
      b.executor.run({
        queue: 'q',
        steps: [{ sql: 'SELECT count(*) FROM t', values: [] }],
        read: true,
      }).rows,
    ).toEqual([[0]]);
    await b.release();
    expect(registry.size).toBe(0);
    const c = registry.acquire(settings);
    expect(c.executor).not.toBe(a.executor);
    await c.release();
  });

  it('keeps a released connection for the linger time, for the next table', async () => {
    const registry = new ConnectionRegistry({ lingerMs: 60_000 });
    const settings = datasourceSettings({ url: 'jdbc:sqlite::memory:' });
    const a = registry.acquire(settings);
    await a.release();
    const b = registry.acquire(settings);
    expect(b.executor).toBe(a.executor);
    await b.release();
    await registry.closeAll();
    expect(registry.size).toBe(0);
  });
});
