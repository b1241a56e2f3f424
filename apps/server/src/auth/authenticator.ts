// Checks an Authorization header (HTTP Basic or a bearer token) against the configured users
// and tokens. scrypt is slow on purpose, so a credential that verified is remembered for a
// minute (by its SHA-256, never in clear) instead of being re-derived on every request.

import { createHash } from 'node:crypto';
import { verifySecret } from './secret-hash.js';

export interface AuthSettings {
  readonly enabled: boolean;
  readonly users: readonly { readonly username: string; readonly passwordHash: string }[];
  readonly tokens: readonly { readonly name: string; readonly tokenHash: string }[];
}

/** Who made a request: a user (Basic) or a named token (Bearer). */
export interface Principal {
  readonly kind: 'user' | 'token' | 'anonymous';
  readonly name: string;
}

const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 256;

/**
 * Authenticates requests.
 * @example
 * const auth = new Authenticator(config.auth);
 * const who = await auth.authenticate(request.headers.authorization); // undefined: refuse
 */
export class Authenticator {
  readonly #verified = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly settings: AuthSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** The principal for `header`, or undefined when it is missing or wrong. */
  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    if (!this.settings.enabled) return { kind: 'anonymous', name: 'anonymous' };
    if (header === undefined || header === '') return undefined;
    return this.#remembered(header);
  }

  /**
   * Whether `username` and `password` are those of a configured user, whether or not the
   * REST API asks for credentials: http sources with `basic.auth.enabled='true'` check here.
   * @example
   * httpExtensions({ authenticate: (user, password) => auth.verifyUser(user, password) });
   */
  async verifyUser(username: string, password: string): Promise<boolean> {
    if (username.includes(':')) return false;
    const header = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    return (await this.#remembered(header))?.kind === 'user';
  }

  async #remembered(header: string): Promise<Principal | undefined> {
    const digest = createHash('sha256').update(header).digest('hex');
    const remembered = this.#verified.get(digest);
    if (remembered !== undefined && remembered.until > this.now()) return remembered.principal;
    this.#verified.delete(digest);
    const principal = await this.#check(header);
    if (principal !== undefined) {
      if (this.#verified.size >= REMEMBER_MAX) {
        const oldest = this.#verified.keys().next().value;
        if (oldest !== undefined) this.#verified.delete(oldest);
      }
      this.#verified.set(digest, { principal, until: this.now() + REMEMBER_MS });
    }
    return principal;
  }

  async #check(header: string): Promise<Principal | undefined> {
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (space < 0 || value === '') return undefined;
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      const username = decoded.slice(0, colon);
      const user = this.settings.users.find((u) => u.username === username);
      if (user === undefined) return undefined;
      return (await verifySecret(decoded.slice(colon + 1), user.passwordHash))
        ? { kind: 'user', name: username }
        : undefined;
    }
    if (scheme === 'bearer') {
      for (const token of this.settings.tokens) {
        if (await verifySecret(value, token.tokenHash)) return { kind: 'token', name: token.name };
      }
    }
    return undefined;
  }
}
