// Building and changing maps: map:create, map:clear, map:clone, map:combineByKey, map:put,
// map:putAll, map:putIfAbsent, map:remove, map:replace and map:replaceAll. Each returns a new
// map and leaves its arguments unchanged (events may share a map).

import type { Extension, ParameterSpec } from '@tributary/engine/extension-api';
import { mapFunction } from './map-function.js';
import { ANY_TYPES, asMap, KEY_TYPES } from './map-values.js';

const map = (description: string, name = 'map'): ParameterSpec => ({
  name,
  types: ['object'],
  description,
});

/** map:create. */
export const createFunction: Extension = mapFunction({
  name: 'create',
  summary: 'Creates a map pairing the keys with the values that follow them.',
  description:
    'Arguments come in key/value pairs: `map:create(k1, v1, k2, v2, …)`; none gives an empty map.',
  parameters: [
    { name: 'key1', types: ANY_TYPES, optional: true, description: 'A key.' },
    {
      name: 'value1',
      types: ANY_TYPES,
      optional: true,
      description: 'The value of the key before it.',
    },
  ],
  overloads: [[], ['key1', 'value1'], ['key1', 'value1', '...']],
  check: (args) =>
    args.length % 2 === 0
      ? undefined
      : 'map:create() takes key and value pairs, found an odd number of arguments',
  returnType: 'object',
  returnDescription: 'The new map.',
  example: {
    description: 'Returns a map of the symbol to its price.',
    select: 'map:create(symbol, price)',
  },
  call: (args) => {
    const m = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < args.length; i += 2) m.set(args[i], args[i + 1]);
    return m;
  },
});

/** map:clear. */
export const clearFunction: Extension = mapFunction({
  name: 'clear',
  summary: 'Returns the map emptied.',
  parameters: [map('The map to clear.')],
  returnType: 'object',
  returnDescription: 'An empty map.',
  example: { description: 'Returns an empty map.', select: 'map:clear(map:create(symbol, price))' },
  call: (args) => {
    asMap('map:clear', args[0]);
    return new Map();
  },
});

/** map:clone. */
export const cloneFunction: Extension = mapFunction({
  name: 'clone',
  summary: 'Returns a copy of the map.',
  parameters: [map('The map to copy.')],
  returnType: 'object',
  returnDescription: 'A new map with the same entries.',
  example: { description: 'Returns a copy.', select: 'map:clone(map:create(symbol, price))' },
  call: (args) => new Map(asMap('map:clone', args[0])),
});

/** map:combineByKey. */
export const combineByKeyFunction: Extension = mapFunction({
  name: 'combineByKey',
  summary: 'Combines maps by key: each key maps to the list of its values in each map.',
  description:
    'The result has every key of every map; its value is a list with the value from each map ' +
    'in argument order (null where a map lacks the key).',
  parameters: [map('The maps to combine.')],
  overloads: [
    ['map', 'map'],
    ['map', 'map', '...'],
  ],
  returnType: 'object',
  returnDescription: 'The combined map.',
  example: {
    description: 'Returns a map of the symbol to the list of its price and volume.',
    select: 'map:combineByKey(map:create(symbol, price), map:create(symbol, volume))',
  },
  call: (args) => {
    const maps = args.map((a, i) => asMap('map:combineByKey', a, i + 1));
    const out = new Map<unknown, unknown[]>();
    for (const m of maps)
      for (const k of m.keys())
        if (!out.has(k))
          out.set(
            k,
            maps.map((x) => x.get(k) ?? null),
          );
    return out;
  },
});

/** map:put. */
export const putFunction: Extension = mapFunction({
  name: 'put',
  summary: 'Returns the map with a key set to a value (an existing key gets the new value).',
  parameters: [
    map('The map to add to.'),
    { name: 'key', types: ANY_TYPES, description: 'The key.' },
    { name: 'value', types: ANY_TYPES, description: 'The value.' },
  ],
  returnType: 'object',
  returnDescription: 'The updated map (a new map).',
  example: {
    description: 'Adds the volume under key `volume`.',
    select: "map:put(map:create(symbol, price), 'volume', volume)",
  },
  call: (args) => new Map(asMap('map:put', args[0])).set(args[1], args[2]),
});

