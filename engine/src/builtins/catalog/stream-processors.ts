// Descriptions of Siddhi 5.1's stream functions and processors: `#pol2Cart(theta, rho[, z])`
// (appends x, y[, z]) and `#log([priority,] [message,] [is.event.logged])`.

import type { ExtensionSpec, ParameterSpec } from '../../compiler/extension-catalog.js';
import { NUMERIC_TYPES } from '../../compiler/extension-catalog.js';

const LOG_PRIORITIES = ['INFO', 'DEBUG', 'WARN', 'FATAL', 'ERROR', 'OFF', 'TRACE'] as const;
const priority: ParameterSpec = {
  name: 'priority',
  types: ['string'],
  constant: true,
  allowedValues: LOG_PRIORITIES,
};
const message: ParameterSpec = { name: 'log.message', types: ['string'] };
const logged: ParameterSpec = { name: 'is.event.logged', types: ['bool'], constant: true };
const num = (name: string): ParameterSpec => ({ name, types: NUMERIC_TYPES });

export const builtinStreamProcessors: readonly ExtensionSpec[] = [
  {
    kind: 'streamFunction',
    namespace: '',
    name: 'pol2Cart',
    summary: 'Converts polar coordinates to Cartesian ones, appending x and y (and z).',
    overloads: [
      { parameters: [num('theta'), num('rho')] },
      { parameters: [num('theta'), num('rho'), num('z')] },
    ],
    appends: (args) =>
      args.length === 3
        ? [
            { name: 'x', type: 'double' },
            { name: 'y', type: 'double' },
            { name: 'z', type: 'double' },
          ]
        : [
            { name: 'x', type: 'double' },
            { name: 'y', type: 'double' },
          ],
  },
  {
    kind: 'streamProcessor',
    namespace: '',
    name: 'log',
    summary: 'Logs the events passing through (optionally with a priority and message).',
    overloads: [
      { parameters: [] },
      { parameters: [message] },
      { parameters: [logged] },
      { parameters: [message, logged] },
      { parameters: [priority, message] },
      { parameters: [priority, message, logged] },
    ],
    appends: [],
  },
];
