// The `@distribution` strategies: `roundRobin` (the next connected destination), `broadcast`
// (every connected one) and `partitioned` (Siddhi's `abs(hashCode(String(key)) % N)`, sent only
// when that destination is connected).

import { defineDistributionStrategy } from '../../extension-api/define.js';
import { param } from '../../extension-api/param.js';
import { templateValue } from '../../runtime/io/template.js';

/**
 * Java's `String.hashCode()` (UTF-16 code units, 32-bit overflow).
 * @example
 * javaStringHashCode('IBM') // 72276
 */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

const SINK = (strategy: string, extra = ''): string =>
  `@sink(type='inMemory', @map(type='passThrough'),\n` +
  `  @distribution(strategy='${strategy}'${extra},\n` +
  `    @destination(topic='stocks-1'), @destination(topic='stocks-2')))\n` +
  'define stream StockStream (symbol string, price float);';

/**
 * `@distribution(strategy='roundRobin')`.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [roundRobinStrategy] });
 */
export const roundRobinStrategy = defineDistributionStrategy({
  name: 'roundRobin',
  status: 'stable',
  summary: 'Sends each event to the next connected destination in turn.',
  parameters: {},
  examples: [{ description: 'Alternates between two topics.', siddhi: SINK('roundRobin') }],
  create: () => {
    let next = 0;
    return {
      destinationsFor: (_event, connected) => {
        const up: number[] = [];
        connected.forEach((c, i) => {
          if (c) up.push(i);
        });
        if (up.length === 0) return [];
        const chosen = up[next % up.length] ?? 0;
        next = (next + 1) % Number.MAX_SAFE_INTEGER;
        return [chosen];
      },
    };
  },
});

/**
 * `@distribution(strategy='broadcast')`.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [broadcastStrategy] });
 */
export const broadcastStrategy = defineDistributionStrategy({
  name: 'broadcast',
  status: 'stable',
  summary: 'Sends every event to every connected destination.',
  parameters: {},
  examples: [{ description: 'Copies each event to two topics.', siddhi: SINK('broadcast') }],
  create: () => ({
    destinationsFor: (_event, connected) => {
      const up: number[] = [];
      connected.forEach((c, i) => {
        if (c) up.push(i);
      });
      return up;
    },
  }),
});

/**
 * `@distribution(strategy='partitioned', partitionKey='…')`.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [partitionedStrategy] });
 */
export const partitionedStrategy = defineDistributionStrategy({
  name: 'partitioned',
  status: 'stable',
  summary: 'Sends each event to the destination its partition key hashes to.',
  description:
    "The destination is `abs(hashCode(String(key)) % N)` with Java's string hash, as in " +
    'Siddhi, over all N destinations; nothing is sent while that destination is down.',
  parameters: {
    partitionKey: param.string({ description: 'The attribute whose value picks the destination.' }),
  },
  examples: [
    {
      description: 'Events of one symbol always go to the same topic.',
      siddhi: SINK('partitioned', ", partitionKey='symbol'"),
    },
  ],
  create: (ctx) => {
    const key = ctx.options.partitionKey;
    const position = ctx.attributes.findIndex((a) => a.name === key);
    if (position < 0) {
      throw new Error(`partitionKey '${key}' is not an attribute of stream '${ctx.streamId}'`);
    }
    const count = ctx.destinationCount;
    return {
      destinationsFor: (event, connected) => {
        const index = Math.abs(javaStringHashCode(templateValue(event.data[position])) % count);
        return connected[index] === true ? [index] : [];
      },
    };
  },
});
