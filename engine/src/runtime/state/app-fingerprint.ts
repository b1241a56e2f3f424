// The structural fingerprint of an app: one hash per definition, query and partition (spans
// left out, so layout and comments do not matter) and one over all of them. A snapshot carries
// it; restoring into an app whose structure differs is refused, naming the elements that differ.

import { createHash } from 'node:crypto';
import type { SiddhiApp } from '../../query-api/index.js';

/** Hashes of an app's parts by element id (`stream:S`, `query:q1`, `partition:0`, `app`). */
export interface AppFingerprint {
  /** A hash over every element. */
  readonly app: string;
  readonly elements: Readonly<Record<string, string>>;
}

function hashOf(node: unknown): string {
  const json = JSON.stringify(node, (key, value: unknown) =>
    key === 'span' || key.endsWith('Span') ? undefined : value,
  );
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

function queryNameOf(annotations: SiddhiApp['annotations']): string | undefined {
  const info = annotations.find((a) => a.name.toLowerCase() === 'info');
  return info?.elements.find((e) => e.key?.toLowerCase() === 'name')?.value;
}

/**
 * The fingerprint of `app`.
 * @example
 * fingerprintApp(compile(text).app).elements // { 'stream:S': '1f…', 'query:q1': '9a…' }
 */
export function fingerprintApp(app: SiddhiApp): AppFingerprint {
  const elements: Record<string, string> = {};
  elements.app = hashOf({ name: app.name, annotations: app.annotations });
  for (const def of app.definitions) elements[`${def.kind}:${def.id}`] = hashOf(def);
  app.elements.forEach((element, position) => {
    if (element.kind === 'partition') {
      elements[`partition:${String(position)}`] = hashOf(element);
      return;
    }
    const name = queryNameOf(element.annotations) ?? `#${String(position)}`;
    elements[`query:${name}`] = hashOf(element);
  });
  return { app: hashOf(elements), elements };
}

/**
 * What differs between two fingerprints, e.g. `changed query:q1; added stream:T`; empty when
 * they are the same.
 */
export function fingerprintDifferences(
  saved: AppFingerprint,
  current: AppFingerprint,
): readonly string[] {
  if (saved.app === current.app) return [];
  const out: string[] = [];
  for (const [id, hash] of Object.entries(saved.elements)) {
    const now = current.elements[id];
    if (now === undefined) out.push(`removed ${id}`);
    else if (now !== hash) out.push(`changed ${id}`);
  }
  for (const id of Object.keys(current.elements)) {
    if (saved.elements[id] === undefined) out.push(`added ${id}`);
  }
  if (out.length === 0) out.push('element order');
  return out;
}
