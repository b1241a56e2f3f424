// Span-free deep copies of model nodes, so tests can compare models built from
// different texts (e.g. an app and its printed form) with a plain deep equality.

/**
 * A deep copy of `node` with every `span` (and `…Span`) property removed, e.g.
 * `stripSpans({ kind: 'constant', value: 1, span })` is `{ kind: 'constant', value: 1 }`.
 * Properties whose value is `undefined` are dropped too.
 */
export function stripSpans(node: unknown): unknown {
  return strip(node);
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'span' || key.endsWith('Span') || v === undefined) continue;
    out[key] = strip(v);
  }
  return out;
}
