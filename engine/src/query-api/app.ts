// The root of the model: one SiddhiQL app.

import type { Annotation } from './annotation.js';
import type { Definition } from './definition.js';
import type { ExecutionElement } from './query.js';
import type { Node } from './span.js';

/**
 * A compiled app. `name` comes from `@app:name`; hosts name unnamed apps themselves.
 * Definitions and execution elements each keep their source order.
 */
export interface SiddhiApp extends Node<'app'> {
  readonly name?: string;
  /** `@app:…` annotations. */
  readonly annotations: readonly Annotation[];
  readonly definitions: readonly Definition[];
  readonly elements: readonly ExecutionElement[];
}
