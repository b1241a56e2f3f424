// The Micro Integrator samples of conf/samples/mi, unchanged, end to end against the MI test
// peer loading the XML beside them: HelloMi (http → grpc-call → grpc-call-response → log) and
// OrderApproval (the `mi` sink). Both use fixed ports, so they run one after the other here.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extensions as grpcList } from '@tributary/connector-grpc';
import { extensions as httpList } from '@tributary/connector-http';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import { extensions as jsonList } from '@tributary/mapper-json';
import { extensions as miList } from '@tributary/mi-bridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiPeer, type MiPeer } from '../support/mi-peer/index.js';

const sample = (name: string): string =>
  fileURLToPath(new URL(`../../conf/samples/mi/${name}`, import.meta.url));

async function until(ready: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Deployed {
  readonly app: AppRuntime;
  readonly lines: { level: string; message: string }[];
}

async function deploy(file: string): Promise<Deployed> {
  const lines: { level: string; message: string }[] = [];
  const logger: Logger = {
    log(level, message) {
      lines.push({ level, message });
    },
  };
  const engine = createEngine({
    logger,
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-http', version: '0.1.0', extensions: httpList },
      { package: '@tributary/connector-grpc', version: '0.1.0', extensions: grpcList },
      { package: '@tributary/mi-bridge', version: '0.1.0', extensions: miList },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonList },
    ),
  });
  const created = engine.createApp(readFileSync(sample(file), 'utf8'));
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  created.app.start();
  await created.app.whenConnected();
  return { app: created.app, lines };
}

describe('HelloMi sample (SI, unchanged) against the MI test peer', () => {
  let peer: MiPeer;
  let deployed: Deployed;

  beforeAll(async () => {
    // The MI side exactly as the sample ships it: the inbound endpoint names port 8888.
    peer = await startMiPeer({
      artifacts: [sample('inSeq.xml'), sample('grpcInboundEndpoint.xml')],
      host: 'localhost',
    });
    deployed = await deploy('HelloMi.siddhi');
  });

  afterAll(async () => {
    await deployed.app.shutdown();
    await peer.close();
  });

  it("answers the sample's curl request and logs MI's reply on OutputStream", async () => {
    const { lines } = deployed;
    expect(peer.grpcPort).toBe(8888);
    expect(
      lines.some((l) => l.message.includes('has successfully connected to grpc://localhost:8888')),
    ).toBe(true);
    // The request of the sample's "Testing the Sample" section.
    const response = await fetch('http://localhost:8006/inputstream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"event":{"message":"http_curl","headers":"\'Content-Type:json\'"}}',
    });
    expect(response.status).toBe(200);
    await until(
      () => lines.some((l) => l.message.startsWith('HelloMi : OutputStream')),
      'the logged reply',
    );
    const logged = lines.find((l) => l.message.startsWith('HelloMi : OutputStream'));
    expect(logged?.level).toBe('info');
    expect(logged?.message).toMatch(
      /^HelloMi : OutputStream : Event\{timestamp=\d+, data=\[http_curl, 'Content-Type:json'\], isExpired=false\}$/,
    );
    // MI's side: the sequence named in the url ran with the header taken from the event.
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]?.flow).toBe('inSeq');
    expect(peer.received[0]?.message.headers).toEqual({
      'Content-Type': 'json',
      sequence: 'inSeq',
    });
    expect(peer.logs[0]).toContain(
      'Payload: {"event":{"message":"http_curl","headers":"\'Content-Type:json\'"}}',
    );
  });
});

describe('OrderApproval sample (mi sink) against the MI test peer', () => {
  let peer: MiPeer;
  let deployed: Deployed;

  beforeAll(async () => {
    peer = await startMiPeer({
      artifacts: [
        sample('approveOrder.xml'),
        sample('OrdersAPI.xml'),
        sample('grpcInboundEndpoint.xml'),
      ],
      host: 'localhost',
      httpPort: 8290,
    });
    deployed = await deploy('OrderApproval.siddhi');
  });

  afterAll(async () => {
    await deployed.app.shutdown();
    await peer.close();
  });

  it('approves small orders with the sequence and large ones with the API, replies beside their orders', async () => {
    const { lines } = deployed;
    for (const [orderId, amount] of [
      ['o-1', 250],
      ['o-2', 5000],
    ] as const) {
      const response = await fetch('http://localhost:8007/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ event: { orderId, amount } }),
      });
      expect(response.status).toBe(200);
    }
    const approved = (): string[] =>
      lines.filter((l) => l.message.startsWith('approved : ')).map((l) => l.message);
    await until(() => approved().length === 2, 'two approvals');
    expect(
      approved()
        .map((m) => m.replace(/timestamp=\d+/, 'timestamp=T'))
        .sort(),
    ).toEqual([
      'approved : Event{timestamp=T, data=[o-1, 250.0, approved], isExpired=false}',
      'approved : Event{timestamp=T, data=[o-2, 5000.0, needs review], isExpired=false}',
    ]);
    expect(peer.received.map((r) => [r.via, r.flow]).sort()).toEqual([
      ['grpc-process', 'approveOrder'],
      ['http', 'api:OrdersAPI'],
    ]);
  });

  it('routes a call MI keeps failing to FailedStream', async () => {
    const { lines } = deployed;
    peer.failNext(1, 'error');
    await fetch('http://localhost:8007/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: { orderId: 'o-3', amount: 10 } }),
    });
    await until(() => lines.some((l) => l.message.startsWith('approval failed')), 'the failure');
    const failed = lines.find((l) => l.message.startsWith('approval failed'));
    expect(failed?.level).toBe('error');
    expect(failed?.message).toContain('o-3');
    expect(failed?.message).toContain("rejected the call to sequence 'approveOrder'");
  });
});
