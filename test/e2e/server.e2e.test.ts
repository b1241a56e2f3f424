// End to end: the real server (configuration file, bundled plugins, SQLite error store, file
// snapshots) on a free port. Deploy over REST, send events, read them back with a store query,
// see the counts in /metrics, redeploy, restart, and find the state restored.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, startServer, type TributaryServer } from '@tributary/server';

/** The scenario's app; `source` is put on TradeStream (ingests that need an @source). */
const appText = (source: string): string => `@app:name('TradeLedger')
@app:description('Keeps every trade and counts trades per symbol.')
${source}define stream TradeStream (symbol string, price double, volume long);
define table TradeTable (symbol string, price double, volume long);
define table SymbolCount (symbol string, trades long);

@info(name = 'record')
from TradeStream select symbol, price, volume insert into TradeTable;

@info(name = 'count')
from TradeStream
select symbol, count() as trades
group by symbol
update or insert into SymbolCount on SymbolCount.symbol == symbol;
`;

const USER = 'e2e';
const PASSWORD = 'e2e-secret';
const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

/** One way of getting events into a running app. */
interface Ingest {
  readonly name: string;
  /** The `@source(...)` line TradeStream needs for this ingest (empty for none). */
  source(): Promise<string>;
  send(
    server: TributaryServer,
    app: string,
    stream: string,
    rows: readonly unknown[][],
  ): Promise<void>;
}

/** Through the REST simulation endpoint (always available). */
const viaSimulation: Ingest = {
  name: '/simulation/single',
  source: () => Promise.resolve(''),
  async send(server, app, stream, rows) {
    for (const data of rows) {
      const res = await call(server, '/simulation/single', {
        method: 'POST',
        json: { siddhiAppName: app, streamName: stream, data },
      });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  },
};

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Through the app's own `@source(type='http')`: JSON events POSTed to its receiver URL, once
 * /metrics reports the source connected (sources connect in the background after a deploy).
 */
function viaHttpSource(): Ingest {
  let url = '';
  return {
    name: "@source(type='http')",
    async source() {
      url = `http://127.0.0.1:${String(await freePort())}/stocks`;
      return `@source(type='http', receiver.url='${url}', @map(type='json'))
`;
    },
    async send(server, app, stream, rows) {
      await connected(server, app, stream);
      const names = server.deployments.get(app).app.streamAttributes(stream) ?? [];
      const events = rows.map((row) => ({
        event: Object.fromEntries(names.map((a, i) => [a.name, row[i]])),
      }));
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      // 200 once the events were processed (the store queries that follow see them).
      expect(res.status, await res.clone().text()).toBe(200);
    },
  };
}

/** Waits until /metrics shows the stream's source connected. */
async function connected(server: TributaryServer, app: string, stream: string): Promise<void> {
  const line = `tributary_connection_state{app="${app}",kind="source",stream="${stream}",type="http",state="connected"} 1`;
  for (let i = 0; i < 200; i += 1) {
    if ((await (await fetch(`${server.url}/metrics`)).text()).includes(line)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the http source of ${app}/${stream} never connected`);
}

// Each way of getting events in runs the same scenario.
const INGESTS: readonly Ingest[] = [viaSimulation, viaHttpSource()];

async function call(
  server: TributaryServer,
  path: string,
  init: RequestInit & { readonly json?: unknown; readonly text?: string } = {},
): Promise<Response> {
  const { json, text, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('authorization', AUTH);
  if (json !== undefined) headers.set('content-type', 'application/json');
  if (text !== undefined) headers.set('content-type', 'text/plain');
  return fetch(`${server.url}${path}`, {
    ...rest,
    headers,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    ...(text === undefined ? {} : { body: text }),
  });
}

async function records(server: TributaryServer, query: string): Promise<unknown[][]> {
  const res = await call(server, '/stores/query', {
    method: 'POST',
    json: { appName: 'TradeLedger', query },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { records: unknown[][] }).records;
}

/** A home folder with a configuration file, as an operator would set one up. */
async function makeHome(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'tributary-e2e-'));
  mkdirSync(join(home, 'conf', 'siddhi-files'), { recursive: true });
  const hash = await hashSecret(PASSWORD, { N: 1024, r: 8, p: 1 });
  writeFileSync(
    join(home, 'conf', 'tributary.yaml'),
    [
      'server:',
      '  host: 127.0.0.1',
      '  port: 0',
      'auth:',
      '  users:',
      `    - { username: ${USER}, passwordHash: "${hash}" }`,
      'persistence:',
      '  interval: 0',
      'logging:',
      '  level: warn',
      '',
    ].join('\n'),
  );
  return home;
}

function start(home: string): Promise<TributaryServer> {
  return startServer({
    load: { home, env: {} },
    logDestination: { write: () => undefined },
  });
}

describe.each(INGESTS)('the server end to end (events via $name)', (ingest) => {
  let home: string;
  let server: TributaryServer;
  let app: string;

  beforeAll(async () => {
    app = appText(await ingest.source());
    home = await makeHome();
    server = await start(home);
  });

  afterAll(async () => {
    await server.close();
  });

  it('deploys an app over REST and mirrors it to the deployment folder', async () => {
    const res = await call(server, '/siddhi-apps', { method: 'POST', text: app });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'TradeLedger', status: 'active' });
    expect(readFileSync(join(home, 'conf', 'siddhi-files', 'TradeLedger.siddhi'), 'utf8')).toBe(
      app,
    );
  });

  it('takes events and answers store queries with them', async () => {
    await ingest.send(server, 'TradeLedger', 'TradeStream', [
      ['IBM', 75.5, 100],
      ['WSO2', 20.25, 50],
      ['IBM', 76, 200],
    ]);
    expect(await records(server, 'from TradeTable select symbol, volume')).toEqual([
      ['IBM', 100],
      ['WSO2', 50],
      ['IBM', 200],
    ]);
    expect(await records(server, 'from SymbolCount on symbol == "IBM" select trades')).toEqual([
      [2],
    ]);
  });

  it('shows the counts in /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain(
      'tributary_stream_events_total{app="TradeLedger",stream="TradeStream"} 3',
    );
    expect(text).toContain(
      'tributary_query_events_total{app="TradeLedger",query="record",type="current"} 3',
    );
    expect(text).toContain('tributary_apps{status="active"} 1');
  });

  it('keeps the state across a redeploy of the same structure', async () => {
    const edited = app.replace(
      "@info(name = 'record')",
      "-- every trade, as it came\n@info(name = 'record')",
    );
    const res = await call(server, '/siddhi-apps/TradeLedger', { method: 'PUT', text: edited });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { restoredRevision?: string };
    expect(body.restoredRevision).toMatch(/_F$/);
    await ingest.send(server, 'TradeLedger', 'TradeStream', [['IBM', 77, 300]]);
    expect(await records(server, 'from SymbolCount on symbol == "IBM" select trades')).toEqual([
      [3],
    ]);
  });

  it('restores the last snapshot after a restart', async () => {
    await server.close();
    server = await start(home);
    const status = await call(server, '/siddhi-apps/TradeLedger/status');
    expect(await status.json()).toMatchObject({
      status: 'active',
      restoredRevision: expect.any(String) as unknown,
    });
    expect(await records(server, 'from TradeTable select symbol, volume')).toEqual([
      ['IBM', 100],
      ['WSO2', 50],
      ['IBM', 200],
      ['IBM', 300],
    ]);
    await ingest.send(server, 'TradeLedger', 'TradeStream', [['IBM', 78, 400]]);
    expect(await records(server, 'from SymbolCount on symbol == "IBM" select trades')).toEqual([
      [4],
    ]);
  });
});
