// math:e, math:pi and math:rand: constants and pseudo-random numbers. `rand(seed)` follows
// java.util.Random, so a seeded call site produces Java's sequence.

import type { Extension } from '@tributary/engine/extension-api';
import { JavaRandom } from './java-math.js';
import { mathFunction } from './math-function.js';

function constant(name: 'e' | 'pi', value: number, summary: string): Extension {
  return mathFunction({
    name,
    summary,
    parameters: [],
    returnType: 'double',
    returnDescription: `The constant ${String(value)}.`,
    examples: [
      {
        description: `Returns ${String(value)}.`,
        siddhi:
          'define stream InValueStream (inValue double);\n' +
          `from InValueStream select math:${name}() as ${name}Value insert into OutMediationStream;`,
      },
    ],
    create: () => ({ type: 'double', call: () => value }),
  });
}

export const e = constant('e', Math.E, 'Returns the constant e, the base of natural logarithms.');
export const pi = constant('pi', Math.PI, 'Returns the constant pi.');

/** A random 48-bit Java seed when none is given (Java mixes the clock in similarly). */
function randomSeed(): bigint {
  return BigInt(Math.floor(Math.random() * 2 ** 48));
}

/** `math:rand()` or `math:rand(seed)`. */
export const rand: Extension = mathFunction({
  name: 'rand',
  summary:
    'Returns a pseudo-random double in [0, 1) per call; a seed makes the sequence repeatable.',
  description:
    'Each call site has its own java.util.Random; with a constant seed it yields the same ' +
    'numbers as Java with that seed.',
  parameters: [
    {
      name: 'seed',
      types: ['int', 'long'],
      description: 'The seed of the sequence (a constant).',
      optional: true,
      constant: true,
    },
  ],
  overloads: [[], ['seed']],
  returnType: 'double',
  returnDescription: 'A pseudo-random number.',
  examples: [
    {
      description: 'A random double between 0 and 1 per event.',
      siddhi:
        'define stream InValueStream (symbol string, price long, volume long);\n' +
        'from InValueStream select symbol, math:rand() as randNumber insert into OutMediationStream;',
    },
    {
      description: 'The same sequence on every run.',
      siddhi:
        'define stream InValueStream (symbol string);\n' +
        'from InValueStream select symbol, math:rand(42) as randNumber insert into OutMediationStream;',
    },
  ],
  create: (args) => {
    const seed = args[0]?.value;
    const random = new JavaRandom(
      typeof seed === 'number' ? BigInt(Math.trunc(seed)) : randomSeed(),
    );
    return { type: 'double', call: () => random.nextDouble() };
  },
});

/** Every function of this file. */
export const constantFunctions: readonly Extension[] = [e, pi, rand];
