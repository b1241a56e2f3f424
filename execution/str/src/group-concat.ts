// str:groupConcat aggregator: concatenates the keys of the events in the window with a
// separator. As in Siddhi, equal keys are counted and printed together at the position of
// their first arrival (or sorted with 'ASC'/'DESC'); `distinct` prints each key once.

import {
  defineAggregator,
  type AggregatorState,
  type Extension,
} from '@tributary/engine/extension-api';
import { javaObjectText } from './str-function.js';

type Order = 'none' | 'asc' | 'desc';

class GroupConcatState implements AggregatorState {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly distinct: boolean,
    private readonly order: Order,
    private readonly separated: boolean,
  ) {}

  add(key: unknown, separator?: unknown): unknown {
    if (!this.separated) {
      // with the key alone, a null key is skipped
      if (key === null || key === undefined) return this.text(',');
      this.count(javaObjectText(key), 1);
      return this.text(',');
    }
    this.count(javaObjectText(key), 1);
    return this.text(javaObjectText(separator));
  }

  remove(key: unknown, separator?: unknown): unknown {
    if (!this.separated) {
      if (key !== null && key !== undefined) this.count(javaObjectText(key), -1);
      return this.text(',');
    }
    this.count(javaObjectText(key), -1);
    return this.text(javaObjectText(separator));
  }

  reset(): unknown {
    this.counts.clear();
    return '';
  }

  snapshot(): unknown {
    return { counts: [...this.counts] };
  }

  restore(snapshot: unknown): void {
    const counts = (snapshot as { counts?: unknown } | null)?.counts;
    if (!Array.isArray(counts)) throw new TypeError('str:groupConcat: not a snapshot of its state');
    this.counts.clear();
    for (const entry of counts as [string, number][]) this.counts.set(entry[0], entry[1]);
  }

  private count(key: string, delta: number): void {
    const held = (this.counts.get(key) ?? 0) + delta;
    if (held > 0) this.counts.set(key, held);
    else this.counts.delete(key);
  }

  private text(separator: string): string {
    let keys = [...this.counts.keys()];
    if (this.order !== 'none') {
      // String.compareTo order: UTF-16 code units, as the default sort compares
      keys.sort();
      if (this.order === 'desc') keys.reverse();
    }
    if (this.distinct) return keys.join(separator);
    keys = keys.flatMap((k) => new Array<string>(this.counts.get(k) ?? 0).fill(k));
    return keys.join(separator);
  }
}

/** `str:groupConcat(key[, separator[, distinct[, order]]])`. */
export const groupConcat: Extension = defineAggregator({
  namespace: 'str',
  name: 'groupConcat',
  status: 'stable',
  summary: 'Concatenates the keys of the aggregated events with a separator (a comma by default).',
  description:
    'Equal keys are kept together at the position where the key first arrived; `distinct` ' +
    "keeps each key once; order 'ASC' or 'DESC' sorts the keys. With the key alone a null key " +
    "is skipped; with a separator it is concatenated as 'null', as in Siddhi.",
  parameters: [
    { name: 'key', types: ['string'], description: 'The string to aggregate.' },
    {
      name: 'separator',
      types: ['string'],
      description: 'The text between keys (default `,`).',
      optional: true,
    },
    {
      name: 'distinct',
      types: ['bool'],
      description: 'Whether each key appears once (default false).',
      optional: true,
      constant: true,
    },
    {
      name: 'order',
      types: ['string'],
      description: "'ASC' or 'DESC' to sort the keys (default: arrival order).",
      optional: true,
      constant: true,
      allowedValues: ['ASC', 'DESC'],
    },
  ],
  overloads: [
    ['key'],
    ['key', 'separator'],
    ['key', 'separator', 'distinct'],
    ['key', 'separator', 'distinct', 'order'],
  ],
  returnType: 'string',
  returnDescription: 'The concatenated keys.',
  examples: [
    {
      description: "Keys 'A', 'B', 'S', 'C', 'A' within 5 minutes give 'A,A,B,S,C'.",
      siddhi:
        'define stream In (key string);\n' +
        'from In#window.time(5 min) select str:groupConcat(key) as groupedKeys insert into Out;',
    },
    {
      description: "The same keys with ('-', true, 'ASC') give 'A-B-C-S'.",
      siddhi:
        'define stream In (key string);\n' +
        "from In#window.time(5 min) select str:groupConcat(key, '-', true, 'ASC') as groupedKeys " +
        'insert into Out;',
    },
  ],
  create: (argTypes, options) => {
    const constants = options?.arguments ?? [];
    const distinct = constants[2]?.value === true;
    const orderValue = constants[3]?.value;
    const order: Order =
      typeof orderValue === 'string'
        ? orderValue.toUpperCase() === 'DESC'
          ? 'desc'
          : 'asc'
        : 'none';
    const separated = argTypes.length > 1;
    return {
      returnType: 'string',
      newState: () => new GroupConcatState(distinct, order, separated),
    };
  },
});
