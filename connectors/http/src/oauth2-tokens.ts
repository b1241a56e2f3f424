// OAuth 2.0 access tokens for the http sinks: password, refresh-token and client-credentials
// grants against `token.url`, cached until they expire or the API answers 401, one token
// request at a time however many events wait for it.

import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { bodyExcerpt, isTransientStatus, type HttpClient } from './http-client.js';

/** Where and how tokens are requested. */
export interface OAuth2Settings {
  readonly tokenUrl: URL;
  /** `consumer.key`/`consumer.secret` (sent as a Basic header, or in the body with `inBody`). */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** `body.consumer.key`/`body.consumer.secret`: client credentials in the form body. */
  readonly inBody: boolean;
  /** `oauth.username`/`oauth.password`: the password grant. */
  readonly username?: string;
  readonly password?: string;
  /** `oauth.scope`, sent when given. */
  readonly scope?: string;
}

/** A token endpoint that refused the request (wrong credentials, bad grant). */
export class OAuth2Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuth2Error';
  }
}

interface Token {
  readonly header: string;
  /** ms since the epoch; Infinity when the endpoint gave no `expires_in`. */
  readonly expiresAt: number;
}

/** Tokens are renewed this long before they expire. */
const EXPIRY_MARGIN_MS = 10_000;

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  if (typeof field === 'number') return field;
  if (typeof field === 'string' && /^\d+$/.test(field)) return Number(field);
  return undefined;
}

/**
 * The access tokens of one sink.
 * @example
 * const tokens = new OAuth2Tokens(client, { tokenUrl: new URL('https://idp/token'), clientId: 'k', clientSecret: 's', inBody: false });
 * const authorization = await tokens.authorization(); // 'Bearer eyJ…'
 * tokens.rejected(authorization);                     // after a 401: the next call fetches a new one
 */
export class OAuth2Tokens {
  #token: Token | undefined;
  #refreshToken: string | undefined;
  #pending: Promise<Token> | undefined;

  constructor(
    private readonly client: HttpClient,
    private readonly settings: OAuth2Settings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The `Authorization` header value (`Bearer <token>`), from the cache or a new grant.
   * `refreshToken` is the sink's `refresh.token` option for this event, if any.
   */
  async authorization(refreshToken?: string): Promise<string> {
    const token = this.#token;
    if (token !== undefined && token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return token.header;
    this.#pending ??= this.#request(refreshToken).finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).header;
  }

  /** The API refused `header` (401): forget it so the next call asks for a new one. */
  rejected(header: string): void {
    if (this.#token?.header === header) this.#token = undefined;
  }

  async #request(refreshToken: string | undefined): Promise<Token> {
    const s = this.settings;
    const form = new URLSearchParams();
    const refresh = refreshToken !== undefined && refreshToken !== '' ? refreshToken : undefined;
    if (s.username !== undefined && s.password !== undefined) {
      form.set('grant_type', 'password');
      form.set('username', s.username);
      form.set('password', s.password);
    } else if (refresh !== undefined || this.#refreshToken !== undefined) {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', refresh ?? this.#refreshToken ?? '');
    } else {
      form.set('grant_type', 'client_credentials');
    }
    if (s.scope !== undefined && s.scope !== '') form.set('scope', s.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (s.clientId !== undefined && s.clientSecret !== undefined) {
      if (s.inBody) {
        form.set('client_id', s.clientId);
        form.set('client_secret', s.clientSecret);
      } else {
        headers.authorization = `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`;
      }
    }
    const grant = form.get('grant_type') ?? '';
    const response = await this.client.send({
      url: s.tokenUrl,
      method: 'POST',
      headers,
      body: form.toString(),
    });
    if (response.status < 200 || response.status >= 300) {
      // A refused refresh token is dropped: the next attempt starts a new grant.
      if (grant === 'refresh_token') this.#refreshToken = undefined;
      const message =
        `the token endpoint ${s.tokenUrl.href} answered ${String(response.status)} ` +
        `to a ${grant} grant${bodyExcerpt(response.body)}`;
      if (isTransientStatus(response.status)) throw new ConnectionUnavailableError(message);
      throw new OAuth2Error(message);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new OAuth2Error(`the token endpoint ${s.tokenUrl.href} did not answer JSON`);
    }
    const accessToken = stringField(parsed, 'access_token');
    if (accessToken === undefined) {
      throw new OAuth2Error(`the token endpoint ${s.tokenUrl.href} gave no access_token`);
    }
    const newRefresh = stringField(parsed, 'refresh_token');
    if (newRefresh !== undefined) this.#refreshToken = newRefresh;
    const expiresIn = numberField(parsed, 'expires_in');
    const token: Token = {
      header: `Bearer ${accessToken}`,
      expiresAt: expiresIn === undefined ? Infinity : this.now() + expiresIn * 1000,
    };
    this.#token = token;
    return token;
  }
}
