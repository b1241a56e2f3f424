// WSO2's HelloMi sample (conf/samples/mi), unchanged, end to end: curl's request into the real
// `http` source, `grpc-call` to the MI test peer running the sample's inSeq.xml behind its
// grpcInboundEndpoint.xml (port 8888), the reply through `grpc-call-response` into the log.

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

describe('HelloMi sample against the MI test peer', () => {
  const lines: { level: string; message: string }[] = [];
  let peer: MiPeer;
  let app: AppRuntime;

  beforeAll(async () => {
    // The MI side exactly as the sample ships it: the inbound endpoint names port 8888.
    peer = await startMiPeer({
      artifacts: [sample('inSeq.xml'), sample('grpcInboundEndpoint.xml')],
      host: 'localhost',
    });
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
        { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonList },
      ),
    });
    const created = engine.createApp(readFileSync(sample('HelloMi.siddhi'), 'utf8'));
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
    app = created.app;
    app.start();
    await app.whenConnected();
  });

  afterAll(async () => {
    await app.shutdown();
    await peer.close();
  });

  it("answers the sample's curl request and logs MI's reply on OutputStream", async () => {
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
