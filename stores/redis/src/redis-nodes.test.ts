// Siddhi's `nodes` option.

import { describe, expect, it } from 'vitest';
import { parseNodes } from './redis-nodes.js';

describe('parseNodes', () => {
  it('reads host:port@password entries', () => {
    expect(parseNodes('localhost:6379@root, 10.0.0.2:7000,cache')).toEqual([
      { host: 'localhost', port: 6379, password: 'root' },
      { host: '10.0.0.2', port: 7000 },
      { host: 'cache', port: 6379 },
    ]);
  });

  it('says which entry it cannot read', () => {
    expect(() => parseNodes('localhost:http')).toThrow(/nodes: 'localhost:http' is not host:port/);
    expect(() => parseNodes(' , ')).toThrow(/no node given/);
  });
});
