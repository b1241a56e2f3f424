// The server over HTTP: authentication, body checks and limits, invalid apps with positions,
// the deployment folder (a broken file), app lifecycle, queries, snapshots and no stack traces.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startTestServer, type TestServer } from './test-server.js';

const APP = `@app:name('Orders')
define stream OrderStream (id string, amount double, qty int);
define table OrderTable (id string, amount double, qty int);
@info(name = 'store')
from OrderStream[amount > 0.0] select id, amount, qty insert into OrderTable;
`;

interface ErrorJson {
  error: {
    code: string;
    message: string;
    hint?: string;
    problems?: { path: string; message: string }[];
    diagnostics?: { code: string; line: number; column: number; message: string }[];
    text?: string;
  };
}

async function errorOf(res: Response): Promise<ErrorJson['error']> {
  const body = (await res.json()) as ErrorJson;
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  return body.error;
}

function deploy(server: TestServer, text: string, method = 'POST', path = '/siddhi-apps') {
  return server.request(path, { method, headers: { 'content-type': 'text/plain' }, body: text });
}

describe('server over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { server: { bodyLimit: 4096 } } });
  });

  afterAll(async () => {
    await server.close();
  });

  describe('authentication', () => {
    it('refuses requests without credentials with a 401 and a Basic challenge', async () => {
      const res = await server.request('/siddhi-apps', { auth: null });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="tributary"');
      expect((await errorOf(res)).code).toBe('E_UNAUTHORIZED');
    });

    it('refuses a wrong password, an unknown user, a wrong token and an odd scheme', async () => {
      const wrong = (user: string, password: string) =>
        `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      for (const auth of [
        wrong('tester', 'nope'),
        wrong('nobody', 'pa55word'),
        'Bearer not-the-token',
        'Digest abc',
        'Basic',
      ]) {
        const res = await server.request('/siddhi-apps', { auth });
        expect(res.status, auth).toBe(401);
      }
    });

    it('accepts the configured user and token', async () => {
      expect((await server.request('/siddhi-apps')).status).toBe(200);
      expect((await server.request('/siddhi-apps', { auth: BEARER })).status).toBe(200);
    });

    it('leaves /health and /metrics open', async () => {
      const health = await server.request('/health', { auth: null });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'UP' });
      const metrics = await server.request('/metrics', { auth: null });
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain('tributary_apps{status="active"}');
    });
  });

  describe('request bodies', () => {
    it('answers malformed JSON with E_MALFORMED_BODY', async () => {
      const res = await server.request('/stores/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"appName": ',
      });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('E_MALFORMED_BODY');
    });

    it('lists every problem of an invalid body with its path', async () => {
      const res = await server.request('/simulation/single', {
        method: 'POST',
        json: { siddhiAppName: '', data: 'x', extra: 1 },
      });
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('E_VALIDATION');
      expect(error.problems?.map((p) => p.path).sort()).toEqual([
        'data',
        'extra',
        'siddhiAppName',
        'streamName',
      ]);
    });

    it('wants text/plain for apps and JSON for queries', async () => {
      const asJson = await server.request('/siddhi-apps', { method: 'POST', json: { app: APP } });
      expect(asJson.status).toBe(415);
      expect((await errorOf(asJson)).code).toBe('E_UNSUPPORTED_MEDIA_TYPE');
      const asText = await server.request('/stores/query', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'from T select *',
      });
      expect(asText.status).toBe(415);
    });

    it('refuses bodies over the limit with 413', async () => {
      const res = await deploy(server, `${APP}\n-- ${'x'.repeat(5000)}`);
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('E_PAYLOAD_TOO_LARGE');
    });

    it('answers unknown routes with a JSON 404', async () => {
      const res = await server.request('/no/such/route');
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('E_NOT_FOUND');
    });
  });

  describe('apps', () => {
    it('reports an invalid app with diagnostics carrying line and column', async () => {
      const res = await deploy(
        server,
        "@app:name('Broken')\ndefine stream S (a int);\nfrom Stream select a insert into O;\n",
      );
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('E_INVALID_APP');
      expect(error.diagnostics?.[0]).toMatchObject({
        code: 'E_UNKNOWN_STREAM',
        line: 3,
        column: 6,
      });
      expect(error.text).toContain("3:6 error E_UNKNOWN_STREAM unknown stream 'Stream'");
    });

    it('reports a syntax error with its position', async () => {
      const res = await deploy(server, "@app:name('Syntax')\ndefine stream S (a int;\n");
      const error = await errorOf(res);
      expect(res.status).toBe(400);
      expect(error.diagnostics?.[0]?.line).toBe(2);
    });

    it('needs @app:name', async () => {
      const res = await deploy(server, 'define stream S (a int);');
      expect((await errorOf(res)).code).toBe('E_APP_NAME_REQUIRED');
    });

    it('deploys, lists, reads, refuses a duplicate, updates and undeploys', async () => {
      const created = await deploy(server, APP);
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({
        name: 'Orders',
        status: 'active',
        created: true,
      });
      expect((await deploy(server, APP)).status).toBe(409);
      const list = (await (await server.request('/siddhi-apps')).json()) as { name: string }[];
      expect(list.map((a) => a.name)).toContain('Orders');
      const text = await server.request('/siddhi-apps/Orders');
      expect(text.headers.get('content-type')).toContain('text/plain');
      expect(await text.text()).toBe(APP);
      const status = await server.request('/siddhi-apps/Orders/status');
      expect(await status.json()).toMatchObject({ name: 'Orders', status: 'active' });

      const renamed = await deploy(server, APP, 'PUT', '/siddhi-apps/Other');
      expect((await errorOf(renamed)).code).toBe('E_APP_NAME_MISMATCH');
      const updated = await deploy(
        server,
        APP.replace('amount > 0.0', 'amount > 1.0'),
        'PUT',
        '/siddhi-apps/Orders',
      );
      expect(updated.status).toBe(200);
      expect(await updated.json()).toMatchObject({ created: false });

      expect((await server.request('/siddhi-apps/Orders', { method: 'DELETE' })).status).toBe(200);
      const gone = await server.request('/siddhi-apps/Orders/status');
      expect(gone.status).toBe(404);
      expect((await errorOf(gone)).code).toBe('E_APP_NOT_FOUND');
    });

    it('sends events, checks them against the stream, queries the table and counts', async () => {
      expect((await deploy(server, APP.replace("'Orders'", "'Shop'"))).status).toBe(201);
      const send = (data: unknown[], streamName = 'OrderStream') =>
        server.request('/simulation/single', {
          method: 'POST',
          json: { siddhiAppName: 'Shop', streamName, data },
        });
      expect((await send(['o1', 12.5, 2])).status).toBe(200);
      expect((await send(['o2', 0, 1])).status).toBe(200);
      const bad = await send(['o3', 'lots', 1]);
      expect(bad.status).toBe(400);
      expect((await errorOf(bad)).message).toContain("amount (double) cannot be 'lots'");
      const unknown = await send(['o4'], 'Nope');
      expect((await errorOf(unknown)).code).toBe('E_UNKNOWN_STREAM');

      const query = await server.request('/stores/query', {
        method: 'POST',
        json: { appName: 'Shop', query: 'from OrderTable select id, amount' },
      });
      expect(await query.json()).toEqual({
        records: [['o1', 12.5]],
        attributes: [
          { name: 'id', type: 'string' },
          { name: 'amount', type: 'double' },
        ],
      });
      const badQuery = await server.request('/stores/query', {
        method: 'POST',
        json: { appName: 'Shop', query: 'from NoTable select *' },
      });
      expect(badQuery.status).toBe(400);
      expect((await errorOf(badQuery)).diagnostics?.length).toBeGreaterThan(0);

      const stats = (await (await server.request('/siddhi-apps/Shop/statistics')).json()) as {
        streams: Record<string, { events: number }>;
        queries: Record<string, { current: number }>;
      };
      expect(stats.streams.OrderStream?.events).toBe(2);
      expect(stats.queries.store?.current).toBe(1);
      const metrics = await (await server.request('/metrics', { auth: null })).text();
      expect(metrics).toContain('tributary_stream_events_total{app="Shop",stream="OrderStream"} 2');
      expect(metrics).toContain(
        'tributary_query_events_total{app="Shop",query="store",type="current"} 1',
      );
      expect(metrics).toMatch(
        /tributary_send_duration_seconds_count\{app="Shop",stream="OrderStream"\} 2/,
      );
      expect(metrics).toMatch(
        /tributary_http_requests_total\{method="POST",route="\/simulation\/single",status="200"\} 2/,
      );
    });

    it('backs up and restores a snapshot', async () => {
      expect((await deploy(server, APP.replace("'Orders'", "'Snap'"))).status).toBe(201);
      await server.request('/simulation/single', {
        method: 'POST',
        json: { siddhiAppName: 'Snap', streamName: 'OrderStream', data: ['a', 1.5, 1] },
      });
      const backup = (await (
        await server.request('/siddhi-apps/Snap/backup', { method: 'POST' })
      ).json()) as {
        revision: string;
      };
      await server.request('/simulation/single', {
        method: 'POST',
        json: { siddhiAppName: 'Snap', streamName: 'OrderStream', data: ['b', 2.5, 1] },
      });
      const restored = await server.request(
        `/siddhi-apps/Snap/restore?revision=${encodeURIComponent(backup.revision)}`,
        { method: 'POST' },
      );
      expect(await restored.json()).toEqual({ name: 'Snap', revision: backup.revision });
      const rows = await server.request('/stores/query', {
        method: 'POST',
        json: { appName: 'Snap', query: 'from OrderTable select id' },
      });
      expect(await rows.json()).toMatchObject({ records: [['a']] });
      const missing = await server.request('/siddhi-apps/Snap/restore?revision=nope', {
        method: 'POST',
      });
      expect((await errorOf(missing)).code).toBe('E_REVISION_NOT_FOUND');
    });
  });

  it('serves the OpenAPI description and the extension catalogue', async () => {
    const doc = (await (await server.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/siddhi-apps/{name}/statistics');
    const catalogue = (await (await server.request('/extensions?kind=window')).json()) as {
      extensions: { qualifiedName: string }[];
    };
    expect(catalogue.extensions.map((e) => e.qualifiedName)).toContain('length');
    const one = await server.request('/extensions/window/length');
    expect(await one.json()).toMatchObject({ kind: 'window', name: 'length' });
  });
});

describe('deployment folder', () => {
  it('deploys the good files, reports a broken one and a misnamed one, and runs the rest', async () => {
    const home = (await import('node:fs')).mkdtempSync(
      join((await import('node:os')).tmpdir(), 'tributary-hot-'),
    );
    const folder = join(home, 'conf', 'siddhi-files');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'Good.siddhi'), APP.replace("'Orders'", "'Good'"));
    writeFileSync(
      join(folder, 'Broken.siddhi'),
      "@app:name('Broken')\ndefine stream S (a int);\nfrom X select a insert into O;\n",
    );
    writeFileSync(join(folder, 'Misnamed.siddhi'), APP.replace("'Orders'", "'Other'"));
    writeFileSync(join(folder, 'notes.txt'), 'not an app');
    const server = await startTestServer({ home });
    try {
      const list = (await (await server.request('/siddhi-apps')).json()) as {
        name: string;
        status: string;
        lastError?: { code: string };
      }[];
      expect(list.map((a) => [a.name, a.status, a.lastError?.code])).toEqual([
        ['Broken', 'failed', 'E_INVALID_APP'],
        ['Good', 'active', undefined],
        ['Misnamed', 'failed', 'E_APP_NAME_MISMATCH'],
      ]);
      const status = (await (await server.request('/siddhi-apps/Broken/status')).json()) as {
        lastError: { details: { diagnostics: { line: number; column: number }[] } };
      };
      expect(status.lastError.details.diagnostics[0]).toMatchObject({ line: 3, column: 6 });
      const log = server.logs().join('');
      expect(log).toContain('Broken.siddhi was not deployed');
      const sent = await server.request('/simulation/single', {
        method: 'POST',
        json: { siddhiAppName: 'Good', streamName: 'OrderStream', data: ['x', 1, 1] },
      });
      expect(sent.status).toBe(200);
      const health = (await (await server.request('/health', { auth: null })).json()) as {
        apps: unknown;
      };
      expect(health.apps).toEqual({ active: 1, failed: 2 });
    } finally {
      await server.close();
    }
  });
});
