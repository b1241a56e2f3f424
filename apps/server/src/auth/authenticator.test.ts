// Tests of secret hashing and the authenticator: Basic and Bearer credentials, refusals, the
// remembered verification, and authentication turned off.

import { describe, expect, it } from 'vitest';
import { TEST_COST } from '../test-server.js';
import { Authenticator } from './authenticator.js';
import { hashSecret, verifySecret } from './secret-hash.js';

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('secret hashes', () => {
  it('verify the secret they were made from, and nothing else', async () => {
    const hash = await hashSecret('s3cret', TEST_COST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
    expect(await verifySecret('s3cret', hash)).toBe(true);
    expect(await verifySecret('s3cret!', hash)).toBe(false);
    expect(await hashSecret('s3cret', TEST_COST)).not.toBe(hash);
  });

  it('treat malformed hashes as a mismatch', async () => {
    expect(await verifySecret('x', 'plain')).toBe(false);
    expect(await verifySecret('x', 'scrypt$0$8$1$AA==$AA==')).toBe(false);
  });
});

describe('Authenticator', () => {
  it('accepts the configured user and token and refuses the rest', async () => {
    let now = 0;
    const auth = new Authenticator(
      {
        enabled: true,
        users: [{ username: 'ann', passwordHash: await hashSecret('pw', TEST_COST) }],
        tokens: [{ name: 'ci', tokenHash: await hashSecret('tok', TEST_COST) }],
      },
      () => now,
    );
    expect(await auth.authenticate(basic('ann', 'pw'))).toEqual({ kind: 'user', name: 'ann' });
    expect(await auth.authenticate('Bearer tok')).toEqual({ kind: 'token', name: 'ci' });
    expect(await auth.authenticate('bearer tok')).toEqual({ kind: 'token', name: 'ci' });
    for (const header of [
      undefined,
      '',
      basic('ann', 'no'),
      basic('bob', 'pw'),
      'Bearer no',
      'Basic !!',
      'Token tok',
    ]) {
      expect(await auth.authenticate(header)).toBeUndefined();
    }
    now = 120_000;
    expect(await auth.authenticate(basic('ann', 'pw'))).toEqual({ kind: 'user', name: 'ann' });
  });

  it('verifies user passwords for http sources, whether or not the API asks for them', async () => {
    const users = [{ username: 'ann', passwordHash: await hashSecret('pw', TEST_COST) }];
    const tokens = [{ name: 'ci', tokenHash: await hashSecret('tok', TEST_COST) }];
    for (const enabled of [true, false]) {
      const auth = new Authenticator({ enabled, users, tokens });
      expect(await auth.verifyUser('ann', 'pw')).toBe(true);
      expect(await auth.verifyUser('ann', 'pw!')).toBe(false);
      expect(await auth.verifyUser('bob', 'pw')).toBe(false);
      // a token is not a user's password; a name with ':' cannot be a Basic user name
      expect(await auth.verifyUser('ci', 'tok')).toBe(false);
      expect(await auth.verifyUser('ann:pw', '')).toBe(false);
    }
  });

  it('lets everything through when turned off', async () => {
    const auth = new Authenticator({ enabled: false, users: [], tokens: [] });
    expect(auth.enabled).toBe(false);
    expect(await auth.authenticate(undefined)).toEqual({ kind: 'anonymous', name: 'anonymous' });
  });
});
