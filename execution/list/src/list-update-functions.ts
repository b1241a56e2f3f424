// Building and changing lists: list:create, list:add, list:addAll, list:clear, list:clone,
// list:remove, list:removeAll, list:removeByIndex, list:retainAll, list:setValue and list:sort.
// Each returns a new list and leaves its arguments unchanged (events may share a list).

import {
  defineFunction,
  type Extension,
  type ParameterSpec,
} from '@tributary/engine/extension-api';
import { exampleApp, listFunction } from './list-function.js';
import {
  asIndex,
  asList,
  compareNatural,
  ELEMENT_TYPES,
  includes,
  indexOf,
} from './list-values.js';

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
const index = (description: string, optional = false): ParameterSpec => ({
  name: 'index',
  types: ['int'],
  description,
  ...(optional ? { optional } : {}),
});

function outOfRange(fn: string, i: number, size: number): RangeError {
  return new RangeError(`${fn}: index ${String(i)} is out of range for a list of ${String(size)}`);
}

/** list:create. */
export const createFunction: Extension = listFunction({
  name: 'create',
  summary: 'Creates a list holding the given values.',
  parameters: [{ name: 'value1', types: ELEMENT_TYPES, optional: true, description: 'A value.' }],
  overloads: [[], ['value1'], ['value1', '...']],
  returnType: 'object',
  returnDescription: 'The new list.',
  example: {
    description: 'Returns a list of the symbol and price.',
    select: 'list:create(symbol, price)',
  },
  call: (args) => [...args],
});

/** list:add. */
export const addFunction: Extension = listFunction({
  name: 'add',
  summary: 'Returns the list with a value added at the end (or at an index).',
  parameters: [
    list('The list to add to.'),
    value('The value to add.'),
    index('Where to insert the value. Default: at the end.', true),
  ],
  returnType: 'object',
  returnDescription: 'The updated list (a new list).',
  example: { description: "Appends 'IBM'.", select: "list:add(list:create(symbol), 'IBM')" },
  call: (args) => {
    const out = [...asList('list:add', args[0])];
    if (args.length < 3) {
      out.push(args[1]);
      return out;
    }
    const i = asIndex('list:add', args[2]);
    if (i < 0 || i > out.length) throw outOfRange('list:add', i, out.length);
    out.splice(i, 0, args[1]);
    return out;
  },
});

/** list:addAll. */
export const addAllFunction: Extension = listFunction({
  name: 'addAll',
  summary: 'Returns the list with every value of another list added at the end.',
  description: 'With `is.distinct` true only values the list does not hold yet are added.',
  parameters: [
    list('The list to add to.', 'to.list'),
    list('The list whose values are added.', 'from.list'),
    {
      name: 'is.distinct',
      types: ['bool'],
      optional: true,
      description: 'If true, only values not in the list yet are added. Default: false.',
    },
  ],
  returnType: 'object',
  returnDescription: 'The updated list (a new list).',
  example: {
    description: "Returns ('IBM', the symbol, 'XYZ') for symbol 'WSO2'.",
    select: "list:addAll(list:create('IBM', symbol), list:create('IBM', 'XYZ'), true)",
  },
  call: (args) => {
    const out = [...asList('list:addAll', args[0])];
    const from = asList('list:addAll', args[1], 2);
    if (args[2] !== true) return [...out, ...from];
    for (const v of from) if (!includes(out, v)) out.push(v);
    return out;
  },
});

/** list:clear. */
export const clearFunction: Extension = listFunction({
  name: 'clear',
  summary: 'Returns the list emptied.',
  parameters: [list('The list to clear.')],
  returnType: 'object',
  returnDescription: 'An empty list.',
  example: { description: 'Returns an empty list.', select: 'list:clear(list:create(symbol))' },
  call: (args) => {
    asList('list:clear', args[0]);
    return [];
  },
});

/** list:clone. */
export const cloneFunction: Extension = listFunction({
  name: 'clone',
  summary: 'Returns a copy of the list.',
  parameters: [list('The list to copy.')],
  returnType: 'object',
  returnDescription: 'A new list with the same elements.',
  example: { description: 'Returns a copy.', select: 'list:clone(list:create(symbol))' },
  call: (args) => [...asList('list:clone', args[0])],
});

/** list:remove. */
export const removeFunction: Extension = listFunction({
  name: 'remove',
  summary: 'Returns the list without the first element equal to a value.',
  parameters: [list('The list to remove from.'), value('The value to remove.')],
  returnType: 'object',
  returnDescription: 'The updated list (a new list).',
  example: {
    description: 'Returns an empty list.',
    select: 'list:remove(list:create(symbol), symbol)',
  },
  call: (args) => {
    const out = [...asList('list:remove', args[0])];
    const i = indexOf(out, args[1]);
    if (i >= 0) out.splice(i, 1);
    return out;
  },
});

