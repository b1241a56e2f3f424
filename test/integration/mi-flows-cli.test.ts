// `tributary mi flows` against the MI test peer: every sequence, API resource, proxy service and
// inbound endpoint of its management API, each with the `mi` sink that triggers it.

import { fileURLToPath } from 'node:url';
import { runCli, type CommandIo } from '@tributary/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiPeer, type MiPeer } from '../support/mi-peer/index.js';

const sample = (name: string): string =>
  fileURLToPath(new URL(`../../conf/samples/mi/${name}`, import.meta.url));

function capture(): CommandIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    color: false,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

describe('tributary mi flows', () => {
  let peer: MiPeer;

  beforeAll(async () => {
    peer = await startMiPeer({
      artifacts: [sample('inSeq.xml'), sample('grpcInboundEndpoint.xml'), sample('OrdersAPI.xml')],
      grpcPort: 0,
      sequences: { approveOrder: [{ kind: 'respond' }] },
      proxies: [{ name: 'AuditProxy', inSequence: 'inSeq' }],
      password: 's3cret',
    });
  });

  afterAll(async () => {
    await peer.close();
  });

  it('lists what MI can run, with the mi sink for each', async () => {
    const io = capture();
    const code = await runCli(
      ['mi', 'flows', '--management-url', peer.managementUrl, '--password', 's3cret'],
      io,
    );
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    expect(io.stdout()).toBe(
      [
        `Micro Integrator at ${peer.managementUrl}/management`,
        '',
        'sequences (2):',
        '  approveOrder',
        "    @sink(type='mi', url='grpc://<mi-host>:8888', sequence='approveOrder', …)",
        '  inSeq',
        "    @sink(type='mi', url='grpc://<mi-host>:8888', sequence='inSeq', …)",
        '',
        'REST APIs (1):',
        '  OrdersAPI  /orders',
        '    POST /orders/approve',
        `      @sink(type='mi', url='${peer.httpUrl}', api='/orders/approve', …)`,
        '    GET /orders/{id}',
        `      @sink(type='mi', url='${peer.httpUrl}', api='/orders/{id}', method='GET', …)`,
        '',
        'proxy services (1):',
        '  AuditProxy',
        `    @sink(type='mi', url='${peer.httpUrl}', proxy='AuditProxy', …)`,
        '',
        'inbound endpoints (1):',
        '  GrpcInboundEndpoint  grpc',
      ].join('\n'),
    );
  });

  it('prints JSON with --json and reports a refused login', async () => {
    const io = capture();
    expect(
      await runCli(
        ['mi', 'flows', '--management-url', peer.managementUrl, '--password', 's3cret', '--json'],
        io,
      ),
    ).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({
      sequences: ['approveOrder', 'inSeq'],
      proxies: ['AuditProxy'],
      inboundEndpoints: [{ name: 'GrpcInboundEndpoint', protocol: 'grpc' }],
    });
    const refused = capture();
    expect(await runCli(['mi', 'flows', '--management-url', peer.managementUrl], refused)).toBe(1);
    expect(refused.stderr()).toContain('refused the login (HTTP 401)');
    expect(refused.stderr()).toContain('[E_MI_LOGIN]');
  });
});
