// Every example of both specs compiles as a full app (with this package's mappers in the
// catalog, so no unknown-extension warning), its @map options are declared parameters, the
// mapper is created from them, and the sample messages a source example shows map cleanly.

import {
  builtinCatalog,
  compile,
  composeCatalogs,
  createCatalog,
  type Annotation,
  type ExtensionSpec,
} from '@tributary/engine';
import type { Extension, ParamMap } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import { sinkHarness, sourceHarness } from './mapper-harness.test-support.js';

function parametersOf(e: Extension): ParamMap {
  return e.kind === 'sourceMapper' || e.kind === 'sinkMapper' ? e.spec.parameters : {};
}

const catalog = composeCatalogs(
  createCatalog(
    extensions.flatMap((e): ExtensionSpec[] =>
      e.kind === 'sourceMapper' || e.kind === 'sinkMapper'
        ? [
            {
              kind: e.kind,
              namespace: '',
              name: e.spec.name,
              summary: e.spec.summary,
              overloads: [],
              parameters: Object.entries(parametersOf(e)).map(([name, p]) => ({
                name,
                types: ['string'],
                optional: p.optional,
              })),
            },
          ]
        : [],
    ),
  ),
  builtinCatalog,
);

/** A value of each type, to publish one event through a sink example. */
const SAMPLE: Readonly<Record<string, unknown>> = {
  string: 'WSO2',
  int: 1,
  long: 100,
  float: 55.5,
  double: 1.5,
  bool: true,
  object: { k: 1 },
};

function find(annotations: readonly Annotation[], name: string): Annotation[] {
  return annotations.filter((a) => a.name.toLowerCase() === name);
}

/** Backticked samples in an example's description that look like messages. */
function samples(description: string): string[] {
  return [...description.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1] ?? '')
    .filter((s) => s.startsWith('{') || s.startsWith('['));
}

function check(extension: Extension, siddhi: string, description: string): void {
  const result = compile(siddhi, { catalog });
  expect(result.diagnostics).toEqual([]);
  const app = result.app;
  if (app === undefined) throw new Error('no app');
  const io = extension.kind === 'sourceMapper' ? 'source' : 'sink';
  let used = 0;
  for (const definition of app.definitions) {
    if (definition.kind !== 'stream') continue;
    const attributes = definition.attributes.map((a) => `${a.name} ${a.type}`).join(', ');
    for (const annotation of find(definition.annotations, io)) {
      for (const map of find(annotation.annotations, 'map')) {
        const options: Record<string, string> = {};
        for (const e of map.elements)
          if (e.key !== undefined && e.key !== 'type') options[e.key] = e.value;
        const type = map.elements.find((e) => e.key === 'type')?.value;
        if (type !== extension.spec.name) continue;
        used += 1;
        if (extension.kind === 'sourceMapper') {
          const [attrs] = find(map.annotations, 'attributes');
          const named =
            attrs === undefined
              ? undefined
              : Object.fromEntries(attrs.elements.map((e) => [e.key ?? '', e.value]));
          const mapper = sourceHarness(extension, attributes, options, named);
          for (const sample of samples(description)) {
            const { rows, reported } = mapper.map(sample);
            expect(reported).toEqual([]);
            expect(rows.length).toBeGreaterThan(0);
          }
        } else {
          const [payload] = find(map.annotations, 'payload');
          const template = payload?.elements[0]?.value;
          const mapper = sinkHarness(extension, attributes, options, template);
          expect(mapper.map([definition.attributes.map((a) => SAMPLE[a.type])])).toHaveLength(1);
        }
      }
    }
  }
  expect(used).toBeGreaterThan(0);
}

describe('json mapper spec examples', () => {
  for (const extension of extensions) {
    const spec = extension.spec;
    it(`${extension.kind} '${spec.name}' documents its parameters and has examples`, () => {
      expect(spec.summary.length).toBeGreaterThan(0);
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const p of Object.values(parametersOf(extension))) {
        expect(p.description.length).toBeGreaterThan(20);
      }
    });
    spec.examples.forEach((example, i) => {
      it(`${extension.kind} '${spec.name}' example ${String(i + 1)} compiles and configures`, () => {
        check(extension, example.siddhi, example.description);
      });
    });
  }
});
