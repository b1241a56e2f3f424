// Reading maps: map:get, map:containsKey, map:containsValue, map:isEmpty, map:isMap, map:keys,
// map:values and map:size. A non-map argument fails the event, as in Siddhi.

import type { Extension, ParameterSpec } from '@tributary/engine/extension-api';
import { mapFunction } from './map-function.js';
import { ANY_TYPES, asMap, deepEquals, KEY_TYPES, VALUE_TYPES } from './map-values.js';

const map = (description: string): ParameterSpec => ({
  name: 'map',
  types: ['object'],
  description,
});

/** map:get. */
export const getFunction: Extension = mapFunction({
  name: 'get',
  summary: 'Returns the value of a key in the map (or a default when the key is absent).',
  description:
    'Returns the value mapped to `key`; null, or `default.value` when given, if the map has no ' +
    'such key (a key mapped to null returns null).',
  parameters: [
    map('The map to read from.'),
    { name: 'key', types: KEY_TYPES, description: 'The key of the value.' },
    {
      name: 'default.value',
      types: VALUE_TYPES,
      optional: true,
      description: 'The value returned when the map has no such key. Default: null.',
    },
  ],
  returnType: 'object',
  returnDescription: 'The value, the default value, or null.',
  example: {
    description: "Returns 'unknown': the map has no key 'GOOG'.",
    select: "map:get(map:create(symbol, price), 'GOOG', 'unknown')",
  },
  call: (args) => {
    const m = asMap('map:get', args[0]);
    if (args.length > 2 && !m.has(args[1])) return args[2] ?? null;
    return m.get(args[1]) ?? null;
  },
});

/** map:containsKey. */
export const containsKeyFunction: Extension = mapFunction({
  name: 'containsKey',
  summary: 'Checks whether the map contains the key.',
  parameters: [
    map('The map to check.'),
    { name: 'key', types: KEY_TYPES, description: 'The key.' },
  ],
  returnType: 'bool',
  returnDescription: 'True when the map has the key.',
  example: {
    description: 'Returns true.',
    select: 'map:containsKey(map:create(symbol, price), symbol)',
  },
  call: (args) => asMap('map:containsKey', args[0]).has(args[1]),
});

/** map:containsValue. */
export const containsValueFunction: Extension = mapFunction({
  name: 'containsValue',
  summary: 'Checks whether the map contains the value.',
  parameters: [
    map('The map to check.'),
    { name: 'value', types: KEY_TYPES, description: 'The value.' },
  ],
  returnType: 'bool',
  returnDescription: 'True when a key of the map has the value.',
  example: {
    description: 'Returns true.',
    select: 'map:containsValue(map:create(symbol, price), price)',
  },
  call: (args) => {
    const value = args[1];
    for (const v of asMap('map:containsValue', args[0]).values())
      if (deepEquals(v, value)) return true;
    return false;
  },
});

/** map:isEmpty. */
export const isEmptyFunction: Extension = mapFunction({
  name: 'isEmpty',
  summary: 'Checks whether the map is empty.',
  parameters: [map('The map to check.')],
  returnType: 'bool',
  returnDescription: 'True when the map has no entries.',
  example: { description: 'Returns true.', select: 'map:isEmpty(map:create())' },
  call: (args) => asMap('map:isEmpty', args[0]).size === 0,
});

/** map:isMap. */
export const isMapFunction: Extension = mapFunction({
  name: 'isMap',
  summary: 'Checks whether the argument is a map.',
  parameters: [{ name: 'arg', types: ANY_TYPES, description: 'The value to check.' }],
  returnType: 'bool',
  returnDescription: 'True for a map.',
  example: { description: 'Returns false: the symbol is a string.', select: 'map:isMap(symbol)' },
  call: (args) => args[0] instanceof Map,
});

/** map:keys. */
export const keysFunction: Extension = mapFunction({
  name: 'keys',
  summary: 'Returns the keys of the map as a list.',
  parameters: [map('The map whose keys are returned.')],
  returnType: 'object',
  returnDescription: 'A list (array) of the keys, in insertion order.',
  example: {
    description: 'Returns a list holding the symbol.',
    select: 'map:keys(map:create(symbol, price))',
  },
  call: (args) => [...asMap('map:keys', args[0]).keys()],
});

/** map:values. */
export const valuesFunction: Extension = mapFunction({
  name: 'values',
  summary: 'Returns the values of the map as a list.',
  parameters: [map('The map whose values are returned.')],
  returnType: 'object',
  returnDescription: 'A list (array) of the values, in key insertion order.',
  example: {
    description: 'Returns a list holding the price.',
    select: 'map:values(map:create(symbol, price))',
  },
  call: (args) => [...asMap('map:values', args[0]).values()],
});

/** map:size. */
export const sizeFunction: Extension = mapFunction({
  name: 'size',
  summary: 'Returns the number of entries in the map.',
  parameters: [map('The map to measure.')],
  returnType: 'int',
  returnDescription: 'The number of entries.',
  example: { description: 'Returns 1.', select: 'map:size(map:create(symbol, price))' },
  call: (args) => asMap('map:size', args[0]).size,
});

/** The reading functions. */
export const accessFunctions: readonly Extension[] = [
  containsKeyFunction,
  containsValueFunction,
  getFunction,
  isEmptyFunction,
  isMapFunction,
  keysFunction,
  sizeFunction,
  valuesFunction,
];
