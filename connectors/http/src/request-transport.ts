// The `trp:` properties of a received request, as Siddhi's http sources name them: any
// request header by name (case-insensitive), the carbon-message properties (`HTTP_METHOD`,
// `TO`…) and query parameters as `_<name>`. Only the names an app asks for are computed.

import type { IncomingMessage } from 'node:http';

/** The transport properties the http sources offer besides request headers. */
export const REQUEST_PROPERTIES = [
  { name: 'HTTP_METHOD', description: 'The request method (`POST`).' },
  { name: 'TO', description: 'The request path with its query (`/app/S?x=1`).' },
  { name: 'PROTOCOL', description: '`http` or `https`.' },
  { name: 'HTTP_VERSION', description: 'The HTTP version of the request (`1.1`).' },
  { name: 'LISTENER_PORT', description: 'The port the request came in on.' },
  { name: 'REMOTE_ADDRESS', description: 'The client address (`127.0.0.1:53422`).' },
  { name: 'IS_SECURED_CONNECTION', description: '`true` over https.' },
  { name: '_<name>', description: 'The query parameter `<name>` of the request URL.' },
  { name: '<header>', description: 'The request header of that name (case-insensitive).' },
] as const;

type Resolver = (req: IncomingMessage) => string | undefined;

function queryParam(req: IncomingMessage, name: string): string | undefined {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get(name) ?? undefined;
}

function secure(req: IncomingMessage): boolean {
  // A TLSSocket has `encrypted: true`; plain sockets have no such property.
  return (req.socket as { readonly encrypted?: boolean }).encrypted === true;
}

function header(req: IncomingMessage, lower: string): string | undefined {
  const value = req.headers[lower];
  return Array.isArray(value) ? value.join(',') : value;
}

function resolverFor(name: string): Resolver {
  switch (name) {
    case 'HTTP_METHOD':
      return (req) => req.method;
    case 'TO':
      return (req) => req.url;
    case 'PROTOCOL':
      return (req) => (secure(req) ? 'https' : 'http');
    case 'HTTP_VERSION':
      return (req) => req.httpVersion;
    case 'LISTENER_PORT':
      return (req) =>
        req.socket.localPort === undefined ? undefined : String(req.socket.localPort);
    case 'REMOTE_ADDRESS':
      return (req) =>
        req.socket.remoteAddress === undefined
          ? undefined
          : `${req.socket.remoteAddress}:${String(req.socket.remotePort ?? '')}`;
    case 'IS_SECURED_CONNECTION':
      return (req) => String(secure(req));
    default:
      break;
  }
  if (name.startsWith('_') && name.length > 1) {
    const param = name.slice(1);
    return (req) => queryParam(req, param);
  }
  const lower = name.toLowerCase();
  return (req) => header(req, lower);
}

/**
 * Compiles the transport properties of requests for the names an app asks for.
 * @example
 * const transportOf = requestTransport(['Content-Type', 'HTTP_METHOD', '_id']);
 * transportOf(req) // { 'Content-Type': 'application/json', HTTP_METHOD: 'POST', _id: '7' }
 */
export function requestTransport(
  names: readonly string[],
): (req: IncomingMessage) => Record<string, string | undefined> {
  const resolvers = names.map((name) => [name, resolverFor(name)] as const);
  return (req) => {
    const out: Record<string, string | undefined> = {};
    for (const [name, resolve] of resolvers) out[name] = resolve(req);
    return out;
  };
}
