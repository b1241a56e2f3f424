// The MI test peer itself: MI's header rules on the gRPC inbound endpoint, the reply formats of
// MI's GRPCResponseSender, Synapse XML samples, REST APIs and proxies, the management API.

import { fileURLToPath } from 'node:url';
import { credentials, status as grpcStatus } from '@grpc/grpc-js';
import { EventServiceCallError, EventServiceClient } from '@tributary/connector-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import { startMiPeer, type MiPeer } from './mi-peer.js';
import { parseSynapseXml } from './synapse-xml.js';

const sample = (name: string): string =>
  fileURLToPath(new URL(`../../../conf/samples/mi/${name}`, import.meta.url));

const peers: MiPeer[] = [];
const clients: EventServiceClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const p of peers.splice(0)) await p.close();
});

async function peer(options: Parameters<typeof startMiPeer>[0]): Promise<MiPeer> {
  const started = await startMiPeer(options);
  peers.push(started);
  return started;
}

function client(p: MiPeer): EventServiceClient {
  const c = new EventServiceClient(`127.0.0.1:${String(p.grpcPort)}`, credentials.createInsecure());
  clients.push(c);
  return c;
}

async function failure(call: Promise<unknown>): Promise<EventServiceCallError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof EventServiceCallError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('MI peer: gRPC inbound endpoint', () => {
  it("runs HelloMi's inSeq.xml (log full, respond) from the inbound endpoint's sequence", async () => {
    const p = await peer({
      artifacts: [sample('inSeq.xml'), sample('grpcInboundEndpoint.xml')],
      grpcPort: 0,
    });
    const payload = '{"event":{"message":"hi"}}';
    const c = client(p);
    const named = await c.call('process', {
      payload,
      headers: { 'Content-Type': 'json', sequence: 'inSeq' },
    });
    // No sequence header: the inbound endpoint's own sequence (inSeq) runs.
    const fallback = await c.call('process', { payload, headers: { 'Content-Type': 'json' } });
    expect([named.payload, fallback.payload]).toEqual([payload, payload]);
    expect(p.logs).toHaveLength(2);
    expect(p.logs[0]).toContain(`Payload: ${payload}`);
    expect(p.logs[0]).toContain('sequence = inSeq');
  });

  it("applies MI's header rules: Content-Type is mandatory (json|xml|text), the sequence must exist", async () => {
    const p = await peer({ sequences: { echo: [{ kind: 'respond' }] } });
    const c = client(p);
    const missing = await failure(
      c.call('process', { payload: '{}', headers: { sequence: 'echo' } }),
    );
    expect([missing.code, missing.details]).toEqual([
      grpcStatus.UNKNOWN,
      'Invalid content type found in gRPC header. JSON, XML and text is supported',
    ]);
    const other = await failure(
      c.call('consume', { payload: '{}', headers: { sequence: 'echo', 'Content-Type': 'csv' } }),
    );
    expect(other.details).toBe(
      'Error occurred when processing gRPC message. csv type found in gRPC header is not supported',
    );
    const unknown = await failure(
      c.call('process', { payload: '{}', headers: { sequence: 'nope', 'Content-Type': 'json' } }),
    );
    expect([unknown.code, unknown.details]).toEqual([
      grpcStatus.NOT_FOUND,
      'Sequence: nope not found',
    ]);
    const none = await failure(
      c.call('process', { payload: '{}', headers: { 'Content-Type': 'json' } }),
    );
    expect(none.details).toBe('Sequence name is not specified in inbound endpoint or empty.');
    expect(p.received).toEqual([]);
  });

  it('answers xml and text as the SOAP body (as MI does) and transforms with payloadFactory', async () => {
    const p = await peer({
      artifacts: [
        parseSynapseXml(
          `<sequence xmlns="http://ws.apache.org/ns/synapse" name="greet">
             <payloadFactory media-type="json">
               <format>{"greeting":"Hello $1","items":$2}</format>
               <args><arg evaluator="json" expression="$.name"/><arg evaluator="json" expression="$.items"/></args>
             </payloadFactory>
             <respond/>
           </sequence>`,
        ),
      ],
      sequences: { echo: [{ kind: 'respond' }] },
    });
    const c = client(p);
    const greeted = await c.call('process', {
      payload: '{"name":"Ann","items":[1,2]}',
      headers: { 'Content-Type': 'json', sequence: 'greet' },
    });
    expect(JSON.parse(greeted.payload)).toEqual({ greeting: 'Hello Ann', items: [1, 2] });
    const xml = await c.call('process', {
      payload: '<a>1</a>',
      headers: { 'Content-Type': 'xml', sequence: 'echo' },
    });
    expect(xml.payload).toBe(
      '<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><a>1</a></soapenv:Body>',
    );
    const text = await c.call('process', {
      payload: 'a<b',
      headers: { 'Content-Type': 'text', sequence: 'echo' },
    });
    expect(text.payload).toContain(
      '<text xmlns="http://ws.apache.org/commons/ns/payload">a&lt;b</text>',
    );
  });

  it('builds xml payloads from a payloadFactory format and reads properties and headers', async () => {
    const p = await peer({
      artifacts: [
        parseSynapseXml(
          `<sequence xmlns="http://ws.apache.org/ns/synapse" name="toXml">
             <property name="region" expression="$trp:region"/>
             <payloadFactory media-type="xml">
               <format><order xmlns="" kind="new"><id>$1</id><region>$2</region></order></format>
               <args><arg evaluator="json" expression="$.id"/><arg expression="$ctx:region"/></args>
             </payloadFactory>
             <respond/>
           </sequence>`,
        ),
      ],
    });
    const reply = await client(p).call('process', {
      payload: '{"id":"o-7"}',
      headers: { 'Content-Type': 'json', sequence: 'toXml', region: 'eu' },
    });
    expect(reply.payload).toBe(
      '<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
        '<order kind="new"><id>o-7</id><region>eu</region></order></soapenv:Body>',
    );
  });

  it('fails injected calls, then serves again', async () => {
    const p = await peer({ sequences: { echo: [{ kind: 'respond' }] } });
    const c = client(p);
    p.failNext(1);
    const injected = await failure(
      c.call('process', { payload: '{}', headers: { 'Content-Type': 'json', sequence: 'echo' } }),
    );
    expect(injected.code).toBe(grpcStatus.UNAVAILABLE);
    await c.call('process', {
      payload: '{}',
      headers: { 'Content-Type': 'json', sequence: 'echo' },
    });
    expect(p.answered()).toBe(1);
  });
});

