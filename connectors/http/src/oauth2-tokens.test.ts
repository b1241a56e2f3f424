import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { startServer, type TestServer } from './http-harness.test-support.js';
import { HttpClient } from './http-client.js';
import { OAuth2Error, OAuth2Tokens } from './oauth2-tokens.js';

const servers: TestServer[] = [];
const client = new HttpClient({
  tls: {},
  verifyCertificates: true,
  verifyHostname: true,
  socketIdleTimeoutMs: 2000,
});

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function idp(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

describe('OAuth2Tokens', () => {
  it('renews a token before it expires, with the refresh token the endpoint gave', async () => {
    const server = await idp((_, i) => ({
      body: JSON.stringify({
        access_token: `a${String(i)}`,
        refresh_token: `r${String(i)}`,
        expires_in: 60,
      }),
    }));
    let now = 1_000_000;
    const tokens = new OAuth2Tokens(
      client,
      { tokenUrl: new URL(`${server.url}/token`), clientId: 'c', clientSecret: 's', inBody: true },
      () => now,
    );
    expect(await tokens.authorization()).toBe('Bearer a0');
    now += 49_000;
    expect(await tokens.authorization()).toBe('Bearer a0');
    now += 2_000; // within 10 s of expiry
    expect(await tokens.authorization()).toBe('Bearer a1');
    const [first, second] = server.received.map((r) =>
      Object.fromEntries(new URLSearchParams(r.body)),
    );
    expect(first).toEqual({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's' });
    expect(second).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'r0',
      client_id: 'c',
      client_secret: 's',
    });
    expect(server.received[0]?.headers.authorization).toBeUndefined();
  });

  it('asks once for concurrent callers', async () => {
    const server = await idp(() => ({ body: '{"access_token":"t"}' }));
    const tokens = new OAuth2Tokens(client, {
      tokenUrl: new URL(`${server.url}/token`),
      clientId: 'c',
      clientSecret: 's',
      inBody: false,
    });
    const all = await Promise.all([1, 2, 3].map(() => tokens.authorization()));
    expect(all).toEqual(['Bearer t', 'Bearer t', 'Bearer t']);
    expect(server.received).toHaveLength(1);
  });

  it('fails with OAuth2Error for refused credentials and a connection error for 5xx', async () => {
    const server = await idp((_, i) =>
      i === 0 ? { status: 401, body: '{"error":"invalid_client"}' } : { status: 503 },
    );
    const tokens = new OAuth2Tokens(client, {
      tokenUrl: new URL(`${server.url}/token`),
      clientId: 'c',
      clientSecret: 'wrong',
      inBody: false,
    });
    await expect(tokens.authorization()).rejects.toThrow(OAuth2Error);
    await expect(tokens.authorization()).rejects.toThrow(ConnectionUnavailableError);
  });

  it('uses a given refresh token for the first grant', async () => {
    const server = await idp(() => ({ body: '{"access_token":"t"}' }));
    const tokens = new OAuth2Tokens(client, {
      tokenUrl: new URL(`${server.url}/token`),
      clientId: 'c',
      clientSecret: 's',
      inBody: false,
    });
    await tokens.authorization('given-refresh');
    expect(Object.fromEntries(new URLSearchParams(server.received[0]?.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'given-refresh',
    });
  });
});
