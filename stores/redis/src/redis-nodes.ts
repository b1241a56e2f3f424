// Siddhi's `nodes` option: `host:port@password` entries separated by commas.

/** One Redis node. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
  readonly password?: string;
}

/** Thrown for a `nodes` entry the store cannot read. */
export class RedisNodesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisNodesError';
  }
}

/**
 * Reads `nodes`.
 * @example
 * parseNodes('localhost:6379@secret, 10.0.0.2:7000'); // [{ host: 'localhost', port: 6379, password: 'secret' }, { host: '10.0.0.2', port: 7000 }]
 */
export function parseNodes(text: string): RedisNode[] {
  const nodes: RedisNode[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const at = item.indexOf('@');
    const address = at < 0 ? item : item.slice(0, at);
    const password = at < 0 ? undefined : item.slice(at + 1);
    const colon = address.lastIndexOf(':');
    const host = colon < 0 ? address : address.slice(0, colon);
    const port = colon < 0 ? 6379 : Number(address.slice(colon + 1));
    if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new RedisNodesError(`nodes: '${item}' is not host:port[@password]`);
    }
    nodes.push({ host, port, ...(password === undefined || password === '' ? {} : { password }) });
  }
  if (nodes.length === 0) throw new RedisNodesError('nodes: no node given');
  return nodes;
}
