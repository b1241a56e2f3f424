// Patterns and sequences: each stream state's input (streams, windows and triggers only;
// no windows on them), its filter scope (the state itself plus earlier event references)
// and the event references the selector can use.

import type { StateElement, StateInputStream } from '../../query-api/index.js';
import type { ValidationContext } from './context.js';
import { resolveSingle, type QueryEnv } from './inputs.js';
import type { Source } from './scope.js';

export interface PatternSources {
  readonly sources: readonly Source[];
  readonly incomplete: boolean;
}

/** Walks a pattern/sequence in order, returning the event references it defines. */
export function resolvePattern(
  ctx: ValidationContext,
  input: StateInputStream,
  env: QueryEnv,
): PatternSources {
  const sources: Source[] = [];
  let incomplete = false;
  const visit = (state: StateElement): void => {
    switch (state.kind) {
      case 'streamState': {
        const r = resolveSingle(ctx, state.input, env, 'pattern', {
          outer: sources,
          ...(state.ref === undefined ? {} : { ref: state.ref }),
        });
        if (r.incomplete) incomplete = true;
        const name = state.ref ?? state.input.streamId;
        sources.push({
          label: name,
          names: [
            state.ref ??
              (state.input.inner === true ? `#${state.input.streamId}` : state.input.streamId),
          ],
          attributes: r.attributes,
          priority: 0,
          eventReference: true,
          incomplete: r.incomplete,
        });
        return;
      }
      case 'absentState': {
        const r = resolveSingle(ctx, state.input, env, 'pattern', { outer: sources });
        if (r.incomplete) incomplete = true;
        return;
      }
      case 'logicalState':
        visit(state.left);
        visit(state.right);
        return;
      case 'countState':
        visit(state.state);
        return;
      case 'nextState':
        visit(state.first);
        visit(state.next);
        return;
      case 'everyState':
        visit(state.state);
        return;
    }
  };
  visit(input.state);
  return { sources, incomplete };
}
