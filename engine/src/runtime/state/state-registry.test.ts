// The state registry: unique ids in registration order, holders passing snapshot, restore and
// the change counter through to their target (classes, not closures), and combined states.

import { describe, expect, it } from 'vitest';
import { combineState, StateRegistry, type Snapshottable } from './state-registry.js';

/** A counter whose state is its value; `versioned` adds a change counter. */
function counter(versioned: boolean): Snapshottable & { value: number } {
  const target = {
    value: 0,
    snapshot: () => target.value,
    restore: (state: unknown) => {
      target.value = state as number;
    },
  };
  return versioned ? Object.assign(target, { version: () => target.value * 10 }) : target;
}

describe('StateRegistry', () => {
  it('makes clashing ids unique in registration order', () => {
    const registry = new StateRegistry();
    const ids = Array.from({ length: 20 }, (_, i) =>
      registry.register(i % 2 === 0 ? 'query:q/window' : `table:T${String(i)}`, counter(false)),
    );
    expect(ids.slice(0, 5)).toEqual([
      'query:q/window',
      'table:T1',
      'query:q/window~2',
      'table:T3',
      'query:q/window~3',
    ]);
    expect(ids.at(-2)).toBe('query:q/window~10');
    expect(new Set(ids).size).toBe(20);
    expect(registry.size).toBe(20);
    expect(registry.holders().map((h) => h.id)).toEqual(ids);
    for (const id of ids) expect(registry.get(id)?.id).toBe(id);
    expect(registry.get('query:q/window~11')).toBeUndefined();
  });

  it('passes snapshot, restore and the change counter through to the target', () => {
    const registry = new StateRegistry();
    const plain = counter(false);
    const versioned = counter(true);
    registry.register('a', plain);
    registry.register('b', versioned);
    plain.value = 3;
    versioned.value = 4;
    expect(registry.snapshotAll()).toEqual({ a: 3, b: 4 });
    expect(registry.get('a') !== undefined && 'version' in (registry.get('a') ?? {})).toBe(false);
    expect(registry.get('b')?.version?.()).toBe(40);
    registry.restoreAll({ b: 7 });
    expect([plain.value, versioned.value]).toEqual([3, 7]);
  });

  it('combines parts into one state, skipping absent ones', () => {
    const selector = counter(false);
    const limiter = counter(false);
    const combined = combineState({ selector, limiter, window: undefined });
    selector.value = 1;
    limiter.value = 2;
    expect(combined.snapshot()).toEqual({ selector: 1, limiter: 2 });
    combined.restore({ limiter: 5 });
    expect([selector.value, limiter.value]).toEqual([1, 5]);
  });
});
