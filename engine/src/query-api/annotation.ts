// Annotations: `@name(key='value', 'positional', @nested(...))` and app annotations
// `@app:name('x')`. Names keep the case they were written in; lookups ignore case.

import type { Node } from './span.js';

/** One `key = 'value'` (or positional `'value'`) element of an annotation. */
export interface AnnotationElement extends Node<'annotationElement'> {
  /** Dotted/dashed key such as `topic.list`; absent for positional values. */
  readonly key?: string;
  readonly value: string;
}

/**
 * `@source(type='http', @map(type='json'))` is
 * `{ name: 'source', elements: [{key:'type', value:'http'}], annotations: [{ name: 'map', … }] }`;
 * `@app:name('X')` is `{ namespace: 'app', name: 'name', elements: [{ value: 'X' }] }`.
 */
export interface Annotation extends Node<'annotation'> {
  /** `app` for `@app:…`; absent for plain annotations. */
  readonly namespace?: string;
  readonly name: string;
  readonly elements: readonly AnnotationElement[];
  readonly annotations: readonly Annotation[];
}
