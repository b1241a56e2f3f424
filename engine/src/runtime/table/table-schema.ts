// Reads a table definition into the runtime's `TableSchema`: attributes, `@PrimaryKey('a','b')`
// and `@Index('c')` positions, and the `@store(type=…)` options (validated by the compiler).

import type { Annotation, TableDefinition } from '../../query-api/index.js';
import type { TableSchema } from './table.js';

function named(annotations: readonly Annotation[], name: string): Annotation[] {
  const lower = name.toLowerCase();
  return annotations.filter((a) => a.namespace === undefined && a.name.toLowerCase() === lower);
}

/**
 * The schema of a table definition.
 * @example
 * tableSchemaOf(def) // { id: 'T', attributes: [...], primaryKey: [0], indexes: [2] }
 */
export function tableSchemaOf(def: TableDefinition): TableSchema {
  const attributes = def.attributes.map((a) => ({ name: a.name, type: a.type }));
  const position = (name: string): number => attributes.findIndex((a) => a.name === name);
  const primaryKey = named(def.annotations, 'PrimaryKey')
    .flatMap((a) => a.elements.map((e) => position(e.value)))
    .filter((p) => p >= 0);
  const indexes = [
    ...new Set(
      named(def.annotations, 'Index')
        .flatMap((a) => a.elements.map((e) => position(e.value)))
        .filter((p) => p >= 0),
    ),
  ];
  const storeAnnotation = named(def.annotations, 'store')[0];
  let store: Record<string, string> | undefined;
  if (storeAnnotation !== undefined) {
    store = {};
    for (const e of storeAnnotation.elements) {
      if (e.key !== undefined) store[e.key.toLowerCase()] = e.value;
    }
  }
  return {
    id: def.id,
    attributes,
    primaryKey,
    indexes,
    ...(store === undefined ? {} : { store }),
  };
}
