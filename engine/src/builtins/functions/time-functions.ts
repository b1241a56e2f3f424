// Time and identity functions: currentTimeMillis() (the app clock, virtual in tests),
// eventTimestamp() / eventTimestamp(e1) (the current or a referenced event's time), UUID().

import { randomUUID } from 'node:crypto';
import type { ComplexEvent } from '../../runtime/event/event.js';
import type {
  BindEnvironment,
  Evaluator,
  FunctionImplementation,
} from '../../runtime/expression/types.js';

/** `currentTimeMillis()`: the app clock's now. */
export const currentTimeMillisFunction: FunctionImplementation = {
  namespace: '',
  name: 'currentTimeMillis',
  create: (_args, ctx) => {
    const clock = ctx.clock;
    return { type: 'long', call: () => clock.now() };
  },
};

function timestampOf(v: unknown): number | null {
  if (typeof v !== 'object' || v === null) return null;
  const t = (v as Partial<ComplexEvent>).timestamp;
  return typeof t === 'number' ? t : null;
}

/** `eventTimestamp()` (current event) or `eventTimestamp(e1)` (a referenced event, null if none). */
export const eventTimestampFunction: FunctionImplementation = {
  namespace: '',
  name: 'eventTimestamp',
  create: () => ({
    type: 'long',
    bind<C>(evaluators: readonly Evaluator<C>[], env: BindEnvironment<C>): Evaluator<C> {
      const reference = evaluators[0];
      if (reference === undefined) return env.timestamp;
      return (c) => timestampOf(reference(c));
    },
  }),
};

/** `UUID()`: a random (version 4) UUID per call. */
export const uuidFunction: FunctionImplementation = {
  namespace: '',
  name: 'UUID',
  create: () => ({ type: 'string', call: () => randomUUID() }),
};
