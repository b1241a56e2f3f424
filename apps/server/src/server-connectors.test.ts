// The server with its bundled connectors: an http source checks basic auth against the
// configured users, `extensions:` system parameters fill options apps leave out, and /metrics
// shows each source's and sink's connection state.

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC, startTestServer, type TestServer } from './test-server.js';

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

function app(name: string, url: string, auth: string): string {
  return `@app:name('${name}')
@source(type='http', receiver.url='${url}'${auth}, @map(type='json'))
define stream OrderStream (id string, qty int);
@sink(type='log')
define stream LoggedStream (id string, qty int);
define table OrderTable (id string, qty int);
from OrderStream select id, qty insert into OrderTable;
from OrderStream select id, qty insert into LoggedStream;
`;
}

/** Polls /metrics until `line` shows up (sources connect in the background after a deploy). */
async function metricsLine(server: TestServer, line: string): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    if (text.includes(line)) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`/metrics never showed ${line}`);
}

function post(url: string, body: unknown, authorization?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify(body),
  });
}

describe('the server with the bundled connectors', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      extensions: 'plugins',
      // every http source asks for credentials unless its app says otherwise
      overrides: { extensions: { 'source:http': { 'basic.auth.enabled': 'true' } } },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it("checks an http source's basic auth against the configured users", async () => {
    const url = `http://127.0.0.1:${String(await freePort())}/orders`;
    const deployed = await server.request('/siddhi-apps', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: app('SecuredOrders', url, ''),
    });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    await metricsLine(
      server,
      'tributary_connection_state{app="SecuredOrders",kind="source",stream="OrderStream",type="http",state="connected"} 1',
    );
    const event = { event: { id: 'o-1', qty: 3 } };
    expect((await post(url, event)).status).toBe(401);
    const wrong = `Basic ${Buffer.from('tester:wrong').toString('base64')}`;
    expect((await post(url, event, wrong)).status).toBe(401);
    expect((await post(url, event, BASIC)).status).toBe(200);
    const res = await server.request('/stores/query', {
      method: 'POST',
      json: { appName: 'SecuredOrders', query: 'from OrderTable select id, qty' },
    });
    expect(await res.json()).toMatchObject({ records: [['o-1', 3]] });
  });

  it('lets an app override a system parameter, and shows connection states in /metrics', async () => {
    const url = `http://127.0.0.1:${String(await freePort())}/open`;
    const deployed = await server.request('/siddhi-apps', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: app('OpenOrders', url, ", basic.auth.enabled='false'"),
    });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    const text = await metricsLine(
      server,
      'tributary_connection_state{app="OpenOrders",kind="source",stream="OrderStream",type="http",state="connected"} 1',
    );
    expect(text).toContain(
      'tributary_connection_state{app="OpenOrders",kind="source",stream="OrderStream",type="http",state="failed"} 0',
    );
    expect(text).toContain(
      'tributary_connection_state{app="OpenOrders",kind="sink",stream="LoggedStream",type="log",state="connected"} 1',
    );
    expect(text).toContain(
      'tributary_connection_retries{app="OpenOrders",kind="source",stream="OrderStream",type="http"} 0',
    );
    expect((await post(url, [{ event: { id: 'o-2', qty: 1 } }])).status).toBe(200);
    const res = await server.request('/stores/query', {
      method: 'POST',
      json: { appName: 'OpenOrders', query: 'from OrderTable select id, qty' },
    });
    expect(await res.json()).toMatchObject({ records: [['o-2', 1]] });
  });
});
