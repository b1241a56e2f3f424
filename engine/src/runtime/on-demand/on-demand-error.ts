// The error an on-demand query that cannot run throws: its diagnostics (syntax, semantic or
// planning problems) with the first one's wording as the message.

import type { Diagnostic } from '../../compiler/diagnostic.js';
import { runtimeMessages } from '../../errors/messages.js';
import { TributaryError } from '../../errors/tributary-error.js';

/**
 * An on-demand query was rejected.
 * @example
 * try { app.query('from Nope select *'); } catch (e) { if (e instanceof OnDemandQueryError) console.log(e.diagnostics); }
 */
export class OnDemandQueryError extends TributaryError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    super(
      first?.code ?? 'E_ON_DEMAND_QUERY',
      runtimeMessages.E_ON_DEMAND_QUERY(first?.message ?? 'unknown problem'),
    );
    this.name = 'OnDemandQueryError';
  }
}
