// A Micro Integrator stand-in for tests: a gRPC inbound endpoint (EventService with MI's header
// rules), REST APIs and proxy services over HTTP, and the management API, running small Synapse
// sequences; it can be told to fail calls.

import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Server,
  ServerCredentials,
  status as grpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import {
  eventServiceAliasDefinition,
  eventServiceDefinition,
  toGrpcEvent,
  type EventServiceMethod,
  type GrpcEvent,
} from '@tributary/connector-grpc';
import {
  MediationError,
  parseJson,
  runSequence,
  type MediationResult,
  type Mediator,
  type MessageType,
  type MiMessage,
} from './mediation.js';
import {
  loadSynapseFile,
  type ApiArtifact,
  type InboundEndpointArtifact,
  type ProxyArtifact,
  type SynapseArtifact,
} from './synapse-xml.js';

/** What the peer runs and where it listens. */
export interface MiPeerOptions {
  /** Synapse artifacts, parsed or as XML file paths (HelloMi's inSeq.xml, …). */
  readonly artifacts?: readonly (SynapseArtifact | string)[];
  /** Sequences by name, as mediator lists. */
  readonly sequences?: Readonly<Record<string, readonly Mediator[]>>;
  readonly apis?: readonly ApiArtifact[];
  readonly proxies?: readonly ProxyArtifact[];
  readonly inboundEndpoints?: readonly InboundEndpointArtifact[];
  /** Interface for every listener (default 127.0.0.1). */
  readonly host?: string;
  /** gRPC port; default the grpc inbound endpoint's `inbound.grpc.port`, else any free port. */
  readonly grpcPort?: number;
  readonly httpPort?: number;
  readonly managementPort?: number;
  /** Management API credentials (default admin/admin, as MI). */
  readonly username?: string;
  readonly password?: string;
}

/** One message that reached a flow. */
export interface ReceivedMessage {
  readonly via: 'grpc-process' | 'grpc-consume' | 'http';
  /** The sequence, `api:<name>` or `proxy:<name>`. */
  readonly flow: string;
  readonly message: MiMessage;
}

/** A running peer. */
export interface MiPeer {
  readonly grpcPort: number;
  /** `grpc://host:port`. */
  readonly grpcUrl: string;
  /** `http://host:port` of APIs and proxy services. */
  readonly httpUrl: string;
  /** `http://host:port` of the management API (its resources are under /management). */
  readonly managementUrl: string;
  readonly logs: string[];
  readonly received: ReceivedMessage[];
  /** Calls that arrived (gRPC and HTTP), failed ones included. */
  readonly calls: () => number;
  /** Calls `process`/`consume` and HTTP flows have answered (not failed by injection). */
  readonly answered: () => number;
  /** The next `count` calls fail: gRPC UNAVAILABLE / HTTP 503, or an INTERNAL / 500 error. */
  failNext(count: number, how?: 'unavailable' | 'error'): void;
  /** Stops the gRPC listener (connections are refused) until `startGrpc`. */
  stopGrpc(): Promise<void>;
  startGrpc(): Promise<void>;
  close(): Promise<void>;
}

/** What a REST API answers with, per message type. */
const HTTP_MIME_TYPES: Readonly<Record<MessageType, string>> = {
  json: 'application/json',
  xml: 'application/xml',
  text: 'text/plain',
};

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const TEXT_NS = 'http://ws.apache.org/commons/ns/payload';

const CONTENT_TYPE_ERROR =
  'Invalid content type found in gRPC header. JSON, XML and text is supported';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The reply payload as MI's GRPCResponseSender writes it: JSON as is, XML and text as the SOAP body. */
function grpcReplyPayload(message: MiMessage): string {
  if (message.type === 'json') return message.payload;
  const body =
    message.type === 'xml'
      ? message.payload
      : `<text xmlns="${TEXT_NS}">${escapeXml(message.payload)}</text>`;
  return `<soapenv:Body xmlns:soapenv="${SOAP_ENV}">${body}</soapenv:Body>`;
}

function messageTypeOfHeader(value: string | undefined): MessageType | undefined {
  const lower = value?.toLowerCase();
  return lower === 'json' || lower === 'xml' || lower === 'text' ? lower : undefined;
}

function messageTypeOfMime(value: string | undefined): MessageType | undefined {
  const mime = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === 'application/json') return 'json';
  if (mime === 'application/xml' || mime === 'text/xml') return 'xml';
  if (mime === 'text/plain') return 'text';
  return undefined;
}

