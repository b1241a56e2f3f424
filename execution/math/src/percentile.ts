// math:percentile aggregator: keeps the window's values sorted and reports the p-th
// percentile by Siddhi's rule (index p·n/100; a whole index averages two neighbours,
// otherwise the index is rounded). Int and long values are held as floats, as in Siddhi.

import {
  defineAggregator,
  type AggregatorState,
  type Extension,
} from '@tributary/engine/extension-api';

/** Java's `Double.compare`: -0 before 0, NaN after everything. */
function compare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  const aNeg = Object.is(a, -0);
  const bNeg = Object.is(b, -0);
  return aNeg === bNeg ? 0 : aNeg ? -1 : 1;
}

/** `Collections.binarySearch`: the index of `value`, or -(insertion point) - 1. */
function binarySearch(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(values[mid] ?? 0, value);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -(lo + 1);
}

/**
 * Siddhi's percentile of sorted values; null for no values (Siddhi fails the event there).
 * @example
 * percentileOf([1, 2, 3, 4], 50); // 2.5
 */
export function percentileOf(values: readonly number[], p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const index = (p * n) / 100;
  if (index % 1 === 0) {
    if (index === n) return values[index - 1] ?? null;
    return ((values[index - 1] ?? 0) + (values[index] ?? 0)) / 2;
  }
  const rounded = Math.round(index);
  return values[rounded === 0 ? 0 : rounded - 1] ?? null;
}

class PercentileState implements AggregatorState {
  private values: number[] = [];

  constructor(
    private readonly p: number,
    private readonly asFloat: boolean,
  ) {}

  add(value: unknown): unknown {
    const v = this.number(value);
    const at = binarySearch(this.values, v);
    this.values.splice(at < 0 ? -at - 1 : at + 1, 0, v);
    return percentileOf(this.values, this.p);
  }

  remove(value: unknown): unknown {
    const at = binarySearch(this.values, this.number(value));
    if (at >= 0) this.values.splice(at, 1);
    return percentileOf(this.values, this.p);
  }

  reset(): unknown {
    this.values = [];
    return 0;
  }

  snapshot(): unknown {
    return { values: [...this.values] };
  }

  restore(snapshot: unknown): void {
    const values = (snapshot as { values?: unknown } | null)?.values;
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number')) {
      throw new TypeError('math:percentile: not a snapshot of its state');
    }
    this.values = [...values];
  }

  private number(value: unknown): number {
    if (typeof value !== 'number') {
      throw new TypeError('math:percentile() cannot aggregate a null or non-numeric value');
    }
    return this.asFloat ? Math.fround(value) : value;
  }
}

/** `math:percentile(arg, p)`. */
export const percentile: Extension = defineAggregator({
  namespace: 'math',
  name: 'percentile',
  status: 'stable',
  summary: 'Returns the p-th percentile of the aggregated values.',
  description:
    'p is a constant double with 0 < p <= 100. With n values sorted ascending and index = ' +
    'p·n/100: a whole index gives the mean of the values at positions index and index + 1 ' +
    '(the last value when index = n); otherwise the value at the rounded index. Int, long and ' +
    'float values are held as 32-bit floats, as Siddhi holds them. When the window empties ' +
    'the result is null.',
  parameters: [
    {
      name: 'arg',
      types: ['int', 'long', 'float', 'double'],
      description: 'The value whose percentile is found.',
    },
    {
      name: 'p',
      types: ['double'],
      description: 'The percentile to find (0 < p <= 100).',
      constant: true,
    },
  ],
  check: (args) => {
    const p = args[1]?.value;
    if (typeof p !== 'number') return undefined;
    return p <= 0 || p > 100
      ? `Percentile value should be in 0 < p <= 100 range. But found ${String(p)}`
      : undefined;
  },
  returnType: 'double',
  returnDescription: 'The p-th percentile.',
  examples: [
    {
      description: 'The 97th percentile of all temperatures so far.',
      siddhi:
        'define stream InValueStream (sensorId int, temperature double);\n' +
        'from InValueStream select math:percentile(temperature, 97.0) as percentile ' +
        'insert into OutMediationStream;',
    },
  ],
  create: (argTypes, options) => {
    const p = options?.arguments?.[1]?.value;
    if (typeof p !== 'number' || p <= 0 || p > 100) {
      throw new Error('math:percentile() needs a constant p with 0 < p <= 100');
    }
    const asFloat = argTypes[0] !== 'double';
    return { returnType: 'double', newState: () => new PercentileState(p, asFloat) };
  },
});
