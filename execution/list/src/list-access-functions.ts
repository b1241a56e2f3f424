// Reading lists: list:contains, list:containsAll, list:containsAny, list:get, list:indexOf,
// list:lastIndexOf, list:isEmpty, list:isList and list:size. A non-list argument fails the event.

import type { Extension, ParameterSpec } from '@tributary/engine/extension-api';
import { listFunction } from './list-function.js';
import { asIndex, asList, deepEquals, ELEMENT_TYPES, includes, indexOf } from './list-values.js';

const list = (description: string, name = 'list'): ParameterSpec => ({
  name,
  types: ['object'],
  description,
});
const value = (description: string): ParameterSpec => ({
  name: 'value',
  types: ELEMENT_TYPES,
  description,
});

/** list:contains. */
export const containsFunction: Extension = listFunction({
  name: 'contains',
  summary: 'Checks whether the list contains a value.',
  parameters: [list('The list to check.'), value('The value to look for.')],
  returnType: 'bool',
  returnDescription: 'True when an element equals the value.',
  example: { description: 'Returns true.', select: 'list:contains(list:create(symbol), symbol)' },
  call: (args) => includes(asList('list:contains', args[0]), args[1]),
});

/** list:containsAll. */
export const containsAllFunction: Extension = listFunction({
  name: 'containsAll',
  summary: 'Checks whether the list contains every value of another list.',
  parameters: [list('The list to check.'), list('The values to look for.', 'given.list')],
  returnType: 'bool',
  returnDescription: 'True when every value of the given list is in the list.',
  example: {
    description: 'Returns true.',
    select: "list:containsAll(list:create(symbol, 'IBM'), list:create(symbol))",
  },
  call: (args) => {
    const l = asList('list:containsAll', args[0]);
    return asList('list:containsAll', args[1], 2).every((v) => includes(l, v));
  },
});

/** list:containsAny. */
export const containsAnyFunction: Extension = listFunction({
  name: 'containsAny',
  summary: 'Checks whether two lists have any element in common.',
  parameters: [list('The list to check.'), list('The values to look for.', 'given.list')],
  returnType: 'bool',
  returnDescription: 'True when some value of the given list is in the list.',
  example: {
    description: 'Returns true.',
    select: "list:containsAny(list:create(symbol), list:create('IBM', symbol))",
  },
  call: (args) => {
    const l = asList('list:containsAny', args[0]);
    return asList('list:containsAny', args[1], 2).some((v) => includes(l, v));
  },
});

/** list:get. */
export const getFunction: Extension = listFunction({
  name: 'get',
  summary: 'Returns the element at an index, or null when the index is out of range.',
  parameters: [
    list('The list to read from.'),
    { name: 'index', types: ['int'], description: 'The index of the element (from 0).' },
  ],
  returnType: 'object',
  returnDescription: 'The element, or null.',
  example: {
    description: 'Returns the symbol.',
    select: 'list:get(list:create(symbol, price), 0)',
  },
  call: (args) => {
    const l = asList('list:get', args[0]);
    const i = asIndex('list:get', args[1]);
    return i >= 0 && i < l.length ? (l[i] ?? null) : null;
  },
});

/** list:indexOf. */
export const indexOfFunction: Extension = listFunction({
  name: 'indexOf',
  summary: 'Returns the index of the first element equal to a value, or -1.',
  parameters: [list('The list to search.'), value('The value to look for.')],
  returnType: 'int',
  returnDescription: 'The first index of the value, or -1.',
  example: {
    description: 'Returns 1.',
    select: "list:indexOf(list:create('IBM', symbol), symbol)",
  },
  call: (args) => indexOf(asList('list:indexOf', args[0]), args[1]),
});

/** list:lastIndexOf. */
export const lastIndexOfFunction: Extension = listFunction({
  name: 'lastIndexOf',
  summary: 'Returns the index of the last element equal to a value, or -1.',
  parameters: [list('The list to search.'), value('The value to look for.')],
  returnType: 'int',
  returnDescription: 'The last index of the value, or -1.',
  example: {
    description: 'Returns 1.',
    select: 'list:lastIndexOf(list:create(symbol, symbol), symbol)',
  },
  call: (args) => {
    const l = asList('list:lastIndexOf', args[0]);
    for (let i = l.length - 1; i >= 0; i--) if (deepEquals(l[i], args[1])) return i;
    return -1;
  },
});

/** list:isEmpty. */
export const isEmptyFunction: Extension = listFunction({
  name: 'isEmpty',
  summary: 'Checks whether the list is empty.',
  parameters: [list('The list to check.')],
  returnType: 'bool',
  returnDescription: 'True when the list has no elements.',
  example: { description: 'Returns true.', select: 'list:isEmpty(list:create())' },
  call: (args) => asList('list:isEmpty', args[0]).length === 0,
});

/** list:isList. */
export const isListFunction: Extension = listFunction({
  name: 'isList',
  summary: 'Checks whether the argument is a list.',
  parameters: [{ name: 'arg', types: ELEMENT_TYPES, description: 'The value to check.' }],
  returnType: 'bool',
  returnDescription: 'True for a list.',
  example: { description: 'Returns false: the symbol is a string.', select: 'list:isList(symbol)' },
  call: (args) => Array.isArray(args[0]),
});

/** list:size. */
export const sizeFunction: Extension = listFunction({
  name: 'size',
  summary: 'Returns the number of elements in the list.',
  parameters: [list('The list to measure.')],
  returnType: 'int',
  returnDescription: 'The number of elements.',
  example: { description: 'Returns 2.', select: 'list:size(list:create(symbol, price))' },
  call: (args) => asList('list:size', args[0]).length,
});

/** The reading functions. */
export const accessFunctions: readonly Extension[] = [
  containsFunction,
  containsAllFunction,
  containsAnyFunction,
  getFunction,
  indexOfFunction,
  isEmptyFunction,
  isListFunction,
  lastIndexOfFunction,
  sizeFunction,
];
