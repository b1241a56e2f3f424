// json:group(json[, enclosing.element][, distinct]) and json:groupAsObject(…): aggregate the
// JSON elements of the window into a JSON array (optionally enclosed as `{element: [...]}`).
// Equal elements are counted together, so expired events remove exactly their own element.

import type { AttributeType } from '@tributary/engine';
import {
  defineAggregator,
  type AggregatorState,
  type Extension,
  type ParameterSpec,
} from '@tributary/engine/extension-api';
import { canonicalJson, parseJson, toJsonText, toJsonValue, type JsonValue } from './json-text.js';

interface Entry {
  value: JsonValue;
  count: number;
}

/** Where the optional arguments sit, decided by their types at plan time. */
interface Layout {
  readonly enclosingAt: number | undefined;
  readonly distinctAt: number | undefined;
}

function layoutOf(argTypes: readonly AttributeType[]): Layout {
  if (argTypes[1] === 'bool') return { enclosingAt: undefined, distinctAt: 1 };
  if (argTypes[1] === 'string') {
    return { enclosingAt: 1, distinctAt: argTypes.length > 2 ? 2 : undefined };
  }
  return { enclosingAt: undefined, distinctAt: undefined };
}

function elementOf(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? parseJson(value) : toJsonValue(value);
}

class GroupState implements AggregatorState {
  readonly #entries = new Map<string, Entry>();
  #enclosing: string | undefined;
  #distinct = false;

  constructor(
    private readonly name: string,
    private readonly layout: Layout,
    private readonly asObject: boolean,
  ) {}

  add(...args: readonly unknown[]): unknown {
    this.#read(args);
    const value = elementOf(args[0]);
    const key = canonicalJson(value);
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, { value, count: 1 });
    else entry.count++;
    return this.#result();
  }

  remove(...args: readonly unknown[]): unknown {
    this.#read(args);
    const key = canonicalJson(elementOf(args[0]));
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (entry.count > 1) entry.count--;
      else this.#entries.delete(key);
    }
    return this.#result();
  }

  reset(): unknown {
    this.#entries.clear();
    return null;
  }

  snapshot(): unknown {
    return {
      entries: [...this.#entries.values()].map((e) => [e.value, e.count]),
      enclosing: this.#enclosing ?? null,
      distinct: this.#distinct,
    };
  }

  restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) {
      throw new TypeError(`${this.name}: not a snapshot of its state`);
    }
    const s = snapshot as { entries?: unknown; enclosing?: unknown; distinct?: unknown };
    if (!Array.isArray(s.entries)) throw new TypeError(`${this.name}: snapshot has no entries`);
    this.#entries.clear();
    for (const [value, count] of s.entries as [JsonValue, number][]) {
      this.#entries.set(canonicalJson(value), { value, count });
    }
    this.#enclosing = typeof s.enclosing === 'string' ? s.enclosing : undefined;
    this.#distinct = s.distinct === true;
  }

  /** The enclosing element and distinct flag may change per event (they are dynamic). */
  #read(args: readonly unknown[]): void {
    const { enclosingAt, distinctAt } = this.layout;
    if (enclosingAt !== undefined) {
      const e = args[enclosingAt];
      this.#enclosing = typeof e === 'string' ? e : undefined;
    }
    if (distinctAt !== undefined) this.#distinct = args[distinctAt] === true;
  }

  #result(): unknown {
    const array: JsonValue[] = [];
    for (const { value, count } of this.#entries.values()) {
      const times = this.#distinct ? 1 : count;
      for (let i = 0; i < times; i++) array.push(value);
    }
    const result: JsonValue = this.#enclosing === undefined ? array : { [this.#enclosing]: array };
    return this.asObject ? result : toJsonText(result);
  }
}

const parameters: ParameterSpec[] = [
  {
    name: 'json',
    types: ['string', 'object'],
    description: 'The JSON element (string or object) to aggregate.',
  },
  {
    name: 'enclosing.element',
    types: ['string'],
    optional: true,
    description:
      'The key enclosing the aggregated elements: the result is `{key: [...]}`. Default: the ' +
      'result is the JSON array itself.',
  },
  {
    name: 'distinct',
    types: ['bool'],
    optional: true,
    description: 'If true, equal JSON elements appear once. Default: false.',
  },
];

const overloads = [
  ['json'],
  ['json', 'distinct'],
  ['json', 'enclosing.element'],
  ['json', 'enclosing.element', 'distinct'],
];

function group(asObject: boolean): Extension {
  const name = asObject ? 'groupAsObject' : 'group';
  const type: AttributeType = asObject ? 'object' : 'string';
  return defineAggregator({
    namespace: 'json',
    name,
    status: 'stable',
    summary: asObject
      ? 'Aggregates the JSON elements of the window into a JSON array object.'
      : 'Aggregates the JSON elements of the window into a JSON array string.',
    description:
      'Collects the JSON elements of the events in the window, equal elements next to each ' +
      'other, into a JSON array; with `enclosing.element` the array is enclosed in an object ' +
      'under that key. With `distinct` equal elements appear once. ' +
      (asObject ? 'The result is an object.' : 'The result is JSON text.'),
    parameters,
    overloads,
    returnType: type,
    returnDescription: 'The aggregated JSON array (or enclosing object).',
    examples: [
      {
        description:
          'For `{"date":"2013-11-19","time":"10:30"}` and `{"date":"2013-11-19","time":"12:20"}` ' +
          'returns the array of both.',
        siddhi:
          'define stream InputStream (json string);\n' +
          `from InputStream#window.length(5)\nselect json:${name}(json) as groupedJSONArray\n` +
          'insert into OutputStream;',
      },
      {
        description: 'Encloses the distinct elements as `{"result": [...]}`.',
        siddhi:
          'define stream InputStream (json string);\n' +
          `from InputStream#window.length(5)\n` +
          `select json:${name}(json, 'result', true) as groupedJSON\n` +
          'insert into OutputStream;',
      },
    ],
    create: (argTypes) => {
      const layout = layoutOf(argTypes);
      return { returnType: type, newState: () => new GroupState(`json:${name}`, layout, asObject) };
    },
  });
}

/** json:group. */
export const groupAggregator: Extension = group(false);

/** json:groupAsObject. */
export const groupAsObjectAggregator: Extension = group(true);
