// What the client-side extensions (http and http-call sinks, http-poll source) share: their
// TLS, pool and authentication options (Siddhi's names), and a requester that adds basic or
// OAuth 2.0 authorization to each request, renewing a token once when the API answers 401.

import { param, type OptionsOf } from '@tributary/engine/extension-api';
import { HttpClient, type IncomingResponse, type OutgoingRequest } from './http-client.js';
import { OAuth2Tokens } from './oauth2-tokens.js';
import {
  keyStoreOptions,
  protocolOptions,
  trustStoreOptions,
  type TlsOptions,
} from './tls-material.js';

/** Authentication options of a client. */
export const authParameters = {
  'basic.auth.username': param.string({
    description: 'User name for HTTP basic authentication (with `basic.auth.password`).',
    optional: true,
  }),
  'basic.auth.password': param.string({
    description: 'Password for HTTP basic authentication.',
    optional: true,
    secret: true,
  }),
  'oauth.username': param.string({
    description:
      'OAuth 2.0 password grant: the resource owner (with `oauth.password`, `consumer.key`, ' +
      '`consumer.secret` and `token.url`).',
    optional: true,
  }),
  'oauth.password': param.string({
    description: 'OAuth 2.0 password grant: the resource owner password.',
    optional: true,
    secret: true,
  }),
  'consumer.key': param.string({
    description:
      'OAuth 2.0 client id. With `consumer.secret` and `token.url` alone the sink uses the ' +
      'client-credentials grant; the credentials go in a Basic `Authorization` header.',
    optional: true,
  }),
  'consumer.secret': param.string({
    description: 'OAuth 2.0 client secret.',
    optional: true,
    secret: true,
  }),
  'body.consumer.key': param.string({
    description: 'OAuth 2.0 client id sent in the token request body (`client_id`).',
    optional: true,
  }),
  'body.consumer.secret': param.string({
    description: 'OAuth 2.0 client secret sent in the token request body (`client_secret`).',
    optional: true,
    secret: true,
  }),
  'token.url': param.string({
    description: 'The OAuth 2.0 token endpoint.',
    optional: true,
  }),
  'refresh.token': param.string({
    description:
      'A refresh token: the first token is then requested with the refresh-token grant ' +
      '(later refresh tokens the endpoint returns are used after it). May name attributes.',
    optional: true,
    dynamic: true,
    secret: true,
  }),
  'oauth.scope': param.string({
    description: 'The `scope` sent with token requests.',
    optional: true,
  }),
};

/** TLS and connection options of a client. */
export const connectionParameters = {
  'https.truststore.file': param.string({
    description:
      'PEM file of the certificates to trust for https (default: the system trust store).',
    optional: true,
  }),
  'https.truststore.password': param.string({
    description: 'Accepted for Siddhi compatibility (PEM trust stores have no password).',
    optional: true,
    secret: true,
  }),
  'https.keystore.file': param.string({
    description:
      'Client certificate for mutual TLS: a PKCS#12 (.p12/.pfx) file, or a PEM file holding ' +
      'the private key and the certificate.',
    optional: true,
  }),
  'https.keystore.password': param.string({
    description: 'Password of the PKCS#12 key store.',
    optional: true,
    secret: true,
  }),
  'https.keystore.key.password': param.string({
    description: 'Password of the private key in a PEM key store.',
    optional: true,
    secret: true,
  }),
  'ssl.protocol': param.string({
    description: '`TLS` (any version Node allows) or one version: `TLSv1.2`, `TLSv1.3`.',
    optional: true,
    default: 'TLS',
  }),
  'ssl.configurations': param.string({
    description:
      "TLS settings as `\"'<key>:<value>','<key>:<value>'\"`: `sslEnabledProtocols` " +
      '(e.g. `TLSv1.2,TLSv1.3`) and `ciphers` (OpenSSL names, comma separated).',
    optional: true,
  }),
  'ssl.verification.disabled': param.bool({
    description: 'Accept any server certificate (tests only).',
    optional: true,
    default: false,
  }),
  'hostname.verification.enabled': param.bool({
    description: 'Check that the server certificate names the host of the URL.',
    optional: true,
    default: true,
  }),
  'socket.idle.timeout': param.int({
    description: 'Milliseconds a request may wait on an idle socket before it fails.',
    optional: true,
    default: 6000,
  }),
  'max.pool.active.connections': param.int({
    description: 'Connections per host (-1: unlimited).',
    optional: true,
    default: -1,
  }),
  'max.pool.idle.connections': param.int({
    description: 'Idle keep-alive connections kept per host.',
    optional: true,
    default: 100,
  }),
};

export const clientParameters = { ...authParameters, ...connectionParameters };

export type ClientOptions = OptionsOf<typeof clientParameters>;

/** How requests are authorized. */
type Authorization =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly header: string }
  | { readonly kind: 'oauth'; readonly tokens: OAuth2Tokens };

