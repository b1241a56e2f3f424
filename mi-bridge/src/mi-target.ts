// What an `mi` sink calls, from its options: a sequence through MI's gRPC inbound endpoint
// (`url='grpc://host:8888'`), or a REST API resource / proxy service over HTTP
// (`url='http://host:8290'`), and whether the call waits for a reply.

import { parseGrpcUrl } from '@tributary/connector-grpc';

/** call: wait for MI's reply (EventService process / the HTTP response); fire: one-way. */
export type MiMode = 'call' | 'fire';

/** The MI flow the sink triggers. */
export type MiFlow =
  | { readonly kind: 'sequence'; readonly name: string }
  | { readonly kind: 'api'; readonly path: string }
  | { readonly kind: 'proxy'; readonly name: string };

/** A resolved target. */
export type MiTarget =
  | {
      readonly transport: 'grpc';
      /** `host:port` of the gRPC inbound endpoint. */
      readonly address: string;
      readonly url: string;
      readonly flow: MiFlow & { readonly kind: 'sequence' };
    }
  | {
      readonly transport: 'http';
      /** The full request url (`http://host:8290/orders/approve`). */
      readonly url: string;
      readonly flow: MiFlow & { readonly kind: 'api' | 'proxy' };
    };

/** Options that name a target. */
export interface TargetOptions {
  readonly url: string;
  readonly sequence: string | undefined;
  readonly api: string | undefined;
  readonly proxy: string | undefined;
}

/** A target the options cannot make; the message says which option to fix. */
export class MiTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MiTargetError';
  }
}

/**
 * `sequence 'inSeq'`, `API path '/orders/approve'`, `proxy service 'Audit'`.
 * @example
 * describeFlow({ kind: 'sequence', name: 'inSeq' }); // "sequence 'inSeq'"
 */
export function describeFlow(flow: MiFlow): string {
  switch (flow.kind) {
    case 'sequence':
      return `sequence '${flow.name}'`;
    case 'api':
      return `API path '${flow.path}'`;
    case 'proxy':
      return `proxy service '${flow.name}'`;
  }
}

/**
 * The target of an `mi` sink's options.
 * @example
 * resolveTarget({ url: 'grpc://mi:8888', sequence: 'inSeq', api: undefined, proxy: undefined });
 * // { transport: 'grpc', address: 'mi:8888', url: 'grpc://mi:8888', flow: { kind: 'sequence', name: 'inSeq' } }
 */
export function resolveTarget(options: TargetOptions): MiTarget {
  const named = (['sequence', 'api', 'proxy'] as const).filter((k) => options[k] !== undefined);
  if (named.length !== 1) {
    throw new MiTargetError(
      named.length === 0
        ? "name the flow to trigger: sequence='…' (over grpc://), api='/context/resource' or proxy='…' (over http://)"
        : `name one flow only, not ${named.join(' and ')}`,
    );
  }
  const url = options.url.trim();
  if (url.startsWith('grpc://')) {
    const sequence = options.sequence;
    if (sequence === undefined) {
      throw new MiTargetError(
        `a grpc:// url reaches MI's gRPC inbound endpoint, which runs sequences: use sequence='…', or an http:// url for ${named[0] ?? ''}`,
      );
    }
    const parsed = parseGrpcUrl(url);
    if (parsed.service !== undefined) {
      throw new MiTargetError(
        `url '${url}' should be grpc://<host>:<port> only; the bridge adds the EventService method and the sequence`,
      );
    }
    return {
      transport: 'grpc',
      address: parsed.address,
      url,
      flow: { kind: 'sequence', name: sequence },
    };
  }
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new MiTargetError(`url '${url}' is neither grpc://host:port nor http(s)://host:port`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new MiTargetError(`url '${url}' is neither grpc://host:port nor http(s)://host:port`);
  }
  if (options.sequence !== undefined) {
    throw new MiTargetError(
      "sequences are triggered through MI's gRPC inbound endpoint: use url='grpc://<host>:8888' with sequence='…'",
    );
  }
  const root = base.origin + base.pathname.replace(/\/$/, '');
  if (options.api !== undefined) {
    const path = options.api.startsWith('/') ? options.api : `/${options.api}`;
    return { transport: 'http', url: root + path, flow: { kind: 'api', path } };
  }
  const proxy = options.proxy ?? '';
  return {
    transport: 'http',
    url: `${root}/services/${encodeURIComponent(proxy)}`,
    flow: { kind: 'proxy', name: proxy },
  };
}