/** list:removeAll. */
export const removeAllFunction: Extension = listFunction({
  name: 'removeAll',
  summary: 'Returns the list without every element that another list holds.',
  parameters: [list('The list to remove from.'), list('The values to remove.', 'given.list')],
  returnType: 'object',
  returnDescription: 'The updated list (a new list).',
  example: {
    description: "Returns ('IBM').",
    select: "list:removeAll(list:create('IBM', symbol, symbol), list:create(symbol))",
  },
  call: (args) => {
    const given = asList('list:removeAll', args[1], 2);
    return asList('list:removeAll', args[0]).filter((v) => !includes(given, v));
  },
});

/** list:removeByIndex. */
export const removeByIndexFunction: Extension = listFunction({
  name: 'removeByIndex',
  summary: 'Returns the list without the element at an index.',
  parameters: [list('The list to remove from.'), index('The index of the element to remove.')],
  returnType: 'object',
  returnDescription: 'The updated list (a new list); an index out of range fails the event.',
  example: {
    description: 'Returns (price).',
    select: 'list:removeByIndex(list:create(symbol, price), 0)',
  },
  call: (args) => {
    const out = [...asList('list:removeByIndex', args[0])];
    const i = asIndex('list:removeByIndex', args[1]);
    if (i < 0 || i >= out.length) throw outOfRange('list:removeByIndex', i, out.length);
    out.splice(i, 1);
    return out;
  },
});

/** list:retainAll. */
export const retainAllFunction: Extension = listFunction({
  name: 'retainAll',
  summary: 'Returns the list keeping only the elements another list holds.',
  parameters: [list('The list to filter.'), list('The values to keep.', 'given.list')],
  returnType: 'object',
  returnDescription: 'The updated list (a new list).',
  example: {
    description: 'Returns (symbol).',
    select: "list:retainAll(list:create('IBM', symbol), list:create(symbol))",
  },
  call: (args) => {
    const given = asList('list:retainAll', args[1], 2);
    return asList('list:retainAll', args[0]).filter((v) => includes(given, v));
  },
});

/** list:setValue. */
export const setValueFunction: Extension = listFunction({
  name: 'setValue',
  summary: 'Returns the list with the element at an index replaced by a value.',
  parameters: [
    list('The list to update.'),
    index('The index of the element.'),
    value('The new value.'),
  ],
  returnType: 'object',
  returnDescription: 'The updated list (a new list); an index out of range fails the event.',
  example: {
    description: "Returns ('IBM', price).",
    select: "list:setValue(list:create(symbol, price), 0, 'IBM')",
  },
  call: (args) => {
    const out = [...asList('list:setValue', args[0])];
    const i = asIndex('list:setValue', args[1]);
    if (i < 0 || i >= out.length) throw outOfRange('list:setValue', i, out.length);
    out[i] = args[2];
    return out;
  },
});

/** list:sort. */
export const sortFunction: Extension = defineFunction({
  namespace: 'list',
  name: 'sort',
  status: 'stable',
  summary: 'Returns the list sorted in ascending or descending order.',
  description:
    'Sorts numbers, strings or bools by their natural order; a list mixing kinds fails the event.',
  parameters: [
    list('The list to sort.'),
    {
      name: 'order',
      types: ['string'],
      constant: true,
      optional: true,
      allowedValues: ['ASC', 'DESC'],
      description: "The order: 'ASC' or 'DESC'. Default: ascending.",
    },
  ],
  returnType: 'object',
  returnDescription: 'The sorted list (a new list).',
  examples: [
    {
      description: 'Returns the list in ascending order.',
      siddhi: exampleApp("list:sort(list:create(symbol, 'IBM'))"),
    },
    {
      description: 'Returns the list in descending order.',
      siddhi: exampleApp("list:sort(list:create(symbol, 'IBM'), 'DESC')"),
    },
  ],
  create: (args) => {
    const order = args[1]?.value;
    const descending = typeof order === 'string' && order.toUpperCase() === 'DESC';
    return {
      type: 'object',
      call: (values) => {
        const out = [...asList('list:sort', values[0])].sort(compareNatural);
        return descending ? out.reverse() : out;
      },
    };
  },
});

/** The building and updating functions. */
export const updateFunctions: readonly Extension[] = [
  addFunction,
  addAllFunction,
  clearFunction,
  cloneFunction,
  createFunction,
  removeFunction,
  removeAllFunction,
  removeByIndexFunction,
  retainAllFunction,
  setValueFunction,
  sortFunction,
];
