// A client of Micro Integrator's management API (`https://<mi>:9164/management`): logs in with
// basic credentials for a JWT, then lists what can be triggered — sequences, REST APIs (with
// their resources), proxy services and inbound endpoints.

import { TributaryError } from '@tributary/engine';
import { miMessages } from './messages.js';

/** Where the management API is and who logs in. */
export interface MiManagementSettings {
  /** `https://mi:9164` (with or without the `/management` path). */
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/** A resource of a REST API. */
export interface MiApiResource {
  readonly methods: readonly string[];
  /** The uri-template or url-mapping (`/approve`, `/*`). */
  readonly url: string;
}

export interface MiApi {
  readonly name: string;
  /** The context path (`/orders`), from the API's url. */
  readonly context: string;
  readonly url: string;
  /** Known when the details were read. */
  readonly resources?: readonly MiApiResource[];
}

export interface MiInboundEndpoint {
  readonly name: string;
  readonly protocol: string;
}

/** What MI can run. */
export interface MiFlows {
  readonly sequences: readonly string[];
  readonly apis: readonly MiApi[];
  readonly proxies: readonly string[];
  readonly inboundEndpoints: readonly MiInboundEndpoint[];
}

type Json = Readonly<Record<string, unknown>>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function listOf(value: unknown): Json[] {
  const list = record(value).list;
  return Array.isArray(list) ? list.map(record) : [];
}

function contextOf(api: Json): string {
  const given = text(api.context);
  if (given !== '') return given;
  try {
    return new URL(text(api.url)).pathname.replace(/\/$/, '') || '/';
  } catch {
    return `/${text(api.name)}`;
  }
}

function resourcesOf(api: Json): MiApiResource[] | undefined {
  const resources = api.resources;
  if (!Array.isArray(resources)) return undefined;
  return resources.map((r) => {
    const resource = record(r);
    const methods = resource.methods;
    return {
      methods: Array.isArray(methods)
        ? methods.filter((m): m is string => typeof m === 'string')
        : [],
      url: text(resource.url) || '/',
    };
  });
}

function toApi(api: Json): MiApi {
  const resources = resourcesOf(api);
  return {
    name: text(api.name),
    context: contextOf(api),
    url: text(api.url),
    ...(resources === undefined ? {} : { resources }),
  };
}

/**
 * One MI's management API.
 * @example
 * const mi = new MiManagementClient({ url: 'https://localhost:9164', username: 'admin', password: 'admin' });
 * const flows = await mi.flows({ details: true });
 */
export class MiManagementClient {
  readonly baseUrl: string;
  #token: string | undefined;

  constructor(private readonly settings: MiManagementSettings) {
    this.baseUrl = `${settings.url
      .trim()
      .replace(/\/+$/, '')
      .replace(/\/management$/, '')}/management`;
  }

  async #fetch(path: string, authorization: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}/${path}`, {
        headers: { accept: 'application/json', authorization },
      });
    } catch (error) {
      const cause =
        error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
      throw new TributaryError(
        'E_MI_MANAGEMENT',
        miMessages.E_MI_MANAGEMENT(
          this.baseUrl,
          typeof cause?.code === 'string' ? cause.code : String(error),
        ),
        true,
        { cause: error },
      );
    }
  }

  async #login(): Promise<string> {
    const basic = Buffer.from(`${this.settings.username}:${this.settings.password}`).toString(
      'base64',
    );
    const response = await this.#fetch('login', `Basic ${basic}`);
    if (!response.ok) {
      throw new TributaryError('E_MI_LOGIN', miMessages.E_MI_LOGIN(this.baseUrl, response.status));
    }
    const token = text(record(await response.json()).AccessToken);
    if (token === '') {
      throw new TributaryError(
        'E_MI_MANAGEMENT',
        miMessages.E_MI_MANAGEMENT(this.baseUrl, 'the login answer has no AccessToken'),
      );
    }
    this.#token = token;
    return token;
  }

  /** GETs a resource as JSON, logging in first (and again once when the token expired). */
  async get(path: string): Promise<unknown> {
    let token = this.#token ?? (await this.#login());
    let response = await this.#fetch(path, `Bearer ${token}`);
    if (response.status === 401) {
      token = await this.#login();
      response = await this.#fetch(path, `Bearer ${token}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new TributaryError(
        'E_MI_MANAGEMENT',
        miMessages.E_MI_MANAGEMENT(
          this.baseUrl,
          `${path} answered HTTP ${String(response.status)}`,
        ),
        response.status >= 500,
      );
    }
    return response.json();
  }

  /** One API with its resources; undefined when MI has no API of that name. */
  async api(name: string): Promise<MiApi | undefined> {
    const found = await this.get(`apis?apiName=${encodeURIComponent(name)}`);
    return found === undefined ? undefined : toApi(record(found));
  }

  /** Every flow; with `details`, each API's resources too (one request per API). */
  async flows(options: { readonly details?: boolean } = {}): Promise<MiFlows> {
    const [sequences, apis, proxies, inbound] = await Promise.all([
      this.get('sequences'),
      this.get('apis'),
      this.get('proxy-services'),
      this.get('inbound-endpoints'),
    ]);
    let apiList = listOf(apis).map(toApi);
    if (options.details === true) {
      apiList = await Promise.all(apiList.map(async (a) => (await this.api(a.name)) ?? a));
    }
    return {
      sequences: listOf(sequences).map((s) => text(s.name)),
      apis: apiList,
      proxies: listOf(proxies).map((p) => text(p.name)),
      inboundEndpoints: listOf(inbound).map((e) => ({
        name: text(e.name),
        protocol: text(e.protocol),
      })),
    };
  }
}
