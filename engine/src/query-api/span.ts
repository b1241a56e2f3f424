// Source positions: every model node carries the span of the text it was built from,
// so diagnostics, editors and the printer can point back into the app.

/** A position in the source text; `line` and `column` are 1-based, `offset` 0-based. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The half-open range `[start, end)` of source text a node came from. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** A span for nodes built by code rather than parsed (e.g. defaults). */
export const NO_SPAN: Span = Object.freeze({
  start: Object.freeze({ offset: 0, line: 0, column: 0 }),
  end: Object.freeze({ offset: 0, line: 0, column: 0 }),
});

/** Every model node: a discriminating `kind` and where it came from. */
export interface Node<K extends string> {
  readonly kind: K;
  readonly span: Span;
}
