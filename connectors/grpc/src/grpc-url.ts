// `grpc://host:port/<fully.qualified.Service>/<method>[/<sequence>]` as Siddhi's ServiceConfigs
// reads it: the service, the method and, for the default EventService, the MI sequence the
// call is meant for (sent as the `sequence` header).

import { EVENT_SERVICE_URL_NAME, type EventServiceMethod } from './event-service.js';

/** A parsed gRPC url. */
export interface GrpcUrl {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `host:port`, what a client dials. */
  readonly address: string;
  /** As written (`org.wso2.grpc.EventService`); undefined when the url has no path. */
  readonly service: string | undefined;
  readonly method: string | undefined;
  /** The third path part of a default-service url: the MI sequence to run. */
  readonly sequence: string | undefined;
  /** True for Siddhi's default `EventService` (or a url without a path). */
  readonly defaultService: boolean;
}

/**
 * A url that is not a usable gRPC url; the message says why.
 * @example
 * throw new GrpcUrlError("the url must begin with \"grpc://\"");
 */
export class GrpcUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrpcUrlError';
  }
}

const PREFIX = 'grpc://';
const SHORT_NAME = 'EventService';

/**
 * Parses a gRPC url; throws `GrpcUrlError` with Siddhi's expected format when it cannot.
 * @example
 * parseGrpcUrl('grpc://localhost:8888/org.wso2.grpc.EventService/process/inSeq');
 * // { host: 'localhost', port: 8888, method: 'process', sequence: 'inSeq', defaultService: true, … }
 */
export function parseGrpcUrl(url: string): GrpcUrl {
  const text = url.trim();
  if (!text.startsWith(PREFIX)) {
    throw new GrpcUrlError(`the url must begin with "${PREFIX}" (found '${text}')`);
  }
  let parsed: URL;
  try {
    parsed = new URL(`http://${text.slice(PREFIX.length)}`);
  } catch {
    throw new GrpcUrlError(
      `expected grpc://<host>:<port>/<serviceName>/<methodName>, found '${text}'`,
    );
  }
  if (parsed.port === '') {
    throw new GrpcUrlError(`the url '${text}' names no port (grpc://<host>:<port>/…)`);
  }
  const path = parsed.pathname.replace(/^\//, '');
  const parts = path === '' ? [] : path.split('/');
  if (parts.includes('')) {
    throw new GrpcUrlError(
      `malformed url '${text}': there should not be any empty parts between two '/'`,
    );
  }
  if (parts.length === 1 || parts.length > 3) {
    throw new GrpcUrlError(
      `expected grpc://<host>:<port>/<serviceName>/<methodName>[/<sequence>], found '${text}'`,
    );
  }
  const [service, method, sequence] = parts;
  const defaultService =
    service === undefined ||
    service.toLowerCase() === EVENT_SERVICE_URL_NAME.toLowerCase() ||
    service === SHORT_NAME;
  if (sequence !== undefined && !defaultService) {
    throw new GrpcUrlError(
      `only the default service ${EVENT_SERVICE_URL_NAME} takes a sequence name after the method ('${text}')`,
    );
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    url: text,
    host,
    port: Number(parsed.port),
    address: parsed.host,
    service,
    method,
    sequence: sequence === undefined ? undefined : decodeURIComponent(sequence),
    defaultService,
  };
}

/**
 * The EventService method a url names, checked against what the extension serves or calls
 * (`grpc`/grpc source: consume; `grpc-call`/`grpc-service`: process); the url's method, or
 * `expected` when the url has none. Custom services are refused: they need generated stubs.
 * @example
 * eventServiceMethodOf(parseGrpcUrl('grpc://h:1/org.wso2.grpc.EventService/consume'), 'consume');
 */
export function eventServiceMethodOf(
  url: GrpcUrl,
  expected: EventServiceMethod,
): EventServiceMethod {
  if (!url.defaultService) {
    throw new GrpcUrlError(
      `'${url.service ?? ''}' is not the default ${EVENT_SERVICE_URL_NAME}: only EventService ` +
        '(process/consume with Event { payload, headers }) is supported',
    );
  }
  const method = url.method ?? expected;
  if (method !== expected) {
    throw new GrpcUrlError(
      `with EventService the method name should be '${expected}' but given '${method}'`,
    );
  }
  return expected;
}
