// createSet(value) builds a JS Set holding the value (an `object` attribute, fed to the
// unionSet aggregator); sizeOfSet(set) counts it (null → 0, a non-set fails the event).

import { functionArgumentError } from '../../runtime/expression/expression-errors.js';
import type { FunctionImplementation } from '../../runtime/expression/types.js';

/** `createSet(value)`: a new `Set` with the one value (null included, as Java's HashSet). */
export const createSetFunction: FunctionImplementation = {
  namespace: '',
  name: 'createSet',
  create: () => ({
    type: 'object',
    call: (a) => {
      const set = new Set<unknown>();
      set.add(a[0] ?? null);
      return set;
    },
  }),
};

/** `sizeOfSet(set)`: the number of items; null counts as empty. */
export const sizeOfSetFunction: FunctionImplementation = {
  namespace: '',
  name: 'sizeOfSet',
  create: () => ({
    type: 'int',
    call: (a) => {
      const v = a[0];
      if (v === null || v === undefined) return 0;
      if (v instanceof Set) return v.size;
      throw functionArgumentError('sizeOfSet', 'a set', v);
    },
  }),
};