function given(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** The client's TLS options; throws naming the file or setting that cannot be used. */
export function clientTls(options: ClientOptions): {
  readonly tls: TlsOptions;
  readonly ignored: readonly string[];
} {
  const protocol = protocolOptions(options['ssl.protocol'], options['ssl.configurations']);
  let tls: TlsOptions = { ...protocol.options };
  const trust = options['https.truststore.file'];
  if (given(trust)) tls = { ...tls, ...trustStoreOptions(trust) };
  const keys = options['https.keystore.file'];
  if (given(keys)) {
    const password = options['https.keystore.password'] ?? options['https.keystore.key.password'];
    tls = { ...tls, ...keyStoreOptions(keys, password) };
  }
  return { tls, ignored: protocol.ignored };
}

function authorizationOf(options: ClientOptions, client: HttpClient, where: string): Authorization {
  const user = options['basic.auth.username'];
  const password = options['basic.auth.password'];
  if (given(user) !== given(password)) {
    throw new Error(`${where}: basic.auth.username and basic.auth.password go together`);
  }
  const clientId = options['consumer.key'] ?? options['body.consumer.key'];
  const clientSecret = options['consumer.secret'] ?? options['body.consumer.secret'];
  const owner = options['oauth.username'];
  const ownerPassword = options['oauth.password'];
  const oauth = (given(clientId) && given(clientSecret)) || (given(owner) && given(ownerPassword));
  if (given(user) && given(password)) {
    if (oauth) throw new Error(`${where}: choose basic authentication or OAuth 2.0, not both`);
    return {
      kind: 'basic',
      header: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    };
  }
  if (!oauth) return { kind: 'none' };
  const tokenUrl = options['token.url'];
  if (!given(tokenUrl)) throw new Error(`${where}: OAuth 2.0 needs token.url`);
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new Error(`${where}: token.url '${tokenUrl}' is not a URL`);
  }
  return {
    kind: 'oauth',
    tokens: new OAuth2Tokens(client, {
      tokenUrl: url,
      ...(given(clientId) && given(clientSecret) ? { clientId, clientSecret } : {}),
      inBody: !given(options['consumer.key']) && given(options['body.consumer.key']),
      ...(given(owner) && given(ownerPassword) ? { username: owner, password: ownerPassword } : {}),
      ...(given(options['oauth.scope']) ? { scope: options['oauth.scope'] } : {}),
    }),
  };
}

/**
 * A client with its authorization: `send` adds the `Authorization` header (unless the request
 * sets one) and, with OAuth 2.0, retries once with a new token when the API answers 401.
 * @example
 * const requester = HttpRequester.fromOptions(ctx.options, "sink 'http' of stream 'S'");
 * const res = await requester.send({ url, method: 'POST', headers: {}, body }, dynamic['refresh.token']);
 */
export class HttpRequester {
  /** TLS option keys given in `ssl.configurations` that Node cannot honour. */
  readonly ignoredTlsSettings: readonly string[];

  private constructor(
    readonly client: HttpClient,
    private readonly authorization: Authorization,
    ignored: readonly string[],
  ) {
    this.ignoredTlsSettings = ignored;
  }

  /** Builds a requester; throws (at app creation) for inconsistent or unreadable settings. */
  static fromOptions(options: ClientOptions, where: string): HttpRequester {
    const { tls, ignored } = clientTls(options);
    const pool = options['max.pool.active.connections'];
    const client = new HttpClient({
      tls,
      verifyCertificates: !options['ssl.verification.disabled'],
      verifyHostname: options['hostname.verification.enabled'],
      socketIdleTimeoutMs: options['socket.idle.timeout'],
      ...(pool > 0 ? { maxSockets: pool } : {}),
      maxFreeSockets: Math.max(1, options['max.pool.idle.connections']),
    });
    return new HttpRequester(client, authorizationOf(options, client, where), ignored);
  }

  async send(request: OutgoingRequest, refreshToken?: string): Promise<IncomingResponse> {
    const auth = this.authorization;
    const hasOwn = Object.keys(request.headers).some((k) => k.toLowerCase() === 'authorization');
    if (auth.kind === 'none' || hasOwn) return this.client.send(request);
    if (auth.kind === 'basic') {
      return this.client.send({
        ...request,
        headers: { ...request.headers, authorization: auth.header },
      });
    }
    const header = await auth.tokens.authorization(refreshToken);
    const response = await this.client.send({
      ...request,
      headers: { ...request.headers, authorization: header },
    });
    if (response.status !== 401) return response;
    auth.tokens.rejected(header);
    const renewed = await auth.tokens.authorization(refreshToken);
    return this.client.send({
      ...request,
      headers: { ...request.headers, authorization: renewed },
    });
  }

  close(): void {
    this.client.close();
  }
}
