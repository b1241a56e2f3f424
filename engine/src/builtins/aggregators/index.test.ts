// Tests for the built-in aggregator list and lookup: every catalog aggregator is implemented
// with the catalog's return type, and every state survives a JSON snapshot round trip.

import { describe, expect, it } from 'vitest';
import { builtinAggregators as catalogAggregators } from '../catalog/aggregators.js';
import type { AggregatorImplementation } from './index.js';
import { builtinAggregators, createAggregatorLookup } from './index.js';

describe('builtinAggregators', () => {
  it('implements every aggregator the catalog describes, with the same return type', () => {
    const lookup = createAggregatorLookup(builtinAggregators);
    for (const spec of catalogAggregators) {
      const impl = lookup.get(spec.namespace, spec.name);
      expect(impl, spec.name).toBeDefined();
      const overload = spec.overloads.at(-1)?.parameters ?? [];
      const argTypes = overload.map((p) => p.types[0] ?? 'object');
      const expected =
        typeof spec.returnType === 'function'
          ? spec.returnType(argTypes.map((type) => ({ type, constant: false, attribute: true })))
          : spec.returnType;
      expect(impl?.create(argTypes).returnType, spec.name).toEqual(expected);
    }
    expect(builtinAggregators).toHaveLength(catalogAggregators.length);
  });

  it('looks names up case-sensitively and namespaces case-insensitively, earlier lists first', () => {
    const custom: AggregatorImplementation = {
      namespace: 'Custom',
      name: 'sum',
      create: () => {
        throw new Error('unused');
      },
    };
    const lookup = createAggregatorLookup([custom], builtinAggregators);
    expect(lookup.get('', 'sum')?.namespace).toBe('');
    expect(lookup.get('custom', 'sum')).toBe(custom);
    expect(lookup.get('', 'SUM')).toBeUndefined();
    expect(lookup.get('', 'stdDev')?.name).toBe('stdDev');
  });

  it('restores every state from a JSON copy of its snapshot, empty or not', () => {
    const sample: Record<string, unknown> = { and: true, or: true, unionSet: new Set([1]) };
    for (const impl of builtinAggregators) {
      const argTypes =
        impl.name === 'count'
          ? []
          : impl.name === 'unionSet'
            ? ['object' as const]
            : impl.name === 'and' || impl.name === 'or'
              ? ['bool' as const]
              : ['int' as const];
      const instance = impl.create(argTypes);
      const value = sample[impl.name] ?? 4;
      const empty = instance.newState();
      const emptyCopy = instance.newState();
      emptyCopy.restore(JSON.parse(JSON.stringify(empty.snapshot())));
      expect(emptyCopy.add(value), impl.name).toEqual(empty.add(value));
      const state = instance.newState();
      state.add(value);
      const copy = instance.newState();
      copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
      expect(copy.add(value), impl.name).toEqual(state.add(value));
      expect(copy.remove(value), impl.name).toEqual(state.remove(value));
    }
  });
});