/** map:putAll. */
export const putAllFunction: Extension = mapFunction({
  name: 'putAll',
  summary: 'Returns the map with every entry of another map added (overriding equal keys).',
  parameters: [
    map('The map to add to.', 'to.map'),
    map('The map whose entries are added.', 'from.map'),
  ],
  returnType: 'object',
  returnDescription: 'The updated map (a new map).',
  example: {
    description: 'Merges two maps.',
    select: "map:putAll(map:create(symbol, price), map:create('volume', volume))",
  },
  call: (args) => {
    const out = new Map(asMap('map:putAll', args[0]));
    for (const [k, v] of asMap('map:putAll', args[1], 2)) out.set(k, v);
    return out;
  },
});

/** map:putIfAbsent. */
export const putIfAbsentFunction: Extension = mapFunction({
  name: 'putIfAbsent',
  summary: 'Returns the map with a key set to a value unless the key already has a value.',
  parameters: [
    map('The map to add to.'),
    { name: 'key', types: KEY_TYPES, description: 'The key.' },
    { name: 'value', types: KEY_TYPES, description: 'The value.' },
  ],
  returnType: 'object',
  returnDescription: 'The updated map (a new map).',
  example: {
    description: 'Keeps the price: the symbol is already a key.',
    select: 'map:putIfAbsent(map:create(symbol, price), symbol, 0.0)',
  },
  call: (args) => {
    const out = new Map(asMap('map:putIfAbsent', args[0]));
    if ((out.get(args[1]) ?? null) === null) out.set(args[1], args[2]);
    return out;
  },
});

/** map:remove. */
export const removeFunction: Extension = mapFunction({
  name: 'remove',
  summary: 'Returns the map without the entry of a key.',
  parameters: [
    map('The map to remove from.'),
    { name: 'key', types: ANY_TYPES, description: 'The key.' },
  ],
  returnType: 'object',
  returnDescription: 'The updated map (a new map).',
  example: {
    description: 'Returns an empty map.',
    select: 'map:remove(map:create(symbol, price), symbol)',
  },
  call: (args) => {
    const out = new Map(asMap('map:remove', args[0]));
    out.delete(args[1]);
    return out;
  },
});

/** map:replace. */
export const replaceFunction: Extension = mapFunction({
  name: 'replace',
  summary: 'Returns the map with the value of a key replaced, only if the key is present.',
  parameters: [
    map('The map to update.'),
    { name: 'key', types: KEY_TYPES, description: 'The key.' },
    { name: 'value', types: KEY_TYPES, description: 'The new value.' },
  ],
  returnType: 'object',
  returnDescription: 'The updated map (a new map).',
  example: {
    description: 'Sets the price of the symbol to 0.',
    select: 'map:replace(map:create(symbol, price), symbol, 0.0)',
  },
  call: (args) => {
    const out = new Map(asMap('map:replace', args[0]));
    if (out.has(args[1])) out.set(args[1], args[2]);
    return out;
  },
});

/** map:replaceAll. */
export const replaceAllFunction: Extension = mapFunction({
  name: 'replaceAll',
  summary:
    'Returns the map with the values of the keys another map also has replaced by its values.',
  parameters: [
    map('The map to update.', 'to.map'),
    map('The map with the new values.', 'from.map'),
  ],
  returnType: 'object',
  returnDescription: 'The updated map (a new map).',
  example: {
    description: 'Replaces the price of the symbol.',
    select: 'map:replaceAll(map:create(symbol, price), map:create(symbol, 0.0))',
  },
  call: (args) => {
    const out = new Map(asMap('map:replaceAll', args[0]));
    for (const [k, v] of asMap('map:replaceAll', args[1], 2)) if (out.has(k)) out.set(k, v);
    return out;
  },
});

/** The building and updating functions. */
export const updateFunctions: readonly Extension[] = [
  clearFunction,
  cloneFunction,
  combineByKeyFunction,
  createFunction,
  putFunction,
  putAllFunction,
  putIfAbsentFunction,
  removeFunction,
  replaceFunction,
  replaceAllFunction,
];
