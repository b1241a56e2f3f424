// Simulations over HTTP: upload a CSV file, create a feed, run it to the end (virtual clock),
// read its progress, and the refusals.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '@tributary/engine';
import { startTestServer, type TestServer } from '../test-server.js';

const APP = `@app:name('Sim')
define stream S (symbol string, price double);
define table T (symbol string, price double);
from S select * insert into T;
`;

const FEED = {
  properties: { simulationName: 'Csv', timeInterval: 500 },
  sources: [
    {
      simulationType: 'CSV_SIMULATION',
      siddhiAppName: 'Sim',
      streamName: 'S',
      fileName: 'prices.csv',
      hasHeader: true,
    },
  ],
};

describe('/simulation', () => {
  let server: TestServer;
  const clock = new VirtualClock(0);

  beforeAll(async () => {
    server = await startTestServer({ time: clock });
    await server.request('/siddhi-apps', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: APP,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('uploads a file, runs a feed from it and reports progress', async () => {
    const upload = await server.request('/simulation/files/prices.csv', {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: 'symbol,price\nIBM,75.5\nWSO2,20\n',
    });
    expect(upload.status).toBe(201);
    expect(await (await server.request('/simulation/files')).json()).toMatchObject([
      { name: 'prices.csv' },
    ]);
    const created = await server.request('/simulation/feed', { method: 'POST', json: FEED });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'Csv', state: 'created' });
    const run = await server.request('/simulation/feed/Csv?action=run', { method: 'POST' });
    expect(await run.json()).toMatchObject({ state: 'running' });
    for (let i = 0; i < 3; i += 1) {
      clock.advanceBy(500);
      await vi.waitFor(
        async () => {
          const status = (await (await server.request('/simulation/feed/Csv/status')).json()) as {
            sent: number;
            state: string;
          };
          expect(status.sent).toBe(Math.min(2, i + 1));
        },
        { interval: 1 },
      );
    }
    await vi.waitFor(
      async () => {
        const status = (await (await server.request('/simulation/feed/Csv/status')).json()) as {
          state: string;
        };
        expect(status.state).toBe('finished');
      },
      { interval: 1 },
    );
    const rows = await server.request('/stores/query', {
      method: 'POST',
      json: { appName: 'Sim', query: 'from T select *' },
    });
    expect(await rows.json()).toMatchObject({
      records: [
        ['IBM', 75.5],
        ['WSO2', 20],
      ],
    });
    const metrics = await (await server.request('/metrics', { auth: null })).text();
    expect(metrics).toContain('tributary_feed_simulations{state="finished"} 1');
  });

  it('refuses bad feeds, actions and file names', async () => {
    const invalid = await server.request('/simulation/feed', {
      method: 'POST',
      json: { properties: { simulationName: '1 bad' }, sources: [{ simulationType: 'KAFKA' }] },
    });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { problems: { path: string }[] } };
    expect(body.error.problems.map((p) => p.path)).toEqual([
      'properties.simulationName',
      'sources[0].simulationType',
    ]);
    expect(
      (await server.request('/simulation/feed/Csv?action=jump', { method: 'POST' })).status,
    ).toBe(400);
    expect(
      (await server.request('/simulation/feed/Csv?action=pause', { method: 'POST' })).status,
    ).toBe(409);
    expect((await server.request('/simulation/feed/None/status')).status).toBe(404);
    const traversal = await server.request('/simulation/files/..%2Fx.csv', {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: 'a',
    });
    expect(traversal.status).toBe(400);
    expect((await server.request('/simulation/feed/Csv', { method: 'DELETE' })).status).toBe(200);
    expect(
      (await server.request('/simulation/files/prices.csv', { method: 'DELETE' })).status,
    ).toBe(200);
  });
});
