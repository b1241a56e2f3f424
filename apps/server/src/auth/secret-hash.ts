// Password and token hashes for the configuration file: scrypt from node:crypto with a random
// salt, stored as `scrypt$N$r$p$salt$hash` so the cost can be raised without breaking old hashes.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters. */
export interface ScryptCost {
  /** CPU/memory cost, a power of two (default 16384). */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_COST: ScryptCost = { N: 16_384, r: 8, p: 1 };

const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    // scrypt needs 128·N·r bytes; leave room above the default 32 MiB cap.
    maxmem: 256 * cost.N * cost.r + 1_048_576,
  };
  return new Promise((resolvePromise, reject) => {
    scrypt(secret, salt, KEY_LENGTH, options, (error, key) => {
      if (error === null) resolvePromise(key);
      else reject(error);
    });
  });
}

/**
 * Hashes a password or token for `auth.users[].passwordHash` / `auth.tokens[].tokenHash`.
 * @example
 * const hash = await hashSecret('s3cret'); // 'scrypt$16384$8$1$…$…'
 */
export async function hashSecret(secret: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost);
  return [
    'scrypt',
    String(cost.N),
    String(cost.r),
    String(cost.p),
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/**
 * Whether `secret` matches `hash` (constant-time comparison); false for a malformed hash.
 * @example
 * await verifySecret('s3cret', hash); // true
 */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = hash.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = Buffer.from(key, 'base64');
  let actual: Buffer;
  try {
    actual = await derive(secret, Buffer.from(salt, 'base64'), cost);
  } catch {
    return false;
  }
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
