// Printing annotations: `@source(type='http', @map(type='json'))`, `@app:name('X')`,
// on one line, key/value elements first, then nested annotations.

import type { Annotation, AnnotationElement } from '../../query-api/index.js';
import { printName, printString } from './lexical.js';

/** A key such as `topic.list` or `sasl-mechanism` can be written bare; others are quoted. */
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*(?:[.:-][A-Za-z_][A-Za-z0-9_]*)*$/;

function printElement(e: AnnotationElement): string {
  const value = printString(e.value);
  if (e.key === undefined) return value;
  return `${BARE_KEY.test(e.key) ? e.key : printString(e.key)}=${value}`;
}

/**
 * `@info(name='q1')`, `@sink(type='log', @map(type='json'))`, `@app:name('X')`;
 * an annotation without elements prints without parentheses (`@PrimaryKey`).
 */
export function printAnnotation(a: Annotation): string {
  const name = `@${a.namespace === undefined ? '' : `${printName(a.namespace)}:`}${printName(a.name)}`;
  const parts = [...a.elements.map(printElement), ...a.annotations.map(printAnnotation)];
  return parts.length === 0 ? name : `${name}(${parts.join(', ')})`;
}