class Failure extends Error {
  constructor(
    readonly grpcCode: grpcStatus,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function listen(server: HttpServer, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function closeHttp(server: HttpServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** The resource of an API a path (below the context) and method reach. */
function matchResource(
  api: ApiArtifact,
  rest: string,
  method: string,
): ApiArtifact['resources'][number] | undefined {
  const path = rest === '' ? '/' : rest;
  return api.resources.find((r) => {
    if (!r.methods.includes(method)) return false;
    if (r.path === '/*') return true;
    if (r.path.endsWith('/*')) return path.startsWith(r.path.slice(0, -1));
    return (
      r.path.replace(/\/$/, '') === path.replace(/\/$/, '') || (r.path === '/' && path === '/')
    );
  });
}

/**
 * Starts a peer. Where real MI only logs (an unknown sequence, a payload it cannot build), the
 * peer answers an error, so tests see the failure rather than a call that never returns; a
 * sequence without <respond/> still never answers `process`, as in MI.
 * @example
 * const peer = await startMiPeer({ artifacts: ['samples/inSeq.xml', 'samples/grpcInboundEndpoint.xml'] });
 * // … grpc://127.0.0.1:8888/org.wso2.grpc.EventService/process/inSeq …
 * await peer.close();
 */
export async function startMiPeer(options: MiPeerOptions = {}): Promise<MiPeer> {
  const host = options.host ?? '127.0.0.1';
  const sequences = new Map<string, readonly Mediator[]>(Object.entries(options.sequences ?? {}));
  const apis: ApiArtifact[] = [...(options.apis ?? [])];
  const proxies: ProxyArtifact[] = [...(options.proxies ?? [])];
  const inbound: InboundEndpointArtifact[] = [...(options.inboundEndpoints ?? [])];
  for (const entry of options.artifacts ?? []) {
    const artifact = typeof entry === 'string' ? loadSynapseFile(entry) : entry;
    if (artifact.kind === 'sequence')
      sequences.set(artifact.artifact.name, artifact.artifact.mediators);
    else if (artifact.kind === 'api') apis.push(artifact.artifact);
    else if (artifact.kind === 'proxy') proxies.push(artifact.artifact);
    else inbound.push(artifact.artifact);
  }
  const grpcEndpoint = inbound.find((e) => e.protocol === 'grpc');
  const logs: string[] = [];
  const received: ReceivedMessage[] = [];
  let answered = 0;
  let calls = 0;
  let injected: { count: number; how: 'unavailable' | 'error' } = { count: 0, how: 'unavailable' };
  /** `process` calls whose sequence never responded: failed when the peer closes. */
  const hanging = new Set<(error: Failure) => void>();

  const takeInjected = (): Failure | undefined => {
    calls += 1;
    if (injected.count <= 0) return undefined;
    injected = { ...injected, count: injected.count - 1 };
    return injected.how === 'unavailable'
      ? new Failure(grpcStatus.UNAVAILABLE, 503, 'injected: MI is unavailable')
      : new Failure(grpcStatus.INTERNAL, 500, 'injected: MI failed the flow');
  };

  const mediate = (
    flow: string,
    sequence: readonly Mediator[],
    message: MiMessage,
  ): Promise<MediationResult> =>
    runSequence(sequence, message, (line) => logs.push(`[${flow}] ${line}`));

  const resolveSequence = (inSequence: readonly Mediator[] | string): readonly Mediator[] => {
    if (typeof inSequence !== 'string') return inSequence;
    const found = sequences.get(inSequence);
    if (found === undefined)
      throw new Failure(grpcStatus.NOT_FOUND, 500, `Sequence: ${inSequence} not found`);
    return found;
  };

  // gRPC inbound endpoint.
  const grpcInbound = async (
    method: EventServiceMethod,
    event: GrpcEvent,
  ): Promise<GrpcEvent | undefined> => {
    const failure = takeInjected();
    if (failure !== undefined) throw failure;
    const type = messageTypeOfHeader(event.headers['Content-Type']);
    if (type === undefined) {
      const found = event.headers['Content-Type'];
      throw new Failure(
        grpcStatus.UNKNOWN,
        415,
        found === undefined
          ? CONTENT_TYPE_ERROR
          : `Error occurred when processing gRPC message. ${found} type found in gRPC header is not supported`,
      );
    }
    const name = event.headers.sequence ?? grpcEndpoint?.sequence;
    if (name === undefined || name === '') {
      throw new Failure(
        grpcStatus.FAILED_PRECONDITION,
        500,
        'Sequence name is not specified in inbound endpoint or empty.',
      );
    }
    const sequence = sequences.get(name);
    if (sequence === undefined)
      throw new Failure(grpcStatus.NOT_FOUND, 500, `Sequence: ${name} not found`);
    if (type === 'json') parseJson(event.payload);
    const message: MiMessage = {
      type,
      payload: event.payload,
      headers: event.headers,
      properties: {},
    };
    received.push({
      via: method === 'process' ? 'grpc-process' : 'grpc-consume',
      flow: name,
      message,
    });
    if (method === 'consume') {
      // MI answers consume as soon as the message is injected.
      void mediate(name, sequence, message).catch((error: unknown) =>
        logs.push(`[${name}] ${String(error)}`),
      );
      answered += 1;
      return undefined;
    }
    const result = await mediate(name, sequence, message);
    if (result.kind === 'failed')
      throw new Failure(grpcStatus.INTERNAL, result.status, result.message);
    if (result.kind !== 'responded') {
      // MI never answers a `process` call whose sequence does not respond.
      return new Promise<GrpcEvent>((_, reject) => {
        hanging.add(reject);
      });
    }
    answered += 1;
    return { payload: grpcReplyPayload(result.message), headers: {} };
  };

  const serve =
    (method: EventServiceMethod) =>
    (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>): void => {
      grpcInbound(method, toGrpcEvent(call.request)).then(
        (reply) => {
          callback(null, method === 'process' ? reply : {});
        },
        (error: unknown) => {
          if (error instanceof Failure) callback({ code: error.grpcCode, details: error.message });
          else if (error instanceof MediationError)
            callback({ code: grpcStatus.INTERNAL, details: error.message });
          else callback({ code: grpcStatus.INTERNAL, details: String(error) });
        },
      );
    };

  let grpcServer: Server | undefined;
  let grpcPort = options.grpcPort ?? Number(grpcEndpoint?.parameters['inbound.grpc.port'] ?? 0);
  const startGrpc = async (): Promise<void> => {
    if (grpcServer !== undefined) return;
    const server = new Server();
    const implementation = { process: serve('process'), consume: serve('consume') };
    server.addService(eventServiceDefinition, implementation);
    server.addService(eventServiceAliasDefinition, implementation);
    grpcPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(
        `${host}:${String(grpcPort)}`,
        ServerCredentials.createInsecure(),
        (error, port) => {
          if (error === null) resolve(port);
          else reject(error);
        },
      );
    });
    grpcServer = server;
  };
  const stopGrpc = async (): Promise<void> => {
    const server = grpcServer;
    grpcServer = undefined;
    for (const fail of hanging)
      fail(new Failure(grpcStatus.UNAVAILABLE, 503, 'MI is shutting down'));
    hanging.clear();
    server?.forceShutdown();
    await Promise.resolve();
  };
  await startGrpc();

  // REST APIs and proxy services.
  const httpFlow = (req: IncomingMessage): { flow: string; sequence: readonly Mediator[] } => {
    const path = new URL(req.url ?? '/', 'http://peer').pathname;
    const method = req.method ?? 'GET';
    const proxy = /^\/services\/([^/?]+)/.exec(path);
    if (proxy !== null) {
      const found = proxies.find((p) => p.name === proxy[1]);
      if (found === undefined)
        throw new Failure(
          grpcStatus.NOT_FOUND,
          404,
          `The proxy service ${String(proxy[1])} is not deployed`,
        );
      return { flow: `proxy:${found.name}`, sequence: resolveSequence(found.inSequence) };
    }
    const api = [...apis]
      .sort((a, b) => b.context.length - a.context.length)
      .find((a) => path === a.context || path.startsWith(`${a.context}/`));
    const resource =
      api === undefined ? undefined : matchResource(api, path.slice(api.context.length), method);
    if (api === undefined || resource === undefined) {
      throw new Failure(
        grpcStatus.NOT_FOUND,
        404,
        `No matching resource found for ${method} ${path}`,
      );
    }
    return { flow: `api:${api.name}`, sequence: resolveSequence(resource.inSequence) };
  };

  const httpServer = createServer((req, res) => {
    void (async () => {
      try {
        const failure = takeInjected();
        if (failure !== undefined) throw failure;
        const { flow, sequence } = httpFlow(req);
        const body = await readBody(req);
        const type =
          messageTypeOfMime(req.headers['content-type']) ?? (body === '' ? 'json' : undefined);
        if (type === undefined) {
          throw new Failure(
            grpcStatus.UNKNOWN,
            415,
            `unsupported Content-Type '${String(req.headers['content-type'])}'`,
          );
        }
        if (type === 'json' && body !== '') parseJson(body);
        const headers = Object.fromEntries(
          Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
        );
        const message: MiMessage = { type, payload: body, headers, properties: {} };
        received.push({ via: 'http', flow, message });
        const result = await mediate(flow, sequence, message);
        answered += 1;
        if (result.kind === 'failed') {
          sendJson(res, result.status, { Error: result.message });
        } else if (result.kind === 'responded') {
          res.writeHead(200, { 'content-type': HTTP_MIME_TYPES[result.message.type] });
          res.end(result.message.payload);
        } else {
          res.writeHead(202);
          res.end();
        }
      } catch (error) {
        if (error instanceof Failure) sendJson(res, error.httpStatus, { Error: error.message });
        else sendJson(res, 500, { Error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  const httpPort = await listen(httpServer, host, options.httpPort ?? 0);
  const httpUrl = `http://${host}:${String(httpPort)}`;

  // Management API.
  const username = options.username ?? 'admin';
  const password = options.password ?? 'admin';
  const tokens = new Set<string>();
  const list = <T>(items: readonly T[]): { count: number; list: readonly T[] } => ({
    count: items.length,
    list: items,
  });
  const management = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    const auth = req.headers.authorization ?? '';
    if (url.pathname === '/management/login') {
      const basic = /^Basic (.+)$/.exec(auth);
      const given = basic === null ? '' : Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      if (given !== `${username}:${password}`) {
        sendJson(res, 401, { Error: 'Invalid user name or password' });
        return;
      }
      const token = randomUUID();
      tokens.add(token);
      sendJson(res, 200, { AccessToken: token });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(auth);
    if (bearer === null || !tokens.has(bearer[1] ?? '')) {
      sendJson(res, 401, { Error: 'Authentication failed' });
      return;
    }
    const stats = { tracing: 'disabled', stats: 'disabled' };
    switch (url.pathname) {
      case '/management/sequences':
        sendJson(res, 200, list([...sequences.keys()].map((name) => ({ name, ...stats }))));
        return;
      case '/management/apis': {
        const apiName = url.searchParams.get('apiName');
        if (apiName !== null) {
          const api = apis.find((a) => a.name === apiName);
          if (api === undefined)
            sendJson(res, 404, { Error: `Specified API ('${apiName}') not found` });
          else
            sendJson(res, 200, {
              name: api.name,
              url: `${httpUrl}${api.context}`,
              context: api.context,
              ...stats,
              resources: api.resources.map((r) => ({ methods: r.methods, url: r.path })),
            });
          return;
        }
        sendJson(
          res,
          200,
          list(apis.map((a) => ({ name: a.name, url: `${httpUrl}${a.context}`, ...stats }))),
        );
        return;
      }
      case '/management/proxy-services':
        sendJson(
          res,
          200,
          list(
            proxies.map((p) => ({
              name: p.name,
              wsdl1_1: `${httpUrl}/services/${p.name}?wsdl`,
              wsdl2_0: `${httpUrl}/services/${p.name}?wsdl2`,
            })),
          ),
        );
        return;
      case '/management/inbound-endpoints':
        sendJson(res, 200, list(inbound.map((e) => ({ name: e.name, protocol: e.protocol }))));
        return;
      default:
        sendJson(res, 404, { Error: `no management resource ${url.pathname}` });
    }
  });
  const managementPort = await listen(management, host, options.managementPort ?? 0);

  return {
    get grpcPort() {
      return grpcPort;
    },
    get grpcUrl() {
      return `grpc://${host}:${String(grpcPort)}`;
    },
    httpUrl,
    managementUrl: `http://${host}:${String(managementPort)}`,
    logs,
    received,
    calls: () => calls,
    answered: () => answered,
    failNext(count, how = 'unavailable') {
      injected = { count, how };
    },
    stopGrpc,
    startGrpc,
    async close() {
      await stopGrpc();
      await Promise.all([closeHttp(httpServer), closeHttp(management)]);
    },
  };
}