describe('MI peer: REST APIs, proxy services and the management API', () => {
  const options = {
    sequences: { audit: [{ kind: 'log' as const, level: 'simple' as const }] },
    apis: [
      {
        name: 'OrdersAPI',
        context: '/orders',
        resources: [
          {
            methods: ['POST'],
            path: '/approve',
            inSequence: [
              {
                kind: 'payloadFactory' as const,
                mediaType: 'json' as const,
                format: '{"id":"$1","approved":true}',
                args: [{ expression: '$.id' }],
              },
              { kind: 'respond' as const },
            ],
          },
        ],
      },
    ],
    proxies: [{ name: 'AuditProxy', inSequence: 'audit' }],
    inboundEndpoints: [
      { name: 'GrpcInbound', protocol: 'grpc', sequence: 'audit', parameters: {} },
    ],
  };

  it('runs API resources and proxies over HTTP', async () => {
    const p = await peer(options);
    const approved = await fetch(`${p.httpUrl}/orders/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"o-1"}',
    });
    expect([approved.status, approved.headers.get('content-type')]).toEqual([
      200,
      'application/json',
    ]);
    expect(await approved.json()).toEqual({ id: 'o-1', approved: true });
    const proxied = await fetch(`${p.httpUrl}/services/AuditProxy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(proxied.status).toBe(202);
    const missing = await fetch(`${p.httpUrl}/orders/reject`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(p.received.map((r) => r.flow)).toEqual(['api:OrdersAPI', 'proxy:AuditProxy']);
  });

  it('lists flows with MI shapes behind a JWT from /management/login', async () => {
    const p = await peer(options);
    const refused = await fetch(`${p.managementUrl}/management/sequences`);
    expect(refused.status).toBe(401);
    const badLogin = await fetch(`${p.managementUrl}/management/login`, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(badLogin.status).toBe(401);
    const login = await fetch(`${p.managementUrl}/management/login`, {
      headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    });
    const { AccessToken } = (await login.json()) as { AccessToken: string };
    const get = async (path: string): Promise<unknown> =>
      (
        await fetch(`${p.managementUrl}/management/${path}`, {
          headers: { authorization: `Bearer ${AccessToken}` },
        })
      ).json();
    expect(await get('sequences')).toEqual({
      count: 1,
      list: [{ name: 'audit', tracing: 'disabled', stats: 'disabled' }],
    });
    expect(await get('apis')).toEqual({
      count: 1,
      list: [
        { name: 'OrdersAPI', url: `${p.httpUrl}/orders`, tracing: 'disabled', stats: 'disabled' },
      ],
    });
    expect(await get('apis?apiName=OrdersAPI')).toMatchObject({
      context: '/orders',
      resources: [{ methods: ['POST'], url: '/approve' }],
    });
    expect(await get('proxy-services')).toEqual({
      count: 1,
      list: [
        {
          name: 'AuditProxy',
          wsdl1_1: `${p.httpUrl}/services/AuditProxy?wsdl`,
          wsdl2_0: `${p.httpUrl}/services/AuditProxy?wsdl2`,
        },
      ],
    });
    expect(await get('inbound-endpoints')).toEqual({
      count: 1,
      list: [{ name: 'GrpcInbound', protocol: 'grpc' }],
    });
  });
});
